// Reminders that need staff, above the appointment list: an uncertain one (the sender stopped
// mid-send; it may or may not have gone, and it is never resent by itself) or a failed one, for a
// visit still to come. Staff contact the client another way, then mark it handled. Shows nothing
// when nothing needs them (or while it first loads); a failed load says so and retries.
import { useState } from 'react';
import { Button } from 'react-aria-components';
import type { Appointment } from '../../../../shared/scheduling.js';
import type { AttentionReminder } from '../../../../shared/reminders.js';
import { isApiError } from '../../../api/client.js';
import { QueryState } from '../../../components/QueryState.js';
import { clientNames } from '../../../lib/names.js';
import { formatDay, formatTime, zoneAbbrev } from '../../../lib/time.js';
import { AppointmentRemindersDialog } from './AppointmentReminders.js';
import { acknowledgeReminder } from '../api/acknowledgeReminder.js';
import { useAttentionReminders } from '../api/attentionReminders.js';
import { reasonText, REMINDER_STATUS_LABELS, reminderWhat, UNCERTAIN_EXPLANATION } from './labels.js';
import './reminders.css';

const at = (iso: string, zone: string) => `${formatDay(iso, zone)}, ${formatTime(iso, zone)} ${zoneAbbrev(iso, zone)}`;

export function RemindersAttention({ displayZone, canWrite }: { displayZone: string; canWrite: boolean }) {
  const query = useAttentionReminders(true);
  const [open, setOpen] = useState<Appointment | null>(null);
  const [said, setSaid] = useState('');
  // Nothing to show: no section at all (a quiet list is the usual case), nor while first loading
  // (the page's own list shows progress). A failed load does show, retrying.
  if ((query.isSuccess && query.data.items.length === 0) || (query.isPending && query.failureCount === 0)) {
    return (
      <p role="status" className="visually-hidden" data-testid="attention-none">
        {said}
      </p>
    );
  }
  const count = query.data?.items.length ?? 0;
  return (
    <section aria-labelledby="attention-heading" className="attention card" data-testid="reminders-attention">
      <h2 id="attention-heading">Reminders that need you{count ? ` (${count})` : ''}</h2>
      <p className="muted">These did not reach the client, or may not have. Contact the client another way if needed, then mark each one handled.</p>
      <QueryState query={query} what="reminders that need attention" testId="attention-state">
        {(d) => (
          <ul className="reminder-list" data-testid="attention-list">
            {d.items.map((r) => (
              <AttentionRow key={r.id} r={r} zone={displayZone} canWrite={canWrite} onOpen={() => setOpen(r.appointment)} onHandled={() => setSaid('Marked handled.')} />
            ))}
          </ul>
        )}
      </QueryState>
      <p role="status" className="visually-hidden" data-testid="attention-said">
        {said}
      </p>
      {open ? <AppointmentRemindersDialog appt={open} label={`${clientNames(open)} on ${formatDay(open.start, open.timeZone)}`} displayZone={displayZone} onClose={() => setOpen(null)} /> : null}
    </section>
  );
}

function AttentionRow({ r, zone, canWrite, onOpen, onHandled }: { r: AttentionReminder; zone: string; canWrite: boolean; onOpen: () => void; onHandled: () => void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const client = r.appointment.clients.find((c) => c.id === r.clientId)?.name ?? 'Client';
  const what = reminderWhat(r);
  const why = r.status === 'uncertain' ? UNCERTAIN_EXPLANATION : `Failed: ${reasonText(r.failure) ?? 'the provider refused it'}${r.attempts > 1 ? ` (after ${r.attempts} attempts)` : ''}.`;
  const handle = async () => {
    setBusy(true);
    setError(null);
    try {
      await acknowledgeReminder(r.id);
      onHandled();
    } catch (e) {
      // Already handled by a colleague: the list refreshes without it.
      setError(isApiError(e) && e.status === 409 ? 'Already handled.' : "Couldn't mark it handled. Try again.");
      setBusy(false);
    }
  };
  return (
    <li data-testid="attention-row" data-reminder-id={r.id} data-status={r.status}>
      <span className="reminder-what">
        <strong>{what}</strong> · for {client}
        <br />
        <span className="muted">Appointment {at(r.appointment.start, zone)}</span>
      </span>
      <span className={`rbadge rbadge-${r.status}`}>{REMINDER_STATUS_LABELS[r.status]}</span>
      <p className="reminder-note">{why}</p>
      <span className="attention-actions">
        <Button className="btn" onPress={onOpen} data-testid="attention-open">
          All reminders of this appointment
        </Button>
        {canWrite ? (
          <Button className="btn" onPress={() => void handle()} isDisabled={busy} data-testid="attention-handled">
            {busy ? 'Marking…' : 'Mark handled'}
          </Button>
        ) : null}
      </span>
      {error ? (
        <p role="alert" className="reminder-note error">
          {error}
        </p>
      ) : null}
    </li>
  );
}
