// The portal home's "Forms to complete": each form a practice is waiting for, with a big button to
// fill it in (what is due first, obvious on a phone), then the forms already signed. Nothing shows
// when no practice has sent forms.
import { Link } from 'react-router';
import { QueryRetryNotice } from '../../../components/QueryState.js';
import { usePortalMe } from '../../../session/portal.js';
import { portalFormPdfHref, usePortalFormRequests } from '../api/portal.js';
import { isPending, KIND_LABELS, shortDate, sortRequests } from '../model/labels.js';
import './forms.css';

export function PortalFormsDue() {
  const me = usePortalMe();
  const links = me.data?.links ?? [];
  const list = usePortalFormRequests(links.map((l) => l.clientId));
  const practice = (clientId: string) => links.find((l) => l.clientId === clientId)?.practiceName;
  const items = sortRequests(list.items.filter((r) => r.status !== 'cancelled'));
  if (links.length === 0 || (list.isSuccess && items.length === 0)) return null;
  const pending = items.filter(isPending);
  const done = items.filter((r) => r.status === 'completed');
  return (
    <section aria-labelledby="forms-due-h" className={`card forms-due${pending.length ? ' due' : ''}`} data-testid="forms-due" data-ready={list.isSuccess ? 'true' : 'false'} data-pending={pending.length}>
      <h2 id="forms-due-h">{!list.isSuccess || pending.length ? `Forms to complete${pending.length ? ` (${pending.length})` : ''}` : 'Your forms'}</h2>
      {list.failing && !list.isSuccess ? (
        <QueryRetryNotice query={list.failing} what="your forms" />
      ) : !list.isSuccess ? (
        <p role="status" className="loading">
          Loading your forms…
        </p>
      ) : pending.length ? (
        <>
          <p>Please fill in and sign {pending.length === 1 ? 'this form' : 'these forms'} before your appointment. Your answers are saved as you go.</p>
          <ul className="form-due-list">
            {pending.map((r) => (
              <li key={r.id} className="form-due" data-testid="form-due" data-request-id={r.id} data-status={r.status}>
                <div>
                  <p className="form-due-name">{r.name}</p>
                  <p className="muted">
                    {KIND_LABELS[r.kind]} · {r.status === 'in_progress' ? 'started' : `sent ${shortDate(r.sentAt)}`}
                    {links.length > 1 ? ` · ${practice(r.clientId) ?? ''}` : ''}
                  </p>
                </div>
                <Link className="btn primary form-due-open" to={`/portal/forms/${encodeURIComponent(r.id)}`} data-testid="form-due-open">
                  {r.status === 'in_progress' ? 'Continue' : 'Fill in and sign'}
                  <span className="visually-hidden">{` ${r.name}`}</span>
                </Link>
              </li>
            ))}
          </ul>
        </>
      ) : (
        <p className="muted">Nothing to fill in. Thank you.</p>
      )}
      {list.isSuccess && done.length ? (
        <>
          <h3>Signed forms</h3>
          <ul className="rows form-done-list">
            {done.map((r) => {
              const pdf = portalFormPdfHref(r.id);
              return (
                <li key={r.id} data-testid="form-done" data-request-id={r.id}>
                  <span>
                    <Link to={`/portal/forms/${encodeURIComponent(r.id)}`}>{r.name}</Link>
                    <span className="muted"> · signed {r.completedAt ? shortDate(r.completedAt) : ''}</span>
                  </span>
                  {pdf ? (
                    <a href={pdf} download>
                      PDF<span className="visually-hidden">{` of ${r.name}`}</span>
                    </a>
                  ) : null}
                </li>
              );
            })}
          </ul>
        </>
      ) : null}
    </section>
  );
}
