// An event's time text in the calendar (fastTimes, and details' other local times) must read exactly
// as it did when every event asked Intl for each time: compared here with that way (intl* below, the
// code as it was), on ordinary days, the US DST days, half-hour and 45-minute zones and a client in
// another zone than the viewer's. A month of 2,000 events must ask Intl a handful of times, not
// thousands; the time each way takes is printed (same run), never asserted.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AppointmentCell } from '../../../../shared/scheduling.js';
import { fastTimes } from '../../../lib/time.js';
import { details } from './calendarEventBody.js';

// ---- The text as it was made before: cached Intl formatters, asked for every time ----
const formatters = new Map<string, Intl.DateTimeFormat>();
function intl(kind: string, zone: string, options: Intl.DateTimeFormatOptions, locale = 'en-US'): Intl.DateTimeFormat {
  let f = formatters.get(`${kind}|${zone}`);
  if (!f) formatters.set(`${kind}|${zone}`, (f = new Intl.DateTimeFormat(locale, { ...options, timeZone: zone })));
  return f;
}
const time = (z: string) => intl('time', z, { hour: 'numeric', minute: 'numeric' });
function intlTimes(start: string, end: string, zone: string): string {
  const s = new Date(start);
  const e = new Date(end);
  const day = intl('day', zone, { year: 'numeric', month: '2-digit', day: '2-digit' }, 'en-CA');
  const endText = day.format(s) === day.format(e) ? time(zone).format(e) : `${intl('weekday', zone, { weekday: 'short' }).format(e)} ${time(zone).format(e)}`;
  return `${time(zone).format(s)} – ${endText}`;
}
function intlSameClock(iso: string, a: string, b: string): boolean {
  const opts: Intl.DateTimeFormatOptions = { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' };
  return a === b || intl('clock', a, opts).format(new Date(iso)) === intl('clock', b, opts).format(new Date(iso));
}
function intlTimeWithZone(iso: string, zone: string): string {
  const abbr = intl('zone', zone, { hour12: false, timeZoneName: 'short' }).formatToParts(new Date(iso)).find((p) => p.type === 'timeZoneName')?.value ?? zone;
  return `${time(zone).format(new Date(iso))} ${abbr}`;
}
/** details() as it was. */
function intlDetails(a: AppointmentCell, providerName: string, zone: string): string {
  let text = a.type !== 'video' ? ` · ${a.type === 'audio' ? 'Phone' : 'In person'}` : '';
  if (!intlSameClock(a.start, a.timeZone, zone)) text += ` · ${providerName.split(' ')[0] || 'Provider'}: ${intlTimeWithZone(a.start, a.timeZone)}`;
  const clientZones = [...new Set(a.clientZones)].filter((z): z is string => !!z && !intlSameClock(a.start, z, a.timeZone));
  return text + clientZones.map((z) => ` · client: ${intlTimeWithZone(a.start, z)}`).join('');
}

const MIN = 60_000;
function cell(startMs: number, minutes: number, timeZone: string, clientZones: (string | null)[], type: AppointmentCell['type'] = 'video'): AppointmentCell {
  return { id: String(startMs), start: new Date(startMs).toISOString(), end: new Date(startMs + minutes * MIN).toISOString(), status: 'scheduled', type, providerId: 'p', timeZone, clientNames: ['A B'], clientZones };
}
/** Every quarter hour from `fromIso` for `hours`. */
function quarters(fromIso: string, hours: number): number[] {
  const t0 = Date.parse(fromIso);
  return Array.from({ length: hours * 4 }, (_, i) => t0 + i * 15 * MIN);
}

const DAYS: [string, string][] = [
  ['an ordinary day', '2027-01-05T00:00:00Z'],
  ['the US spring change (America/New_York, March)', '2027-03-13T12:00:00Z'],
  ['the US fall change (America/New_York, November)', '2027-11-06T12:00:00Z'],
  ['the 2026 US spring change', '2026-03-07T12:00:00Z'],
  ['the 2026 US fall change', '2026-10-31T12:00:00Z'],
  ['the UK and EU spring change', '2027-03-27T12:00:00Z'],
  ["Lord Howe's half-hour fall-back", '2027-04-03T00:00:00Z'],
];
const VIEWERS = ['America/New_York', 'Asia/Kolkata', 'Europe/London', 'Asia/Kathmandu', 'Pacific/Chatham', 'Australia/Lord_Howe', 'UTC'];

describe('an event time text read from cached zone spans', () => {
  for (const [what, from] of DAYS) {
    it(`reads as Intl read it, on ${what}, for 15-minute, 50-minute and overnight events`, () => {
      for (const zone of VIEWERS) {
        for (const ms of quarters(from, 48)) {
          for (const minutes of [15, 50, 7 * 60]) {
            const s = new Date(ms).toISOString();
            const e = new Date(ms + minutes * MIN).toISOString();
            expect(fastTimes(s, e, zone), `${s} +${minutes} in ${zone}`).toBe(intlTimes(s, e, zone));
          }
        }
      }
    });
  }

  it("names the provider's and the clients' own times as before, when they differ from the viewer's zone", () => {
    const others = ['America/Los_Angeles', 'Europe/London', 'Asia/Kolkata', null, 'America/New_York'];
    let differing = 0;
    for (const [, from] of DAYS) {
      for (const ms of quarters(from, 48)) {
        for (const viewer of ['America/New_York', 'Asia/Kolkata']) {
          const a = cell(ms, 15, 'America/New_York', others, ms % 2 ? 'audio' : 'video');
          const want = intlDetails(a, 'Dana Reyes', viewer);
          expect(details({ cell: a, providerName: 'Dana Reyes', highlight: false }, viewer), `${a.start} seen from ${viewer}`).toBe(want);
          if (want.includes('client:')) differing++;
        }
      }
    }
    expect(differing).toBeGreaterThan(100);
    // One example spelled out: a New York booking, a client in Kolkata, seen from Kolkata.
    const a = cell(Date.parse('2027-03-15T14:00:00Z'), 15, 'America/New_York', ['Asia/Kolkata', 'Europe/London']);
    expect(details({ cell: a, providerName: 'Dana Reyes', highlight: false }, 'Asia/Kolkata').replace(/\s/g, ' ')).toBe(' · Dana: 10:00 AM EDT · client: 7:30 PM GMT+5:30 · client: 2:00 PM GMT');
  });
});

describe('a month of 2,000 events', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  /** The bench's month: 65 daily series of 15-minute events from 06:00 New York, a tenth with clients elsewhere. */
  function month(): AppointmentCell[] {
    const cells: AppointmentCell[] = [];
    for (let day = 0; day < 31; day++) {
      for (let s = 0; s < 65 && cells.length < 2000; s++) {
        const local = Date.UTC(2027, 2, 1 + day, 6, s * 15);
        const offset = day >= 13 ? 4 * 60 * MIN : 5 * 60 * MIN; // EDT from March 14
        cells.push(cell(local + offset, 15, 'America/New_York', s % 10 === 0 ? [s % 20 === 0 ? 'America/Los_Angeles' : 'Europe/London'] : [null]));
      }
    }
    return cells;
  }

  it('asks Intl a handful of times, and reads as before', async () => {
    const cells = month();
    expect(cells).toHaveLength(2000);
    // Fresh modules: no zone span or time text remembered from the tests above.
    vi.resetModules();
    const fresh = await import('./calendarEventBody.js');
    const freshTime = await import('../../../lib/time.js');
    const proto = Intl.DateTimeFormat.prototype;
    // `format` is a getter (it returns a bound function): each call reads it once.
    const formats = vi.spyOn(proto as unknown as { format: unknown }, 'format', 'get');
    const parts = vi.spyOn(proto, 'formatToParts');
    const texts = cells.map((c) => freshTime.fastTimes(c.start, c.end, 'America/New_York') + fresh.details({ cell: c, providerName: 'Dana Reyes', highlight: false }, 'America/New_York'));
    const calls = formats.mock.calls.length + parts.mock.calls.length;
    vi.restoreAllMocks();
    expect(texts).toEqual(cells.map((c) => intlTimes(c.start, c.end, 'America/New_York') + intlDetails(c, 'Dana Reyes', 'America/New_York')));
    // New York, Los Angeles and London: a few probes a day each, and one text per distinct time.
    expect(calls).toBeLessThan(500);

    // The micro-benchmark (printed, not asserted: the machine is shared).
    const run = (f: (c: AppointmentCell) => string) => {
      const t0 = performance.now();
      for (const c of cells) f(c);
      return performance.now() - t0;
    };
    const before = (c: AppointmentCell) => intlTimes(c.start, c.end, 'America/New_York') + intlDetails(c, 'Dana Reyes', 'America/New_York');
    const after = (c: AppointmentCell) => fastTimes(c.start, c.end, 'America/New_York') + details({ cell: c, providerName: 'Dana Reyes', highlight: false }, 'America/New_York');
    const f2 = vi.spyOn(proto as unknown as { format: unknown }, 'format', 'get');
    const p2 = vi.spyOn(proto, 'formatToParts');
    cells.forEach(before);
    const beforeCalls = f2.mock.calls.length + p2.mock.calls.length;
    vi.restoreAllMocks();
    const rounds: [number, number][] = [];
    for (let i = 0; i < 7; i++) rounds.push([run(before), run(after)]);
    const median = (xs: number[]) => xs.sort((x, y) => x - y)[3]!;
    console.log(`2,000 event texts: Intl per event ${median(rounds.map((r) => r[0])).toFixed(2)} ms, zone spans ${median(rounds.map((r) => r[1])).toFixed(2)} ms (median of 7, same run); Intl calls: ${beforeCalls} per event before, ${calls} from cold now`);
  });
});
