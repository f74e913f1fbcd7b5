// One appointment, opened from the calendar: when (in its own zone, the viewer's and each
// client's), who, what, status, its reminders and the actions staff may take (edit or reschedule
// in a form, confirm, check in, cancel…). The calendar holds only cells: the appointment is read in
// full when it is opened; meanwhile the dialog shows the cell's names and time and says it is
// loading (data-ready="false"), and a failure says so in the dialog with a way to try again.
import { Button } from 'react-aria-components';
import { Link } from 'react-router';
import type { Appointment, AppointmentCell } from '../../../../shared/scheduling.js';
import { RetryingError } from '../../../components/lists.js';
import { clientNames, namesOf } from '../../../lib/names.js';
import { listState } from '../../../lib/pagination.js';
import { retryNow } from '../../../lib/retry.js';
import { formatDay, formatRange, formatTime, instantToLocal } from '../../../lib/time.js';
import { useAppointment } from '../api/appointmentRange.js';
import { appointmentKeys } from '../api/keys.js';
import { AppointmentCallButton, appointmentCallable, useCanStartCalls } from '../../calls/index.js';
import { AppointmentReminders } from '../../reminders/index.js';
import { PLACE_LABELS, TYPE_LABELS } from '../model/labels.js';
import { AppointmentActions, type AppointmentHandlers, errorText } from './AppointmentActions.js';
import { StatusBadge, WhenText, WhoFacts } from './common.js';
import { editable } from './EditAppointmentDialog.js';
import { ModalDialog } from '../../../components/ModalDialog.js';
import { AppointmentNoteLinks } from '../../notes/index.js';

interface DetailsProps extends AppointmentHandlers {
  displayZone: string;
  onClose: () => void;
}

/** The details dialog of the appointment `id` (its calendar `cell` drawn while the rest loads). */
export function AppointmentDetails({ id, cell, ...props }: DetailsProps & { id: string; cell: AppointmentCell | undefined }) {
  const query = useAppointment(id);
  const { failing, finalError, shown } = listState(query);
  return (
    <ModalDialog title="Appointment" onClose={props.onClose} testId="appointment-details" attrs={{ 'data-appointment-id': id, 'data-ready': shown ? 'true' : 'false' }}>
      {shown ? (
        <DetailsBody appt={shown} {...props} />
      ) : (
        <>
          {cell ? (
            <p className="when">
              {namesOf(cell.clientNames)}
              <span className="zone-line">{formatRange(cell.start, cell.end, cell.timeZone)}</span>
            </p>
          ) : null}
          {finalError ? (
            <div role="alert" className="notice warn" data-testid="details-error">
              <p>Couldn't load this appointment's details: {errorText(query.error)}</p>
              <Button className="btn" onPress={() => void retryNow(appointmentKeys.one(id))} data-testid="details-retry">
                Try again
              </Button>
            </div>
          ) : failing ? (
            <RetryingError failureCount={query.failureCount} error={query.failureReason} what="the appointment's details" fetching={query.isFetching} onRetry={() => void retryNow(appointmentKeys.one(id))} testId="details" />
          ) : (
            <p role="status" className="loading" data-testid="details-loading">
              Loading the appointment's details…
            </p>
          )}
          <div className="actions">
            <Button className="btn" onPress={props.onClose} data-testid="details-close">
              Close
            </Button>
          </div>
        </>
      )}
    </ModalDialog>
  );
}

function DetailsBody({ appt, displayZone, canWrite, onOutcome, onCancel, onEdit, onClose }: DetailsProps & { appt: Appointment }) {
  const c = appt.cancellation;
  const canCall = useCanStartCalls() && appointmentCallable(appt);
  const listLink = `/appointments?${new URLSearchParams({ from: instantToLocal(appt.start, displayZone).date, to: instantToLocal(appt.end, displayZone).date, providerId: appt.providerId, tz: displayZone }).toString()}`;
  return (
    <>
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
        <AppointmentNoteLinks appt={appt} />
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
    </>
  );
}
