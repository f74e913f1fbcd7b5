// Edit or reschedule one appointment from its dialog, without dragging (a phone, a keyboard, a move
// to another week): date and start time in a zone, duration, provider, service, type and place. Only
// what changed is sent, with the version read, through PATCH /api/appointments/:id; for an
// occurrence of a series the change applies to this one, this and following, or all. The server's
// 4xx lands on the field it names; a 409 (the provider is booked, or the appointment changed
// meanwhile) is said plainly and nothing is lost from the form.
import { useState } from 'react';
import { type Appointment, AppointmentPatch, type EditScope } from '../../../../shared/scheduling.js';
import { isApiError } from '../../../api/client.js';
import { ErrorSummary, SubmitForm, useFormErrors } from '../../../components/forms.js';
import { clientNames } from '../../../lib/names.js';
import { formatRange, instantToLocal } from '../../../lib/time.js';
import { useChangeAppointment } from '../api/changeAppointment.js';
import { SCOPE_LABELS } from '../model/labels.js';
import type { ActionOutcome } from './AppointmentActions.js';
import type { Booked } from './BookingDialog.js';
import { useBookableProviders } from './common.js';
import { ScopeChoice } from './ScopeChoice.js';
import { NO_SERVICE, useVisit, VisitFields } from './VisitFields.js';
import { startIssue, startProblem, useWhen, WhenFields } from './WhenFields.js';
import { DialogButtons, ModalDialog } from '../../../components/ModalDialog.js';

const LABELS: Record<string, string> = {
  start: 'Date and time',
  durationMinutes: 'Duration',
  timeZone: 'Time zone',
  providerId: 'Provider',
  serviceId: 'Service',
  type: 'Type',
  placeOfService: 'Place of service',
  scope: 'Apply to',
  version: 'Appointment',
};


/** Appointments that can still be moved (the server refuses a cancelled one; a finished one is history). */
export function editable(a: Appointment): boolean {
  return a.status === 'scheduled' || a.status === 'confirmed';
}

/** What was changed, so the page can go to it and point it out. */
export type Edited = Booked;

export function EditAppointmentDialog({ appt, onClose }: { appt: Appointment; onClose: (outcome?: ActionOutcome, edited?: Edited) => void }) {
  const bookable = useBookableProviders();
  const { patch, invalidate } = useChangeAppointment();
  const form = useFormErrors(LABELS);
  const was = instantToLocal(appt.start, appt.timeZone);
  const when = useWhen({ date: was.date, time: was.time, zone: appt.timeZone, duration: String(appt.durationMinutes) });
  const { start, zone, minutes } = when;
  const visit = useVisit({ providerId: appt.providerId, serviceId: appt.serviceId ?? NO_SERVICE, type: appt.type, place: appt.placeOfService });
  const { providerId, serviceId, type, place } = visit;
  const [scope, setScope] = useState<EditScope>('this');
  const [busy, setBusy] = useState(false);

  // The current provider stays choosable even when this user may not book for them (a provider
  // opening a colleague's appointment cannot reach this dialog: the server would refuse anyway).
  const providerOptions = bookable.options.some((p) => p.id === appt.providerId) ? bookable.options : [{ id: appt.providerId, label: appt.providerName }, ...bookable.options];

  const submit = async () => {
    form.clear();
    if (!start) {
      form.fromZod(startIssue(startProblem(when) ?? ''));
      return;
    }
    const body: Record<string, unknown> = { version: appt.version };
    if (Date.parse(start) !== Date.parse(appt.start)) body.start = start;
    if (zone !== appt.timeZone) body.timeZone = zone;
    if (minutes !== appt.durationMinutes) body.durationMinutes = minutes;
    if (providerId !== appt.providerId) body.providerId = providerId;
    const svc = serviceId === NO_SERVICE ? null : serviceId;
    if (svc !== appt.serviceId) body.serviceId = svc;
    if (type !== appt.type) body.type = type;
    if (place !== appt.placeOfService) body.placeOfService = place;
    if (Object.keys(body).length === 1) {
      form.setSummary('Nothing has changed yet: change the date, time or another detail, or close this dialog.');
      return;
    }
    if (appt.seriesId) body.scope = scope;
    const parsed = AppointmentPatch.safeParse(body);
    if (!parsed.success) {
      form.fromZod(parsed.error);
      return;
    }
    setBusy(true);
    try {
      const after = await patch(appt.id, parsed.data);
      await invalidate();
      const many = appt.seriesId && scope !== 'this' ? ` (${SCOPE_LABELS[scope].toLowerCase()})` : '';
      onClose({ kind: 'ok', message: `Appointment changed: ${formatRange(after.start, after.end, after.timeZone)}${many}.` }, { id: after.id, start: after.start, timeZone: after.timeZone, providerId: after.providerId });
    } catch (e) {
      form.fromApi(e);
      if (isApiError(e) && e.status === 409) {
        form.setSummary(e.message.startsWith('The appointment changed') ? `${e.message}.` : `This time is not free: ${e.message}. Choose another time or provider.`);
      }
      setBusy(false);
    }
  };

  return (
    <ModalDialog title="Edit or reschedule" onClose={onClose} wide testId="edit-dialog" attrs={{ 'data-appointment-id': appt.id }}>
      <p>
        {clientNames(appt)}, now {formatRange(appt.start, appt.end, appt.timeZone)}.
      </p>
      <SubmitForm aria-label="Edit or reschedule the appointment" onSubmit={() => void submit()}>
        <ErrorSummary form={form} testId="edit-error" />
        <WhenFields when={when} form={form} testPrefix="edit" dateName="edit-date" timeName="edit-time" lead="New time: " />
        <VisitFields visit={visit} form={form} providerOptions={providerOptions} onServiceMinutes={(m) => when.setDuration(String(m))} testPrefix="edit" keepServiceId={appt.serviceId} />
        {appt.seriesId ? <ScopeChoice label="This is part of a recurring series. Apply the change to:" value={scope} onChange={setScope} testId="edit-scope" itemTestId="edit-scope" /> : null}
        <DialogButtons submit={busy ? 'Saving…' : 'Save changes'} busy={busy} submitTestId="edit-submit" onCancel={() => onClose()} cancelTestId="edit-cancel" />
      </SubmitForm>
    </ModalDialog>
  );
}
