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
// The same texts as formatTime/formatTimes/zoneAbbrev (en-US) with next to no Intl per event. Each
// zone remembers the UTC span over which its offset and short name (EST, GMT+5:30…) last held, as
// model/localDate.ts does for local dates and on the same facts: offsets since the 1970s are whole
// quarter hours, so a change falls on a UTC quarter hour, and no zone changes and changes back within
// 26 hours. An instant inside the span is answered from it; one outside asks Intl twice (and about
// nine times more on a day the offset changes). A wall-clock time reads the same in every zone, so
// "4:00 PM" is formatted once per minute of the day by a UTC formatter and remembered.
const QUARTER = 15 * 60_000;
const SPAN = 26 * 60 * 60_000;
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

interface ZoneSpan {
  parts: Intl.DateTimeFormat;
  from: number;
  to: number;
  /** Local minus UTC, in ms. */
  offset: number;
  abbr: string;
}
const spans = new Map<string, ZoneSpan>();

/** The zone's offset (ms) and short name at `ms`, from one formatToParts. */
function probe(z: ZoneSpan, zone: string, ms: number): { offset: number; abbr: string } {
  const f: Record<string, string> = {};
  for (const p of z.parts.formatToParts(ms)) f[p.type] = p.value;
  const local = Date.UTC(Number(f.year), Number(f.month) - 1, Number(f.day), Number(f.hour), Number(f.minute), Number(f.second));
  return { offset: local - Math.floor(ms / 1000) * 1000, abbr: f.timeZoneName ?? zone };
}

function zoneSpan(zone: string, ms: number): ZoneSpan {
  let z = spans.get(zone);
  if (!z) {
    const parts = new Intl.DateTimeFormat('en-US', { year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric', hourCycle: 'h23', timeZoneName: 'short', timeZone: zone });
    spans.set(zone, (z = { parts, from: 0, to: 0, offset: 0, abbr: '' }));
  }
  if (ms >= z.from && ms < z.to) return z;
  const from = Math.floor(ms / QUARTER) * QUARTER;
  const here = probe(z, zone, from);
  const holds = (at: number) => {
    const p = probe(z, zone, at);
    return p.offset === here.offset && p.abbr === here.abbr;
  };
  // `same` still has this offset and name; `other`, the first quarter hour found that has not.
  let same = from;
  let other = from + SPAN;
  if (holds(other)) same = other;
  else {
    while (other - same > QUARTER) {
      const mid = same + Math.floor((other - same) / QUARTER / 2) * QUARTER;
      if (holds(mid)) same = mid;
      else other = mid;
    }
  }
  z.from = from;
  z.to = same + QUARTER;
  z.offset = here.offset;
  z.abbr = here.abbr;
  return z;
}

/** An ISO instant in ms; a RangeError for an invalid one, as Intl's format would throw. */
function instant(iso: string): number {
  const ms = Date.parse(iso);
  if (!Number.isFinite(ms)) throw new RangeError(`Invalid time value: ${iso}`);
  return ms;
}

/** The wall clock at `ms` in `zone`, in ms since the epoch as if it were UTC. */
function wallClock(ms: number, zone: string): number {
  return ms + zoneSpan(zone, ms).offset;
}

const utcTime = new Intl.DateTimeFormat('en-US', { hour: 'numeric', minute: 'numeric', timeZone: 'UTC' });
const utcWeekday = new Intl.DateTimeFormat('en-US', { weekday: 'short', timeZone: 'UTC' });
const timeTexts = new Map<number, string>();
const weekdayTexts = new Map<number, string>();

/** "4:00 PM" for a wall clock (wallClock). */
function timeText(wall: number): string {
  const minute = (((Math.floor(wall / MINUTE) % 1440) + 1440) % 1440) * MINUTE;
  let t = timeTexts.get(minute);
  if (t === undefined) timeTexts.set(minute, (t = utcTime.format(minute)));
  return t;
}

/** "Sat" for a wall clock. */
function weekdayText(wall: number): string {
  const day = ((Math.floor(wall / DAY) % 7) + 7) % 7;
  let t = weekdayTexts.get(day);
  if (t === undefined) weekdayTexts.set(day, (t = utcWeekday.format(day * DAY)));
  return t;
}

/** sameClock for the calendar: both zones show the same date and time (to the minute) at this instant. */
export function fastSameClock(iso: string, a: string, b: string): boolean {
  if (a === b) return true;
  const ms = instant(iso);
  return Math.floor(wallClock(ms, a) / MINUTE) === Math.floor(wallClock(ms, b) / MINUTE);
}

/** "4:00 PM EDT": the time and the zone's short name at that instant. */
export function fastTimeWithZone(iso: string, zone: string): string {
  const ms = instant(iso);
  const z = zoneSpan(zone, ms);
  return `${timeText(ms + z.offset)} ${z.abbr}`;
}

/** "4:00 PM – 4:50 PM", or "10:00 PM – Sat 1:00 AM" when it ends on another local day (no zone name). */
export function fastTimes(start: string, end: string, zone: string): string {
  const s = wallClock(instant(start), zone);
  const e = wallClock(instant(end), zone);
  const endText = Math.floor(s / DAY) === Math.floor(e / DAY) ? timeText(e) : `${weekdayText(e)} ${timeText(e)}`;
  return `${timeText(s)} – ${endText}`;
}
