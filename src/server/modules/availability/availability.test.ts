// Provider availability through the HTTP API on every test database: working hours and their
// validation (a 400 naming the field, nothing saved), who may edit whose, blocked time with an
// encrypted label, audit rows, and the open slots computed from it all on a DST day.
import { DateTime } from 'luxon';
import { beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../lib/clock.js';
import type { PracticeFixture } from '../../testing/actors.js';
import { testDialects } from '../../testing/dialects.js';
import { teamSuite } from '../../testing/suite.js';

const NY = 'America/New_York';
const weekdays = (start: string, end: string) => [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start, end }));

describe.each(testDialects())('availability on %s', (dialect) => {
  // Thursday 29 October 2026, noon UTC: New York's clocks go back on Sunday 1 November.
  const clock = new ManualClock(Date.UTC(2026, 9, 29, 12, 0, 0));
  const { h, p, other, staff } = teamSuite(dialect, { smtp: true, clock }, ['provider', 'provider2', 'front_desk', 'billing']);
  let serviceId: string;
  let clientId: string;

  const put = (actor: { request: PracticeFixture['owner']['request'] }, providerId: string, body: unknown) => actor.request('PUT', `/api/providers/${providerId}/availability`, body);
  const local = (iso: string, zone = NY) => DateTime.fromISO(iso, { zone }).toISO()!;

  beforeAll(async () => {
    const svc = await p.owner.post('/api/practice/appointment-services', { name: 'Therapy 50', cptCode: '90834', defaultMinutes: 50, rateCents: 15000 });
    expect(svc.statusCode, svc.body).toBe(201);
    serviceId = svc.json().id;
    clientId = (await p.owner.post('/api/clients', { firstName: 'Juniper', lastName: 'Ash', dateOfBirth: '1988-02-02', providerIds: [staff.provider!.id] })).json().id;
  });

  it('refuses bad working hours with a 400 naming the field, and saves nothing', async () => {
    const good = { timeZone: NY, bufferMinutes: 10, hours: weekdays('09:00', '12:00') };
    const cases: [unknown, string][] = [
      [{ ...good, hours: [{ weekday: 1, start: '12:00', end: '09:00' }] }, 'hours.0.end'],
      [{ ...good, hours: [{ weekday: 1, start: '09:00', end: '09:00' }] }, 'hours.0.end'],
      [{ ...good, hours: [{ weekday: 2, start: '09:00', end: '12:00' }, { weekday: 2, start: '11:30', end: '13:00' }] }, 'hours.1'],
      [{ ...good, hours: [{ weekday: 8, start: '09:00', end: '12:00' }] }, 'hours.0.weekday'],
      [{ ...good, hours: [{ weekday: 1, start: '9am', end: '12:00' }] }, 'hours.0.start'],
      [{ ...good, hours: [{ weekday: 1, start: '24:00', end: '24:00' }] }, 'hours.0.start'],
      [{ ...good, timeZone: 'Mars/Olympus_Mons' }, 'timeZone'],
      [{ ...good, bufferMinutes: 121 }, 'bufferMinutes'],
      [{ ...good, bufferMinutes: -5 }, 'bufferMinutes'],
      [{ ...good, bufferMinutes: 7.5 }, 'bufferMinutes'],
      [{ ...good, extra: true }, 'extra'],
    ];
    for (const [body, field] of cases) {
      const res = await put(p.owner, staff.provider!.id, body);
      expect(res.statusCode, `${JSON.stringify(body)} → ${res.body}`).toBe(400);
      expect(res.json().error.field, JSON.stringify(body)).toBe(field);
    }
    expect((await p.owner.get(`/api/providers/${staff.provider!.id}/availability`)).json()).toMatchObject({ configured: false, hours: [], timeZone: null });
    expect(await h.database.db.selectFrom('provider_availability').selectAll().execute()).toEqual([]);
  });

  it('providers edit their own hours only; owners and front desk edit anyone’s; billing reads; other practices get 404', async () => {
    const body = { timeZone: NY, bufferMinutes: 10, hours: [...weekdays('09:00', '12:00'), { weekday: 3, start: '13:00', end: '17:00' }] };
    const own = await put(staff.provider!.actor, staff.provider!.id, body);
    expect(own.statusCode, own.body).toBe(200);
    // Stored sorted by weekday, then start.
    expect(own.json()).toMatchObject({ providerId: staff.provider!.id, configured: true, timeZone: NY, bufferMinutes: 10 });
    expect(own.json().hours.slice(2, 4)).toEqual([
      { weekday: 3, start: '09:00', end: '12:00' },
      { weekday: 3, start: '13:00', end: '17:00' },
    ]);
    expect((await put(staff.provider!.actor, staff.provider2!.id, body)).statusCode).toBe(403);
    expect((await put(staff.front_desk!.actor, staff.provider2!.id, { ...body, timeZone: 'Europe/London' })).statusCode).toBe(200);
    expect((await put(staff.billing!.actor, staff.provider2!.id, body)).statusCode).toBe(403);
    expect((await staff.billing!.actor.get(`/api/providers/${staff.provider2!.id}/availability`)).json().timeZone).toBe('Europe/London');
    // Not a provider (the front desk), and another practice's provider, answer 404.
    expect((await p.owner.get(`/api/providers/${staff.front_desk!.id}/availability`)).statusCode).toBe(404);
    expect((await other.owner.get(`/api/providers/${staff.provider!.id}/availability`)).statusCode).toBe(404);
    expect((await put(other.owner, staff.provider!.id, body)).statusCode).toBe(404);
    expect((await p.owner.get(`/api/providers/${staff.provider!.id}/availability`)).json().timeZone).toBe(NY);
    const audits = await h.database.db.selectFrom('audit_log').select(['action', 'actor_id']).where('resource_type', '=', 'provider_availability').where('resource_id', '=', staff.provider!.id).execute();
    expect(audits).toEqual([{ action: 'update', actor_id: staff.provider!.id }]);
  });

  it('blocked time: label encrypted at rest and shown only to those who may edit; provider-only edits; audited', async () => {
    const url = `/api/providers/${staff.provider!.id}/blocked-times`;
    const bad = await staff.provider!.actor.post(url, { start: '2026-11-10T10:00:00Z', end: '2026-11-10T09:00:00Z' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.field).toBe('end');
    expect((await staff.provider!.actor.post(url, { start: '2026-11-10T10:00:00Z', end: '2027-12-10T10:00:00Z' })).json().error.field).toBe('end');
    expect((await staff.provider!.actor.post(url, { start: '2026-11-10T10:00', end: '2026-11-10T11:00:00Z' })).json().error.field).toBe('start');
    expect(await h.database.db.selectFrom('blocked_times').selectAll().execute()).toEqual([]);

    const made = await staff.provider!.actor.post(url, { start: local('2026-11-02T10:00'), end: local('2026-11-02T11:00'), label: 'Dentist appointment' });
    expect(made.statusCode, made.body).toBe(201);
    const block = made.json();
    expect(block).toMatchObject({ providerId: staff.provider!.id, start: '2026-11-02T15:00:00.000Z', end: '2026-11-02T16:00:00.000Z', label: 'Dentist appointment' });
    const row = await h.database.db.selectFrom('blocked_times').selectAll().where('id', '=', block.id).executeTakeFirstOrThrow();
    expect(row.label_enc).toMatch(/^v1\./);
    expect(JSON.stringify(row)).not.toContain('Dentist');

    const asProvider = (await staff.provider!.actor.get(url)).json();
    expect(asProvider.items.map((b: { id: string; label: string }) => [b.id, b.label])).toEqual([[block.id, 'Dentist appointment']]);
    expect((await staff.front_desk!.actor.get(url)).json().items[0].label).toBe('Dentist appointment');
    expect((await staff.provider2!.actor.get(url)).json().items[0].label).toBeNull();
    expect((await staff.billing!.actor.get(url)).json().items[0].label).toBeNull();
    expect((await other.owner.get(url)).statusCode).toBe(404);
    // Only the range asked for.
    expect((await staff.provider!.actor.get(`${url}?from=2026-11-03T00:00:00Z&to=2026-11-04T00:00:00Z`)).json().total).toBe(0);

    expect((await staff.provider2!.actor.del(`${url}/${block.id}`)).statusCode).toBe(403);
    expect((await other.owner.del(`${url}/${block.id}`)).statusCode).toBe(404);
    expect((await staff.provider!.actor.del(`/api/providers/${staff.provider2!.id}/blocked-times/${block.id}`)).statusCode).toBe(403);
    expect((await p.owner.del(`/api/providers/${staff.provider2!.id}/blocked-times/${block.id}`)).statusCode).toBe(404);
    const audits = await h.database.db.selectFrom('audit_log').select(['action', 'resource_type']).where('resource_id', 'in', [block.id, staff.provider!.id]).where('resource_type', 'in', ['blocked_time', 'blocked_time_list']).execute();
    expect(audits.map((a) => `${a.action} ${a.resource_type}`)).toEqual(expect.arrayContaining(['create blocked_time', 'read blocked_time_list']));
  });

  it('open slots on the fall-back Monday: 9:00 local, minus appointments with buffers, blocked time and the notice period', async () => {
    // Hours Mon–Fri 9–12 and Wed 13–17 in New York, 10-minute buffer (set above). Blocked 10–11 on Monday 2 Nov.
    expect((await p.owner.patch('/api/practice/scheduling-settings', { clientMinNoticeHours: 24 })).statusCode).toBe(200);
    const booked = await p.owner.post('/api/appointments', { clientIds: [clientId], providerId: staff.provider!.id, start: local('2026-11-02T11:00'), durationMinutes: 30, timeZone: NY, type: 'video' });
    expect(booked.statusCode, booked.body).toBe(201);
    const slots = async (from: string, to: string) => {
      const res = await staff.front_desk!.actor.get(`/api/providers/${staff.provider!.id}/open-slots?serviceId=${serviceId}&from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`);
      expect(res.statusCode, res.body).toBe(200);
      return res.json() as { timeZone: string; durationMinutes: number; slots: { start: string; end: string }[] };
    };
    const week = await slots(local('2026-10-29T00:00'), local('2026-11-03T00:00'));
    expect(week.timeZone).toBe(NY);
    expect(week.durationMinutes).toBe(50);
    const shown = week.slots.map((s) => DateTime.fromISO(s.start, { zone: NY }).toFormat('ccc d HH:mm'));
    // Thursday is inside the 24-hour notice; Friday at EDT; Monday at EST: 9:00 only
    // (9:30–11:00 clash with the 10–11 block, the 11:00 appointment and its buffer cover 10:50–11:40, 11:30 + 50 runs past noon).
    expect(shown).toEqual(['Fri 30 09:00', 'Fri 30 09:30', 'Fri 30 10:00', 'Fri 30 10:30', 'Fri 30 11:00', 'Mon 2 09:00']);
    expect(week.slots.find((s) => s.start.startsWith('2026-10-30'))!.start).toBe('2026-10-30T13:00:00.000Z');
    expect(week.slots.find((s) => s.start.startsWith('2026-11-02'))!.start).toBe('2026-11-02T14:00:00.000Z');
    // Cancelled appointments free their time.
    expect((await p.owner.post(`/api/appointments/${booked.json().id}/cancel`, {})).statusCode).toBe(200);
    const monday = await slots(local('2026-11-02T00:00'), local('2026-11-03T00:00'));
    expect(monday.slots.map((s) => DateTime.fromISO(s.start, { zone: NY }).toFormat('HH:mm'))).toEqual(['09:00', '11:00']);

    const bad = async (q: string, field: string) => {
      const res = await p.owner.get(`/api/providers/${staff.provider!.id}/open-slots?${q}`);
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().error.field).toBe(field);
    };
    await bad(`serviceId=${serviceId}&from=2026-11-01T00:00:00Z&to=2026-12-15T00:00:00Z`, 'to');
    await bad(`serviceId=${serviceId}&from=2026-11-02T00:00:00Z&to=2026-11-01T00:00:00Z`, 'to');
    await bad(`serviceId=nope&from=2026-11-01T00:00:00Z&to=2026-11-02T00:00:00Z`, 'serviceId');
    await bad(`from=2026-11-01T00:00:00Z&to=2026-11-02T00:00:00Z`, 'serviceId');
    expect((await p.owner.get(`/api/providers/${staff.provider!.id}/open-slots?serviceId=${serviceId}&from=2026-11-01T00:00:00Z&to=2026-11-02T00:00:00Z`)).statusCode).toBe(200);
    expect((await other.owner.get(`/api/providers/${staff.provider!.id}/open-slots?serviceId=${serviceId}&from=2026-11-01T00:00:00Z&to=2026-11-02T00:00:00Z`)).statusCode).toBe(404);
  });
});
