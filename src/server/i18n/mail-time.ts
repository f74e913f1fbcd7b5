// Times in mail and texts: the one place they are formatted, always in a named zone and in the
// reader's language. Which zone: the client's own, else the appointment's, else the practice's
// (lib/mail-time.ts mailZone), never UTC by default. English keeps its long-standing wording
// ("Tuesday, October 20, 2026 at 9:00 AM CDT"); Spanish is Intl's ("martes, 20 de octubre de
// 2026, 9:00 a.m. CDT").
import { DateTime } from 'luxon';
import type { Locale } from '../../shared/locale.js';

const ES = 'es-US';
const es = (instant: number, zone: string, o: Intl.DateTimeFormatOptions) => new Intl.DateTimeFormat(ES, { ...o, timeZone: zone }).format(instant);

/** "Tuesday, October 20, 2026 at 9:00 AM CDT" / "martes, 20 de octubre de 2026, 9:00 a.m. CDT" */
export function longWhen(instant: number, zone: string, locale: Locale = 'en'): string {
  if (locale === 'es') return es(instant, zone, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', hour: 'numeric', minute: '2-digit', timeZoneName: 'short' });
  return DateTime.fromMillis(instant, { zone }).setLocale('en-US').toFormat("cccc, LLLL d, yyyy 'at' h:mm a ZZZZ");
}

/** "Tue, Oct 20 at 9:00 AM CDT" / "mar, 20 de oct, 9:00 a.m. CDT" */
export function shortWhen(instant: number, zone: string, locale: Locale = 'en'): string {
  if (locale === 'es') return es(instant, zone, { weekday: 'short', day: 'numeric', month: 'short', hour: 'numeric', minute: '2-digit', timeZoneName: 'short' });
  return DateTime.fromMillis(instant, { zone }).setLocale('en-US').toFormat("ccc, LLL d 'at' h:mm a ZZZZ");
}

/** "9:00 AM CDT" / "9:00 a.m. CDT" (a time later the same day, e.g. until when a link works). */
export function clockTime(instant: number, zone: string, locale: Locale = 'en'): string {
  if (locale === 'es') return es(instant, zone, { hour: 'numeric', minute: '2-digit', timeZoneName: 'short' });
  return DateTime.fromMillis(instant, { zone }).setLocale('en-US').toFormat('h:mm a ZZZZ');
}

/** "America/New York": a zone as mail names it. */
export const zoneWords = (zone: string) => zone.replace(/_/g, ' ');
