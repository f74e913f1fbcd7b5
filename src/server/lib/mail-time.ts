// Times in mail and texts (formatted in src/server/i18n/mail-time.ts, in the reader's language),
// always in a named zone. Which zone: the client's own, else the appointment's (where the visit is
// booked), else the practice's (its provider's working hours), never UTC by default (issue 13, bug 11).
export { clockTime, longWhen, shortWhen } from '../i18n/mail-time.js';

/** The first zone known, in the order given (client, appointment, practice); UTC only when none is. */
export function mailZone(...zones: (string | null | undefined)[]): string {
  return zones.find((z): z is string => typeof z === 'string' && z.length > 0) ?? 'UTC';
}
