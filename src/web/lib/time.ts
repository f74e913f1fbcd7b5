// Dates and times for the scheduling pages. The API speaks UTC instants plus the IANA zone an
// appointment was booked in; people read wall-clock times. Everything here goes through luxon with
// an explicit zone, so the browser's own zone only ever matters as the default display zone.
import { DateTime } from 'luxon';

/** The browser's IANA zone (the display default). */
export function browserZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

let zoneList: string[] | null = null;
/** Every IANA zone the browser knows, for the zone pickers. */
export function allZones(): string[] {
  if (!zoneList) {
    const known = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
    zoneList = [...new Set([...known, 'UTC', browserZone()])].sort();
  }
  return zoneList;
}

export function isKnownZone(z: string): boolean {
  return DateTime.local().setZone(z).isValid;
}

/** YYYY-MM-DD and a zone → the instant that day starts there, as ISO with offset. */
export function dayStart(date: string, zone: string): string {
  return DateTime.fromISO(date, { zone }).startOf('day').toISO()!;
}

/** A YYYY-MM-DD moved by whole days (calendar arithmetic, no zone involved). */
export function addDays(date: string, days: number): string {
  return DateTime.fromISO(date, { zone: 'UTC' }).plus({ days }).toISODate()!;
}

/** The day after a YYYY-MM-DD. */
export function nextDay(date: string): string {
  return addDays(date, 1);
}

export function isIsoDate(s: string | null | undefined): s is string {
  return !!s && /^\d{4}-\d{2}-\d{2}$/.test(s) && DateTime.fromISO(s, { zone: 'UTC' }).isValid;
}

/** Today in a zone, YYYY-MM-DD. */
export function today(zone: string): string {
  return DateTime.now().setZone(zone).toISODate()!;
}

/**
 * The practice's week starts on Monday (ISO weeks), in the Appointments list and the calendar alike:
 * both read it from here (FullCalendar's `firstDay` numbers Sunday 0, Monday 1).
 */
export const WEEK_START = 1;

/** The week (WEEK_START and the six days after it) holding `date`. */
export function weekOf(date: string): { from: string; to: string } {
  const d = DateTime.fromISO(date, { zone: 'UTC' });
  // luxon numbers Monday 1 … Sunday 7; FullCalendar Sunday 0 … Saturday 6.
  const back = (d.weekday % 7) - WEEK_START;
  const from = d.minus({ days: back < 0 ? back + 7 : back });
  return { from: from.toISODate()!, to: from.plus({ days: 6 }).toISODate()! };
}

/** A local date and time (HH:mm) in a zone → ISO instant with that zone's offset; null if not a time. */
export function localToInstant(date: string, time: string, zone: string): string | null {
  if (!isIsoDate(date) || !/^\d{2}:\d{2}$/.test(time)) return null;
  const d = DateTime.fromISO(`${date}T${time}`, { zone });
  return d.isValid ? d.toISO({ suppressMilliseconds: true }) : null;
}

/** An instant → its local date and HH:mm in a zone. */
export function instantToLocal(iso: string, zone: string): { date: string; time: string } {
  const d = DateTime.fromISO(iso, { setZone: false }).setZone(zone);
  return { date: d.toISODate()!, time: d.toFormat('HH:mm') };
}

/** Short zone name at that instant (EST, GMT+1…), from Intl. */
export function zoneAbbrev(iso: string, zone: string): string {
  return DateTime.fromISO(iso).setZone(zone).toFormat('ZZZZ');
}

/** "Tue, Mar 2, 2027" */
export function formatDay(iso: string, zone: string): string {
  return DateTime.fromISO(iso).setZone(zone).toLocaleString({ weekday: 'short', month: 'short', day: 'numeric', year: 'numeric' }, { locale: 'en-US' });
}

/** "4:00 PM" */
export function formatTime(iso: string, zone: string): string {
  return DateTime.fromISO(iso).setZone(zone).toLocaleString(DateTime.TIME_SIMPLE, { locale: 'en-US' });
}

/**
 * "Tue, Mar 2, 2027, 4:00 – 4:50 PM EST", or with both dates when the appointment ends on another
 * local day ("Sat, Mar 13, 2027, 10:00 PM – Sun, Mar 14, 2027, 1:00 AM EDT").
 */
export function formatRange(start: string, end: string, zone: string): string {
  const s = DateTime.fromISO(start).setZone(zone);
  const e = DateTime.fromISO(end).setZone(zone);
  const abbr = e.toFormat('ZZZZ');
  if (s.toISODate() === e.toISODate()) return `${formatDay(start, zone)}, ${formatTime(start, zone)} – ${formatTime(end, zone)} ${abbr}`;
  return `${formatDay(start, zone)}, ${formatTime(start, zone)} – ${formatDay(end, zone)}, ${formatTime(end, zone)} ${abbr}`;
}

/** "4:00 – 4:50 PM EST" (times only, end day added when it differs) */
export function formatTimes(start: string, end: string, zone: string): string {
  const s = DateTime.fromISO(start).setZone(zone);
  const e = DateTime.fromISO(end).setZone(zone);
  const endText = s.toISODate() === e.toISODate() ? formatTime(end, zone) : `${e.toLocaleString({ weekday: 'short' }, { locale: 'en-US' })} ${formatTime(end, zone)}`;
  return `${formatTime(start, zone)} – ${endText} ${e.toFormat('ZZZZ')}`;
}

/** Whether two zones show the same wall clock at this instant (then one time is enough). */
export function sameClock(iso: string, a: string, b: string): boolean {
  if (a === b) return true;
  const t = DateTime.fromISO(iso);
  return t.setZone(a).offset === t.setZone(b).offset;
}

/** A readable zone name: America/New_York → New York (America/New_York). */
export function zoneLabel(zone: string): string {
  const city = zone.split('/').pop()?.replace(/_/g, ' ') ?? zone;
  return city === zone ? zone : `${city} (${zone})`;
}

// ---- Fast paths for the calendar, which formats thousands of events per render ----
// The same texts as formatTime/formatTimes/zoneAbbrev (en-US), through Intl formatters built
// once per zone instead of a luxon DateTime per call.
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(kind: 'time' | 'day' | 'weekday' | 'zone' | 'clock', zone: string): Intl.DateTimeFormat {
  const key = `${kind}|${zone}`;
  let f = formatters.get(key);
  if (!f) {
    const options: Intl.DateTimeFormatOptions =
      kind === 'time'
        ? { hour: 'numeric', minute: 'numeric' }
        : kind === 'day'
          ? { year: 'numeric', month: '2-digit', day: '2-digit' }
          : kind === 'weekday'
            ? { weekday: 'short' }
            : kind === 'clock'
              ? { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }
              : { hour12: false, timeZoneName: 'short' };
    f = new Intl.DateTimeFormat(kind === 'day' ? 'en-CA' : 'en-US', { ...options, timeZone: zone });
    formatters.set(key, f);
  }
  return f;
}

/** sameClock through cached formatters: both zones show the same date and time at this instant. */
export function fastSameClock(iso: string, a: string, b: string): boolean {
  if (a === b) return true;
  const d = new Date(iso);
  return formatter('clock', a).format(d) === formatter('clock', b).format(d);
}

/** "4:00 PM EDT": the time and the zone's short name at that instant. */
export function fastTimeWithZone(iso: string, zone: string): string {
  const d = new Date(iso);
  const abbr = formatter('zone', zone).formatToParts(d).find((p) => p.type === 'timeZoneName')?.value ?? zone;
  return `${formatter('time', zone).format(d)} ${abbr}`;
}

/** "4:00 PM – 4:50 PM", or "10:00 PM – Sat 1:00 AM" when it ends on another local day (no zone name). */
export function fastTimes(start: string, end: string, zone: string): string {
  const s = new Date(start);
  const e = new Date(end);
  const time = formatter('time', zone);
  const day = formatter('day', zone);
  const endText = day.format(s) === day.format(e) ? time.format(e) : `${formatter('weekday', zone).format(e)} ${time.format(e)}`;
  return `${time.format(s)} – ${endText}`;
}
