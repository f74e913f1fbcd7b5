// The calendar's events from cells: memoized across refetches (an unchanged cell keeps its event
// object, an unchanged month its very array), the provider filter, and a busy month day summarized.
import { describe, expect, it } from 'vitest';
import type { AppointmentCell } from '../../../../shared/scheduling.js';
import { CalendarEvents, cellsOf, type MoreProps, summarizeMonth } from './calendar.js';

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
    const first = memo.of(day(3), colors, names, true, null, null);
    expect(first).toHaveLength(3);
    // A refetch: new objects with the same values.
    expect(memo.of(day(3).map((c) => ({ ...c })), colors, names, true, null, null)).toBe(first);
    const changed = day(3);
    changed[1] = { ...changed[1]!, status: 'confirmed' };
    const next = memo.of(changed, colors, names, true, null, null);
    expect(next).not.toBe(first);
    expect(next[0]).toBe(first[0]);
    expect(next[1]).not.toBe(first[1]);
    expect(next[1]!.classNames).toContain('cal-confirmed');
    expect(next[2]).toBe(first[2]);
    // Pointing one out redraws that one only.
    const marked = memo.of(changed, colors, names, true, changed[2]!.id, null);
    expect(marked[0]).toBe(next[0]);
    expect(marked[2]).not.toBe(next[2]);
    expect(marked[2]!.classNames).toContain('cal-highlight');
  });

  it('summarizes a month day holding more than its max as "+N more" listing the whole day', () => {
    const memo = new CalendarEvents();
    const cells = [...day(8), ...day(2, '2027-03-03')];
    const events = memo.of(cells, colors, names, true, null, { zone: NY, max: 5 });
    // Mar 2: four drawn and "+4 more"; Mar 3: both drawn.
    expect(events).toHaveLength(4 + 2 + 1);
    const more = events.find((e) => String(e.id).startsWith('more:'))!;
    const props = more.extendedProps as MoreProps;
    expect(props.more).toMatchObject({ date: '2027-03-02', hidden: 4 });
    expect(props.more.cells).toHaveLength(8);
    expect(more.startEditable).toBe(false);
    expect(memo.of(cells.map((c) => ({ ...c })), colors, names, true, null, { zone: NY, max: 5 })).toBe(events);
  });
});

describe('summarizeMonth', () => {
  it('groups by the local date in the display zone and always draws the appointment pointed out', () => {
    // 11:30 pm New York on Mar 2 is Mar 3 in UTC: it stays on Mar 2.
    const late = cell('late', '2027-03-03T04:30:00Z');
    const cells = [...day(6), late];
    const { drawn, more } = summarizeMonth(cells, NY, 5, 'late');
    expect(more).toHaveLength(1);
    expect(more[0]).toMatchObject({ date: '2027-03-02', hidden: 2 });
    expect(drawn.map((c) => c.id)).toEqual([...day(4).map((c) => c.id), 'late']);
    expect(summarizeMonth(cells, 'UTC', 5, null).more).toHaveLength(1);
    expect(summarizeMonth(cells, 'UTC', 5, null).drawn.map((c) => c.id)).toContain('late');
  });
});

describe('cellsOf', () => {
  it('filters the loaded range by provider, all of it for none', () => {
    const cells = [cell('a', '2027-03-02T14:00:00Z'), cell('b', '2027-03-02T15:00:00Z', { providerId: 'p2' })];
    expect(cellsOf(cells, 'p2').map((c) => c.id)).toEqual(['b']);
    expect(cellsOf(cells, '')).toBe(cells);
  });
});
