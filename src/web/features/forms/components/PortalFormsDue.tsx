// The portal home's "Forms to complete": each form the practice is waiting for, with a big button
// to fill it in (what is due first, obvious on a phone), then the forms already signed, each with
// its PDF. Nothing shows when the practice has sent no forms.
import { Link } from 'react-router';
import { QueryState } from '../../../components/QueryState.js';
import { usePortalMe } from '../../../session/portal.js';
import { portalFormPdfHref, usePortalFormRequests } from '../api/portal.js';
import { isPending, KIND_LABELS, shortDate, sortRequests } from '../model/labels.js';
import './forms.css';

export function PortalFormsDue() {
  const list = usePortalFormRequests();
  const me = usePortalMe();
  const practice = (clientId: string) => me.data?.links.find((l) => l.clientId === clientId)?.practiceName;
  const several = (me.data?.links.length ?? 0) > 1;
  if (list.isSuccess && list.data.items.filter((r) => r.status !== 'cancelled').length === 0) return null;
  const pendingCount = list.data?.items.filter(isPending).length ?? 0;
  return (
    <section aria-labelledby="forms-due-h" className={`card forms-due${pendingCount ? ' due' : ''}`} data-testid="forms-due" data-pending={pendingCount}>
      <h2 id="forms-due-h">{!list.data || pendingCount ? `Forms to complete${pendingCount ? ` (${pendingCount})` : ''}` : 'Your forms'}</h2>
      <QueryState query={list} what="your forms" testId="forms-due-state">
        {(d) => {
          const items = sortRequests(d.items.filter((r) => r.status !== 'cancelled'));
          const pending = items.filter(isPending);
          const done = items.filter((r) => r.status === 'completed');
          return (
            <>
              {pending.length ? (
                <>
                  <p>Your practice asks you to fill in and sign {pending.length === 1 ? 'this form' : 'these forms'} before your appointment. Your answers are saved as you go.</p>
                  <ul className="form-due-list">
                    {pending.map((r) => (
                      <li key={r.id} className="form-due" data-testid="form-due" data-request-id={r.id} data-status={r.status}>
                        <div>
                          <p className="form-due-name">{r.name}</p>
                          <p className="muted">
                            {KIND_LABELS[r.kind]} · {r.status === 'in_progress' ? 'started' : `sent ${shortDate(r.sentAt)}`}
                            {several && practice(r.clientId) ? ` · ${practice(r.clientId)}` : ''}
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
              {done.length ? (
                <>
                  <h3>Signed forms</h3>
                  <ul className="rows form-done-list">
                    {done.map((r) => (
                      <li key={r.id} data-testid="form-done" data-request-id={r.id}>
                        <span>
                          <Link to={`/portal/forms/${encodeURIComponent(r.id)}`}>{r.name}</Link>
                          <span className="muted"> · signed {r.completedAt ? shortDate(r.completedAt) : ''}</span>
                        </span>
                        <a href={portalFormPdfHref(r.id)} download>
                          PDF<span className="visually-hidden">{` of ${r.name}`}</span>
                        </a>
                      </li>
                    ))}
                  </ul>
                </>
              ) : null}
            </>
          );
        }}
      </QueryState>
    </section>
  );
}
