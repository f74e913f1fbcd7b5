// Edit or reschedule one appointment from its dialog, without dragging (a phone, a keyboard, a move
// to another week): date and start time in a zone, duration, provider, service, type and place. Only
// what changed is sent, with the version read, through PATCH /api/appointments/:id; for an
// occurrence of a series the change applies to this one, this and following, or all. The server's
// 4xx lands on the field it names; a 409 (the provider is booked, or the appointment changed
// meanwhile) is said plainly and nothing is lost from the form.
import { useState } from 'react';
import type { z } from 'zod';
import { Button, Dialog, Form, Heading, Label, Modal, ModalOverlay, Radio, RadioGroup } from 'react-aria-components';
import { type Appointment, AppointmentPatch, EDIT_SCOPES, type EditScope } from '../../../shared/scheduling.js';
import { isApiError } from '../../api/client.js';
import { ErrorSummary, Field, useFormErrors } from '../../components/forms.js';
import { ZoneField } from '../../components/ZoneField.js';
import { clientNames, patchAppointment, SCOPE_LABELS, useInvalidateAppointments } from './api.js';
import type { ActionOutcome } from './AppointmentActions.js';
import { NativeField } from './BookingDialog.js';
import { useBookableProviders } from './common.js';
import { formatRange, instantToLocal, localToInstant, zoneLabel } from '../../lib/time.js';
import { NO_SERVICE, useVisit, VisitFields } from './VisitFields.js';

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

export interface Edited {
  id: string;
  start: string;
  timeZone: string;
  providerId: string;
}

export function EditAppointmentDialog({ appt, onClose }: { appt: Appointment; onClose: (outcome?: ActionOutcome, edited?: Edited) => void }) {
  const bookable = useBookableProviders();
  const invalidate = useInvalidateAppointments();
  const form = useFormErrors(LABELS);
  const was = instantToLocal(appt.start, appt.timeZone);
  const [date, setDate] = useState(was.date);
  const [time, setTime] = useState(was.time);
  const [zone, setZone] = useState(appt.timeZone);
  const [duration, setDuration] = useState(String(appt.durationMinutes));
  const visit = useVisit({ providerId: appt.providerId, serviceId: appt.serviceId ?? NO_SERVICE, type: appt.type, place: appt.placeOfService });
  const { providerId, serviceId, type, place } = visit;
  const [scope, setScope] = useState<EditScope>('this');
  const [busy, setBusy] = useState(false);

  // The current provider stays choosable even when this user may not book for them (a provider
  // opening a colleague's appointment cannot reach this dialog: the server would refuse anyway).
  const providerOptions = bookable.options.some((p) => p.id === appt.providerId) ? bookable.options : [{ id: appt.providerId, label: appt.providerName }, ...bookable.options];
  const start = localToInstant(date, time, zone);
  const minutes = duration.trim() === '' ? Number.NaN : Number(duration);

  const submit = async () => {
    form.clear();
    if (!start) {
      form.fromZod({ issues: [{ path: ['start'], message: date && time ? 'is not a time that exists in this zone' : 'enter a date and a time' }] } as unknown as z.ZodError);
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
      const after = await patchAppointment(appt.id, parsed.data);
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
    <ModalOverlay isOpen isDismissable onOpenChange={(o) => !o && onClose()} className="modal-overlay">
      <Modal className="modal wide">
        <Dialog className="dialog" data-testid="edit-dialog" data-appointment-id={appt.id}>
          <Heading slot="title">Edit or reschedule</Heading>
          <p>
            {clientNames(appt)}, now {formatRange(appt.start, appt.end, appt.timeZone)}.
          </p>
          <Form
            className="form"
            aria-label="Edit or reschedule the appointment"
            onSubmit={(e) => {
              e.preventDefault();
              void submit();
            }}
          >
            <ErrorSummary form={form} testId="edit-error" />
            <div className="grid-2">
              <NativeField name="edit-date" label="Date" type="date" value={date} onChange={setDate} error={form.errors.start} testId="edit-date" onEdit={() => form.clear('start')} />
              <NativeField name="edit-time" label="Start time" type="time" value={time} onChange={setTime} testId="edit-time" onEdit={() => form.clear('start')} invalid={form.errors.start !== undefined} />
              <ZoneField name="timeZone" label="Time zone" value={zone} onChange={setZone} form={form} testId="edit-zone" isRequired />
              <Field name="durationMinutes" label="Duration (minutes)" type="number" inputMode="numeric" min={1} max={720} value={duration} onChange={setDuration} form={form} isRequired testId="edit-duration" />
            </div>
            {start ? (
              <p className="field-description" data-testid="edit-when">
                New time: {formatRange(start, new Date(Date.parse(start) + (Number(duration) || 0) * 60_000).toISOString(), zone)} · {zoneLabel(zone)}
              </p>
            ) : null}
            <VisitFields visit={visit} form={form} providerOptions={providerOptions} onServiceMinutes={(m) => setDuration(String(m))} testPrefix="edit" keepServiceId={appt.serviceId} />
            {appt.seriesId ? (
              <RadioGroup className="field radio-group" value={scope} onChange={(v) => setScope(v as EditScope)} data-testid="edit-scope">
                <Label>This is part of a recurring series. Apply the change to:</Label>
                {EDIT_SCOPES.map((s) => (
                  <Radio key={s} value={s} className="radio" data-testid={`edit-scope-${s}`}>
                    <span className="dot" aria-hidden="true" /> {SCOPE_LABELS[s]}
                  </Radio>
                ))}
              </RadioGroup>
            ) : null}
            <div className="actions">
              <Button type="submit" className="btn primary" isDisabled={busy} data-testid="edit-submit">
                {busy ? 'Saving…' : 'Save changes'}
              </Button>
              <Button className="btn" onPress={() => onClose()} data-testid="edit-cancel">
                Cancel
              </Button>
            </div>
          </Form>
        </Dialog>
      </Modal>
    </ModalOverlay>
  );
}
