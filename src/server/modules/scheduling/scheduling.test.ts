// Appointments on every test database: booking and its validation (nothing saved on a 4xx), the
// double-booking guard under 50 concurrent attempts, recurring series across DST, reschedules and
// cancellations by scope, late cancellations, the half-open range query, role access, audit and
// the outbox, and notes encrypted at rest.
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../lib/clock.js';
import { type Colleague, createPractice, joinTeam, type PracticeFixture } from '../../testing/actors.js';
import { testDialects } from '../../testing/dialects.js';
import { createHarness, type Harness } from '../../testing/harness.js';
import { Outbox } from '../outbox/index.js';

type Appt = { id: string; start: string; end: string; status: string; seriesId: string | null; clients: { id: string; name: string | null }[]; cancellation: { late: boolean; by: string } | null; bookedInPast: boolean; note: string | null; version: number };

describe.each(testDialects())('scheduling on %s', (dialect) => {
  let h: Harness;
  let p: PracticeFixture & { totpSecret?: string };
  let other: PracticeFixture & { totpSecret?: string };
  const clock = new ManualClock(Date.UTC(2026, 9, 1, 12, 0, 0)); // 2026-10-01
  const staff: Record<string, Colleague> = {};
  let clientA: string;
  let clientB: string;
  let otherClient: string;

  const local = (isoLocal: string, zone: string) => DateTime.fromISO(isoLocal, { zone }).toISO()!;
  const count = async () => Number((await h.database.db.selectFrom('appointments').select((e) => e.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const book = (actor = p.owner, body: Record<string, unknown> = {}) =>
    actor.post('/api/appointments', {
      clientIds: [clientA],
      providerId: staff.provider!.id,
      start: local('2026-10-20T10:00', 'America/New_York'),
      durationMinutes: 50,
      timeZone: 'America/New_York',
      type: 'video',
      ...body,
    });
  const list = async (query: string, actor = p.owner) => {
    const res = await actor.get(`/api/appointments?${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as { items: Appt[]; total: number; nextCursor: string | null };
  };
  const range = (from: string, to: string) => `from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`;

  beforeAll(async () => {
    h = await createHarness(dialect, { smtp: true, clock });
    p = await createPractice(h, { ownerName: 'Olive Owner' });
    other = await createPractice(h);
    Object.assign(staff, await joinTeam(h, p.owner, ['provider', 'provider2', 'front_desk', 'billing', 'compliance']));
    const a = await p.owner.post('/api/clients', { firstName: 'Marigold', lastName: 'Quince', dateOfBirth: '1985-03-09', providerIds: [staff.provider!.id], timeZone: 'America/Chicago' });
    expect(a.statusCode, a.body).toBe(201);
    clientA = a.json().id;
    const b = await p.owner.post('/api/clients', { firstName: 'Basil', lastName: 'Thorne', dateOfBirth: '1979-11-30', providerIds: [staff.provider2!.id] });
    clientB = b.json().id;
    otherClient = (await other.owner.post('/api/clients', { firstName: 'Elsewhere', lastName: 'Person', dateOfBirth: '1990-01-01' })).json().id;
  });
  afterAll(async () => h?.close());

  it('books an appointment: listed, readable, audited, one outbox event, note encrypted at rest', async () => {
    const res = await book(p.owner, { note: 'Prefers the side door' });
    expect(res.statusCode, res.body).toBe(201);
    const { id, occurrenceIds, seriesId, bookedInPast } = res.json();
    expect(occurrenceIds).toEqual([id]);
    expect(seriesId).toBeNull();
    expect(bookedInPast).toBe(false);

    const one = await p.owner.get(`/api/appointments/${id}`);
    expect(one.statusCode).toBe(200);
    expect(one.json()).toMatchObject({
      id,
      providerId: staff.provider!.id,
      providerName: 'Priya Provider',
      clients: [{ id: clientA, name: 'Marigold Quince', timeZone: 'America/Chicago' }],
      start: '2026-10-20T14:00:00.000Z',
      end: '2026-10-20T14:50:00.000Z',
      durationMinutes: 50,
      timeZone: 'America/New_York',
      type: 'video',
      format: 'individual',
      placeOfService: 'telehealth_home',
      status: 'scheduled',
      note: 'Prefers the side door',
      version: 1,
    });
    const listed = await list(range('2026-10-20T00:00:00Z', '2026-10-21T00:00:00Z'));
    expect(listed.items.map((i) => i.id)).toContain(id);

    const row = await h.database.db.selectFrom('appointments').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.note_enc).toMatch(/^v1\./);
    expect(JSON.stringify(row)).not.toContain('side door');

    const events = await new Outbox(h.app.services.ctx).history(id);
    expect(events.map((e) => e.type)).toEqual(['appointment.created']);
    expect(events[0]!.payload).toMatchObject({ appointmentId: id, providerId: staff.provider!.id, clientIds: [clientA], start: '2026-10-20T14:00:00.000Z' });
    expect(JSON.stringify(events[0]!.payload)).not.toMatch(/Marigold|Quince|side door/);

    const audits = await h.database.db.selectFrom('audit_log').select(['action', 'resource_type']).where('resource_id', '=', id).execute();
    expect(audits).toEqual(expect.arrayContaining([{ action: 'create', resource_type: 'appointment' }, { action: 'read', resource_type: 'appointment' }]));
  });

  it('refuses bad input with a 400 naming the field and saves nothing', async () => {
    const before = await count();
    const cases: [Record<string, unknown>, string, number?][] = [
      [{ durationMinutes: 0 }, 'durationMinutes'],
      [{ durationMinutes: -30 }, 'durationMinutes'],
      [{ durationMinutes: 24 * 60 }, 'durationMinutes'],
      [{ timeZone: 'Mars/Olympus_Mons' }, 'timeZone'],
      [{ start: '2026-10-20T10:00:00' }, 'start'],
      [{ start: '2026-02-30T10:00:00Z' }, 'start'],
      [{ type: 'telepathy' }, 'type'],
      [{ recurrence: 'FREQ=WEEKLY' }, 'recurrence'],
      [{ recurrence: 'FREQ=DAILY;COUNT=1000' }, 'recurrence'],
      [{ recurrence: 'FREQ=HOURLY;COUNT=3' }, 'recurrence'],
      [{ recurrence: 'not a rule' }, 'recurrence'],
      [{ recurrence: 'FREQ=WEEKLY;UNTIL=20250101T000000Z' }, 'recurrence'],
      [{ clientIds: [] }, 'clientIds'],
      [{ clientIds: [clientA, clientA] }, 'clientIds'],
      [{ format: 'couple' }, 'format'],
      [{ type: 'in_person', placeOfService: 'telehealth_home' }, 'placeOfService'],
      [{ providerId: staff.front_desk!.id }, 'providerId'],
      [{ serviceId: 'no-such-service' }, 'serviceId'],
      [{ clientIds: [otherClient] }, 'clientIds.0', 404],
    ];
    for (const [body, field, status] of cases) {
      const res = await book(p.owner, body);
      expect(res.statusCode, `${JSON.stringify(body)} → ${res.body}`).toBe(status ?? 400);
      expect(res.body, JSON.stringify(body)).toContain(field);
    }
    expect(await count()).toBe(before);
  });

  it('lets staff book in the past, flagged', async () => {
    const res = await book(p.owner, { start: '2026-09-01T15:00:00Z' });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().bookedInPast).toBe(true);
    expect((await p.owner.get(`/api/appointments/${res.json().id}`)).json().bookedInPast).toBe(true);
  });

  it('50 concurrent attempts at one slot: exactly one succeeds, 49 get a clear 409', async () => {
    const start = '2026-10-22T17:00:00Z';
    const results = await Promise.all(Array.from({ length: 50 }, () => book(staff.front_desk!.actor, { start, timeZone: 'UTC' })));
    const codes = results.map((r) => r.statusCode);
    expect(codes.filter((c) => c === 201)).toHaveLength(1);
    expect(codes.filter((c) => c === 409)).toHaveLength(49);
    expect(results.find((r) => r.statusCode === 409)!.json().error).toMatchObject({ code: 'conflict', field: 'start' });
    const at = await list(range(start, '2026-10-22T18:00:00Z'));
    expect(at.total).toBe(1);
    // Overlapping by one minute is a conflict; back to back is not.
    expect((await book(p.owner, { start: '2026-10-22T17:49:00Z', timeZone: 'UTC' })).statusCode).toBe(409);
    expect((await book(p.owner, { start: '2026-10-22T17:50:00Z', timeZone: 'UTC' })).statusCode).toBe(201);
    // A service that allows overlap (a group) may share the slot with another of its kind.
    const group = await p.owner.post('/api/practice/appointment-services', { name: 'Group therapy', cptCode: '90853', defaultMinutes: 90, rateCents: 6000, allowOverlap: true });
    expect(group.statusCode, group.body).toBe(201);
    const g1 = await book(p.owner, { start: '2026-10-23T17:00:00Z', timeZone: 'UTC', serviceId: group.json().id, clientIds: [clientA, clientB], format: 'group' });
    const g2 = await book(p.owner, { start: '2026-10-23T17:30:00Z', timeZone: 'UTC', serviceId: group.json().id, clientIds: [clientA, clientB], format: 'group' });
    expect([g1.statusCode, g2.statusCode]).toEqual([201, 201]);
    expect((await book(p.owner, { start: '2026-10-23T17:15:00Z', timeZone: 'UTC' })).statusCode).toBe(409);
  });

  it('a weekly 4 pm series stays at 4 pm local across the DST change, and moves by scope', async () => {
    const res = await book(p.owner, { start: local('2026-10-27T16:00', 'America/Los_Angeles'), timeZone: 'America/Los_Angeles', recurrence: 'FREQ=WEEKLY;COUNT=6' });
    expect(res.statusCode, res.body).toBe(201);
    const { seriesId, occurrenceIds } = res.json();
    expect(occurrenceIds).toHaveLength(6);
    const series = async () => (await list(`${range('2026-10-01T00:00:00Z', '2027-01-01T00:00:00Z')}&limit=500`)).items.filter((i) => i.seriesId === seriesId);
    const localTimes = (items: Appt[]) => items.map((i) => DateTime.fromISO(i.start, { zone: 'America/Los_Angeles' }).toFormat('yyyy-MM-dd HH:mm'));
    const first = await series();
    expect(localTimes(first)).toEqual(['2026-10-27 16:00', '2026-11-03 16:00', '2026-11-10 16:00', '2026-11-17 16:00', '2026-11-24 16:00', '2026-12-01 16:00']);
    expect(first.map((i) => i.start.slice(11, 16))).toEqual(['23:00', '00:00', '00:00', '00:00', '00:00', '00:00']);

    // Move the third and following to Wednesdays at 5 pm; the first two stay.
    const third = first[2]!;
    const moved = await p.owner.patch(`/api/appointments/${third.id}`, { start: local('2026-11-11T17:00', 'America/Los_Angeles'), scope: 'following' });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(localTimes(await series())).toEqual(['2026-10-27 16:00', '2026-11-03 16:00', '2026-11-11 17:00', '2026-11-18 17:00', '2026-11-25 17:00', '2026-12-02 17:00']);
    const events = await new Outbox(h.app.services.ctx).history(third.id);
    expect(events.map((e) => e.type)).toEqual(['appointment.created', 'appointment.rescheduled']);
    expect(events[1]!.payload).toMatchObject({ previousStart: third.start });

    // One occurrence alone; then cancel this and following.
    const second = first[1]!;
    expect((await p.owner.patch(`/api/appointments/${second.id}`, { durationMinutes: 80, scope: 'this' })).statusCode).toBe(200);
    const cancel = await p.owner.post(`/api/appointments/${first[4]!.id}/cancel`, { scope: 'following', reason: 'Moving away' });
    expect(cancel.statusCode, cancel.body).toBe(200);
    const after = await series();
    expect(after.map((i) => i.status)).toEqual(['scheduled', 'scheduled', 'scheduled', 'scheduled', 'cancelled', 'cancelled']);
    expect(after[1]!.end).toBe(DateTime.fromISO(after[1]!.start).plus({ minutes: 80 }).toUTC().toISO());
    // Cancelled ones no longer block their slots.
    expect((await book(p.owner, { start: after[4]!.start, timeZone: 'UTC' })).statusCode).toBe(201);
  });

  it('a series conflict names the occurrence in the appointment’s local time, never as a UTC timestamp', async () => {
    const NY = 'America/New_York';
    const taken = await book(p.owner, { providerId: staff.provider2!.id, clientIds: [clientB], start: local('2027-01-19T15:00', NY), timeZone: NY });
    expect(taken.statusCode, taken.body).toBe(201);
    const before = await count();
    const res = await book(p.owner, { providerId: staff.provider2!.id, clientIds: [clientB], start: local('2027-01-05T15:00', NY), timeZone: NY, recurrence: 'FREQ=WEEKLY;COUNT=4' });
    expect(res.statusCode).toBe(409);
    const err = res.json().error as { message: string; field: string };
    expect(err.field).toBe('start');
    expect(err.message).toContain('occurrence 3, Tue, Jan 19, 2027, 3:00 PM EST');
    expect(err.message).toMatch(/^The provider already has an appointment at that time \(occurrence 3, [^)]+\)$/);
    expect(err.message).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/);
    expect(err.message).not.toMatch(/\bUTC\b|\dZ\b/);
    expect(await count()).toBe(before);

    // Moving a series onto it names the occurrence the same way, in the series' zone (London).
    const ok = await book(p.owner, { providerId: staff.provider2!.id, clientIds: [clientB], start: local('2027-01-04T20:00', 'Europe/London'), timeZone: 'Europe/London', recurrence: 'FREQ=WEEKLY;COUNT=4' });
    expect(ok.statusCode, ok.body).toBe(201);
    const moved = await p.owner.patch(`/api/appointments/${ok.json().id}`, { start: local('2027-01-05T20:00', 'Europe/London'), scope: 'all' });
    expect(moved.statusCode).toBe(409);
    expect(moved.json().error.message).toContain('occurrence 3, Tue, Jan 19, 2027, 8:00 PM GMT');
    expect(moved.json().error.message).not.toMatch(/\d{4}-\d{2}-\d{2}T/);
  });

  it('a reschedule onto a taken slot is a 409 and changes nothing; a stale version is a 409', async () => {
    const a = (await book(p.owner, { start: '2026-10-26T15:00:00Z', timeZone: 'UTC' })).json().id;
    const b = (await book(p.owner, { start: '2026-10-26T17:00:00Z', timeZone: 'UTC' })).json().id;
    const res = await p.owner.patch(`/api/appointments/${b}`, { start: '2026-10-26T15:30:00Z' });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.message).toBe('The provider already has an appointment at that time');
    // The same refusal a client's booking meets, in the language its page asks for.
    const es = await p.owner.patch(`/api/appointments/${b}`, { start: '2026-10-26T15:30:00Z' }, { 'accept-language': 'es' });
    expect([es.statusCode, es.json().error.message]).toEqual([409, 'El profesional ya tiene una cita a esa hora.']);
    expect((await p.owner.get(`/api/appointments/${b}`)).json().start).toBe('2026-10-26T17:00:00.000Z');
    expect((await p.owner.patch(`/api/appointments/${a}`, { status: 'confirmed', version: 1 })).statusCode).toBe(200);
    const stale = await p.owner.patch(`/api/appointments/${a}`, { status: 'checked_in', version: 1 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.field).toBe('version');
    expect((await p.owner.patch(`/api/appointments/${a}`, { status: 'cancelled' })).statusCode).toBe(400);
  });

  it('marks a cancellation inside the practice window as late, and who cancelled', async () => {
    expect((await p.owner.patch('/api/practice/scheduling-settings', { cancellationWindowHours: 24 })).statusCode).toBe(200);
    const soon = (await book(p.owner, { start: new Date(clock.now() + 3 * 3600_000).toISOString(), timeZone: 'UTC' })).json().id;
    const later = (await book(p.owner, { start: new Date(clock.now() + 72 * 3600_000).toISOString(), timeZone: 'UTC' })).json().id;
    const c1 = await staff.front_desk!.actor.post(`/api/appointments/${soon}/cancel`, { by: 'client' });
    expect(c1.json().cancellation).toMatchObject({ by: 'client', late: true });
    const c2 = await p.owner.post(`/api/appointments/${later}/cancel`, {});
    expect(c2.json().cancellation).toMatchObject({ by: 'practice', late: false });
    expect((await p.owner.post(`/api/appointments/${later}/cancel`, {})).statusCode).toBe(409);
    expect((await new Outbox(h.app.services.ctx).history(soon)).map((e) => e.type)).toEqual(['appointment.created', 'appointment.cancelled']);
  });

  it('the range is half-open [from, to) and includes whatever overlaps it', async () => {
    const start = '2026-11-05T10:00:00Z';
    const id = (await book(p.owner, { start, durationMinutes: 60, timeZone: 'UTC' })).json().id;
    const has = async (from: string, to: string) => (await list(range(from, to))).items.some((i) => i.id === id);
    expect(await has('2026-11-05T11:00:00Z', '2026-11-05T12:00:00Z')).toBe(false); // ends exactly at from
    expect(await has('2026-11-05T09:00:00Z', '2026-11-05T10:00:00Z')).toBe(false); // starts exactly at to
    expect(await has('2026-11-05T10:59:00Z', '2026-11-05T12:00:00Z')).toBe(true);
    expect(await has('2026-11-05T10:15:00Z', '2026-11-05T10:30:00Z')).toBe(true); // inside
    expect((await p.owner.get(`/api/appointments?${range('2026-11-05T12:00:00Z', '2026-11-05T10:00:00Z')}`)).statusCode).toBe(400);
    expect((await p.owner.get(`/api/appointments?${range('2026-01-01T00:00:00Z', '2028-01-01T00:00:00Z')}`)).statusCode).toBe(400);
    expect((await p.owner.get(`/api/appointments?${range('2026-01-01T00:00:00Z', '2026-02-01T00:00:00Z')}&status=bogus`)).statusCode).toBe(400);
  });

  it('pages with an exact total that matches the items across pages', async () => {
    const q = range('2026-10-01T00:00:00Z', '2026-12-31T00:00:00Z');
    const all = await list(`${q}&limit=5000`);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof list>> = await list(`${q}&limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.total).toBe(all.total);
      seen.push(...page.items.map((i) => i.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all.items.map((i) => i.id));
    const cancelled = await list(`${q}&status=cancelled&limit=5000`);
    expect(cancelled.items.every((i) => i.status === 'cancelled')).toBe(true);
    expect(cancelled.total).toBe(all.items.filter((i) => i.status === 'cancelled').length);
    const forB = await list(`${q}&clientId=${clientB}&limit=5000`);
    expect(forB.items.length).toBeGreaterThan(0);
    expect(forB.items.every((i) => i.clients.some((c) => c.id === clientB))).toBe(true);
  });

  it('roles: providers see and book only their own; billing and compliance read; other practices get 404', async () => {
    const mine = await book(staff.provider!.actor, { start: '2026-11-09T15:00:00Z', timeZone: 'UTC' });
    expect(mine.statusCode, mine.body).toBe(201);
    const theirs = await book(p.owner, { providerId: staff.provider2!.id, clientIds: [clientB], start: '2026-11-09T15:00:00Z', timeZone: 'UTC' });
    expect(theirs.statusCode, theirs.body).toBe(201);
    // A provider books only for themselves.
    expect((await book(staff.provider!.actor, { providerId: staff.provider2!.id, clientIds: [clientB], start: '2026-11-10T15:00:00Z', timeZone: 'UTC' })).statusCode).toBe(403);
    const q = range('2026-11-09T00:00:00Z', '2026-11-10T00:00:00Z');
    const providerView = await list(q, staff.provider!.actor);
    expect(providerView.items.every((i) => i.clients.every((c) => c.id !== clientB))).toBe(true);
    expect(providerView.items.map((i) => i.id)).toContain(mine.json().id);
    expect((await staff.provider!.actor.get(`/api/appointments/${theirs.json().id}`)).statusCode).toBe(404);
    expect((await staff.provider!.actor.post(`/api/appointments/${theirs.json().id}/cancel`, {})).statusCode).toBe(404);
    expect((await staff.provider!.actor.get(`/api/appointments?${q}&providerId=${staff.provider2!.id}`)).statusCode).toBe(403);
    // Front desk sees everyone's.
    expect((await list(q, staff.front_desk!.actor)).total).toBe(2);
    for (const role of ['billing', 'compliance'] as const) {
      expect((await list(q, staff[role]!.actor)).total).toBe(2);
      expect((await book(staff[role]!.actor, { start: '2026-11-11T15:00:00Z', timeZone: 'UTC' })).statusCode).toBe(403);
      expect((await staff[role]!.actor.post(`/api/appointments/${mine.json().id}/cancel`, {})).statusCode).toBe(403);
    }
    expect((await other.owner.get(`/api/appointments/${mine.json().id}`)).statusCode).toBe(404);
    expect((await other.owner.patch(`/api/appointments/${mine.json().id}`, { status: 'confirmed' })).statusCode).toBe(404);
    expect((await list(q, other.owner)).total).toBe(0);
  });

  it('outbox consumers each claim an event exactly once, even when claiming concurrently', async () => {
    const outbox = new Outbox(h.app.services.ctx);
    const claims = await Promise.all([outbox.claim('test-consumer', { limit: 1000 }), outbox.claim('test-consumer', { limit: 1000 }), outbox.claim('test-consumer', { limit: 1000 })]);
    const ids = claims.flat().map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    const total = Number((await h.database.db.selectFrom('domain_events').select((e) => e.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    expect(ids.length).toBe(total);
    for (const id of ids.slice(0, 5)) await outbox.done('test-consumer', id);
    // Unfinished claims come back only after their lease; finished ones never.
    expect(await outbox.claim('test-consumer')).toEqual([]);
    clock.advance(10 * 60_000);
    const again = await outbox.claim('test-consumer', { limit: 1000 });
    expect(again).toHaveLength(total - 5);
    clock.advance(-10 * 60_000);
    // Another consumer sees every event independently.
    expect(await outbox.claim('another-consumer', { limit: 1000 })).toHaveLength(total);
  });
});
