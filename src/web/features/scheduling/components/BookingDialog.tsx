// Booking an appointment (or a recurring series) in a dialog: clients found by name, provider (only
// those the user may book for: working as a provider, themself),
// service (its default duration filled in), type and place of service, a local date and time in a
// chosen zone (the browser's by default), duration, an optional repeat rule written as an RFC 5545
// RRULE, and a non-clinical note. The shared contract checks the request first; the server's 4xx
// lands next to the field it names, and a 409 (the provider is booked) is said plainly.
import { useState } from 'react';
import type { z } from 'zod';
import { FieldError, Label, Text, TextArea, TextField } from 'react-aria-components';
import { AppointmentCreate, type AppointmentFormat } from '../../../../shared/scheduling.js';
import { isApiError } from '../../../api/client.js';
import { ErrorSummary, type FormErrorsApi, SubmitForm, useFormErrors } from '../../../components/forms.js';
import { formatRange } from '../../../lib/time.js';
import { useBookAppointment } from '../api/bookAppointment.js';
import { buildRule } from '../model/recurrence.js';
import { BookingClients } from './BookingClients.js';
import type { PickedClient } from './ClientPicker.js';
import { useBookableProviders } from './common.js';
import { RepeatFields, repeatProblem, useRepeat } from './RepeatFields.js';
import { NO_SERVICE, useVisit, VisitFields } from './VisitFields.js';
import { startProblem, useWhen, WhenFields } from './WhenFields.js';
import { DialogButtons, ModalDialog } from '../../../components/ModalDialog.js';

export const BOOKING_LABELS: Record<string, string> = {
  clientIds: 'Clients',
  providerId: 'Provider',
  serviceId: 'Service',
  type: 'Type',
  placeOfService: 'Place of service',
  format: 'Format',
  start: 'Date and time',
  durationMinutes: 'Duration',
  timeZone: 'Time zone',
  recurrence: 'Repeat',
  note: 'Note',
};

export interface BookingInitial {
  providerId?: string | undefined;
  timeZone: string;
  date?: string;
  time?: string;
}

/** What was booked, so the page can go to it and point it out. */
export interface Booked {
  id: string;
  start: string;
  timeZone: string;
  providerId: string;
}

export function BookingDialog({ initial, onClose }: { initial: BookingInitial; onClose: (message?: string, booked?: Booked) => void }) {
  const bookable = useBookableProviders();
  const book = useBookAppointment();
  const form = useFormErrors(BOOKING_LABELS);
  const [clients, setClients] = useState<PickedClient[]>([]);
  const visit = useVisit({ providerId: bookable.self ?? initial.providerId ?? '', serviceId: NO_SERVICE, type: 'video', place: 'telehealth_home' });
  const { providerId, serviceId, type, place } = visit;
  const [format, setFormat] = useState<AppointmentFormat>('group');
  const when = useWhen({ date: initial.date ?? '', time: initial.time ?? '', zone: initial.timeZone, duration: '50' });
  const { date, zone, start } = when;
  const repeat = useRepeat();
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  // "Now" as of opening the dialog, for the booked-in-the-past hint (the server flags it for real).
  const [openedAt] = useState(() => Date.now());
  const past = start !== null && Date.parse(start) < openedAt;

  const submit = async () => {
    form.clear();
    const body = {
      clientIds: clients.map((c) => c.id),
      providerId,
      start: start ?? '',
      durationMinutes: when.minutes,
      timeZone: zone,
      type,
      placeOfService: place,
      ...(serviceId !== NO_SERVICE ? { serviceId } : {}),
      ...(clients.length > 1 ? { format } : {}),
      ...(note.trim() ? { note: note.trim() } : {}),
      ...(repeat.repeat !== 'none'
        ? { recurrence: buildRule(repeat.repeat, date, repeat.endKind === 'count' ? { kind: 'count', count: Number(repeat.count) } : { kind: 'until', until: repeat.until }) }
        : {}),
    };
    const parsed = AppointmentCreate.safeParse(body);
    const extra: Record<string, string> = {};
    const startMessage = startProblem(when);
    if (startMessage) extra.start = startMessage;
    if (!providerId) extra.providerId = 'choose a provider';
    const recurrenceMessage = repeatProblem(repeat);
    if (recurrenceMessage) extra.recurrence = recurrenceMessage;
    // Our own checks say it better than the contract's generic messages for the same fields
    // (the first message per field is the one shown).
    const issues = [...Object.entries(extra).map(([k, message]) => ({ path: [k], message })), ...(parsed.success ? [] : parsed.error.issues)];
    if (issues.length || !parsed.success) {
      form.fromZod({ issues } as unknown as z.ZodError);
      return;
    }
    setBusy(true);
    try {
      const created = await book(parsed.data);
      const at = formatRange(parsed.data.start, new Date(Date.parse(parsed.data.start) + parsed.data.durationMinutes * 60_000).toISOString(), zone);
      onClose(created.occurrenceIds.length > 1 ? `Booked a series of ${created.occurrenceIds.length} appointments, starting ${at}.` : `Appointment booked: ${at}.`, {
        id: created.id,
        start: parsed.data.start,
        timeZone: zone,
        providerId: parsed.data.providerId,
      });
    } catch (e) {
      form.fromApi(e);
      if (isApiError(e) && e.status === 409) form.setSummary(`This time is not free: ${e.message}. Choose another time or provider.`);
      setBusy(false);
    }
  };

  return (
    <ModalDialog title="New appointment" onClose={onClose} wide testId="booking-dialog">
      <SubmitForm aria-label="New appointment" onSubmit={() => void submit()}>
        <ErrorSummary form={form} testId="booking-error" />
        <BookingClients clients={clients} setClients={setClients} format={format} setFormat={setFormat} form={form} />
        <VisitFields visit={visit} form={form} providerOptions={bookable.options} onServiceMinutes={(m) => when.setDuration(String(m))} testPrefix="booking" providerPlaceholder="Choose a provider" />
        <WhenFields when={when} form={form} testPrefix="booking" dateName="start" timeName="start-time" />
        {past ? (
          <p className="notice warn" data-testid="booking-past">
            This time has already passed. Staff may still record it; it will be flagged as booked after the fact.
          </p>
        ) : null}
        <RepeatFields repeat={repeat} date={date} form={form} />
        <NoteField note={note} setNote={setNote} form={form} />
        <DialogButtons submit={busy ? 'Booking…' : 'Book appointment'} busy={busy} submitTestId="booking-submit" onCancel={() => onClose()} cancelTestId="booking-cancel" />
      </SubmitForm>
    </ModalDialog>
  );
}

function NoteField({ note, setNote, form }: { note: string; setNote: (v: string) => void; form: FormErrorsApi }) {
  return (
    <TextField className="field" value={note} onChange={setNote} maxLength={1000} isInvalid={form.errors.note !== undefined} validationBehavior="aria">
      <Label>Note (non-clinical)</Label>
      <TextArea className="textarea" rows={2} data-testid="booking-note" />
      <Text slot="description" className="field-description">
        For scheduling only, e.g. "prefers the side door". Never clinical content.
      </Text>
      <FieldError className="field-error">{form.errors.note}</FieldError>
    </TextField>
  );
}
