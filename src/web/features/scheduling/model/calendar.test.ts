// The calendar's events from cells: memoized across refetches (an unchanged cell keeps its event
// object, an unchanged range its very array), the provider filter; the month grid's days (a busy
// day summarized by local date, an unchanged day kept) and weeks.
import { describe, expect, it } from 'vitest';
import type { AppointmentCell } from '../../../../shared/scheduling.js';
import { CalendarEvents, cellsOf, MonthDays, monthDays, monthWeeks } from './calendar.js';

const NY = 'America/New_York';
const cell = (id: string, start: string, over: Partial<AppointmentCell> = {}): AppointmentCell => ({
  id,
  start,
  end: new Date(Date.parse(start) + 15 * 60_000).toISOString(),
  status: 'scheduled',
  type: 'video',
  providerId: 'p1',
  timeZone: NY,
  clientNames: [`Client ${id}`],
  clientZones: [null],
  ...over,
});
const colors = new Map([['p1', '#0b5cad'], ['p2', '#1e6b34']]);
const names = new Map([['p1', 'Robin Alvarez'], ['p2', 'Jordan Kim']]);
// Mar 2 2027, 9:00 New York onwards, a quarter hour apart.
const day = (n: number, date = '2027-03-02') => Array.from({ length: n }, (_, i) => cell(`${date}-${i}`, new Date(Date.parse(`${date}T14:00:00Z`) + i * 15 * 60_000).toISOString()));

describe('CalendarEvents', () => {
  it('keeps the same array for a refetch that changes nothing, and each unchanged event object when one cell changes', () => {
    const memo = new CalendarEvents();
    const first = memo.of(day(3), colors, names, true, null);
    expect(first).toHaveLength(3);
    // A refetch: new objects with the same values.
    expect(memo.of(day(3).map((c) => ({ ...c })), colors, names, true, null)).toBe(first);
    const changed = day(3);
    changed[1] = { ...changed[1]!, status: 'confirmed' };
    const next = memo.of(changed, colors, names, true, null);
    expect(next).not.toBe(first);
    expect(next[0]).toBe(first[0]);
    expect(next[1]).not.toBe(first[1]);
    expect(next[1]!.classNames).toContain('cal-confirmed');
    expect(next[2]).toBe(first[2]);
    // Pointing one out redraws that one only.
    const marked = memo.of(changed, colors, names, true, changed[2]!.id);
    expect(marked[0]).toBe(next[0]);
    expect(marked[2]).not.toBe(next[2]);
    expect(marked[2]!.classNames).toContain('cal-highlight');
  });
});

describe('monthDays (the month grid)', () => {
  it('groups by the local date in the display zone and always draws the appointment pointed out', () => {
    // 11:30 pm New York on Mar 2 is Mar 3 in UTC: it stays on Mar 2.
    const late = cell('late', '2027-03-03T04:30:00Z');
    const cells = [...day(6), late];
    const mar2 = monthDays(cells, NY, '2027-03-01', 5, 'late').get('2027-03-02')!;
    expect(mar2.more).toMatchObject({ date: '2027-03-02', hidden: 2 });
    expect(mar2.more!.cells).toHaveLength(7);
    expect(mar2.shown.map((c) => c.id)).toEqual([...day(4).map((c) => c.id), 'late']);
    const utc = monthDays(cells, 'UTC', '2027-03-01', 5, null);
    expect(utc.get('2027-03-02')!.more).toMatchObject({ hidden: 2 });
    expect(utc.get('2027-03-03')!.shown.map((c) => c.id)).toEqual(['late']);
  });

  it('places each cell on its local date, a busy day as its first four and "+N more", across DST and the month edges', () => {
    // Mar 14 2027 (US DST starts): 11:30 pm New York is already Mar 15 in UTC; it stays on Mar 14.
    const dst = cell('dst', '2027-03-15T03:30:00Z');
    // Started Feb 28 at 11:30 pm New York, reaching into March: drawn on Mar 1, before Mar 1's own.
    const early = cell('early', '2027-03-01T04:30:00Z', { end: '2027-03-01T06:00:00Z' });
    const mar1 = cell('mar1', '2027-03-01T14:00:00Z');
    const days = monthDays([early, mar1, ...day(7), dst], NY, '2027-03-01', 5, null);
    expect(days.get('2027-03-01')!.shown.map((c) => c.id)).toEqual(['early', 'mar1']);
    expect(days.get('2027-02-28')).toBeUndefined();
    expect(days.get('2027-03-14')!.shown.map((c) => c.id)).toEqual(['dst']);
    expect(days.get('2027-03-15')).toBeUndefined();
    const busy = days.get('2027-03-02')!;
    expect(busy.shown).toHaveLength(4);
    expect(busy.more).toMatchObject({ date: '2027-03-02', hidden: 3 });
    expect(busy.more!.cells).toHaveLength(7);
    // In UTC the late one is Mar 15.
    expect(monthDays([dst], 'UTC', '2027-03-01', 5, null).get('2027-03-15')!.shown).toHaveLength(1);
  });

  it('keeps an unchanged day’s object across a redraw, and draws the one pointed out even past the max', () => {
    const memo = new MonthDays();
    const cells = [...day(7), ...day(2, '2027-03-03')];
    const first = memo.of(cells, NY, '2027-03-01', 3, null);
    const changed = [...cells];
    changed[7] = { ...changed[7]!, status: 'confirmed' };
    const next = memo.of(changed, NY, '2027-03-01', 3, null);
    expect(next.get('2027-03-02')).toBe(first.get('2027-03-02'));
    expect(next.get('2027-03-03')).not.toBe(first.get('2027-03-03'));
    const marked = memo.of(changed, NY, '2027-03-01', 3, cells[6]!.id);
    expect(marked.get('2027-03-02')!.shown.map((c) => c.id)).toEqual([cells[0]!.id, cells[1]!.id, cells[6]!.id]);
    expect(marked.get('2027-03-02')!.more!.hidden).toBe(4);
  });
});

describe('monthWeeks', () => {
  it('lays a month out in weeks from the week start, blank outside the month', () => {
    // March 2027 starts on a Monday and has 31 days: five weeks from Monday.
    const mar = monthWeeks('2027-03-01', 1);
    expect(mar).toHaveLength(5);
    expect(mar[0]).toEqual(['2027-03-01', '2027-03-02', '2027-03-03', '2027-03-04', '2027-03-05', '2027-03-06', '2027-03-07']);
    expect(mar[4]).toEqual(['2027-03-29', '2027-03-30', '2027-03-31', null, null, null, null]);
    // February 2027 from Sunday: Feb 1 is a Monday; 28 days, five rows.
    const feb = monthWeeks('2027-02-01', 0);
    expect(feb[0]![0]).toBeNull();
    expect(feb[0]![1]).toBe('2027-02-01');
    expect(feb.flat().filter(Boolean)).toHaveLength(28);
    // February 2028 is a leap month.
    expect(monthWeeks('2028-02-01', 1).flat().filter(Boolean)).toHaveLength(29);
  });
});

describe('cellsOf', () => {
  it('filters the loaded range by provider, all of it for none', () => {
    const cells = [cell('a', '2027-03-02T14:00:00Z'), cell('b', '2027-03-02T15:00:00Z', { providerId: 'p2' })];
    expect(cellsOf(cells, 'p2').map((c) => c.id)).toEqual(['b']);
    expect(cellsOf(cells, '')).toBe(cells);
  });
});
