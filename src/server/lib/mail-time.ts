// Times in mail and texts: the one place they are formatted, always in a named zone. Which zone:
// the client's own, else the appointment's (where the visit is booked), else the practice's (its
// provider's working hours), never UTC by default (issue 13, bug 11).
import { DateTime } from 'luxon';

/** "Tuesday, October 20, 2026 at 9:00 AM CDT" */
export function longWhen(instant: number, zone: string): string {
  return DateTime.fromMillis(instant, { zone }).setLocale('en-US').toFormat("cccc, LLLL d, yyyy 'at' h:mm a ZZZZ");
}

/** "Tue, Oct 20 at 9:00 AM CDT" */
export function shortWhen(instant: number, zone: string): string {
  return DateTime.fromMillis(instant, { zone }).setLocale('en-US').toFormat("ccc, LLL d 'at' h:mm a ZZZZ");
}

/** "9:00 AM CDT" (a time later the same day, e.g. until when a link works). */
export function clockTime(instant: number, zone: string): string {
  return DateTime.fromMillis(instant, { zone }).setLocale('en-US').toFormat('h:mm a ZZZZ');
}

/** The first zone known, in the order given (client, appointment, practice); UTC only when none is. */
export function mailZone(...zones: (string | null | undefined)[]): string {
  return zones.find((z): z is string => typeof z === 'string' && z.length > 0) ?? 'UTC';
}
