// Open slots, computed in the provider's zone: around DST changes in the five zones of the
// scheduling suite, buffers on both sides, blocked time, the notice period and the half-open range.
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import type { WorkingInterval } from '../../../shared/availability.js';
import { openSlots, type SlotInput } from './slots.js';

const at = (local: string, zone: string) => DateTime.fromISO(local, { zone }).toMillis();
const localOf = (ms: number, zone: string) => DateTime.fromMillis(ms, { zone }).toFormat('yyyy-MM-dd HH:mm');
const utc = (ms: number) => new Date(ms).toISOString().slice(0, 16);

function slots(over: Partial<SlotInput> & Pick<SlotInput, 'zone' | 'hours' | 'from' | 'to'>) {
  return openSlots({ bufferMinutes: 0, lengthMinutes: 50, gridMinutes: 30, notBefore: 0, busy: [], blocked: [], ...over });
}

const weekdays = (start: string, end: string): WorkingInterval[] => [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start, end }));

describe('open slots', () => {
  it('a 9:00 start stays 9:00 local across the fall-back weekend (Los Angeles)', () => {
    const zone = 'America/Los_Angeles';
    // Friday 30 Oct (PDT) to Monday 2 Nov 2026 (PST).
    const out = slots({ zone, hours: weekdays('09:00', '10:00'), from: at('2026-10-30T00:00', zone), to: at('2026-11-03T00:00', zone) });
    expect(out.map((s) => localOf(s.start, zone))).toEqual(['2026-10-30 09:00', '2026-11-02 09:00']);
    expect(out.map((s) => utc(s.start))).toEqual(['2026-10-30T16:00', '2026-11-02T17:00']);
    expect(out.every((s) => s.end - s.start === 50 * 60_000)).toBe(true);
  });

  it.each([
    // zone, a Monday before its change, a Monday after it, UTC hour of 16:00 local before and after
    ['America/New_York', '2026-03-02', '2026-03-09', '21:00', '20:00'],
    ['America/Phoenix', '2026-03-02', '2026-03-09', '23:00', '23:00'],
    ['Europe/London', '2026-03-23', '2026-03-30', '16:00', '15:00'],
    ['Australia/Sydney', '2026-03-30', '2026-04-06', '05:00', '06:00'],
    ['Australia/Sydney', '2026-09-28', '2026-10-05', '06:00', '05:00'],
  ])('%s: a Monday 16:00 hour gives 16:00 local on both sides of the change (%s → %s)', (zone, before, after, utcBefore, utcAfter) => {
    const hours = [{ weekday: 1, start: '16:00', end: '17:00' }];
    const out = slots({ zone, hours, from: at(`${before}T00:00`, zone), to: at(`${after}T23:59`, zone) });
    expect(out.map((s) => localOf(s.start, zone))).toEqual([`${before} 16:00`, `${after} 16:00`]);
    expect(out.map((s) => utc(s.start).slice(11))).toEqual([utcBefore, utcAfter]);
  });

  it('skips the hour the clock jumps over (spring forward) and offers a repeated hour once (fall back)', () => {
    const zone = 'America/Los_Angeles';
    const hours = [{ weekday: 7, start: '00:00', end: '04:00' }];
    // Sunday 8 March 2026: 02:00–02:59 does not exist.
    const spring = slots({ zone, hours, lengthMinutes: 30, from: at('2026-03-08T00:00', zone), to: at('2026-03-09T00:00', zone) });
    expect(spring.map((s) => localOf(s.start, zone).slice(11))).toEqual(['00:00', '00:30', '01:00', '01:30', '03:00', '03:30']);
    // 01:30 PST + 30 minutes is 03:00 PDT: still inside the interval, which ends at 04:00 PDT.
    expect(utc(spring[3]!.end)).toBe(utc(at('2026-03-08T03:00', zone)));
    // Sunday 1 November 2026: 01:00–01:59 happens twice; each start is one instant, offered once.
    const fall = slots({ zone, hours, lengthMinutes: 30, from: at('2026-11-01T00:00', zone), to: at('2026-11-02T00:00', zone) });
    expect(fall.map((s) => localOf(s.start, zone).slice(11))).toEqual(['00:00', '00:30', '01:00', '01:30', '02:00', '02:30', '03:00', '03:30']);
    expect(new Set(fall.map((s) => s.start)).size).toBe(fall.length);
    // A repeated wall time resolves (scheduling/time.ts, luxon) to the standard-time instant: 01:00 PST.
    expect(utc(fall[2]!.start)).toBe('2026-11-01T09:00');
  });

  it('keeps the buffer clear on both sides of a busy interval, and skips blocked time', () => {
    const zone = 'UTC';
    const day = (t: string) => at(`2026-06-01T${t}`, zone); // a Monday
    const out = slots({
      zone,
      hours: [{ weekday: 1, start: '09:00', end: '17:00' }],
      bufferMinutes: 10,
      busy: [{ start: day('11:00'), end: day('11:50') }],
      blocked: [{ start: day('14:00'), end: day('15:30') }],
      from: day('00:00'),
      to: day('23:59'),
    });
    // 10:00–10:50 ends exactly where the buffer before 11:00 begins; 12:00 is exactly past the one after 11:50.
    expect(out.map((s) => utc(s.start).slice(11))).toEqual(['09:00', '09:30', '10:00', '12:00', '12:30', '13:00', '15:30', '16:00']);
  });

  it('starts no slot before notBefore, only inside [from, to), and never runs past the interval end', () => {
    const zone = 'UTC';
    const day = (t: string) => at(`2026-06-02T${t}`, zone); // a Tuesday
    const hours = [
      { weekday: 2, start: '09:00', end: '10:45' },
      { weekday: 2, start: '22:00', end: '24:00' },
    ];
    expect(slots({ zone, hours, from: day('00:00'), to: day('23:59') }).map((s) => utc(s.start).slice(11))).toEqual(['09:00', '09:30', '22:00', '22:30', '23:00']);
    expect(slots({ zone, hours, from: day('09:30'), to: day('22:00') }).map((s) => utc(s.start).slice(11))).toEqual(['09:30']);
    expect(slots({ zone, hours, from: day('00:00'), to: day('23:59'), notBefore: day('09:31') }).map((s) => utc(s.start).slice(11))).toEqual(['22:00', '22:30', '23:00']);
    // Midnight (24:00) closes the evening interval: 23:00 + 50 minutes ends at 23:50.
    expect(slots({ zone, hours, from: day('00:00'), to: day('23:59') }).at(-1)!.end).toBe(day('23:50'));
  });

  it('no hours, no slots', () => {
    expect(slots({ zone: 'UTC', hours: [], from: 0, to: Date.UTC(2027, 0, 1) })).toEqual([]);
  });
});
