// When a reminder is due. "24 hours before" means 24 hours of elapsed time (start − lead, in UTC
// instants), never "the same wall-clock time the day before": across a DST change the two differ
// by an hour, and elapsed time is what a client counting down expects.
//
// Quiet hours are minutes of the day in the client's zone (the appointment's zone when the client
// has none). A reminder due inside them goes at their start instead — earlier, so it still arrives
// before the visit. If that earlier moment had already passed when the reminder was made (booked
// during the quiet hours themselves), it goes at their end, if that is still before the visit, and
// is skipped ('quiet_hours') otherwise.
import { DateTime } from 'luxon';
import { MIN } from '../../lib/clock.js';

export interface Quiet {
  /** Minutes of the day, 0–1439. start > end spans midnight. */
  start: number;
  end: number;
}

function minuteOfDay(d: DateTime): number {
  return d.hour * 60 + d.minute + d.second / 60;
}

export function insideQuiet(instant: number, zone: string, q: Quiet): boolean {
  const m = minuteOfDay(DateTime.fromMillis(instant, { zone }));
  return q.start < q.end ? m >= q.start && m < q.end : m >= q.start || m < q.end;
}

/** The instant on a local date at a minute of the day (a time in a DST gap moves forward by the gap). */
function at(date: DateTime, minute: number, zone: string): number {
  return DateTime.fromObject({ year: date.year, month: date.month, day: date.day, hour: Math.floor(minute / 60), minute: minute % 60 }, { zone }).toMillis();
}

/** The start of the quiet period containing `instant` (which must be inside one). */
export function quietStartBefore(instant: number, zone: string, q: Quiet): number {
  const d = DateTime.fromMillis(instant, { zone });
  const sameDay = q.start < q.end || minuteOfDay(d) >= q.start;
  return at(sameDay ? d : d.minus({ days: 1 }), q.start, zone);
}

/** The end of the quiet period containing `instant` (which must be inside one). */
export function quietEndAfter(instant: number, zone: string, q: Quiet): number {
  const d = DateTime.fromMillis(instant, { zone });
  const sameDay = q.start < q.end || minuteOfDay(d) < q.end;
  return at(sameDay ? d : d.plus({ days: 1 }), q.end, zone);
}

export type Due = { dueAt: number; skip: null } | { dueAt: number; skip: 'too_late' | 'quiet_hours' };

/**
 * When a reminder `minutesBefore` the visit at `start` goes, made at `madeAt` (the instant of the
 * booking or the move: the outbox event's time, so a slow consumer does not change the answer).
 */
export function reminderDue(start: number, minutesBefore: number, zone: string, quiet: Quiet | null, madeAt: number): Due {
  const raw = start - minutesBefore * MIN;
  if (raw < madeAt) return { dueAt: raw, skip: 'too_late' };
  if (!quiet || !insideQuiet(raw, zone, quiet)) return { dueAt: raw, skip: null };
  const earlier = quietStartBefore(raw, zone, quiet);
  if (earlier >= madeAt) return { dueAt: earlier, skip: null };
  // Made during these very quiet hours: at their end, if the visit is still to come then.
  const later = quietEndAfter(madeAt, zone, quiet);
  return later < start ? { dueAt: later, skip: null } : { dueAt: raw, skip: 'quiet_hours' };
}

/**
 * When a cancellation notice made at `madeAt` goes: at once, or at the end of quiet hours — unless
 * that would be after the (cancelled) visit's start, when the news cannot wait.
 */
export function noticeDue(start: number, zone: string, quiet: Quiet | null, madeAt: number): number {
  if (!quiet || !insideQuiet(madeAt, zone, quiet)) return madeAt;
  const later = quietEndAfter(madeAt, zone, quiet);
  return later < start ? later : madeAt;
}

export const parseClock = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
export const formatClock = (minute: number): string => `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
