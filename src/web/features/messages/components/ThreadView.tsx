// A client's message thread as a list, oldest first: who wrote, when, through which message
// service, the text (kept as written: line breaks preserved, never rendered as HTML) and the
// documents the message carries, each a download link. Staff and the portal both use it; the
// portal's messages carry no author ids.
import type { ReactNode } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import type { PortalMessage } from '../../../../shared/messages.js';
import { formatBytes } from '../../documents/index.js';
import './messages.css';

const hidden = (c: ReactNode[]) => <span className="visually-hidden">{c}</span>;
const bold = (chunks: ReactNode[]) => <strong>{chunks}</strong>;

export function ThreadView<M extends PortalMessage>({
  messages,
  authorLabel,
  serviceLabel,
  attachmentHref,
  emptyText,
  timeZone,
}: {
  messages: M[];
  authorLabel: (m: M) => string;
  serviceLabel: (serviceId: string) => string | null;
  /** Where the reader downloads an attached document. */
  attachmentHref: (docId: string) => string;
  emptyText: string;
  /** The reader's time zone for the message times (else the device's). */
  timeZone?: string | undefined;
}) {
  const intl = useIntl();
  const meta = (m: M) => ({
    author: authorLabel(m),
    when: <time dateTime={m.createdAt}>{intl.formatDate(m.createdAt, { dateStyle: 'medium', timeStyle: 'short', ...(timeZone ? { timeZone } : {}) })}</time>,
  });
  if (messages.length === 0) return <p className="muted">{emptyText}</p>;
  return (
    <ol className="thread" aria-label={intl.formatMessage({ id: 'messages.thread.label', defaultMessage: 'Messages' })}>
      {messages.map((m) => {
        const service = m.serviceId ? serviceLabel(m.serviceId) : null;
        const { author, when } = meta(m);
        return (
          <li key={m.id} className={`message message-${m.authorType}`} data-testid="message" data-author={m.authorType} data-message-id={m.id}>
            <p className="message-meta">
              {service ? (
                <FormattedMessage id="messages.thread.metaService" defaultMessage="<b>{author}</b> · {when} · {service}" values={{ b: bold, author, when, service }} />
              ) : (
                <FormattedMessage id="messages.thread.meta" defaultMessage="<b>{author}</b> · {when}" values={{ b: bold, author, when }} />
              )}
            </p>
            {m.body ? (
              <p className="message-body" data-testid="message-body">
                {m.body}
              </p>
            ) : null}
            {m.attachments.length ? (
              <ul className="message-attachments" aria-label={intl.formatMessage({ id: 'messages.thread.attachments', defaultMessage: 'Attached files ({count})' }, { count: m.attachments.length })} data-testid="message-attachments">
                {m.attachments.map((a) => (
                  <li key={a.id} data-testid="message-attachment" data-document-id={a.id} data-name={a.name}>
                    <a href={attachmentHref(a.id)} download={a.name} className="doc-name" data-testid="message-attachment-download">
                      <FormattedMessage id="messages.thread.downloadNamed" defaultMessage="{name}<h> (download)</h>" values={{ name: a.name, h: hidden }} />
                    </a>
                    <FormattedMessage
                      id="messages.thread.size"
                      defaultMessage=" <s>{size}</s>"
                      values={{ size: formatBytes(a.size), s: (c: ReactNode[]) => <span className="doc-meta">{c}</span> }}
                    />
                  </li>
                ))}
              </ul>
            ) : null}
          </li>
        );
      })}
    </ol>
  );
}
