// When a visit is (date and start time in a zone, and its length): the same fields, checks and
// "when" line in the booking dialog and the edit dialog, so the two cannot drift apart.
import { useState } from 'react';
import type { z } from 'zod';
import { type FormErrorsApi, NumberField, typedNumber } from '../../../components/forms.js';
import { NativeField } from '../../../components/NativeField.js';
import { ZoneField } from '../../../components/ZoneField.js';
import { formatRange, localToInstant, zoneLabel } from '../../../lib/time.js';

export interface WhenInit {
  date: string;
  time: string;
  zone: string;
  duration: string;
}

export function useWhen(init: WhenInit) {
  const [date, setDate] = useState(init.date);
  const [time, setTime] = useState(init.time);
  const [zone, setZone] = useState(init.zone);
  const [duration, setDuration] = useState(init.duration);
  /** The start as an instant, or null while the date and time do not name one in the zone. */
  const start = localToInstant(date, time, zone);
  const minutes = typedNumber(duration);
  return { date, setDate, time, setTime, zone, setZone, duration, setDuration, start, minutes };
}

export type When = ReturnType<typeof useWhen>;

/** The start's own message, said better than the contract's generic one; null when it is a time. */
export function startProblem(when: When): string | null {
  if (when.start) return null;
  return when.date && when.time ? 'is not a time that exists in this zone' : 'enter a date and a time';
}

/** A problem of the start as form issues (for `form.fromZod`). */
export function startIssue(message: string): z.ZodError {
  return { issues: [{ path: ['start'], message }] } as unknown as z.ZodError;
}

export function WhenFields({ when, form, testPrefix, dateName, timeName, lead = '' }: { when: When; form: FormErrorsApi; testPrefix: 'booking' | 'edit'; dateName: string; timeName: string; lead?: string }) {
  const { start, zone } = when;
  return (
    <>
      <div className="grid-2">
        <NativeField name={dateName} label="Date" type="date" value={when.date} onChange={when.setDate} error={form.errors.start} testId={`${testPrefix}-date`} onEdit={() => form.clear('start')} />
        <NativeField name={timeName} label="Start time" type="time" value={when.time} onChange={when.setTime} testId={`${testPrefix}-time`} onEdit={() => form.clear('start')} invalid={form.errors.start !== undefined} />
        <ZoneField name="timeZone" label="Time zone" value={zone} onChange={when.setZone} form={form} testId={`${testPrefix}-zone`} isRequired />
        <NumberField name="durationMinutes" label="Duration (minutes)" min={1} max={720} value={when.duration} onChange={when.setDuration} form={form} isRequired testId={`${testPrefix}-duration`} />
      </div>
      {start ? (
        <p className="field-description" data-testid={`${testPrefix}-when`}>
          {lead}
          {formatRange(start, new Date(Date.parse(start) + (Number(when.duration) || 0) * 60_000).toISOString(), zone)} · {zoneLabel(zone)}
        </p>
      ) : null}
    </>
  );
}
