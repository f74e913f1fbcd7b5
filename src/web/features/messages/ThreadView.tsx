// A client's message thread as a list, oldest first: who wrote, when, through which message
// service, and the text (kept as written: line breaks preserved, never rendered as HTML).
import type { ClientMessage } from '../../../shared/messages.js';
import { formatDate } from '../../components/format.js';
import './messages.css';

export function ThreadView({
  messages,
  authorLabel,
  serviceLabel,
  emptyText,
}: {
  messages: ClientMessage[];
  authorLabel: (m: ClientMessage) => string;
  serviceLabel: (serviceId: string) => string | null;
  emptyText: string;
}) {
  if (messages.length === 0) return <p className="muted">{emptyText}</p>;
  return (
    <ol className="thread" aria-label="Messages">
      {messages.map((m) => {
        const service = m.serviceId ? serviceLabel(m.serviceId) : null;
        return (
          <li key={m.id} className={`message message-${m.authorType}`} data-testid="message" data-author={m.authorType} data-message-id={m.id}>
            <p className="message-meta">
              <strong>{authorLabel(m)}</strong> · <time dateTime={m.createdAt}>{formatDate(m.createdAt)}</time>
              {service ? <> · {service}</> : null}
            </p>
            <p className="message-body" data-testid="message-body">
              {m.body}
            </p>
          </li>
        );
      })}
    </ol>
  );
}
