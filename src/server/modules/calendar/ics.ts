// iCalendar files (RFC 5545) for provider feeds and client invitations, written with
// ical-generator. Each event is written as local time in an IANA zone with that zone's VTIMEZONE,
// so calendar apps show it in the zone it belongs to and move it correctly across DST.
//
// VTIMEZONE data: @touch4it/ical-timezones ships compact yearly rules, but they date from tzdata
// 2018g and some zones changed since (Brazil dropped DST in 2019, Mexico in 2022...). So its
// rules are checked against the runtime's own zone data (luxon/Intl) at every instant the file
// uses; where they disagree, or the zone is missing, the VTIMEZONE is generated from luxon as the
// explicit transitions around the file's events. A local time that occurs twice (the hour
// repeated when clocks go back) is ambiguous in a TZID form, so such an event is written in UTC.
import type * as IcalTimezones from '@touch4it/ical-timezones';
import type * as IcalGenerator from 'ical-generator';
import type { ICalEventData } from 'ical-generator';
import type * as RRuleLib from 'rrule';
import { DateTime } from 'luxon';
import { DAY, MIN } from '../../lib/clock.js';
import { lazyRequire } from '../../lib/lazy.js';

// The three libraries are loaded with the first file written, not at start-up (their CommonJS builds).
const icalGenerator = lazyRequire<typeof IcalGenerator>('ical-generator');
const icalTimezones = lazyRequire<typeof IcalTimezones>('@touch4it/ical-timezones');
const rrule = lazyRequire<typeof RRuleLib>('rrule');

export interface IcsEvent {
  uid: string;
  start: number;
  end: number;
  /** The IANA zone the event is written in. */
  zone: string;
  sequence: number;
  summary: string;
  description: string;
  url: string;
  status: 'confirmed' | 'tentative' | 'cancelled';
  /** Shown as free time (a cancelled appointment does not block the calendar). */
  transparent?: boolean;
  created?: number;
  lastModified?: number;
}

export interface IcsCalendar {
  method?: 'PUBLISH' | 'REQUEST' | 'CANCEL';
  /** Calendar display name (X-WR-CALNAME): never PHI. */
  name?: string;
  /** A suggested refresh period for subscriptions. */
  refreshMinutes?: number;
  organizer?: { name: string; email: string };
  /** Invitations: the one attendee the file is addressed to (no name: the address is enough). */
  attendee?: { email: string };
  stamp: number;
  events: IcsEvent[];
}

export function buildIcs(cal: IcsCalendar): string {
  // One VTIMEZONE per zone, checked (or generated) for exactly the instants this file uses.
  const vtimezones = new Map<string, string>();
  for (const [zone, instants] of instantsByZone(cal.events)) vtimezones.set(zone, vtimezoneFor(zone, instants));
  const calendar = newCalendar(cal, vtimezones);
  for (const e of cal.events) calendar.createEvent(eventData(cal, e));
  return calendar.toString();
}

/** Events written per slice by buildIcsInSlices, with a turn of the event loop between slices. */
export const ICS_SLICE = 100;

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * The same text as buildIcs, made a slice of events at a time with a turn of the event loop
 * between slices: a provider's feed may hold thousands of events, and writing them in one go
 * (about a second for 3,000) would keep every other request of the instance waiting.
 *
 * ical-generator writes a whole calendar in one synchronous toString(), so the file is put
 * together from its parts: the header (properties and VTIMEZONEs) and the footer come from a
 * calendar holding one event per zone used (ical-generator writes the VTIMEZONEs of the zones its
 * events use, in the order they first appear), and the events in between are written slice by
 * slice with the same event writer and line folding (folding works line by line, so folding each
 * slice gives the same lines as folding the whole).
 */
export async function buildIcsInSlices(cal: IcsCalendar, slice = ICS_SLICE): Promise<string> {
  if (!cal.events.length) return buildIcs(cal);
  const vtimezones = new Map<string, string>();
  for (const [zone, instants] of instantsByZone(cal.events)) vtimezones.set(zone, await vtimezoneInSlices(zone, instants, slice * 10));
  const body = newCalendar(cal, vtimezones);
  // The first event of each zone, in order of appearance; any event when none has a zone.
  const carriers = new Map<string | null, ICalEventData>();
  const parts: string[] = [];
  for (let i = 0; i < cal.events.length; i += slice) {
    await nextTurn();
    let text = '';
    for (const e of cal.events.slice(i, i + slice)) {
      const data = eventData(cal, e);
      const zone = typeof data.timezone === 'string' ? data.timezone : null;
      if (!carriers.has(zone)) carriers.set(zone, data);
      text += body.createEvent(data).toString();
    }
    parts.push(icalGenerator().foldLines(text));
  }
  await nextTurn();
  const head = newCalendar(cal, vtimezones);
  const zoned = [...carriers].filter(([zone]) => zone !== null);
  for (const [, data] of zoned.length ? zoned : [...carriers]) head.createEvent(data);
  const shell = head.toString();
  const first = shell.indexOf('\r\nBEGIN:VEVENT\r\n') + 2;
  const end = '\r\nEND:VEVENT\r\n';
  const last = shell.lastIndexOf(end) + end.length;
  if (first < 2 || last < end.length) throw new Error('ICS shell without events');
  return shell.slice(0, first) + parts.join('') + shell.slice(last);
}

function instantsByZone(events: IcsEvent[]): Map<string, number[]> {
  const byZone = new Map<string, number[]>();
  for (const e of events) {
    if (e.zone === 'UTC') continue;
    const list = byZone.get(e.zone) ?? [];
    list.push(e.start, e.end);
    byZone.set(e.zone, list);
  }
  return byZone;
}

function newCalendar(cal: IcsCalendar, vtimezones: Map<string, string>) {
  const { default: ical, ICalCalendarMethod } = icalGenerator();
  return ical({
    prodId: { company: 'Hearth', product: 'Hearth', language: 'EN' },
    ...(cal.method ? { method: ICalCalendarMethod[cal.method] } : {}),
    ...(cal.name ? { name: cal.name } : {}),
    ...(cal.refreshMinutes ? { ttl: cal.refreshMinutes * 60 } : {}),
    timezone: { name: null, generator: (zone) => vtimezones.get(zone) ?? null },
  });
}

function eventData(cal: IcsCalendar, e: IcsEvent): ICalEventData {
  const { ICalEventStatus, ICalEventTransparency } = icalGenerator();
  const inZone = e.zone !== 'UTC' && !ambiguous(e.start, e.zone) && !ambiguous(e.end, e.zone);
  return {
    id: e.uid,
    sequence: e.sequence,
    stamp: new Date(cal.stamp),
    start: inZone ? DateTime.fromMillis(e.start, { zone: e.zone }) : new Date(e.start),
    end: inZone ? DateTime.fromMillis(e.end, { zone: e.zone }) : new Date(e.end),
    ...(inZone ? { timezone: e.zone } : {}),
    summary: e.summary,
    description: e.description,
    url: e.url,
    status: e.status === 'cancelled' ? ICalEventStatus.CANCELLED : e.status === 'tentative' ? ICalEventStatus.TENTATIVE : ICalEventStatus.CONFIRMED,
    ...(e.transparent ? { transparency: ICalEventTransparency.TRANSPARENT } : {}),
    ...(e.created !== undefined ? { created: new Date(e.created) } : {}),
    ...(e.lastModified !== undefined ? { lastModified: new Date(e.lastModified) } : {}),
    ...(cal.organizer ? { organizer: { name: cal.organizer.name, email: cal.organizer.email } } : {}),
    ...(cal.attendee ? { attendees: [{ email: cal.attendee.email, rsvp: false }] } : {}),
  };
}

/** Whether the wall-clock time of this instant in the zone also names another instant. */
export function ambiguous(instant: number, zone: string): boolean {
  const local = DateTime.fromMillis(instant, { zone });
  const wall = local.toFormat("yyyy-MM-dd'T'HH:mm:ss.SSS");
  const wallAsUtc = DateTime.fromISO(wall, { zone: 'UTC' }).toMillis();
  for (const probe of [instant - DAY, instant + DAY]) {
    const other = wallAsUtc - DateTime.fromMillis(probe, { zone }).offset * MIN;
    if (other !== instant && DateTime.fromMillis(other, { zone }).toFormat("yyyy-MM-dd'T'HH:mm:ss.SSS") === wall) return true;
  }
  return false;
}

/** luxon's UTC offset (minutes) of a zone at an instant: the reference every VTIMEZONE must match. */
const offsetAt = (instant: number, zone: string) => DateTime.fromMillis(instant, { zone }).offset;

/** The VTIMEZONE to write for a zone used at the given instants. */
export function vtimezoneFor(zone: string, instants: number[]): string {
  const packaged = packagedFor(zone);
  if (packaged && instants.every((t) => packaged.rules.offsetAt(t) === offsetAt(t, zone))) return packaged.text;
  return generatedVtimezone(zone, Math.min(...instants), Math.max(...instants));
}

/** vtimezoneFor, checking the instants a slice at a time with a turn of the event loop between. */
async function vtimezoneInSlices(zone: string, instants: number[], slice: number): Promise<string> {
  const packaged = packagedFor(zone);
  let fits = packaged !== null;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < instants.length; i += slice) {
    if (i) await nextTurn();
    for (const t of instants.slice(i, i + slice)) {
      min = Math.min(min, t);
      max = Math.max(max, t);
      if (fits && packaged!.rules.offsetAt(t) !== offsetAt(t, zone)) fits = false;
    }
  }
  return fits ? packaged!.text : generatedVtimezone(zone, min, max);
}

function packagedFor(zone: string) {
  const text = icalTimezones().getVtimezoneComponent(zone);
  const rules = text ? packagedRules(zone, text) : null;
  return text && rules ? { text, rules } : null;
}

// ---- the packaged VTIMEZONE, evaluated ----

interface Onset {
  at: number;
  to: number;
}

const packagedCache = new Map<string, { onsets: Onset[]; offsetAt(t: number): number } | null>();

/** Parses the packaged component's observances (DTSTART, optional yearly RRULE) into onsets up to 2100. */
function packagedRules(zone: string, text: string) {
  if (packagedCache.has(zone)) return packagedCache.get(zone)!;
  let result: { onsets: Onset[]; offsetAt(t: number): number } | null = null;
  try {
    const onsets: Onset[] = [];
    const blocks = text.replace(/\r\n[ \t]/g, '').split(/BEGIN:(?:STANDARD|DAYLIGHT)\r?\n/).slice(1);
    if (!blocks.length) throw new Error('no observances');
    for (const block of blocks) {
      const body = block.split(/END:(?:STANDARD|DAYLIGHT)/)[0]!;
      const prop = (name: string) => new RegExp(`^${name}(?:;[^:]*)?:(.*)$`, 'm').exec(body)?.[1]?.trim();
      if (prop('RDATE')) throw new Error('RDATE is not evaluated');
      const from = utcOffsetMinutes(prop('TZOFFSETFROM'));
      const to = utcOffsetMinutes(prop('TZOFFSETTO'));
      const start = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})$/.exec(prop('DTSTART') ?? '');
      if (!start) throw new Error('bad DTSTART');
      const [y, mo, d, h, mi, s] = start.slice(1).map(Number) as [number, number, number, number, number, number];
      const floatingStart = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
      const rule = prop('RRULE');
      const { RRule } = rrule();
      const locals = rule
        ? new RRule({ ...RRule.parseString(rule), dtstart: floatingStart, tzid: null }).between(floatingStart, new Date(Date.UTC(2100, 0, 1)), true)
        : [floatingStart];
      // An onset is given in the local time before it, i.e. at the offset it changes from.
      for (const local of locals) onsets.push({ at: local.getTime() - from * MIN, to });
    }
    onsets.sort((a, b) => a.at - b.at);
    const first = onsets[0]!;
    result = {
      onsets,
      offsetAt(t: number) {
        let lo = 0;
        let hi = onsets.length - 1;
        if (t < first.at) return first.to;
        while (lo < hi) {
          const mid = Math.ceil((lo + hi) / 2);
          if (onsets[mid]!.at <= t) lo = mid;
          else hi = mid - 1;
        }
        return onsets[lo]!.to;
      },
    };
  } catch {
    result = null;
  }
  packagedCache.set(zone, result);
  return result;
}

function utcOffsetMinutes(v: string | undefined): number {
  const m = /^([+-])(\d{2})(\d{2})(\d{2})?$/.exec(v ?? '');
  if (!m) throw new Error('bad UTC offset');
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]));
}

// ---- a VTIMEZONE generated from luxon ----

/**
 * The zone's offset from a year before `from` to a year after `to`, as one observance at the
 * start of that span plus one per transition inside it (each with its exact local onset).
 */
export function generatedVtimezone(zone: string, from: number, to: number): string {
  const start = from - 366 * DAY;
  const end = to + 366 * DAY;
  const lines = ['BEGIN:VTIMEZONE', `TZID:${zone}`];
  const observance = (at: number, fromOffset: number, toOffset: number) => {
    const kind = DateTime.fromMillis(at, { zone }).isInDST ? 'DAYLIGHT' : 'STANDARD';
    const name = DateTime.fromMillis(at, { zone }).offsetNameShort;
    lines.push(
      `BEGIN:${kind}`,
      `DTSTART:${DateTime.fromMillis(at + fromOffset * MIN, { zone: 'UTC' }).toFormat("yyyyMMdd'T'HHmmss")}`,
      `TZOFFSETFROM:${formatOffset(fromOffset)}`,
      `TZOFFSETTO:${formatOffset(toOffset)}`,
      ...(name && /^[A-Za-z0-9+-]+$/.test(name) ? [`TZNAME:${name}`] : []),
      `END:${kind}`,
    );
  };
  // Start on a whole minute so the onset's local time is exact.
  const base = Math.floor(start / MIN) * MIN;
  observance(base, offsetAt(base, zone), offsetAt(base, zone));
  let prevAt = base;
  let prev = offsetAt(base, zone);
  for (let t = base + DAY; t <= end + DAY; t += DAY) {
    const now = offsetAt(t, zone);
    if (now === prev) {
      prevAt = t;
      continue;
    }
    // The change lies in (prevAt, t]: find its minute (both ends are whole minutes).
    let lo = prevAt / MIN;
    let hi = t / MIN;
    while (hi - lo > 1) {
      const mid = lo + Math.floor((hi - lo) / 2);
      if (offsetAt(mid * MIN, zone) === prev) lo = mid;
      else hi = mid;
    }
    hi *= MIN;
    observance(hi, prev, offsetAt(hi, zone));
    prev = offsetAt(hi, zone);
    prevAt = hi;
    // Another change may lie later in the same day.
    t = hi;
  }
  lines.push('END:VTIMEZONE');
  return lines.join('\r\n');
}

function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}${String(abs % 60).padStart(2, '0')}`;
}
