import { describe, expect, it } from 'vitest';
import { localDate } from './localDate.js';

/** Intl's answer, asked afresh: what localDate must agree with. */
function intlDate(ms: number, zone: string): string {
  return new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit', timeZone: zone }).format(ms);
}

/** Every `step` minutes from `from` for `hours` hours, as ISO instants. */
function instants(from: string, hours: number, step: number): string[] {
  const start = Date.parse(from);
  return Array.from({ length: (hours * 60) / step }, (_, i) => new Date(start + i * step * 60_000).toISOString());
}

// The days around each zone's changes of 2027 (or its midnight itself for a zone without DST).
const CASES: [zone: string, from: string][] = [
  ['America/New_York', '2027-03-13T00:00:00Z'], // spring forward, March 14: a 23-hour day
  ['America/New_York', '2027-11-06T00:00:00Z'], // fall back, November 7: a 25-hour day
  ['Asia/Kolkata', '2027-03-13T00:00:00Z'], // +05:30, no DST: midnight at 18:30 UTC
  ['Asia/Kathmandu', '2027-03-13T00:00:00Z'], // +05:45: midnight at 18:15 UTC
  ['Australia/Lord_Howe', '2027-04-02T00:00:00Z'], // a half-hour DST change, April 4
  ['America/Santiago', '2027-04-02T00:00:00Z'], // the clock set back at midnight, April 4
];

describe('localDate', () => {
  it.each(CASES)('agrees with Intl every 5 minutes over 4 days in %s from %s, in order', (zone, from) => {
    for (const iso of instants(from, 96, 5)) expect([iso, localDate(iso, zone)]).toEqual([iso, intlDate(Date.parse(iso), zone)]);
  });

  it.each(CASES)('agrees with Intl in %s from %s when the instants come in no order (another zone asked between)', (zone, from) => {
    const all = instants(from, 96, 7);
    // A fixed shuffle: the cache of the day last found must never answer for another day.
    const mixed = all.map((iso, i) => [iso, (i * 7919) % all.length] as const).sort((a, b) => a[1] - b[1]);
    for (const [iso] of mixed) {
      expect([iso, localDate(iso, zone)]).toEqual([iso, intlDate(Date.parse(iso), zone)]);
      expect(localDate(iso, 'UTC')).toBe(iso.slice(0, 10));
    }
  });

  it('answers to the second on each side of New York midnight and of its DST change', () => {
    const zone = 'America/New_York';
    expect(localDate('2027-03-14T04:59:59.999Z', zone)).toBe('2027-03-13');
    expect(localDate('2027-03-14T05:00:00.000Z', zone)).toBe('2027-03-14');
    expect(localDate('2027-03-15T03:59:59.999Z', zone)).toBe('2027-03-14');
    expect(localDate('2027-03-15T04:00:00.000Z', zone)).toBe('2027-03-15');
    expect(localDate('2027-11-08T04:59:59.999Z', zone)).toBe('2027-11-07');
    expect(localDate('2027-11-08T05:00:00.000Z', zone)).toBe('2027-11-08');
  });

  it('refuses an instant that is not one, as Intl does', () => {
    expect(() => localDate('not a date', 'Asia/Kolkata')).toThrow(RangeError);
  });
});
