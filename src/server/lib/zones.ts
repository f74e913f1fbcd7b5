// Zone helpers shared by scheduling, availability and booking (moved from scheduling/time.ts).
// Wall-clock time in an IANA zone, through luxon. Appointments are stored as UTC instants; series
// and reschedules are computed in the zone they were booked in, so a weekly 4 pm session stays at
// 4 pm local on both sides of a DST change.
import { DateTime } from 'luxon';

/** A local date and time of day in some zone. */
export interface Local {
  /** YYYY-MM-DD */
  date: string;
  /** HH:mm */
  time: string;
}

export function toLocal(instantMs: number, zone: string): Local {
  const d = DateTime.fromMillis(instantMs, { zone });
  return { date: d.toFormat('yyyy-MM-dd'), time: d.toFormat('HH:mm') };
}

/**
 * The instant of a local date and time in a zone. A time inside a spring-forward gap (which the
 * clock never shows) moves forward by the gap; an ambiguous fall-back time (the repeated hour)
 * resolves as luxon does, to the standard-time (later) instant: 01:00 on 1 Nov 2026 in Los Angeles
 * is 09:00Z.
 */
export function fromLocal(local: Local, zone: string): number {
  const d = DateTime.fromISO(`${local.date}T${local.time}`, { zone });
  if (!d.isValid) throw new Error(`invalid local time ${local.date}T${local.time} in ${zone}: ${d.invalidExplanation ?? ''}`);
  return d.toMillis();
}

/** Whole calendar days from one local date to another (may be negative). */
export function daysBetween(fromDate: string, toDate: string): number {
  return Math.round(DateTime.fromISO(toDate, { zone: 'UTC' }).diff(DateTime.fromISO(fromDate, { zone: 'UTC' }), 'days').days);
}

export function addDays(date: string, days: number): string {
  return DateTime.fromISO(date, { zone: 'UTC' }).plus({ days }).toFormat('yyyy-MM-dd');
}

// The last instants parsed: a calendar asks for the same month's bounds over and over, and Luxon's
// parse is most of a millisecond (a third of a remembered month's answer). Bounded: cleared when full.
const parsedInstants = new Map<string, number>();

/** Parses an ISO 8601 instant with an offset (validated by the contract) to epoch ms. */
export function instantMs(iso: string): number {
  let ms = parsedInstants.get(iso);
  if (ms === undefined) {
    ms = DateTime.fromISO(iso, { setZone: true }).toMillis();
    if (parsedInstants.size >= 512) parsedInstants.clear();
    parsedInstants.set(iso, ms);
  }
  return ms;
}

/**
 * An instant as people in that zone read it, e.g. "Tue, Mar 16, 2027, 4:00 PM EDT": for messages
 * (a conflict names the occurrence in the appointment's own zone, never as a UTC timestamp).
 */
export function describeLocal(instantMs: number, zone: string): string {
  return DateTime.fromMillis(instantMs, { zone }).setLocale('en-US').toFormat('EEE, MMM d, yyyy, h:mm a ZZZZ');
}
