// Client requests from the portal on every test database: what a client may book, open slots of
// their own providers only, requests that wait for approval (staff list, approve through the
// scheduling guard, decline with a reason) or book at once (one winner when two race), bad input
// (a 4xx naming the field, nothing saved), the client's own appointments without anyone else's
// names or the staff note, cancelling from the portal (late inside the window), PHI-free mail,
// audit rows and the outbox.
import { DateTime } from 'luxon';
import { beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../lib/clock.js';
import { testDialects } from '../../testing/dialects.js';
import type { Harness } from '../../testing/harness.js';
import { portalClient, type PortalClientFixture } from '../../testing/portal.js';
import { Outbox } from '../outbox/index.js';
import { teamSuite } from '../../testing/suite.js';

const NY = 'America/New_York';
const local = (iso: string, zone = NY) => DateTime.fromISO(iso, { zone }).toUTC().toISO()!;
const count = async (h: Harness, table: 'appointments' | 'appointment_requests') => Number((await h.database.db.selectFrom(table).select((e) => e.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

describe.each(testDialects())('client booking on %s', (dialect) => {
  // Monday 2 November 2026, 14:00 UTC (09:00 in New York).
  const clock = new ManualClock(Date.UTC(2026, 10, 2, 14, 0, 0));
  const { h, p, other, staff } = teamSuite(dialect, { smtp: true, clock }, ['provider', 'provider2', 'front_desk', 'billing'], { practiceName: 'Harbor Eating Disorder Clinic' });
  let approval: string;
  let instant: string;
  let retired: string;
  let a: PortalClientFixture;
  let b: PortalClientFixture;
  let elsewhere: PortalClientFixture;

  const base = (c: PortalClientFixture) => `/api/portal/clients/${c.id}`;
  const slotsOf = async (c: PortalClientFixture, serviceId: string, from: string, to: string, providerId = staff.provider!.id) => {
    const res = await c.portal.get(`${base(c)}/open-slots?providerId=${providerId}&serviceId=${serviceId}&from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`);
    expect(res.statusCode, res.body).toBe(200);
    return (res.json() as { slots: { start: string }[] }).slots.map((s) => s.start);
  };
  const ask = (c: PortalClientFixture, body: Record<string, unknown>) => c.portal.post(`${base(c)}/appointment-requests`, { providerId: staff.provider!.id, serviceId: approval, ...body });

  beforeAll(async () => {
    const svc = async (body: Record<string, unknown>) => {
      const res = await p.owner.post('/api/practice/appointment-services', { cptCode: '90834', rateCents: 15000, defaultMinutes: 50, ...body });
      expect(res.statusCode, res.body).toBe(201);
      return res.json().id as string;
    };
    approval = await svc({ name: 'Individual therapy', requiresApproval: true });
    instant = await svc({ name: 'Check-in', defaultMinutes: 25, requiresApproval: false });
    retired = await svc({ name: 'Old service', active: false });
    // Hours: weekdays 9–12 in New York, 10-minute buffer; 24 hours' notice for clients.
    const hours = await staff.provider!.actor.request('PUT', `/api/providers/${staff.provider!.id}/availability`, {
      timeZone: NY,
      bufferMinutes: 10,
      hours: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: '09:00', end: '12:00' })),
    });
    expect(hours.statusCode, hours.body).toBe(200);
    expect((await p.owner.patch('/api/practice/scheduling-settings', { clientMinNoticeHours: 24, cancellationWindowHours: 48 })).statusCode).toBe(200);
    a = await portalClient(h, p.owner, { firstName: 'Marigold', lastName: 'Quince', providerIds: [staff.provider!.id], timeZone: 'America/Los_Angeles' });
    b = await portalClient(h, p.owner, { firstName: 'Basil', lastName: 'Thorne', providerIds: [staff.provider!.id] });
    elsewhere = await portalClient(h, other.owner, { firstName: 'Elsewhere', lastName: 'Person' });
  });

  it('shows what a client may book: active services, their own providers, their zone', async () => {
    const res = await a.portal.get(`${base(a)}/booking-options`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({
      services: [
        { id: instant, name: 'Check-in', defaultMinutes: 25, requiresApproval: false },
        { id: approval, name: 'Individual therapy', defaultMinutes: 50, requiresApproval: true },
      ],
      providers: [{ id: staff.provider!.id, name: 'Priya Provider' }],
      clientTimeZone: 'America/Los_Angeles',
      minNoticeHours: 24,
      cancellationWindowHours: 48,
    });
    expect((await elsewhere.portal.get(`${base(a)}/booking-options`)).statusCode).toBe(404);
    expect((await p.owner.get(`${base(a)}/booking-options`)).statusCode).toBe(401);
  });

  it('open slots: only of the client’s own providers and offered services, never another client’s record', async () => {
    const slots = await slotsOf(a, approval, local('2026-11-03T00:00'), local('2026-11-04T00:00'));
    expect(slots.map((s) => DateTime.fromISO(s, { zone: NY }).toFormat('HH:mm'))).toEqual(['09:00', '09:30', '10:00', '10:30', '11:00']);
    const bad = async (c: PortalClientFixture, q: string, status: number, field?: string) => {
      const res = await c.portal.get(`${base(a)}/open-slots?${q}`);
      expect(res.statusCode, res.body).toBe(status);
      if (field) expect(res.json().error.field).toBe(field);
    };
    const range = `from=${encodeURIComponent(local('2026-11-03T00:00'))}&to=${encodeURIComponent(local('2026-11-04T00:00'))}`;
    await bad(a, `providerId=${staff.provider2!.id}&serviceId=${approval}&${range}`, 400, 'providerId');
    await bad(a, `providerId=${staff.provider!.id}&serviceId=${retired}&${range}`, 400, 'serviceId');
    await bad(a, `providerId=${staff.provider!.id}&serviceId=${approval}&from=2026-11-03T00:00:00Z&to=2026-12-31T00:00:00Z`, 400, 'to');
    await bad(elsewhere, `providerId=${staff.provider!.id}&serviceId=${approval}&${range}`, 404);
  });

  it('refuses bad requests with a 4xx naming the field and saves nothing', async () => {
    const before = [await count(h, 'appointments'), await count(h, 'appointment_requests')];
    const tue10 = local('2026-11-03T10:00');
    const cases: [Record<string, unknown>, number, string][] = [
      [{ start: local('2026-11-02T11:00') }, 400, 'start'], // inside the 24-hour notice
      [{ start: local('2026-10-30T10:00') }, 400, 'start'], // past
      [{ start: local('2026-11-03T10:10') }, 409, 'start'], // not on the grid
      [{ start: local('2026-11-03T13:00') }, 409, 'start'], // outside hours
      [{ start: local('2026-11-07T10:00') }, 409, 'start'], // Saturday
      [{ start: '2026-11-03T10:00:00' }, 400, 'start'], // no offset
      [{ start: tue10, serviceId: 'nope' }, 400, 'serviceId'],
      [{ start: tue10, serviceId: retired }, 400, 'serviceId'],
      [{ start: tue10, providerId: staff.provider2!.id }, 400, 'providerId'],
      [{ start: tue10, type: 'telepathy' }, 400, 'type'],
      [{ start: tue10, note: 'hello' }, 400, 'note'],
    ];
    for (const [body, status, field] of cases) {
      const res = await ask(a, body);
      expect(res.statusCode, `${JSON.stringify(body)} → ${res.body}`).toBe(status);
      expect(res.json().error.field, JSON.stringify(body)).toBe(field);
    }
    expect([await count(h, 'appointments'), await count(h, 'appointment_requests')]).toEqual(before);
  });

  it('a request that needs approval waits; staff see it, the slot is held, approval books it through the guard', async () => {
    const start = local('2026-11-04T10:00'); // Wednesday 10:00 New York
    const res = await ask(a, { start, type: 'video' });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ outcome: 'pending', appointmentId: null });
    const requestId = res.json().requestId as string;

    // The provider is told, without PHI: no client name, no practice name, a link.
    const alert = await h.smtp!.waitFor((m) => m.to.includes(staff.provider!.email) && /appointment request/i.test(m.subject));
    expect(alert.subject).toBe('New appointment request in Hearth');
    expect(alert.text).toContain('http://127.0.0.1:3000/appointment-requests');
    for (const secret of ['Marigold', 'Quince', 'Harbor', 'Eating', 'Individual therapy']) expect(alert.raw).not.toContain(secret);

    // The slot is held for the request: gone from others' open slots, and a second request is refused.
    expect(await slotsOf(b, approval, local('2026-11-04T00:00'), local('2026-11-05T00:00'))).not.toContain(DateTime.fromISO(start).toUTC().toISO());
    expect((await ask(b, { start })).statusCode).toBe(409);

    // Staff: the Requests list with an exact total; providers see only their own.
    const listed = await staff.front_desk!.actor.get('/api/appointment-requests');
    expect(listed.statusCode, listed.body).toBe(200);
    expect(listed.json().total).toBe(1);
    expect(listed.json().items[0]).toMatchObject({ id: requestId, clientId: a.id, clientName: 'Marigold Quince', providerId: staff.provider!.id, serviceName: 'Individual therapy', status: 'pending', start: DateTime.fromISO(start).toUTC().toISO() });
    expect((await staff.provider2!.actor.get('/api/appointment-requests')).json().total).toBe(0);
    expect((await staff.provider2!.actor.get(`/api/appointment-requests?providerId=${staff.provider!.id}`)).statusCode).toBe(403);
    expect((await other.owner.get('/api/appointment-requests')).json().total).toBe(0);
    expect((await other.owner.post(`/api/appointment-requests/${requestId}/approve`)).statusCode).toBe(404);
    expect((await staff.provider2!.actor.post(`/api/appointment-requests/${requestId}/approve`)).statusCode).toBe(404);
    expect((await staff.billing!.actor.post(`/api/appointment-requests/${requestId}/approve`)).statusCode).toBe(403);

    const approved = await staff.provider!.actor.post(`/api/appointment-requests/${requestId}/approve`);
    expect(approved.statusCode, approved.body).toBe(200);
    const appointmentId = approved.json().appointmentId as string;
    expect((await staff.provider!.actor.post(`/api/appointment-requests/${requestId}/approve`)).statusCode).toBe(409);
    const appt = (await p.owner.get(`/api/appointments/${appointmentId}`)).json();
    expect(appt).toMatchObject({ providerId: staff.provider!.id, start: DateTime.fromISO(start).toUTC().toISO(), durationMinutes: 50, timeZone: NY, type: 'video', serviceName: 'Individual therapy', status: 'scheduled', clients: [{ id: a.id }] });
    expect((await new Outbox(h.app.services.ctx).history(appointmentId)).map((e) => e.type)).toEqual(['appointment.created']);
    const audits = await h.database.db.selectFrom('audit_log').select(['action', 'actor_type', 'resource_type', 'resource_id']).where('resource_id', 'in', [requestId, appointmentId]).execute();
    expect(audits).toEqual(
      expect.arrayContaining([
        { action: 'create', actor_type: 'client', resource_type: 'appointment_request', resource_id: requestId },
        { action: 'update', actor_type: 'user', resource_type: 'appointment_request', resource_id: requestId },
        { action: 'create', actor_type: 'user', resource_type: 'appointment', resource_id: appointmentId },
      ]),
    );
    // The client hears only that there is an update in the portal.
    const update = await h.smtp!.waitFor((m) => m.to.includes(a.email) && /update/i.test(m.subject));
    for (const secret of ['Marigold', 'Priya', 'Harbor', 'therapy']) expect(update.raw).not.toContain(secret);
    const mine = (await a.portal.get(`${base(a)}/appointment-requests`)).json().items;
    expect(mine).toEqual([expect.objectContaining({ id: requestId, status: 'approved', providerName: 'Priya Provider', serviceName: 'Individual therapy' })]);
    expect((await staff.front_desk!.actor.get('/api/appointment-requests?status=approved')).json().items[0].appointmentId).toBe(appointmentId);
  });

  it('staff decline with a reason the client sees (encrypted at rest); clients withdraw their own pending requests', async () => {
    const first = (await ask(a, { start: local('2026-11-05T09:00') })).json().requestId as string;
    const second = (await ask(a, { start: local('2026-11-05T11:00') })).json().requestId as string;
    const declined = await staff.front_desk!.actor.post(`/api/appointment-requests/${first}/decline`, { reason: 'That morning is full; try Friday' });
    expect(declined.statusCode, declined.body).toBe(200);
    expect(declined.json()).toMatchObject({ status: 'declined', declineReason: 'That morning is full; try Friday' });
    const row = await h.database.db.selectFrom('appointment_requests').selectAll().where('id', '=', first).executeTakeFirstOrThrow();
    expect(row.decline_reason_enc).toMatch(/^v1\./);
    expect(JSON.stringify(row)).not.toContain('Friday');
    expect((await staff.front_desk!.actor.post(`/api/appointment-requests/${first}/decline`, {})).statusCode).toBe(409);

    expect((await b.portal.post(`${base(b)}/appointment-requests/${second}/cancel`)).statusCode).toBe(404);
    expect((await a.portal.post(`${base(a)}/appointment-requests/${second}/cancel`)).statusCode).toBe(204);
    expect((await a.portal.post(`${base(a)}/appointment-requests/${second}/cancel`)).statusCode).toBe(409);
    expect((await staff.provider!.actor.post(`/api/appointment-requests/${second}/approve`)).statusCode).toBe(409);
    const mine = (await a.portal.get(`${base(a)}/appointment-requests`)).json().items as { id: string; status: string; declineReason: string | null }[];
    expect(mine.find((r) => r.id === first)).toMatchObject({ status: 'declined', declineReason: 'That morning is full; try Friday' });
    expect(mine.find((r) => r.id === second)).toMatchObject({ status: 'cancelled' });
    // A pending request whose time passes is expired, not pending. (Only the front desk and this
    // client act while the clock moves, so no other session idles out meanwhile.)
    expect((await p.owner.patch('/api/practice/scheduling-settings', { clientMinNoticeHours: 0 })).statusCode).toBe(200);
    const third = await ask(b, { start: local('2026-11-02T09:30') });
    expect(third.statusCode, third.body).toBe(201);
    const ids = async (q = '') => ((await staff.front_desk!.actor.get(`/api/appointment-requests${q}`)).json().items as { id: string }[]).map((r) => r.id);
    try {
      clock.advance(20 * 60_000);
      expect(await ids()).toContain(third.json().requestId);
      expect((await b.portal.get(`${base(b)}/appointment-requests`)).statusCode).toBe(200);
      clock.advance(15 * 60_000);
      expect((await b.portal.get(`${base(b)}/appointment-requests`)).json().items.find((r: { id: string }) => r.id === third.json().requestId).status).toBe('expired');
      expect(await ids()).not.toContain(third.json().requestId);
      expect(await ids('?status=expired')).toContain(third.json().requestId);
      const late = await staff.front_desk!.actor.post(`/api/appointment-requests/${third.json().requestId}/approve`);
      expect(late.statusCode).toBe(409);
      expect(late.json().error.message).toMatch(/passed/);
    } finally {
      clock.advance(-35 * 60_000);
    }
    expect((await p.owner.patch('/api/practice/scheduling-settings', { clientMinNoticeHours: 24 })).statusCode).toBe(200);
  });

  it('two colleagues approving one request at once book it once; the other gets a 409', async () => {
    const start = local('2026-11-09T11:00'); // Monday next week
    const requestId = (await ask(b, { start })).json().requestId as string;
    const results = await Promise.all([staff.provider!.actor.post(`/api/appointment-requests/${requestId}/approve`), staff.front_desk!.actor.post(`/api/appointment-requests/${requestId}/approve`)]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    const booked = await p.owner.get(`/api/appointments?from=${encodeURIComponent(start)}&to=${encodeURIComponent(local('2026-11-09T12:00'))}&status=scheduled`);
    expect(booked.json().total).toBe(1);
    expect(booked.json().items[0].clients).toEqual([expect.objectContaining({ id: b.id })]);
  });

  it('a service without approval books at once; when two clients race for one slot exactly one wins', async () => {
    const start = local('2026-11-06T09:00'); // Friday
    const [ra, rb] = await Promise.all([ask(a, { start, serviceId: instant, type: 'audio' }), ask(b, { start, serviceId: instant, type: 'audio' })]);
    expect([ra.statusCode, rb.statusCode].sort()).toEqual([201, 409]);
    const winner = ra.statusCode === 201 ? ra : rb;
    const loser = ra.statusCode === 201 ? rb : ra;
    expect(winner.json()).toMatchObject({ outcome: 'booked', requestId: null });
    expect(loser.json().error).toMatchObject({ code: 'conflict', field: 'start' });
    const appt = (await p.owner.get(`/api/appointments/${winner.json().appointmentId}`)).json();
    expect(appt).toMatchObject({ durationMinutes: 25, type: 'audio', placeOfService: 'telehealth_home', serviceName: 'Check-in' });
    // The buffer applies from the portal: 09:30 would start 5 minutes after the 09:25 end.
    expect((await ask(a, { start: local('2026-11-06T09:30'), serviceId: instant })).statusCode).toBe(409);
    const audit = await h.database.db.selectFrom('audit_log').select(['actor_type', 'details']).where('resource_id', '=', appt.id).where('action', '=', 'create').executeTakeFirstOrThrow();
    expect(audit.actor_type).toBe('client');
    expect(audit.details).toContain('portal');
  });

  it('the portal appointments view: own name only, no staff note, no other client of a group; cancel by the client', async () => {
    const groupSvc = (await p.owner.post('/api/practice/appointment-services', { name: 'Group', defaultMinutes: 90, rateCents: 5000, allowOverlap: true })).json().id as string;
    const group = await p.owner.post('/api/appointments', { clientIds: [a.id, b.id], providerId: staff.provider!.id, start: local('2026-11-16T13:00'), durationMinutes: 90, timeZone: NY, type: 'video', format: 'group', serviceId: groupSvc, note: 'Bring the worksheet Basil asked about' });
    expect(group.statusCode, group.body).toBe(201);
    const soon = await p.owner.post('/api/appointments', { clientIds: [a.id], providerId: staff.provider!.id, start: local('2026-11-03T15:00'), durationMinutes: 50, timeZone: NY, type: 'video', note: 'Staff-only note' });
    const later = await p.owner.post('/api/appointments', { clientIds: [a.id], providerId: staff.provider!.id, start: local('2026-11-20T15:00'), durationMinutes: 50, timeZone: NY, type: 'in_person' });
    const res = await a.portal.get(`${base(a)}/appointments`);
    expect(res.statusCode, res.body).toBe(200);
    const view = res.json();
    expect(view.clientTimeZone).toBe('America/Los_Angeles');
    for (const secret of [b.id, 'Basil', 'Thorne', 'worksheet', 'Staff-only']) expect(res.body).not.toContain(secret);
    const byId = new Map(view.items.map((i: { id: string }) => [i.id, i]));
    expect(byId.get(group.json().id)).toMatchObject({ format: 'group', providerName: 'Priya Provider', canCancel: false });
    expect(byId.get(soon.json().id)).toMatchObject({ canCancel: true, lateIfCancelledNow: true });
    expect(byId.get(later.json().id)).toMatchObject({ canCancel: true, lateIfCancelledNow: false, type: 'in_person' });
    expect((await elsewhere.portal.get(`${base(a)}/appointments`)).statusCode).toBe(404);

    // Cancelling: a shared session is the practice's to cancel; another's is missing; inside the window it is late.
    const shared = await a.portal.post(`${base(a)}/appointments/${group.json().id}/cancel`);
    expect([shared.statusCode, shared.json().error.message]).toEqual([409, 'A shared session is cancelled by the practice; please send them a message']);
    // In the language the portal's page asks for.
    const es = { 'accept-language': 'es' };
    expect((await a.portal.post(`${base(a)}/appointments/${group.json().id}/cancel`, {}, es)).json().error.message).toBe('Solo el consultorio puede cancelar una sesión compartida; envíele un mensaje.');
    expect((await b.portal.post(`${base(b)}/appointments/${soon.json().id}/cancel`)).statusCode).toBe(404);
    const cancelled = await a.portal.post(`${base(a)}/appointments/${soon.json().id}/cancel`);
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    expect(cancelled.json()).toMatchObject({ status: 'cancelled', cancellation: { by: 'client', late: true }, canCancel: false });
    const again = await a.portal.post(`${base(a)}/appointments/${soon.json().id}/cancel`);
    expect([again.statusCode, again.json().error.message]).toEqual([409, 'The appointment is already cancelled']);
    expect((await a.portal.post(`${base(a)}/appointments/${soon.json().id}/cancel`, {}, es)).json().error.message).toBe('La cita ya está cancelada.');
    expect((await p.owner.get(`/api/appointments/${soon.json().id}`)).json().cancellation).toMatchObject({ by: 'client', late: true });
    const events = await new Outbox(h.app.services.ctx).history(soon.json().id);
    expect(events.map((e) => e.type)).toEqual(['appointment.created', 'appointment.cancelled']);
    expect(events[1]!.payload).toMatchObject({ cancelledBy: 'client', late: 'true' });
    const audit = await h.database.db.selectFrom('audit_log').select(['action', 'actor_type']).where('resource_id', '=', soon.json().id).where('actor_type', '=', 'client').execute();
    expect(audit).toEqual([{ action: 'update', actor_type: 'client' }]);
    const reads = await h.database.db.selectFrom('audit_log').select('action').where('resource_type', '=', 'client_appointments').where('resource_id', '=', a.id).execute();
    expect(reads.length).toBeGreaterThan(0);
    const notice = await h.smtp!.waitFor((m) => m.to.includes(staff.provider!.email) && /cancellation/i.test(m.subject));
    for (const secret of ['Marigold', 'Quince']) expect(notice.raw).not.toContain(secret);
  });

  it('a provider no longer active keeps their own name on what the client sees, in any language', async () => {
    const d = await portalClient(h, p.owner, { firstName: 'Dahlia', lastName: 'Moss', providerIds: [staff.provider2!.id] });
    expect((await d.portal.post(`${base(d)}/waitlist`, { providerId: staff.provider2!.id })).statusCode).toBe(201);
    const off = await p.owner.patch(`/api/practice/users/${staff.provider2!.id}`, { status: 'disabled' });
    expect(off.statusCode, off.body).toBe(200);
    const list = await d.portal.get(`${base(d)}/waitlist`, { 'accept-language': 'es' });
    expect(list.statusCode, list.body).toBe(200);
    expect(list.json().items).toEqual([expect.objectContaining({ providerId: staff.provider2!.id, providerName: 'Paul Second' })]);
  });
});
