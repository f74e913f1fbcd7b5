// The page a reminder's link opens: `/r#token=…`, no sign-in. The token is read from the fragment
// and dropped from the address bar (and history) at once; it then travels only in the JSON body of
// POST /api/reminder-actions/*. The page shows what the API returns — the practice's neutral sender
// name, the date and time in the client's zone, the provider only when the client agreed to
// details — and lets the client confirm or cancel when the link still allows it. Nothing is stored
// in the browser.
import { DateTime } from 'luxon';
import { useState } from 'react';
import { Button } from 'react-aria-components';
import { defineMessages, FormattedMessage, useIntl, type IntlShape, type MessageDescriptor } from 'react-intl';
import type { ReminderActionView } from '../../../../shared/reminders.js';
import { isApiError } from '../../../api/factory.js';
import { useHashToken } from '../../../lib/hash-token.js';
import { isKnownZone, zoneAbbrev, zoneLabel } from '../../../lib/time.js';
import { actOnReminderLink, refreshReminderLink } from '../api/actOnReminderLink.js';
import { transient } from '../api/linkClient.js';
import { useReminderLinkView } from '../api/viewReminderLink.js';
import './reminders.css';
import { PageFrame } from '../../../components/PageFrame.js';

const problems = defineMessages({
  generic: { id: 'reminders.link.problem.generic', defaultMessage: 'Something went wrong. Please try again.' },
  offline: { id: 'reminders.link.problem.offline', defaultMessage: "Couldn't reach the server. Check your connection and try again." },
  invalid: { id: 'reminders.link.problem.invalid', defaultMessage: 'This link is not valid. Open the link from your reminder again, and make sure it is complete.' },
  expired: { id: 'reminders.link.problem.expired', defaultMessage: 'This link has expired: the appointment time has passed.' },
  used: { id: 'reminders.link.problem.used', defaultMessage: 'This link has already been used.' },
  changed: { id: 'reminders.link.problem.changed', defaultMessage: 'This appointment has changed since the reminder was sent, so this link no longer works. Please sign in to your portal or contact the practice.' },
  tooMany: {
    id: 'reminders.link.problem.tooMany',
    defaultMessage: 'Too many tries from this connection. Please wait {seconds, select, none {a minute} other {{seconds} seconds}} and try again.',
  },
  server: { id: 'reminders.link.problem.server', defaultMessage: 'Something went wrong on our side. Please try again in a few minutes.' },
});

/**
 * An error of the link's API in plain words: the page's own, or the API's `text`. A 409 is the
 * link's own conflict (used, or the visit moved since the reminder: recognised by the words the
 * API sends for them) or another refusal of the change (the visit can no longer be cancelled here,
 * a shared session, a change meanwhile), which the API's message explains, in the page's language.
 */
export function problemMessage(e: unknown): { msg: MessageDescriptor; values?: Record<string, string | number> } | { text: string } {
  if (!isApiError(e)) return { msg: problems.generic };
  if (e.status === 0) return { msg: problems.offline };
  if (e.status === 404 || e.status === 400) return { msg: problems.invalid };
  if (e.status === 410) return { msg: problems.expired };
  if (e.status === 409) {
    if (/already used/i.test(e.message)) return { msg: problems.used };
    if (/changed since/i.test(e.message)) return { msg: problems.changed };
    return { text: e.message };
  }
  if (e.status === 429) return { msg: problems.tooMany, values: { seconds: e.retryAfterSeconds ? String(e.retryAfterSeconds) : 'none' } };
  return { msg: problems.server };
}

function problemText(intl: IntlShape, e: unknown): string {
  const p = problemMessage(e);
  return 'text' in p ? p.text : intl.formatMessage(p.msg, p.values);
}

function whenText(v: ReminderActionView, intl: IntlShape) {
  const zone = isKnownZone(v.timeZone) ? v.timeZone : 'UTC';
  const d = DateTime.fromISO(v.start).setZone(zone);
  const day = d.toLocaleString({ weekday: 'long', month: 'long', day: 'numeric', year: 'numeric' }, { locale: intl.locale });
  const time = d.toLocaleString(DateTime.TIME_SIMPLE, { locale: intl.locale });
  return { day, time, abbrev: zoneAbbrev(v.start, zone), zone: zoneLabel(zone) };
}

export function ReminderLinkLayout({ children }: { children: React.ReactNode }) {
  const intl = useIntl();
  return (
    <PageFrame brand={intl.formatMessage({ id: 'reminders.link.brand', defaultMessage: 'Appointment' })} mainClass="reminder-link">
      {children}
    </PageFrame>
  );
}

export function ReminderLinkPage() {
  const token = useHashToken();
  // Keyed by the token: another reminder link opened in this tab (only the fragment changes) starts afresh.
  return <ReminderLinkLayout>{token ? <LinkView key={token} token={token} /> : <Incomplete />}</ReminderLinkLayout>;
}

function Incomplete() {
  return (
    <div data-testid="reminder-link" data-state="incomplete">
      <h1>
        <FormattedMessage id="reminders.link.title" defaultMessage="Your appointment" />
      </h1>
      <p role="alert">
        <FormattedMessage id="reminders.link.incomplete" defaultMessage="This link is incomplete. Open the link from your reminder again." />
      </p>
    </div>
  );
}

type Outcome = { kind: 'confirmed' } | { kind: 'cancelled'; late: boolean } | { kind: 'error'; message: string };

type LinkQuery = ReturnType<typeof useReminderLinkView>;

/** The view while it loads, or why it could not load (with a retry when that may help). */
function LinkPending({ view }: { view: LinkQuery }) {
  const intl = useIntl();
  if (view.isError) {
    return (
      <div data-testid="reminder-link" data-state="error">
        <h1>
        <FormattedMessage id="reminders.link.title" defaultMessage="Your appointment" />
      </h1>
        <p role="alert" data-testid="reminder-link-problem">
          {problemText(intl, view.error)}
        </p>
        {transient(view.error) ? (
          <Button className="btn" onPress={() => void view.refetch()} isDisabled={view.isFetching}>
            <FormattedMessage id="reminders.link.retry" defaultMessage="Try again" />
          </Button>
        ) : null}
      </div>
    );
  }
  return (
    <div data-testid="reminder-link" data-state="loading">
      <h1>
        <FormattedMessage id="reminders.link.title" defaultMessage="Your appointment" />
      </h1>
      <p role="status" className="loading">
        <FormattedMessage id="reminders.link.loading" defaultMessage="Loading your appointment…" />
      </p>
    </div>
  );
}

/** Asks before cancelling, saying whether it will be recorded as late. */
function CancelAsk({ late, busy, onYes, onNo }: { late: boolean; busy: 'confirm' | 'cancel' | null; onYes: () => void; onNo: () => void }) {
  return (
    <section className="form inset" aria-labelledby="cancel-ask-h" data-testid="reminder-cancel-ask">
      <h2 id="cancel-ask-h">
        <FormattedMessage id="reminders.link.cancelAsk.title" defaultMessage="Cancel this appointment?" />
      </h2>
      {late ? (
        <p className="notice warn" data-testid="reminder-late-warning">
          <FormattedMessage
            id="reminders.link.cancelAsk.late"
            defaultMessage="This is within the practice’s cancellation window, so it will be recorded as a late cancellation. The practice’s policy may apply a fee."
          />
        </p>
      ) : (
        <p>
          <FormattedMessage id="reminders.link.cancelAsk.notLate" defaultMessage="It will not be recorded as late." />
        </p>
      )}
      <div className="actions">
        <Button className="btn danger" onPress={onYes} isDisabled={busy !== null} data-testid="reminder-cancel-yes" autoFocus>
          {busy === 'cancel' ? (
            <FormattedMessage id="reminders.link.cancelAsk.cancelling" defaultMessage="Cancelling…" />
          ) : (
            <FormattedMessage id="reminders.link.cancelAsk.yes" defaultMessage="Yes, cancel it" />
          )}
        </Button>
        <Button className="btn" onPress={onNo} isDisabled={busy !== null} data-testid="reminder-cancel-no">
          <FormattedMessage id="reminders.link.cancelAsk.no" defaultMessage="No, keep it" />
        </Button>
      </div>
    </section>
  );
}

/** What just happened (announced), or why nothing more can be done from this link. */
function OutcomeNotes({ busy, outcome, spent, used }: { busy: 'confirm' | 'cancel' | null; outcome: Outcome | null; spent: boolean; used: 'confirm' | 'cancel' | null }) {
  return (
    <>
      <div role="status" aria-live="polite" data-testid="reminder-link-outcome">
        {busy ? (
          <p className="loading">
            <FormattedMessage
              id="reminders.link.busy"
              defaultMessage="{action, select, confirm {Confirming your appointment…} other {Cancelling your appointment…}}"
              values={{ action: busy }}
            />
          </p>
        ) : null}
        {outcome?.kind === 'confirmed' ? (
          <p className="notice">
            <FormattedMessage id="reminders.link.confirmed" defaultMessage="Thank you: your appointment is confirmed." />
          </p>
        ) : null}
        {outcome?.kind === 'cancelled' ? (
          <p className="notice">
            <FormattedMessage
              id="reminders.link.cancelled"
              defaultMessage="Your appointment is cancelled{late, select, yes {. It was recorded as a late cancellation} other {}}. The practice has been told."
              values={{ late: outcome.late ? 'yes' : 'no' }}
            />
          </p>
        ) : null}
      </div>
      {outcome?.kind === 'error' ? (
        <p role="alert" className="notice warn" data-testid="reminder-link-problem">
          {outcome.message}
        </p>
      ) : spent ? (
        <p className="notice" data-testid="reminder-link-used">
          <FormattedMessage
            id="reminders.link.used"
            defaultMessage="{used, select, cancel {This link has already been used to cancel the appointment.} confirm {This link has already been used to confirm the appointment.} other {This link has already been used, or this appointment can no longer be changed from it.}} To change anything, please contact the practice."
            values={{ used: used ?? 'unknown' }}
          />
        </p>
      ) : null}
    </>
  );
}

function LinkView({ token }: { token: string }) {
  const view = useReminderLinkView(token);
  const intl = useIntl();
  const [current, setCurrent] = useState<ReminderActionView | null>(null);
  const [busy, setBusy] = useState<'confirm' | 'cancel' | null>(null);
  const [asking, setAsking] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  if (!view.isSuccess) return <LinkPending view={view} />;

  const v = current ?? view.data;
  const when = whenText(v, intl);
  const act = async (action: 'confirm' | 'cancel') => {
    setBusy(action);
    setOutcome(null);
    try {
      const after = await actOnReminderLink(action, token);
      setCurrent(after);
      setOutcome(action === 'confirm' ? { kind: 'confirmed' } : { kind: 'cancelled', late: v.lateIfCancelled });
    } catch (e) {
      setOutcome({ kind: 'error', message: problemText(intl, e) });
      // What the link allows now (e.g. used meanwhile in another tab); an error here changes nothing shown.
      refreshReminderLink(token, setCurrent);
    } finally {
      setBusy(null);
      setAsking(false);
    }
  };

  const used = v.usedFor ?? null;
  const upcoming = Date.parse(v.start) > view.dataUpdatedAt;
  // Whether the API said the link was used; without that field, a link that allows nothing while
  // the visit is still on and ahead has been used (or is for a session the practice changes).
  const spent = outcome === null && (used !== null || (v.usedFor === undefined && !v.canConfirm && !v.canCancel && upcoming && v.status !== 'cancelled'));
  const state = outcome?.kind === 'error' ? 'error' : busy ? 'busy' : v.status;

  return (
    <div data-testid="reminder-link" data-state={state}>
      <h1>
        <FormattedMessage id="reminders.link.title" defaultMessage="Your appointment" />
      </h1>
      <p className="muted" data-testid="reminder-link-sender">
        <FormattedMessage id="reminders.link.from" defaultMessage="From {sender}" values={{ sender: v.senderName }} />
      </p>
      <p className="when" data-testid="reminder-link-when">
        <strong>{when.day}</strong>
        <br />
        <FormattedMessage
          id="reminders.link.time"
          defaultMessage="<b>{time} {abbrev}</b> <m>({zone})</m>"
          values={{ time: when.time, abbrev: when.abbrev, zone: when.zone, b: (c: React.ReactNode[]) => <strong>{c}</strong>, m: (c: React.ReactNode[]) => <span className="muted">{c}</span> }}
        />
      </p>
      {v.providerName ? <p data-testid="reminder-link-provider">
          <FormattedMessage id="reminders.link.with" defaultMessage="With {provider}" values={{ provider: v.providerName }} />
        </p> : null}
      <p data-testid="reminder-link-status" data-status={v.status}>
        <FormattedMessage
          id="reminders.link.status"
          defaultMessage="{status, select, confirmed {This appointment is confirmed.} cancelled {This appointment is cancelled.} scheduled {This appointment is booked and not confirmed yet.} other {This appointment can no longer be changed from this link.}}"
          values={{ status: v.status }}
        />
      </p>

      <OutcomeNotes busy={busy} outcome={outcome} spent={spent} used={used} />

      {asking ? (
        <CancelAsk late={v.lateIfCancelled} busy={busy} onYes={() => void act('cancel')} onNo={() => setAsking(false)} />
      ) : v.canConfirm || v.canCancel ? (
        <div className="actions">
          {v.canConfirm ? (
            <Button className="btn primary" onPress={() => void act('confirm')} isDisabled={busy !== null} data-testid="reminder-confirm">
              {busy === 'confirm' ? (
                <FormattedMessage id="reminders.link.confirming" defaultMessage="Confirming…" />
              ) : (
                <FormattedMessage id="reminders.link.confirm" defaultMessage="Confirm" />
              )}
            </Button>
          ) : null}
          {v.canCancel ? (
            <Button className="btn" onPress={() => setAsking(true)} isDisabled={busy !== null} data-testid="reminder-cancel">
              <FormattedMessage id="reminders.link.cancel" defaultMessage="Cancel appointment" />
            </Button>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
