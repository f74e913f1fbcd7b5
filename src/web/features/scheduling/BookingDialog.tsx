// Booking an appointment (or a recurring series) in a dialog: clients found by name, provider (only
// those the user may book for: working as a provider, themself),
// service (its default duration filled in), type and place of service, a local date and time in a
// chosen zone (the browser's by default), duration, an optional repeat rule written as an RFC 5545
// RRULE, and a non-clinical note. The shared contract checks the request first; the server's 4xx
// lands next to the field it names, and a 409 (the provider is booked) is said plainly.
import { useState } from 'react';
import type { z } from 'zod';
import { Button, Dialog, FieldError, Form, Heading, Label, Modal, ModalOverlay, Radio, RadioGroup, Text, TextArea, TextField } from 'react-aria-components';
import { AppointmentCreate, AppointmentCreated, type AppointmentFormat } from '../../../shared/scheduling.js';
import { api, isApiError } from '../../api/client.js';
import { ErrorSummary, Field, useFormErrors } from '../../components/forms.js';
import { SelectField } from '../../components/SelectField.js';
import { ZoneField } from '../../components/ZoneField.js';
import { useInvalidateAppointments } from './api.js';
import { ClientPicker, type PickedClient } from './ClientPicker.js';
import { useBookableProviders } from './common.js';
import { buildRule, monthlyWeekday, type Repeat } from './recurrence.js';
import { formatRange, localToInstant, zoneLabel } from '../../lib/time.js';
import { NO_SERVICE, useVisit, VisitFields } from './VisitFields.js';

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
  const invalidate = useInvalidateAppointments();
  const form = useFormErrors(BOOKING_LABELS);
  const [clients, setClients] = useState<PickedClient[]>([]);
  const visit = useVisit({ providerId: bookable.self ?? initial.providerId ?? '', serviceId: NO_SERVICE, type: 'video', place: 'telehealth_home' });
  const { providerId, serviceId, type, place } = visit;
  const [format, setFormat] = useState<AppointmentFormat>('group');
  const [date, setDate] = useState(initial.date ?? '');
  const [time, setTime] = useState(initial.time ?? '');
  const [zone, setZone] = useState(initial.timeZone);
  const [duration, setDuration] = useState('50');
  const [repeat, setRepeat] = useState<Repeat>('none');
  const [endKind, setEndKind] = useState<'count' | 'until'>('count');
  const [count, setCount] = useState('6');
  const [until, setUntil] = useState('');
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  // "Now" as of opening the dialog, for the booked-in-the-past hint (the server flags it for real).
  const [openedAt] = useState(() => Date.now());

  const start = localToInstant(date, time, zone);
  const past = start !== null && Date.parse(start) < openedAt;
  const monthly = monthlyWeekday(date);
  const clientsError = Object.entries(form.errors).find(([k]) => k === 'clientIds' || k.startsWith('clientIds.'))?.[1];

  const submit = async () => {
    form.clear();
    const minutes = duration.trim() === '' ? Number.NaN : Number(duration);
    const body = {
      clientIds: clients.map((c) => c.id),
      providerId,
      start: start ?? '',
      durationMinutes: minutes,
      timeZone: zone,
      type,
      placeOfService: place,
      ...(serviceId !== NO_SERVICE ? { serviceId } : {}),
      ...(clients.length > 1 ? { format } : {}),
      ...(note.trim() ? { note: note.trim() } : {}),
      ...(repeat !== 'none'
        ? { recurrence: buildRule(repeat, date, endKind === 'count' ? { kind: 'count', count: Number(count) } : { kind: 'until', until }) }
        : {}),
    };
    const parsed = AppointmentCreate.safeParse(body);
    const extra: Record<string, string> = {};
    if (!start) extra.start = date && time ? 'is not a time that exists in this zone' : 'enter a date and a time';
    if (!providerId) extra.providerId = 'choose a provider';
    if (repeat !== 'none' && endKind === 'count' && !(Number.isInteger(Number(count)) && Number(count) >= 1)) extra.recurrence = 'give the number of appointments (1 or more)';
    if (repeat !== 'none' && endKind === 'until' && !/^\d{4}-\d{2}-\d{2}$/.test(until)) extra.recurrence = 'give the date the series ends';
    // Our own checks say it better than the contract's generic messages for the same fields
    // (the first message per field is the one shown).
    const issues = [...Object.entries(extra).map(([k, message]) => ({ path: [k], message })), ...(parsed.success ? [] : parsed.error.issues)];
    if (issues.length || !parsed.success) {
      form.fromZod({ issues } as unknown as z.ZodError);
      return;
    }
    setBusy(true);
    try {
      const created = await api.post('/api/appointments', parsed.data, AppointmentCreated);
      await invalidate();
      const when = formatRange(parsed.data.start, new Date(Date.parse(parsed.data.start) + parsed.data.durationMinutes * 60_000).toISOString(), zone);
      onClose(created.occurrenceIds.length > 1 ? `Booked a series of ${created.occurrenceIds.length} appointments, starting ${when}.` : `Appointment booked: ${when}.`, {
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
    <ModalOverlay isOpen isDismissable onOpenChange={(o) => !o && onClose()} className="modal-overlay">
      <Modal className="modal wide">
        <Dialog className="dialog" data-testid="booking-dialog">
          <Heading slot="title">New appointment</Heading>
          <Form
            className="form"
            aria-label="New appointment"
            onSubmit={(e) => {
              e.preventDefault();
              void submit();
            }}
          >
            <ErrorSummary form={form} testId="booking-error" />

            <div className="field" role="group" aria-labelledby="booking-clients-label">
              <span id="booking-clients-label" className="field-label">
                Clients <span aria-hidden="true">*</span>
              </span>
              {clients.length ? (
                <ul className="chips" data-testid="booking-clients">
                  {clients.map((c) => (
                    <li key={c.id} className="chip" data-client-id={c.id}>
                      <span>{c.name}</span>
                      <Button className="btn small" onPress={() => setClients(clients.filter((x) => x.id !== c.id))} aria-label={`Remove ${c.name}`}>
                        Remove
                      </Button>
                    </li>
                  ))}
                </ul>
              ) : (
                <p className="field-description">No client chosen yet.</p>
              )}
              <ClientPicker
                name="clientIds"
                label={clients.length ? 'Add another client' : 'Find a client'}
                onPick={(c) => {
                  setClients((prev) => [...prev, c]);
                  form.clear('clientIds');
                  for (const k of Object.keys(form.errors)) if (k.startsWith('clientIds.')) form.clear(k);
                }}
                exclude={clients.map((c) => c.id)}
                testId="booking-client"
              />
              {clientsError ? (
                <p className="field-error" data-testid="booking-clients-error">
                  {clientsError}
                </p>
              ) : null}
            </div>
            {clients.length > 1 ? (
              <SelectField
                name="format"
                label="Format"
                value={format}
                onChange={(v) => setFormat(v as AppointmentFormat)}
                options={[
                  ...(clients.length === 2 ? [{ id: 'couple', label: 'Couple' }] : []),
                  { id: 'family', label: 'Family' },
                  { id: 'group', label: 'Group' },
                ]}
                form={form}
              />
            ) : null}

            <VisitFields visit={visit} form={form} providerOptions={bookable.options} onServiceMinutes={(m) => setDuration(String(m))} testPrefix="booking" providerPlaceholder="Choose a provider" />

            <div className="grid-2">
              <NativeField name="start" label="Date" type="date" value={date} onChange={setDate} error={form.errors.start} testId="booking-date" onEdit={() => form.clear('start')} />
              <NativeField name="start-time" label="Start time" type="time" value={time} onChange={setTime} testId="booking-time" onEdit={() => form.clear('start')} invalid={form.errors.start !== undefined} />
              <ZoneField name="timeZone" label="Time zone" value={zone} onChange={setZone} form={form} testId="booking-zone" isRequired />
              <Field name="durationMinutes" label="Duration (minutes)" type="number" inputMode="numeric" min={1} max={720} value={duration} onChange={setDuration} form={form} isRequired testId="booking-duration" />
            </div>
            {start ? (
              <p className="field-description" data-testid="booking-when">
                {formatRange(start, new Date(Date.parse(start) + (Number(duration) || 0) * 60_000).toISOString(), zone)} · {zoneLabel(zone)}
              </p>
            ) : null}
            {past ? (
              <p className="notice warn" data-testid="booking-past">
                This time has already passed. Staff may still record it; it will be flagged as booked after the fact.
              </p>
            ) : null}

            <fieldset className="fieldset">
              <legend>Repeat</legend>
              <SelectField
                name="recurrence"
                label="Repeats"
                value={repeat}
                onChange={(v) => setRepeat(v as Repeat)}
                options={[
                  { id: 'none', label: 'Does not repeat' },
                  { id: 'weekly', label: 'Every week' },
                  { id: 'biweekly', label: 'Every 2 weeks' },
                  { id: 'monthly', label: monthly ? `Monthly on the ${monthly.text}` : 'Monthly on the same weekday' },
                ]}
                form={form}
                testId="booking-repeat"
              />
              {repeat !== 'none' ? (
                <>
                  <RadioGroup className="field radio-group" value={endKind} onChange={(v) => setEndKind(v as 'count' | 'until')} orientation="horizontal">
                    <Label>Ends</Label>
                    <Radio value="count" className="radio">
                      <span className="dot" aria-hidden="true" /> After a number of appointments
                    </Radio>
                    <Radio value="until" className="radio">
                      <span className="dot" aria-hidden="true" /> On a date
                    </Radio>
                  </RadioGroup>
                  {endKind === 'count' ? (
                    <Field name="count" label="Number of appointments" type="number" inputMode="numeric" min={1} value={count} onChange={setCount} form={form} testId="booking-count" />
                  ) : (
                    <NativeField name="until" label="Last date" type="date" value={until} onChange={setUntil} testId="booking-until" onEdit={() => form.clear('recurrence')} />
                  )}
                </>
              ) : null}
            </fieldset>

            <TextField className="field" value={note} onChange={setNote} maxLength={1000} isInvalid={form.errors.note !== undefined} validationBehavior="aria">
              <Label>Note (non-clinical)</Label>
              <TextArea className="textarea" rows={2} data-testid="booking-note" />
              <Text slot="description" className="field-description">
                For scheduling only, e.g. "prefers the side door". Never clinical content.
              </Text>
              <FieldError className="field-error">{form.errors.note}</FieldError>
            </TextField>

            <div className="actions">
              <Button type="submit" className="btn primary" isDisabled={busy} data-testid="booking-submit">
                {busy ? 'Booking…' : 'Book appointment'}
              </Button>
              <Button className="btn" onPress={() => onClose()} data-testid="booking-cancel">
                Cancel
              </Button>
            </div>
          </Form>
        </Dialog>
      </Modal>
    </ModalOverlay>
  );
}

/** A native date or time input with a label and its error (the browser's own picker on phones). */
export function NativeField({
  name,
  label,
  type,
  value,
  onChange,
  error,
  invalid,
  testId,
  onEdit,
}: {
  name: string;
  label: string;
  type: 'date' | 'time';
  value: string;
  onChange: (v: string) => void;
  error?: string | undefined;
  invalid?: boolean;
  testId: string;
  onEdit?: () => void;
}) {
  const id = `native-${name}`;
  const errId = `${id}-error`;
  return (
    <div className="field">
      <label htmlFor={id}>
        {label} <span aria-hidden="true">*</span>
      </label>
      <input
        id={id}
        type={type}
        value={value}
        required
        aria-invalid={error !== undefined || invalid ? true : undefined}
        aria-describedby={error ? errId : undefined}
        onChange={(e) => {
          onChange(e.target.value);
          onEdit?.();
        }}
        data-testid={testId}
      />
      {error ? (
        <p id={errId} className="field-error">
          {error}
        </p>
      ) : null}
    </div>
  );
}
