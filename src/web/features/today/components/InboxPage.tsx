// The messages inbox: every client's thread the viewer may see, newest first, with what waits for
// an answer marked in words (not colour alone), "Load more" paging, and the chosen thread beside the
// list (on a phone: instead of it, with a way back). A thread stays unread until someone replies or
// closes it, so the count means "waiting for an answer", practice-wide.
import { Button } from 'react-aria-components';
import { Link, useParams, useSearchParams } from 'react-router';
import type { InboxItem } from '../../../../shared/today.js';
import { isApiError } from '../../../api/client.js';
import { QueryPending } from '../../../components/QueryState.js';
import { DateTime } from 'luxon';
import { ClientMessagesPanel } from '../../messages/index.js';
import { useInbox } from '../api/inbox.js';
import './today.css';

export function InboxPage() {
  const { clientId } = useParams();
  const [params] = useSearchParams();
  const unreadOnly = params.get('show') === 'unread';
  const inbox = useInbox(unreadOnly);
  const pages = inbox.data?.pages ?? [];
  const items = pages.flatMap((p) => p.items);
  const unread = pages[0]?.unread ?? 0;
  const chosen = clientId ? items.find((i) => i.clientId === clientId) : undefined;
  const refused = inbox.isError && isApiError(inbox.error) && inbox.error.status === 403;
  const qs = unreadOnly ? '?show=unread' : '';

  return (
    <div className={`inbox${clientId ? ' has-thread' : ''}`} data-testid="inbox-page">
      <div className="inbox-head">
        <h1>Inbox</h1>
        {inbox.isSuccess ? (
          <p className="muted" data-testid="inbox-unread" data-unread={unread}>
            {unread === 0 ? 'Nothing is waiting for an answer.' : `${unread} ${unread === 1 ? 'conversation is' : 'conversations are'} waiting for an answer.`}
          </p>
        ) : null}
      </div>
      {refused ? (
        <p role="alert" className="query-error">
          Your active role cannot read messages.
        </p>
      ) : (
        <div className="inbox-panes">
          <section aria-labelledby="threads-h" className="inbox-list">
            <div className="inbox-list-head">
              <h2 id="threads-h">Conversations</h2>
              <div role="group" aria-label="Show" className="inbox-filter">
                <Link to={{ search: '' }} aria-current={unreadOnly ? undefined : 'true'} className="inbox-chip" data-testid="inbox-all">
                  All
                </Link>
                <Link to={{ search: '?show=unread' }} aria-current={unreadOnly ? 'true' : undefined} className="inbox-chip" data-testid="inbox-only-unread">
                  Waiting for an answer
                </Link>
              </div>
            </div>
            {inbox.isSuccess ? (
              items.length === 0 ? (
                <p data-testid="inbox-empty">{unreadOnly ? 'No conversation is waiting for an answer.' : 'No messages yet. Clients write from the client portal.'}</p>
              ) : (
                <ul className="thread-list" data-testid="inbox-list" data-ready={inbox.isFetching ? 'false' : 'true'} data-count={items.length}>
                  {items.map((i) => (
                    <ThreadRow key={i.clientId} i={i} current={i.clientId === clientId} qs={qs} />
                  ))}
                </ul>
              )
            ) : (
              <QueryPending query={inbox} what="the inbox" testId="inbox" />
            )}
            {inbox.hasNextPage ? (
              <Button className="btn" onPress={() => void inbox.fetchNextPage()} isDisabled={inbox.isFetchingNextPage} data-testid="inbox-more">
                {inbox.isFetchingNextPage ? 'Loading…' : 'Load more conversations'}
              </Button>
            ) : null}
          </section>
          {clientId ? (
            <section aria-label="Conversation" className="inbox-thread" data-testid="inbox-thread">
              <p className="inbox-back">
                <Link to={`/inbox${qs}`} data-testid="inbox-back">
                  <span aria-hidden="true">‹ </span>All conversations
                </Link>
                {' · '}
                <Link to={`/clients/${encodeURIComponent(clientId)}`}>{chosen ? `${chosen.clientName}'s record` : "The client's record"}</Link>
              </p>
              {chosen ? <h2 className="inbox-thread-name">{chosen.clientName}</h2> : null}
              <ClientMessagesPanel key={clientId} clientId={clientId} {...(chosen ? { clientName: chosen.clientName } : {})} />
            </section>
          ) : null}
        </div>
      )}
    </div>
  );
}

function ThreadRow({ i, current, qs }: { i: InboxItem; current: boolean; qs: string }) {
  return (
    <li className={`thread-row${i.unread ? ' unread' : ''}`} data-testid="inbox-row" data-client-id={i.clientId} data-unread={String(i.unread)}>
      <Link to={`/inbox/${encodeURIComponent(i.clientId)}${qs}`} aria-current={current ? 'page' : undefined}>
        <span className="thread-top">
          <span className="thread-name">{i.clientName}</span>
          <time dateTime={i.lastMessageAt} className="thread-when" title={DateTime.fromISO(i.lastMessageAt).toLocaleString(DateTime.DATETIME_MED, { locale: 'en-US' })}>
            {shortWhen(i.lastMessageAt)}
          </time>
        </span>
        <span className="thread-preview">
          {i.lastAuthor === 'staff' ? <span className="muted">You or a colleague: </span> : null}
          {i.preview || <span className="muted">(no text)</span>}
        </span>
        {i.unread ? (
          <span className="thread-flag">
            <span className="unread-dot" aria-hidden="true" /> Waiting for an answer{i.unreadCount > 1 ? ` · ${i.unreadCount} new` : ''}
          </span>
        ) : i.closedAt ? (
          <span className="thread-flag quiet">Closed</span>
        ) : null}
      </Link>
    </li>
  );
}

/** "3:25 PM" today, "Yesterday", "Dec 6" this year, "Dec 6, 2025" before. */
function shortWhen(iso: string): string {
  const t = DateTime.fromISO(iso);
  const now = DateTime.now();
  if (t.hasSame(now, 'day')) return t.toLocaleString(DateTime.TIME_SIMPLE, { locale: 'en-US' });
  if (t.hasSame(now.minus({ days: 1 }), 'day')) return 'Yesterday';
  return t.toLocaleString(t.hasSame(now, 'year') ? { month: 'short', day: 'numeric' } : DateTime.DATE_MED, { locale: 'en-US' });
}
