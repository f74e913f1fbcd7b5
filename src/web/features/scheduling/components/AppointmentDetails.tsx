// One appointment, opened from the calendar: when (in its own zone, the viewer's and each
// client's), who, what, status, its reminders and the actions staff may take (edit or reschedule
// in a form, confirm, check in, cancel…).
import { Button } from 'react-aria-components';
import { Link } from 'react-router';
import type { Appointment } from '../../../../shared/scheduling.js';
import { clientNames } from '../../../lib/names.js';
import { formatDay, formatTime, instantToLocal } from '../../../lib/time.js';
import { AppointmentCallButton, appointmentCallable, useCanStartCalls } from '../../calls/index.js';
import { AppointmentReminders } from '../../reminders/index.js';
import { PLACE_LABELS, TYPE_LABELS } from '../model/labels.js';
import { type ActionOutcome, AppointmentActions } from './AppointmentActions.js';
import { StatusBadge, WhenText, WhoFacts } from './common.js';
import { editable } from './EditAppointmentDialog.js';
import { ModalDialog } from '../../../components/ModalDialog.js';

export function AppointmentDetails({
  appt,
  displayZone,
  canWrite,
  onOutcome,
  onCancel,
  onEdit,
  onClose,
}: {
  appt: Appointment;
  displayZone: string;
  canWrite: boolean;
  onOutcome: (o: ActionOutcome) => void;
  onCancel: (a: Appointment) => void;
  onEdit: (a: Appointment) => void;
  onClose: () => void;
}) {
  const c = appt.cancellation;
  const canCall = useCanStartCalls() && appointmentCallable(appt);
  const listLink = `/appointments?${new URLSearchParams({ from: instantToLocal(appt.start, displayZone).date, to: instantToLocal(appt.end, displayZone).date, providerId: appt.providerId, tz: displayZone }).toString()}`;
  return (
    <ModalDialog title="Appointment" onClose={onClose} testId="appointment-details" attrs={{ 'data-appointment-id': appt.id }}>
      <p>
        <WhenText appt={appt} displayZone={displayZone} />
      </p>
      <dl className="card-facts">
        <WhoFacts appt={appt} />
        <dt>Type</dt>
        <dd>{TYPE_LABELS[appt.type]}</dd>
        <dt>Service</dt>
        <dd>{appt.serviceName ?? 'None'}</dd>
        <dt>Place</dt>
        <dd>{PLACE_LABELS[appt.placeOfService]}</dd>
        <dt>Status</dt>
        <dd>
          <StatusBadge appt={appt} />
        </dd>
        {c ? (
          <>
            <dt>Cancelled</dt>
            <dd>
              {formatDay(c.at, displayZone)}, {formatTime(c.at, displayZone)} by {c.by === 'client' ? 'the client' : 'the practice'}
              {c.late ? ' (late)' : ''}
              {c.reason ? ` — ${c.reason}` : ''}
            </dd>
          </>
        ) : null}
        {appt.seriesId ? (
          <>
            <dt>Repeats</dt>
            <dd>Part of a recurring series</dd>
          </>
        ) : null}
        {appt.bookedInPast ? (
          <>
            <dt>Note</dt>
            <dd>Booked after the fact</dd>
          </>
        ) : null}
        {appt.note ? (
          <>
            <dt>Scheduling note</dt>
            <dd className="notes">{appt.note}</dd>
          </>
        ) : null}
      </dl>
      <AppointmentReminders appt={appt} displayZone={displayZone} />
      <div className="actions">
        {canCall ? <AppointmentCallButton appointmentId={appt.id} className="btn primary" /> : null}
        {canWrite && editable(appt) ? (
          <Button className="btn" onPress={() => onEdit(appt)} data-testid="details-edit">
            Edit or reschedule
          </Button>
        ) : null}
        {canWrite ? <AppointmentActions appt={appt} label={`${clientNames(appt)} on ${formatDay(appt.start, appt.timeZone)}`} onOutcome={onOutcome} onCancel={onCancel} /> : null}
        <Link className="btn" to={listLink}>
          Show in list
        </Link>
        <Button className="btn" onPress={onClose} data-testid="details-close">
          Close
        </Button>
      </div>
    </ModalDialog>
  );
}
