// The calendar's cells on the wire: what the server encodes decodes to the very cells it started
// from (crossing midnight, over the US change to daylight time, couples, names and zones the viewer
// may not see), the encoded page passes its own schema, and a month of 2,000 is small plain.
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { decodeCells, encodeCells } from './calendar-cells.js';
import { type AppointmentCell, type AppointmentCellList, AppointmentCellPage, APPOINTMENT_STATUSES, APPOINTMENT_TYPES } from './scheduling.js';

const NY = 'America/New_York';
const LA = 'America/Los_Angeles';
const PROVIDERS = ['0190d8b1-5c2a-7000-8000-000000000001', '0190d8b1-5c2a-7000-8000-000000000002'];

function cell(id: string, localStart: string, minutes: number, zone: string, over: Partial<AppointmentCell> = {}): AppointmentCell {
  const start = DateTime.fromISO(localStart, { zone });
  return {
    id,
    start: start.toUTC().toISO()!,
    end: start.plus({ minutes }).toUTC().toISO()!,
    status: 'scheduled',
    type: 'video',
    providerId: PROVIDERS[0]!,
    timeZone: zone,
    clientNames: ['Marigold Quince'],
    clientZones: [LA],
    ...over,
  };
}

const page = (items: AppointmentCell[], nextCursor: string | null = null): AppointmentCellList => ({ items, total: items.length + (nextCursor ? 100 : 0), nextCursor });

/** Through JSON, as it travels, and through the schema, as the SPA reads it. */
const travel = (p: AppointmentCellList) => decodeCells(AppointmentCellPage.parse(JSON.parse(JSON.stringify(encodeCells(p)))));

describe('calendar cells on the wire', () => {
  const month = page([
    // Crossing midnight, in the provider's zone and in the client's.
    cell('a-midnight', '2027-03-01T23:30', 60, NY),
    // Over the skipped hour of March 14: 60 minutes of real time from 1:30 EST.
    cell('b-gap', '2027-03-14T01:30', 60, NY, { type: 'audio', clientNames: ['Baz Thorne'], clientZones: [null] }),
    // The first occurrences after the change, and one on the November change back (25-hour day).
    cell('c-after', '2027-03-15T09:00', 50, NY, { status: 'confirmed' }),
    cell('d-fallback', '2027-11-07T01:30', 90, NY, { status: 'checked_in' }),
    // A couple in London time, one client the viewer may not see, another provider.
    cell('e-couple', '2027-03-20T10:00', 50, 'Europe/London', { type: 'in_person', providerId: PROVIDERS[1]!, clientNames: ['Baz Thorne', null], clientZones: [null, 'Europe/London'] }),
    // Cancelled, no clients at all, an odd length with seconds.
    cell('f-cancelled', '2027-03-21T08:15', 45, LA, { status: 'cancelled', clientNames: [], clientZones: [] }),
    { ...cell('g-seconds', '2027-03-22T08:15:07.250', 0, NY), end: DateTime.fromISO('2027-03-22T08:45:08.001', { zone: NY }).toUTC().toISO()! },
    // The same name in two zones is two clients; a half-hour zone.
    cell('h-twins', '2027-03-23T12:00', 720, 'Asia/Kolkata', { status: 'no_show', clientNames: ['Ivy Lark', 'Ivy Lark'], clientZones: ['Europe/London', null] }),
  ]);

  it('decodes to the very cells encoded, field for field and in order', () => {
    expect(travel(month)).toEqual(month);
    expect(travel(page(month.items.slice(2, 4), 'b2Zmc2V0OjQ'))).toEqual(page(month.items.slice(2, 4), 'b2Zmc2V0OjQ'));
    expect(travel(page([]))).toEqual(page([]));
  });

  it('writes each provider, zone and client once per page, and ends as minutes from the start', () => {
    const wire = encodeCells(month);
    expect(wire.providers).toEqual(PROVIDERS);
    expect(wire.zones).toEqual([NY, LA, 'Europe/London', 'Asia/Kolkata']);
    expect(wire.clients).toEqual([
      ['Marigold Quince', 1],
      ['Baz Thorne', null],
      [null, 2],
      ['Ivy Lark', 2],
      ['Ivy Lark', null],
    ]);
    expect(wire.items[0]).toEqual(['a-midnight', Date.parse('2027-03-02T04:30:00.000Z'), 60, 'scheduled', 'video', 0, 0, [0]]);
    expect(wire.items[1]![1]).toBe(Date.parse('2027-03-14T06:30:00.000Z'));
    expect(wire.items[1]![2]).toBe(60);
    expect(wire.items[3]![2]).toBe(90);
    expect(wire.items[4]!.slice(5)).toEqual([1, 2, [1, 2]]);
    expect(wire.items[6]![2]).toBeCloseTo(30.01252, 5);
  });

  it('refuses a page naming a provider, zone or client it does not hold', () => {
    const wire = encodeCells(month);
    const bad = (row: number, col: 5 | 6, value: number) => ({ ...wire, items: wire.items.map((r, i) => (i === row ? (r.map((v, j) => (j === col ? value : v)) as typeof r) : r)) });
    expect(() => decodeCells(bad(0, 5, 2))).toThrow(/provider 2 of 2/);
    expect(() => decodeCells(bad(0, 6, 9))).toThrow(/zone 9 of 4/);
    expect(() => decodeCells({ ...wire, items: [['x', 0, 1, 'scheduled', 'video', 0, 0, [5]]] })).toThrow(/client 5 of 5/);
    expect(() => decodeCells({ ...wire, clients: [['Ivy Lark', 7]] })).toThrow(/zone 7 of 4/);
  });

  it('a busy month of 2,000 cells is at most 100 bytes a cell as plain JSON', () => {
    const zones = [NY, LA, 'America/Chicago', 'Europe/London'];
    const names = Array.from({ length: 40 }, (_, i) => `Client${i} Lastname${i}`);
    const cells = Array.from({ length: 2000 }, (_, i) =>
      cell(`0190d8b1-5c2a-7${String(i).padStart(3, '0')}-8000-00000000${String(i).padStart(4, '0')}`, DateTime.fromISO('2027-03-01T08:00', { zone: NY }).plus({ minutes: 20 * i }).toISO()!.slice(0, 16), 50, NY, {
        status: APPOINTMENT_STATUSES[i % APPOINTMENT_STATUSES.length]!,
        type: APPOINTMENT_TYPES[i % APPOINTMENT_TYPES.length]!,
        providerId: PROVIDERS[i % 2]!,
        clientNames: [names[i % names.length]!],
        clientZones: [zones[i % zones.length]!],
      }),
    );
    const full = JSON.stringify(page(cells)).length;
    const compact = JSON.stringify(encodeCells(page(cells))).length;
    expect(compact).toBeLessThanOrEqual(2000 * 100);
    expect(compact / full).toBeLessThan(0.4);
    expect(travel(page(cells))).toEqual(page(cells));
  });
});
