// The portal home's "Forms to complete": each form a practice is waiting for, with a big button to
// fill it in (what is due first, obvious on a phone), then the forms already signed. Nothing shows
// when no practice has sent forms. Words in the client's language; a form's own name stays as the
// practice wrote it.
import { FormattedMessage, useIntl } from 'react-intl';
import { Link } from 'react-router';
import type { FormRequestSummary } from '../../../../shared/forms.js';
import { QueryRetryNotice } from '../../../components/QueryState.js';
import { usePortalMe } from '../../../session/portal.js';
import { portalFormPdfHref, usePortalFormRequests } from '../api/portal.js';
import { isPending, KIND_MESSAGES, sortRequests } from '../model/labels.js';
import './forms.css';

const SHORT_DATE = { month: 'short', day: 'numeric', year: 'numeric' } as const;
/** Between the facts of a row (a mark, not a word). */
const SEP = ' · ';
const hidden = (c: React.ReactNode[]) => <span className="visually-hidden">{c}</span>;

export function PortalFormsDue() {
  const intl = useIntl();
  const me = usePortalMe();
  const links = me.data?.links ?? [];
  const list = usePortalFormRequests(links.map((l) => l.clientId));
  const practice = (clientId: string) => (links.length > 1 ? (links.find((l) => l.clientId === clientId)?.practiceName ?? null) : null);
  const items = sortRequests(list.items.filter((r) => r.status !== 'cancelled'));
  if (links.length === 0 || (list.isSuccess && items.length === 0)) return null;
  const pending = items.filter(isPending);
  const done = items.filter((r) => r.status === 'completed');
  return (
    <section aria-labelledby="forms-due-h" className={`card forms-due${pending.length ? ' due' : ''}`} data-testid="forms-due" data-ready={list.isSuccess ? 'true' : 'false'} data-pending={pending.length}>
      <h2 id="forms-due-h">
        {!list.isSuccess || pending.length ? (
          <FormattedMessage id="forms.due.title" defaultMessage="Forms to complete{count, plural, =0 {} other { (#)}}" values={{ count: pending.length }} />
        ) : (
          <FormattedMessage id="forms.due.titleDone" defaultMessage="Your forms" />
        )}
      </h2>
      {list.failing && !list.isSuccess ? (
        <QueryRetryNotice query={list.failing} what={intl.formatMessage({ id: 'forms.due.what', defaultMessage: 'your forms' })} />
      ) : !list.isSuccess ? (
        <p role="status" className="loading">
          <FormattedMessage id="forms.due.loading" defaultMessage="Loading your forms…" />
        </p>
      ) : pending.length ? (
        <>
          <p>
            <FormattedMessage
              id="forms.due.intro"
              defaultMessage="Please fill in and sign {count, plural, one {this form} other {these forms}} before your appointment. Your answers are saved as you go."
              values={{ count: pending.length }}
            />
          </p>
          <ul className="form-due-list">
            {pending.map((r) => (
              <PendingForm key={r.id} r={r} practice={practice(r.clientId)} />
            ))}
          </ul>
        </>
      ) : (
        <p className="muted">
          <FormattedMessage id="forms.due.none" defaultMessage="Nothing to fill in. Thank you." />
        </p>
      )}
      {list.isSuccess && done.length ? (
        <>
          <h3>
            <FormattedMessage id="forms.due.signedTitle" defaultMessage="Signed forms" />
          </h3>
          <ul className="rows form-done-list">
            {done.map((r) => (
              <SignedRow key={r.id} r={r} />
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}

function PendingForm({ r, practice }: { r: FormRequestSummary; practice: string | null }) {
  const intl = useIntl();
  // The kind says what the form is, unless its name already says exactly that.
  const kindText = intl.formatMessage(KIND_MESSAGES[r.kind]);
  const kind = kindText.toLocaleLowerCase() === r.name.trim().toLocaleLowerCase() ? null : kindText;
  return (
    <li className="form-due" data-testid="form-due" data-request-id={r.id} data-status={r.status}>
      <div>
        <p className="form-due-name">{r.name}</p>
        <p className="muted">
          {kind}
          {kind ? SEP : null}
          {r.status === 'in_progress' ? (
            <FormattedMessage id="forms.due.started" defaultMessage="Started" />
          ) : (
            <FormattedMessage id="forms.due.sent" defaultMessage="Sent {date}" values={{ date: intl.formatDate(r.sentAt, SHORT_DATE) }} />
          )}
          {practice ? SEP : null}
          {practice}
        </p>
      </div>
      <Link className="btn primary form-due-open" to={`/portal/forms/${encodeURIComponent(r.id)}`} data-testid="form-due-open">
        {r.status === 'in_progress' ? (
          <FormattedMessage id="forms.due.continueNamed" defaultMessage="Continue<h> {name}</h>" values={{ name: r.name, h: hidden }} />
        ) : (
          <FormattedMessage id="forms.due.fillNamed" defaultMessage="Fill in and sign<h> {name}</h>" values={{ name: r.name, h: hidden }} />
        )}
      </Link>
    </li>
  );
}

function SignedRow({ r }: { r: FormRequestSummary }) {
  const intl = useIntl();
  const pdf = portalFormPdfHref(r.id);
  return (
    <li data-testid="form-done" data-request-id={r.id}>
      <span>
        <Link to={`/portal/forms/${encodeURIComponent(r.id)}`}>{r.name}</Link>
        {r.completedAt ? (
          <span className="muted">
            {SEP}
            <FormattedMessage id="forms.due.signedOn" defaultMessage="signed {date}" values={{ date: intl.formatDate(r.completedAt, SHORT_DATE) }} />
          </span>
        ) : null}
      </span>
      {pdf ? (
        <a href={pdf} download>
          <FormattedMessage id="forms.due.pdfNamed" defaultMessage="PDF<h> of {name}</h>" values={{ name: r.name, h: hidden }} />
        </a>
      ) : null}
    </li>
  );
}
