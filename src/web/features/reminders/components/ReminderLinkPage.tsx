// The page a reminder's link opens: `/r#token=…`, no sign-in. The token is read from the fragment
// and dropped from the address bar (and history) at once; it then travels only in the JSON body of
// POST /api/reminder-actions/*. The page shows what the API returns — the practice's neutral sender
// name, the date and time in the client's zone, the provider only when the client agreed to
// details — and lets the client confirm or cancel when the link still allows it. Nothing is stored
// in the browser.
import { DateTime } from 'luxon';
import { useState } from 'react';
import { Button } from 'react-aria-components';
import type { ReminderActionView } from '../../../../shared/reminders.js';
import { isApiError } from '../../../api/factory.js';
import { useHashToken } from '../../../lib/hash-token.js';
import { formatTime, isKnownZone, zoneAbbrev, zoneLabel } from '../../../lib/time.js';
import { actOnReminderLink, refreshReminderLink } from '../api/actOnReminderLink.js';
import { transient } from '../api/linkClient.js';
import { useReminderLinkView } from '../api/viewReminderLink.js';
import './reminders.css';
import { PageFrame } from '../../../components/PageFrame.js';

/** An error of the link's API in plain words. */
function problemText(e: unknown): string {
  if (!isApiError(e)) return 'Something went wrong. Please try again.';
  if (e.status === 0) return "Couldn't reach the server. Check your connection and try again.";
  if (e.status === 404 || e.status === 400) return 'This link is not valid. Open the link from your reminder again, and make sure it is complete.';
  if (e.status === 410) return 'This link has expired: the appointment time has passed.';
  if (e.status === 409) return /already used/i.test(e.message) ? 'This link has already been used.' : 'This appointment has changed since the reminder was sent, so this link no longer works. Please sign in to your portal or contact the practice.';
  if (e.status === 429) return `Too many tries from this connection. Please wait${e.retryAfterSeconds ? ` ${e.retryAfterSeconds} seconds` : ' a minute'} and try again.`;
  return 'Something went wrong on our side. Please try again in a few minutes.';
}

function whenText(v: ReminderActionView) {
  const zone = isKnownZone(v.timeZone) ? v.timeZone : 'UTC';
  const d = DateTime.fromISO(v.start).setZone(zone);
  const day = d.toLocaleString({ weekday: 'long', month: 'long', day: 'numeric', year: 'numeric' }, { locale: 'en-US' });
  return { day, time: `${formatTime(v.start, zone)} ${zoneAbbrev(v.start, zone)}`, zone: zoneLabel(zone) };
}

export function ReminderLinkLayout({ children }: { children: React.ReactNode }) {
  return (
    <PageFrame brand="Appointment" mainClass="reminder-link">
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
      <h1>Your appointment</h1>
      <p role="alert">This link is incomplete. Open the link from your reminder again.</p>
    </div>
  );
}

type Outcome = { kind: 'confirmed' } | { kind: 'cancelled'; late: boolean } | { kind: 'error'; message: string };

type LinkQuery = ReturnType<typeof useReminderLinkView>;

/** The view while it loads, or why it could not load (with a retry when that may help). */
function LinkPending({ view }: { view: LinkQuery }) {
  if (view.isError) {
    return (
      <div data-testid="reminder-link" data-state="error">
        <h1>Your appointment</h1>
        <p role="alert" data-testid="reminder-link-problem">
          {problemText(view.error)}
        </p>
        {transient(view.error) ? (
          <Button className="btn" onPress={() => void view.refetch()} isDisabled={view.isFetching}>
            Try again
          </Button>
        ) : null}
      </div>
    );
  }
  return (
    <div data-testid="reminder-link" data-state="loading">
      <h1>Your appointment</h1>
      <p role="status" className="loading">
        Loading your appointment…
      </p>
    </div>
  );
}

/** Asks before cancelling, saying whether it will be recorded as late. */
function CancelAsk({ late, busy, onYes, onNo }: { late: boolean; busy: 'confirm' | 'cancel' | null; onYes: () => void; onNo: () => void }) {
  return (
    <section className="form inset" aria-labelledby="cancel-ask-h" data-testid="reminder-cancel-ask">
      <h2 id="cancel-ask-h">Cancel this appointment?</h2>
      {late ? (
        <p className="notice warn" data-testid="reminder-late-warning">
          This is within the practice&rsquo;s cancellation window, so it will be recorded as a late cancellation. The practice&rsquo;s policy may apply a fee.
        </p>
      ) : (
        <p>It will not be recorded as late.</p>
      )}
      <div className="actions">
        <Button className="btn danger" onPress={onYes} isDisabled={busy !== null} data-testid="reminder-cancel-yes" autoFocus>
          {busy === 'cancel' ? 'Cancelling…' : 'Yes, cancel it'}
        </Button>
        <Button className="btn" onPress={onNo} isDisabled={busy !== null} data-testid="reminder-cancel-no">
          No, keep it
        </Button>
      </div>
    </section>
  );
}

function LinkView({ token }: { token: string }) {
  const view = useReminderLinkView(token);
  const [current, setCurrent] = useState<ReminderActionView | null>(null);
  const [busy, setBusy] = useState<'confirm' | 'cancel' | null>(null);
  const [asking, setAsking] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  if (!view.isSuccess) return <LinkPending view={view} />;

  const v = current ?? view.data;
  const when = whenText(v);
  const act = async (action: 'confirm' | 'cancel') => {
    setBusy(action);
    setOutcome(null);
    try {
      const after = await actOnReminderLink(action, token);
      setCurrent(after);
      setOutcome(action === 'confirm' ? { kind: 'confirmed' } : { kind: 'cancelled', late: v.lateIfCancelled });
    } catch (e) {
      setOutcome({ kind: 'error', message: problemText(e) });
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
      <h1>Your appointment</h1>
      <p className="muted" data-testid="reminder-link-sender">
        From {v.senderName}
      </p>
      <p className="when" data-testid="reminder-link-when">
        <strong>{when.day}</strong>
        <br />
        <strong>{when.time}</strong> <span className="muted">({when.zone})</span>
      </p>
      {v.providerName ? <p data-testid="reminder-link-provider">With {v.providerName}</p> : null}
      <p data-testid="reminder-link-status" data-status={v.status}>
        {v.status === 'confirmed'
          ? 'This appointment is confirmed.'
          : v.status === 'cancelled'
            ? 'This appointment is cancelled.'
            : v.status === 'scheduled'
              ? 'This appointment is booked and not confirmed yet.'
              : 'This appointment can no longer be changed from this link.'}
      </p>

      <div role="status" aria-live="polite" data-testid="reminder-link-outcome">
        {busy ? <p className="loading">{busy === 'confirm' ? 'Confirming your appointment…' : 'Cancelling your appointment…'}</p> : null}
        {outcome?.kind === 'confirmed' ? <p className="notice">Thank you: your appointment is confirmed.</p> : null}
        {outcome?.kind === 'cancelled' ? (
          <p className="notice">
            Your appointment is cancelled{outcome.late ? '. It was recorded as a late cancellation' : ''}. The practice has been told.
          </p>
        ) : null}
      </div>
      {outcome?.kind === 'error' ? (
        <p role="alert" className="notice warn" data-testid="reminder-link-problem">
          {outcome.message}
        </p>
      ) : spent ? (
        <p className="notice" data-testid="reminder-link-used">
          {used === 'cancel'
            ? 'This link has already been used to cancel the appointment.'
            : used === 'confirm'
              ? 'This link has already been used to confirm the appointment.'
              : 'This link has already been used, or this appointment can no longer be changed from it.'}{' '}
          To change anything, please contact the practice.
        </p>
      ) : null}

      {asking ? (
        <CancelAsk late={v.lateIfCancelled} busy={busy} onYes={() => void act('cancel')} onNo={() => setAsking(false)} />
      ) : v.canConfirm || v.canCancel ? (
        <div className="actions">
          {v.canConfirm ? (
            <Button className="btn primary" onPress={() => void act('confirm')} isDisabled={busy !== null} data-testid="reminder-confirm">
              {busy === 'confirm' ? 'Confirming…' : 'Confirm'}
            </Button>
          ) : null}
          {v.canCancel ? (
            <Button className="btn" onPress={() => setAsking(true)} isDisabled={busy !== null} data-testid="reminder-cancel">
              Cancel appointment
            </Button>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
