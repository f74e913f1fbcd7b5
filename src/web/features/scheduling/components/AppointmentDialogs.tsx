// The dialogs the appointment list and the calendar open alike: book, edit or reschedule, cancel;
// and the line that says how the last action went. After booking or editing, the page goes to the
// appointment (`onShow`) and points it out.
import { useState } from 'react';
import type { Appointment } from '../../../../shared/scheduling.js';
import type { ActionOutcome } from './AppointmentActions.js';
import { type Booked, BookingDialog, type BookingInitial } from './BookingDialog.js';
import { CancelDialog } from './CancelDialog.js';
import { EditAppointmentDialog } from './EditAppointmentDialog.js';

export function useAppointmentDialogs() {
  const [outcome, setOutcome] = useState<ActionOutcome | null>(null);
  const [booking, setBooking] = useState<BookingInitial | null>(null);
  const [cancelling, setCancelling] = useState<Appointment | null>(null);
  const [editing, setEditing] = useState<Appointment | null>(null);
  return { outcome, setOutcome, booking, setBooking, cancelling, setCancelling, editing, setEditing };
}

export type AppointmentDialogsState = ReturnType<typeof useAppointmentDialogs>;

export function AppointmentDialogs({ dialogs: d, onShow }: { dialogs: AppointmentDialogsState; onShow: (a: Booked) => void }) {
  /** A dialog closes: it goes, then the page says how it went and points out what was booked or changed. */
  const closed = (hide: (none: null) => void, outcome?: ActionOutcome, shown?: Booked) => {
    hide(null);
    if (outcome) d.setOutcome(outcome);
    if (shown) onShow(shown);
  };
  return (
    <>
      {d.cancelling ? <CancelDialog appt={d.cancelling} onClose={(o) => closed(d.setCancelling, o)} /> : null}
      {d.booking ? <BookingDialog initial={d.booking} onClose={(message, booked) => closed(d.setBooking, message ? { kind: 'ok', message } : undefined, booked)} /> : null}
      {d.editing ? <EditAppointmentDialog appt={d.editing} onClose={(o, edited) => closed(d.setEditing, o, edited)} /> : null}
    </>
  );
}

export function OutcomeNotice({ outcome }: { outcome: ActionOutcome | null }) {
  if (!outcome) return null;
  return (
    <p role={outcome.kind === 'error' ? 'alert' : 'status'} className={outcome.kind === 'error' ? 'notice warn' : 'notice'} data-testid="action-outcome" data-kind={outcome.kind}>
      {outcome.message}
    </p>
  );
}
