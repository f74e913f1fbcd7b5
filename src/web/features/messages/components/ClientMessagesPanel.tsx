// The Messages tab of a staff member's client profile: the thread (reading it leaves it unread;
// attached documents are download links), a reply with optional attached files (which clears the
// client list's unread marker) and Close (clears it without replying).
import { QueryRetryNotice } from '../../../components/QueryState.js';
import { useEffect, useState } from 'react';
import { Button } from 'react-aria-components';
import { useIntl } from 'react-intl';
import type { DocumentInfo } from '../../../../shared/documents.js';
import { type ClientThread, MessageBody } from '../../../../shared/messages.js';
import { isApiError } from '../../../api/client.js';
import { formatDate } from '../../../components/format.js';
import { ErrorSummary, SubmitForm, useFormErrors, useSubmit } from '../../../components/forms.js';
import { useLocation } from 'react-router';
import { useMe } from '../../../session/useMe.js';
import { queryClient } from '../../../session/staff.js';
import { useProviders } from '../../../lib/providers.js';
import { documentKeys, staffDownloadHref, staffUpload } from '../../documents/index.js';
import { closeThread } from '../api/closeThread.js';
import { replyTo } from '../api/replyToThread.js';
import { useServiceNames } from '../api/serviceNames.js';
import { afterThreadChange, useStaffThread } from '../api/staffThread.js';
import { attachmentError, attachmentLabels } from '../model/attachments.js';
import { AttachFiles } from './AttachFiles.js';
import { MessageBodyField } from './MessageBodyField.js';
import { ThreadView } from './ThreadView.js';
import { LiveNotice } from '../../../components/LiveNotice.js';

export function ClientMessagesPanel({ clientId, clientName }: { clientId: string; clientName?: string }) {
  const thread = useStaffThread(clientId);
  const failing = thread.isError || (thread.failureCount > 0 && thread.isFetching);
  const finalError = thread.isError && isApiError(thread.error) && thread.error.status >= 400 && thread.error.status < 500 && thread.error.status !== 429;
  const t = thread.isSuccess && !failing ? thread.data : null;
  // A message alert links to /clients/:id/messages, which lands here with #messages.
  const { hash } = useLocation();
  const loaded = t !== null;
  useEffect(() => {
    if (loaded && hash === '#messages') document.getElementById('messages')?.scrollIntoView();
  }, [loaded, hash]);
  return (
    <section
      aria-labelledby="messages-h"
      className="card"
      id="messages"
      data-testid="client-messages"
      data-ready={t && !thread.isFetching ? 'true' : 'false'}
      data-error={failing ? 'true' : undefined}
      data-unread={t ? String(t.unread) : undefined}
      data-closed={t ? String(t.closedAt !== null) : undefined}
      data-count={t ? t.messages.length : undefined}
    >
      <h2 id="messages-h">Messages</h2>
      {finalError ? (
        <p role="alert" className="query-error">
          {isApiError(thread.error) && thread.error.status === 403 ? 'Your active role cannot read messages.' : isApiError(thread.error) ? thread.error.message : "Couldn't load messages."}
        </p>
      ) : failing ? (
        <QueryRetryNotice query={thread} what="messages" testId="messages" />
      ) : t ? (
        <Thread clientId={clientId} thread={t} clientName={clientName} />
      ) : (
        <p role="status" className="loading">
          Loading messages…
        </p>
      )}
    </section>
  );
}

function Thread({ clientId, thread, clientName }: { clientId: string; thread: ClientThread; clientName: string | undefined }) {
  const me = useMe();
  const providers = useProviders();
  const canWrite = me.data?.permissions.includes('clients.write') ?? false;
  const services = useServiceNames(thread.messages.some((m) => m.serviceId));
  const names = new Map((providers.data?.providers ?? []).map((p) => [p.id, p.name]));
  const serviceNames = new Map((services.data?.services ?? []).map((s) => [s.id, s.name]));
  const [notice, setNotice] = useState<string | null>(null);
  const [closing, setClosing] = useState(false);
  const [closeError, setCloseError] = useState<string | null>(null);

  const close = async () => {
    setClosing(true);
    setCloseError(null);
    setNotice(null);
    try {
      await closeThread(clientId);
      await afterThreadChange(clientId);
      setNotice('Conversation closed.');
    } catch (e) {
      setCloseError(isApiError(e) ? e.message : 'The message could not be closed. Please try again.');
    } finally {
      setClosing(false);
    }
  };

  return (
    <>
      <p className="thread-state" data-testid="thread-state">
        {thread.unread ? (
          <span className="unread-label">
            <span className="unread-dot" aria-hidden="true" /> Unread: waiting for a reply or to be closed.
          </span>
        ) : thread.closedAt ? (
          `Closed ${formatDate(thread.closedAt)}${thread.closedBy ? ` by ${thread.closedBy === me.data?.user.id ? 'you' : (names.get(thread.closedBy) ?? 'a colleague')}` : ''}.`
        ) : thread.messages.length ? (
          'Answered.'
        ) : null}
      </p>
      <ThreadView
        messages={thread.messages}
        emptyText={`No messages yet. ${clientName ?? 'The client'} can write from the client portal.`}
        authorLabel={(m) =>
          m.authorType === 'client' ? (clientName ?? 'Client') : m.authorId === me.data?.user.id ? 'You' : (names.get(m.authorId) ?? 'Practice staff')
        }
        serviceLabel={(id) => `via ${serviceNames.get(id) ?? 'a message service'}`}
        attachmentHref={(docId) => staffDownloadHref(clientId, docId)}
      />
      <LiveNotice testId="messages-notice">{notice}</LiveNotice>
      {closeError ? (
        <p role="alert" className="error-summary">
          {closeError}
        </p>
      ) : null}
      {canWrite ? (
        <>
          <ReplyForm clientId={clientId} onSent={() => setNotice('Reply sent.')} onStart={() => setNotice(null)} />
          {thread.messages.length > 0 && (thread.unread || thread.closedAt === null) ? (
            <div className="actions">
              <Button className="btn" onPress={() => void close()} isDisabled={closing} data-testid="messages-close">
                {thread.unread ? 'Close without replying' : 'Close conversation'}
              </Button>
            </div>
          ) : null}
        </>
      ) : null}
    </>
  );
}

function ReplyForm({ clientId, onSent, onStart }: { clientId: string; onSent: () => void; onStart: () => void }) {
  const intl = useIntl();
  const [body, setBody] = useState('');
  const [attached, setAttached] = useState<DocumentInfo[]>([]);
  // A new reply starts a fresh attach control (no "Attached …" left from the last one).
  const [round, setRound] = useState(0);
  const form = useFormErrors({ body: 'Reply', ...attachmentLabels(intl) });
  const { busy, submit: send } = useSubmit(form);
  const attachError = attachmentError(form.errors);
  const submit = async () => {
    onStart();
    await send(MessageBody.safeParse({ body, ...(attached.length ? { documentIds: attached.map((d) => d.id) } : {}) }), async (data) => {
      await replyTo(clientId, data);
      setBody('');
      setAttached([]);
      setRound((r) => r + 1);
      await afterThreadChange(clientId);
      onSent();
    });
  };
  return (
    <SubmitForm aria-label="Reply to the client" onSubmit={() => void submit()}>
      <ErrorSummary form={form} testId="reply-error" />
      <MessageBodyField label="Reply" rows={4} testId="reply-body" value={body} onChange={setBody} form={form} />
      <AttachFiles
        key={round}
        upload={staffUpload(clientId)}
        attached={attached}
        onChange={(next) => {
          setAttached(next);
          form.clear();
        }}
        onUploaded={() => queryClient.invalidateQueries({ queryKey: documentKeys.list(clientId) })}
        isDisabled={busy}
        error={attachError}
        testId="reply-attach"
      />
      <Button type="submit" className="btn primary" isDisabled={busy} data-testid="reply-submit">
        {busy ? 'Sending…' : 'Send reply'}
      </Button>
    </SubmitForm>
  );
}
