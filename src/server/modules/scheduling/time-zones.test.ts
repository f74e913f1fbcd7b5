// The time-zone suite: series and reschedules around the DST transitions of America/Los_Angeles,
// America/New_York, America/Phoenix (no DST), Europe/London and Australia/Sydney (southern
// hemisphere: clocks go forward in October). Local wall-clock times must hold while the UTC
// instants move with the offset.
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../lib/clock.js';
import { createPractice, type PracticeFixture } from '../../testing/actors.js';
import { testDialects } from '../../testing/dialects.js';
import { createHarness, type Harness } from '../../testing/harness.js';
import { expand, parseRule } from './recurrence.js';
import { OFFSETS, ZONES } from '../../testing/zones.js';

const inZone = (ms: number, zone: string) => DateTime.fromMillis(ms, { zone });

describe('recurrence expansion across DST', () => {
  for (const zone of ZONES) {
    it(`${zone}: a weekly Thursday 4 pm series stays at 4 pm local through both changes`, () => {
      const occ = expand(parseRule('FREQ=WEEKLY;COUNT=30'), { date: '2026-10-01', time: '16:00' }, zone, 104);
      expect(occ).toHaveLength(30);
      for (const o of occ) {
        const d = inZone(o.start, zone);
        expect(d.toFormat('HH:mm ccc'), d.toISO()!).toBe('16:00 Thu');
        expect(d.toFormat('yyyy-MM-dd')).toBe(o.local.date);
      }
      const offsets = new Set(occ.map((o) => inZone(o.start, zone).offset));
      expect([...offsets].sort()).toEqual([...OFFSETS[zone]].sort());
    });

    it(`${zone}: monthly on the second Tuesday at 9:30 keeps the weekday rule and the hour`, () => {
      const occ = expand(parseRule('RRULE:FREQ=MONTHLY;BYDAY=2TU;COUNT=8'), { date: '2026-10-13', time: '09:30' }, zone, 104);
      expect(occ).toHaveLength(8);
      for (const o of occ) {
        const d = inZone(o.start, zone);
        expect(d.toFormat('HH:mm ccc')).toBe('09:30 Tue');
        expect(Math.ceil(d.day / 7)).toBe(2);
      }
    });

    it(`${zone}: every 2 weeks until a date includes that whole local day`, () => {
      const occ = expand(parseRule('FREQ=WEEKLY;INTERVAL=2;UNTIL=20270304'), { date: '2026-10-01', time: '18:00' }, zone, 104);
      expect(occ.at(-1)!.local).toEqual({ date: '2027-03-04', time: '18:00' });
      expect(occ).toHaveLength(12);
    });
  }

  it('a daily 2:30 am series in New York moves the one in the spring-forward gap to 3:30', () => {
    const occ = expand(parseRule('FREQ=DAILY;COUNT=3'), { date: '2027-03-13', time: '02:30' }, 'America/New_York', 104);
    expect(occ.map((o) => inZone(o.start, 'America/New_York').toFormat('MM-dd HH:mm'))).toEqual(['03-13 02:30', '03-14 03:30', '03-15 02:30']);
  });

  it('UNTIL as a UTC instant is compared in local time', () => {
    // 2026-11-05T00:30Z is 2026-11-04 16:30 in Los Angeles: the 4 pm occurrence that day is in.
    const occ = expand(parseRule('FREQ=DAILY;UNTIL=20261105T003000Z'), { date: '2026-11-02', time: '16:00' }, 'America/Los_Angeles', 104);
    expect(occ.map((o) => o.local.date)).toEqual(['2026-11-02', '2026-11-03', '2026-11-04']);
  });
});

describe.each(testDialects())('series and reschedules across DST through the API on %s', (dialect) => {
  let h: Harness;
  let p: PracticeFixture & { totpSecret?: string };
  let clientId: string;
  beforeAll(async () => {
    h = await createHarness(dialect, { clock: new ManualClock(Date.UTC(2026, 8, 1, 12)) });
    p = await createPractice(h);
    clientId = (await p.owner.post('/api/clients', { firstName: 'Rowan', lastName: 'Vale', dateOfBirth: '1988-04-04' })).json().id;
  });
  afterAll(async () => h?.close());

  for (const zone of ZONES) {
    it(`${zone}: moving "all" to Friday 6 pm keeps every occurrence at Friday 6 pm local`, async () => {
      const first = DateTime.fromISO('2026-10-01T16:00', { zone });
      const booked = await p.owner.post('/api/appointments', {
        clientIds: [clientId],
        providerId: p.userId,
        start: first.toISO(),
        durationMinutes: 45,
        timeZone: zone,
        type: 'video',
        recurrence: 'FREQ=WEEKLY;COUNT=30',
      });
      expect(booked.statusCode, booked.body).toBe(201);
      const { id, seriesId } = booked.json();
      const moved = await p.owner.patch(`/api/appointments/${id}`, { start: DateTime.fromISO('2026-10-02T18:00', { zone }).toISO(), scope: 'all' });
      expect(moved.statusCode, moved.body).toBe(200);
      const res = await p.owner.get(`/api/appointments?from=2026-09-01T00:00:00Z&to=2027-06-01T00:00:00Z&limit=5000`);
      const mine = (res.json().items as { seriesId: string; start: string; end: string; timeZone: string }[]).filter((i) => i.seriesId === seriesId);
      expect(mine).toHaveLength(30);
      for (const a of mine) {
        expect(a.timeZone).toBe(zone);
        expect(DateTime.fromISO(a.start, { zone }).toFormat('ccc HH:mm')).toBe('Fri 18:00');
        expect(DateTime.fromISO(a.end).diff(DateTime.fromISO(a.start), 'minutes').minutes).toBe(45);
      }
      // Cancel them all so the next zone's series (same provider, other instants) never collides.
      expect((await p.owner.post(`/api/appointments/${id}/cancel`, { scope: 'all' })).statusCode).toBe(200);
    });
  }
});
