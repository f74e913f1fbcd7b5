// One appointment's reminders as staff see them: channel, for which client, when it is (or was)
// due in the display zone, and its state — including the ones that did not go and why. No
// address, no message text: the ledger row is all the API gives.
import { Button, Dialog, Modal, ModalOverlay } from 'react-aria-components';
import type { Appointment } from '../../../../shared/scheduling.js';
import type { AppointmentReminder } from '../../../../shared/reminders.js';
import { QueryState } from '../../../components/QueryState.js';
import { formatDay, formatTime, zoneAbbrev } from '../../../lib/time.js';
import { useAppointmentReminders } from '../api/appointmentReminders.js';
import { reasonText, REMINDER_STATUS_LABELS, reminderWhat, UNCERTAIN_EXPLANATION } from './labels.js';
import './reminders.css';

const at = (iso: string, zone: string) => `${formatDay(iso, zone)}, ${formatTime(iso, zone)} ${zoneAbbrev(iso, zone)}`;

export function AppointmentReminders({ appt, displayZone, headingLevel = 3 }: { appt: Appointment; displayZone: string; headingLevel?: 2 | 3 }) {
  const reminders = useAppointmentReminders(appt.id);
  const H = headingLevel === 2 ? 'h2' : 'h3';
  const headingId = `reminders-of-${appt.id}`;
  const clientName = (id: string) => appt.clients.find((c) => c.id === id)?.name ?? 'Client';
  return (
    <section aria-labelledby={headingId} className="appointment-reminders">
      <H id={headingId}>Reminders</H>
      <QueryState query={reminders} what="reminders" testId="appointment-reminders">
        {(d) =>
          d.items.length === 0 ? (
            <p data-testid="reminders-empty">No reminders for this appointment.</p>
          ) : (
            <ul className="reminder-list" data-testid="reminder-list">
              {d.items.map((r) => (
                <ReminderRow key={r.id} r={r} client={clientName(r.clientId)} zone={displayZone} />
              ))}
            </ul>
          )
        }
      </QueryState>
    </section>
  );
}

function ReminderRow({ r, client, zone }: { r: AppointmentReminder; client: string; zone: string }) {
  const what = reminderWhat(r);
  const reason = reasonText(r.failure);
  const when =
    r.status === 'delivered' && r.deliveredAt
      ? `Delivered ${at(r.deliveredAt, zone)}`
      : (r.status === 'sent' || r.status === 'delivered') && r.sentAt
        ? `Sent ${at(r.sentAt, zone)}`
        : `Due ${at(r.dueAt, zone)}`;
  return (
    <li data-testid="reminder-row" data-reminder-id={r.id} data-status={r.status} data-channel={r.channel} data-kind={r.kind}>
      <span className="reminder-what">
        <strong>{what}</strong> · for {client}
        <br />
        <span className="muted">{when}</span>
      </span>
      <span className={`rbadge rbadge-${r.status}`} data-testid="reminder-status">
        {REMINDER_STATUS_LABELS[r.status]}
      </span>
      {r.status === 'uncertain' ? <p className="reminder-note">{UNCERTAIN_EXPLANATION}</p> : null}
      {(r.status === 'skipped' || r.status === 'failed' || r.status === 'cancelled') && reason ? (
        <p className="reminder-note" data-testid="reminder-reason">
          {r.status === 'failed' ? 'Failed: ' : 'Not sent: '}
          {reason}
          {r.status === 'failed' && r.attempts > 1 ? ` (after ${r.attempts} attempts)` : ''}
        </p>
      ) : null}
      {r.status === 'scheduled' && r.attempts > 0 ? <p className="reminder-note">Retrying after a temporary failure ({r.attempts} attempts so far).</p> : null}
    </li>
  );
}

/** The reminders of one appointment from the Appointments list (the calendar shows them in its details). */
export function AppointmentRemindersDialog({ appt, label, displayZone, onClose }: { appt: Appointment; label: string; displayZone: string; onClose: () => void }) {
  return (
    <ModalOverlay isOpen isDismissable onOpenChange={(o) => !o && onClose()} className="modal-overlay">
      <Modal className="modal">
        <Dialog className="dialog" aria-label={`Reminders of ${label}`} data-testid="reminders-dialog" data-appointment-id={appt.id}>
          <AppointmentReminders appt={appt} displayZone={displayZone} headingLevel={2} />
          <div className="actions">
            <Button className="btn" onPress={onClose} data-testid="reminders-close">
              Close
            </Button>
          </div>
        </Dialog>
      </Modal>
    </ModalOverlay>
  );
}
