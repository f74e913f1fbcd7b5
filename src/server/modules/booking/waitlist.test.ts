// The waitlist on every test database: clients wait for an earlier time with their provider; a
// cancellation (or a reschedule away from a time) offers the freed slot to everyone waiting whose
// entry fits, by PHI-free mail and in the portal, through the outbox consumer "waitlist-offers":
// exactly one offer per freed slot however often the event is delivered, and a failed handling
// retried after its lease; five clients accepting at once yield exactly one booking and four 409s,
// and staff can't double-book the slot either; offers expire, and a slot booked meanwhile withdraws
// them. Staff see a provider's waitlist with the offers made and may take a client off it.
import { DateTime } from 'luxon';
import { beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../lib/clock.js';
import { testDialects } from '../../testing/dialects.js';
import { portalClient, type PortalClientFixture } from '../../testing/portal.js';
import type { ReceivedMail } from '../../testing/smtp.js';
import type { Mail } from '../mail/index.js';
import { WAITLIST_CONSUMER } from './waitlist.js';
import { teamSuite } from '../../testing/suite.js';

const NY = 'America/New_York';
const FIRST_NAMES = ['Ada', 'Bram', 'Cleo', 'Dov', 'Esme'];
const local = (iso: string) => DateTime.fromISO(iso, { zone: NY }).toUTC().toISO()!;

describe.each(testDialects())('waitlist on %s', (dialect) => {
  // Monday 2 November 2026, 14:00 UTC.
  const clock = new ManualClock(Date.UTC(2026, 10, 2, 14, 0, 0));
  const { h, p, other, staff } = teamSuite(dialect, { smtp: true, clock, env: { OUTBOX_POLL_MS: '0' } }, ['provider', 'provider2', 'front_desk', 'billing'], { practiceName: 'Lakeside Trauma Center' });
  let therapy: string;
  let long: string;
  let waiting: PortalClientFixture[] = [];
  let winner: PortalClientFixture | undefined;
  /** Two waiting clients other than the winner: one with an appointment of her own, one waiting for the long service. */
  let cleo: PortalClientFixture;
  let esme: PortalClientFixture;
  let holder: PortalClientFixture;
  let elsewhere: PortalClientFixture;

  const base = (c: PortalClientFixture) => `/api/portal/clients/${c.id}`;
  const book = async (clientId: string, start: string, minutes = 50) => {
    const res = await p.owner.post('/api/appointments', { clientIds: [clientId], providerId: staff.provider!.id, start, durationMinutes: minutes, timeZone: NY, type: 'video', serviceId: therapy });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id as string;
  };
  /** The outbox consumers, then the notification dispatcher (the offer mails). */
  const drain = async () => {
    await h.app.services.pump.drain();
    await h.app.services.notifications.dispatcher.drain();
  };
  /** Cancels, then waits for the outbox consumers (the request kicked them once answered). */
  const cancel = async (id: string) => {
    expect((await p.owner.post(`/api/appointments/${id}/cancel`, {})).statusCode).toBe(200);
    await drain();
  };
  const offerCount = async () => Number((await h.database.db.selectFrom('waitlist_offers').select((e) => e.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const eventOf = async (appointmentId: string, type: string) => {
    const events = (await h.app.services.scheduling.outbox.history(appointmentId)).filter((e) => e.type === type);
    expect(events.length).toBeGreaterThan(0);
    return events[events.length - 1]!;
  };
  const offersOf = async (c: PortalClientFixture) => (await c.portal.get(`${base(c)}/offers`)).json().items as { id: string; start: string; status: string; takenByYou: boolean; providerName: string }[];
  const offerMails = (since: number) => h.smtp!.messages.slice(since).filter((m) => m.subject === 'An earlier appointment time is available');
  /** A mail's decoded text without its headers (whose Date is the real clock's). */
  const bodyOf = (m: ReceivedMail) => m.text.slice(m.text.search(/\r?\n\r?\n/));

  beforeAll(async () => {
    therapy = (await p.owner.post('/api/practice/appointment-services', { name: 'Individual therapy', defaultMinutes: 50, rateCents: 15000 })).json().id;
    long = (await p.owner.post('/api/practice/appointment-services', { name: 'Extended session', defaultMinutes: 80, rateCents: 20000 })).json().id;
    expect((await p.owner.patch('/api/practice/scheduling-settings', { clientMinNoticeHours: 24 })).statusCode).toBe(200);
    const providers = [staff.provider!.id, staff.provider2!.id];
    waiting = [];
    for (const [n, first] of FIRST_NAMES.entries()) {
      waiting.push(await portalClient(h, p.owner, { firstName: first, lastName: 'Waiting', providerIds: providers, timeZone: 'America/Chicago', consents: { details: n === 0 } }));
    }
    holder = await portalClient(h, p.owner, { firstName: 'Holden', lastName: 'Slot', providerIds: providers });
    elsewhere = await portalClient(h, other.owner, { firstName: 'Elsewhere', lastName: 'Person' });
  });

  it('joins and leaves a waitlist: own providers only, no duplicates, audited', async () => {
    const c = waiting[0]!;
    const bad = await c.portal.post(`${base(c)}/waitlist`, { providerId: 'not-a-provider' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.field).toBe('providerId');
    expect((await c.portal.post(`${base(c)}/waitlist`, { providerId: staff.provider!.id, serviceId: 'nope' })).json().error.field).toBe('serviceId');
    for (const w of waiting) {
      const res = await w.portal.post(`${base(w)}/waitlist`, { providerId: staff.provider!.id });
      expect(res.statusCode, res.body).toBe(201);
    }
    const dup = await c.portal.post(`${base(c)}/waitlist`, { providerId: staff.provider!.id });
    expect(dup.statusCode).toBe(409);
    const extra = await c.portal.post(`${base(c)}/waitlist`, { providerId: staff.provider2!.id, serviceId: long });
    expect(extra.statusCode).toBe(201);
    const list = (await c.portal.get(`${base(c)}/waitlist`)).json().items;
    expect(list).toHaveLength(2);
    expect(list).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ providerId: staff.provider!.id, providerName: 'Priya Provider', serviceId: null }),
        expect.objectContaining({ providerId: staff.provider2!.id, serviceName: 'Extended session' }),
      ]),
    );
    expect((await elsewhere.portal.get(`${base(c)}/waitlist`)).statusCode).toBe(404);
    expect((await elsewhere.portal.del(`${base(elsewhere)}/waitlist/${extra.json().id}`)).statusCode).toBe(404);
    expect((await c.portal.del(`${base(c)}/waitlist/${extra.json().id}`)).statusCode).toBe(204);
    expect((await c.portal.del(`${base(c)}/waitlist/${extra.json().id}`)).statusCode).toBe(404);
    const audit = await h.database.db.selectFrom('audit_log').select(['action', 'actor_type']).where('resource_type', '=', 'waitlist_entry').where('resource_id', '=', extra.json().id).execute();
    expect(audit).toEqual([
      { action: 'create', actor_type: 'client' },
      { action: 'update', actor_type: 'client' },
    ]);
  });

  it('a cancellation offers the freed slot to every waiting client by PHI-free mail; five accept at once, one wins', async () => {
    const start = local('2026-11-05T10:00'); // Thursday, three days ahead
    const appointment = await book(holder.id, start);
    const mailsBefore = h.smtp!.messages.length;
    await cancel(appointment);

    // One mail per waiting client: the link holds an opaque offer id; no time, provider, client or practice
    // name, except for the one client who agreed to details (time in their own zone, provider's name).
    const mails: ReceivedMail[] = [];
    for (const w of waiting) mails.push(await h.smtp!.waitFor((m) => m.to.includes(w.email) && m.subject === 'An earlier appointment time is available'));
    expect(offerMails(mailsBefore)).toHaveLength(5);
    const offerId = /\/portal\/offers\/([0-9a-f-]{36})/.exec(mails[0]!.text)![1]!;
    for (const [n, m] of mails.entries()) {
      expect(m.text).toContain(`http://127.0.0.1:3000/portal/offers/${offerId}`);
      for (const secret of ['Waiting', 'Holden', 'Lakeside', 'Trauma', 'Individual therapy', ...FIRST_NAMES]) expect(m.raw).not.toContain(secret);
      if (n === 0) {
        expect(m.text).toContain('Priya Provider');
        expect(m.text).toContain('Thursday, November 5, 2026 at 9:00 AM'); // Chicago
      } else {
        expect(bodyOf(m)).not.toContain('Priya');
        expect(bodyOf(m)).not.toMatch(/November|Thursday|09:00|10:00/);
      }
    }

    // In the portal: the offer, with its details, for each recipient; 404 to anyone else.
    for (const w of waiting) expect((await offersOf(w)).map((o) => [o.id, o.start, o.status])).toEqual([[offerId, start, 'open']]);
    const fromLink = await waiting[1]!.portal.get(`/api/portal/offers/${offerId}`);
    expect(fromLink.statusCode, fromLink.body).toBe(200);
    expect(fromLink.json()).toMatchObject({ id: offerId, clientId: waiting[1]!.id, providerName: 'Priya Provider', status: 'open', durationMinutes: 50 });
    expect((await holder.portal.get(`/api/portal/offers/${offerId}`)).statusCode).toBe(404);
    expect((await elsewhere.portal.get(`/api/portal/offers/${offerId}`)).statusCode).toBe(404);
    expect((await holder.portal.post(`${base(holder)}/offers/${offerId}/accept`)).statusCode).toBe(404);
    expect((await elsewhere.portal.post(`${base(waiting[0]!)}/offers/${offerId}/accept`)).statusCode).toBe(404);

    const results = await Promise.all(waiting.map((w) => w.portal.post(`${base(w)}/offers/${offerId}/accept`)));
    const codes = results.map((r) => r.statusCode);
    expect(codes.filter((c) => c === 200)).toHaveLength(1);
    expect(codes.filter((c) => c === 409)).toHaveLength(4);
    for (const r of results.filter((x) => x.statusCode === 409)) expect(r.json().error).toMatchObject({ code: 'conflict', message: 'This time is no longer available' });
    const winnerIndex = codes.indexOf(200);
    winner = waiting[winnerIndex]!;
    const appointmentId = results[winnerIndex]!.json().appointmentId as string;

    const live = await p.owner.get(`/api/appointments?from=${encodeURIComponent(start)}&to=${encodeURIComponent(local('2026-11-05T10:50'))}&status=scheduled`);
    expect(live.json().total).toBe(1);
    expect(live.json().items[0]).toMatchObject({ id: appointmentId, clients: [{ id: winner.id }], serviceName: 'Individual therapy', durationMinutes: 50 });
    // Staff can't double-book it either.
    const staffTry = await p.owner.post('/api/appointments', { clientIds: [holder.id], providerId: staff.provider!.id, start, durationMinutes: 50, timeZone: NY, type: 'video' });
    expect(staffTry.statusCode).toBe(409);
    // The winner sees it taken by them; the others no longer see it, and its link says taken.
    expect((await offersOf(winner)).map((o) => [o.status, o.takenByYou])).toEqual([['taken', true]]);
    for (const w of waiting.filter((x) => x !== winner)) {
      expect(await offersOf(w)).toEqual([]);
      expect((await w.portal.get(`/api/portal/offers/${offerId}`)).json()).toMatchObject({ status: 'taken', takenByYou: false });
    }
    // The winner's waitlist entry is fulfilled; the others still wait.
    expect((await winner.portal.get(`${base(winner)}/waitlist`)).json().items.filter((e: { providerId: string }) => e.providerId === staff.provider!.id)).toEqual([]);
    const audit = await h.database.db.selectFrom('audit_log').select(['action', 'actor_type', 'actor_id']).where('resource_type', '=', 'waitlist_offer').where('resource_id', '=', offerId).orderBy('seq').execute();
    expect(audit.filter((x) => x.action !== 'read').map((x) => `${x.action} ${x.actor_type}`)).toEqual(['create system', 'update client']);
    // Each opening of the offer's link is a read by that client.
    expect(audit.filter((x) => x.action === 'read').map((x) => x.actor_type)).toEqual(Array(audit.length - 2).fill('client'));
    // The cancellation event delivered again (a retry, or another instance after the lease): the
    // same one offer, no new mail.
    const event = await eventOf(appointment, 'appointment.cancelled');
    const mailsNow = h.smtp!.messages.length;
    await Promise.all([h.app.services.waitlist.handle(event), h.app.services.waitlist.handle(event)]);
    await h.database.db.deleteFrom('event_consumptions').where('consumer', '=', WAITLIST_CONSUMER).where('event_id', '=', event.id).execute();
    await drain();
    expect(await offerCount()).toBe(1);
    expect(offerMails(mailsNow)).toEqual([]);
    // The offer records ids, instants and the zone only: no name, note or reason.
    const stored = await h.database.db.selectFrom('waitlist_offers').selectAll().where('id', '=', offerId).executeTakeFirstOrThrow();
    expect(stored).toMatchObject({ source_appointment_id: appointment, source_event_id: event.id, provider_id: staff.provider!.id, time_zone: NY });
    for (const secret of ['Waiting', 'Holden', 'Priya', 'Lakeside', 'Individual']) expect(JSON.stringify(stored)).not.toContain(secret);
  });

  it('offers only what fits: not inside the notice, not later than the client’s own next time, a long service only in a long slot', async () => {
    // Two clients other than the winner (who has an appointment now, so is offered nothing earlier).
    const others = waiting.filter((w) => w !== winner);
    cleo = others[1]!;
    esme = others[others.length - 1]!;
    // Cleo has an appointment with the provider on Wednesday: a Friday slot is not earlier for her.
    await book(cleo.id, local('2026-11-04T09:00'));
    // Esme now waits only for the 80-minute service.
    for (const e of (await esme.portal.get(`${base(esme)}/waitlist`)).json().items as { id: string }[]) expect((await esme.portal.del(`${base(esme)}/waitlist/${e.id}`)).statusCode).toBe(204);
    expect((await esme.portal.post(`${base(esme)}/waitlist`, { providerId: staff.provider!.id, serviceId: long })).statusCode).toBe(201);

    const friday = await book(holder.id, local('2026-11-06T10:00'));
    // Exactly 24 hours ahead now; inside the 24-hour notice once the clock moves on below.
    const tomorrow = await book(holder.id, local('2026-11-03T09:00'));
    clock.advance(10 * 60_000);
    try {
      const before = h.smtp!.messages.length;
      await cancel(friday);
      const offered = new Set<string>();
      for (const w of waiting) if ((await offersOf(w)).some((o) => o.status === 'open')) offered.add(w.id);
      // Everyone still waiting but Cleo (not earlier) and Esme (too short); the last winner waits no more.
      expect([...offered].sort()).toEqual(waiting.filter((w) => w !== cleo && w !== esme && w !== winner).map((w) => w.id).sort());
      expect(offerMails(before)).toHaveLength(offered.size);

      const made = await offerCount();
      await cancel(tomorrow);
      expect(await offerCount()).toBe(made);

      // An 80-minute slot reaches Esme too.
      await cancel(await book(holder.id, local('2026-11-06T13:00'), 80));
      expect((await offersOf(esme)).map((o) => o.start)).toContain(local('2026-11-06T13:00'));
    } finally {
      clock.advance(-10 * 60_000);
    }
  });

  it('an offer expires a day after it is made, and a slot staff book meanwhile withdraws it (409 to whoever accepts)', async () => {
    const nine = local('2026-11-10T09:00');
    const eleven = local('2026-11-10T11:00');
    await cancel(await book(holder.id, nine));
    await cancel(await book(holder.id, eleven));
    const w = waiting.find((x) => x !== winner && x !== cleo && x !== esme)!;
    const open = (await offersOf(w)).filter((o) => o.status === 'open');
    const o9 = open.find((o) => o.start === nine)!;
    const o11 = open.find((o) => o.start === eleven)!;
    expect([o9, o11].every(Boolean)).toBe(true);

    // Staff book the 9:00 slot for someone else: accepting it is a 409, and the offer is withdrawn.
    await book(holder.id, nine);
    const taken = await w.portal.post(`${base(w)}/offers/${o9.id}/accept`);
    expect(taken.statusCode).toBe(409);
    expect((await w.portal.get(`/api/portal/offers/${o9.id}`)).json().status).toBe('withdrawn');

    const row = await h.database.db.selectFrom('waitlist_offers').select('expires_at').where('id', '=', o11.id).executeTakeFirstOrThrow();
    expect(Number(row.expires_at)).toBe(clock.now() + 24 * 3600_000);
    clock.advance(24 * 3600_000);
    try {
      // Sessions idle out over a day; the portal signs in again, as a person would.
      const again = await w.portal.post('/api/portal/login', { email: w.email, password: 'meadowlark quiet river 3' });
      expect(again.statusCode, again.body).toBe(200);
      expect((await w.portal.post(`${base(w)}/offers/${o11.id}/accept`)).statusCode).toBe(409);
      expect((await w.portal.get(`/api/portal/offers/${o11.id}`)).json().status).toBe('expired');
      expect((await offersOf(w)).map((o) => o.id)).not.toContain(o11.id);
    } finally {
      clock.advance(-24 * 3600_000);
    }
  });

  it('one offer set per cancellation even when the event is handled three times at once; each recipient mailed once', async () => {
    const start = local('2026-11-09T15:00');
    const appointment = await book(holder.id, start);
    const before = h.smtp!.messages.length;
    const offersBefore = await offerCount();
    expect((await p.owner.post(`/api/appointments/${appointment}/cancel`, {})).statusCode).toBe(200);
    // The request kicked the pump; two more deliveries of the same event race it.
    const event = await eventOf(appointment, 'appointment.cancelled');
    await Promise.all([h.app.services.waitlist.handle(event), h.app.services.waitlist.handle(event), drain()]);
    await drain();
    expect(await offerCount()).toBe(offersBefore + 1);
    const offer = await h.database.db.selectFrom('waitlist_offers').selectAll().where('source_event_id', '=', event.id).executeTakeFirstOrThrow();
    const recipients = await h.database.db.selectFrom('waitlist_offer_recipients').selectAll().where('offer_id', '=', offer.id).execute();
    expect(recipients.length).toBeGreaterThan(0);
    const mails = offerMails(before);
    expect(mails.filter((m) => m.text.includes(offer.id))).toHaveLength(recipients.length);
    for (const w of waiting.filter((x) => recipients.some((r) => r.client_id === x.id))) {
      expect(mails.filter((m) => m.to.includes(w.email))).toHaveLength(1);
    }
  });

  it('a failed handling is retried after the lease: the offer is made late rather than lost, and a failed mail is sent once', async () => {
    const start = local('2026-11-09T16:00');
    const appointment = await book(holder.id, start);
    const offersBefore = await offerCount();
    const scheduling = h.app.services.scheduling;
    const busy = scheduling.busy.bind(scheduling);
    // The handling fails (as if the process died): the cancellation has committed, its offer is not made.
    scheduling.busy = async () => {
      throw Object.assign(new Error('connection terminated'), { code: 'ECONNRESET' });
    };
    try {
      await cancel(appointment);
    } finally {
      scheduling.busy = busy;
    }
    expect(await offerCount()).toBe(offersBefore);
    const event = await eventOf(appointment, 'appointment.cancelled');

    // One recipient's mail fails on the retry; the others go out.
    const target = waiting.find((w) => w !== winner && w !== cleo && w !== esme)!;
    const mailer = h.app.services.ctx.mailer;
    const send = mailer.send.bind(mailer);
    let failures = 0;
    mailer.send = async (m: Mail) => {
      if (m.to === target.email && failures === 0) {
        failures++;
        throw Object.assign(new Error('451 try again later'), { code: 'EENVELOPE', responseCode: 451 });
      }
      return send(m);
    };
    try {
      const before = h.smtp!.messages.length;
      clock.advance(60_000);
      await drain();
      expect(await offerCount()).toBe(offersBefore); // within the lease: nothing yet
      clock.advance(5 * 60_000);
      await drain();
      expect(await offerCount()).toBe(offersBefore + 1);
      const offer = await h.database.db.selectFrom('waitlist_offers').select('id').where('source_event_id', '=', event.id).executeTakeFirstOrThrow();
      expect(failures).toBe(1);
      expect(offerMails(before).filter((m) => m.to.includes(target.email))).toEqual([]);
      expect(offerMails(before).length).toBeGreaterThan(0);
      clock.advance(6 * 60_000);
      await drain();
      await drain();
      const toTarget = offerMails(before).filter((m) => m.to.includes(target.email));
      expect(toTarget).toHaveLength(1);
      expect(toTarget[0]!.text).toContain(offer.id);
      expect(await offerCount()).toBe(offersBefore + 1);
    } finally {
      mailer.send = send;
      clock.advance(-12 * 60_000);
    }
  });

  it('a reschedule offers the time it left, with its previous provider; a move that still overlaps offers nothing', async () => {
    const from = local('2026-11-11T09:00');
    const appointment = await book(holder.id, from);
    const offersBefore = await offerCount();
    // Moved a week later and to the second provider: Priya's Wednesday 9:00 is free.
    const moved = await p.owner.patch(`/api/appointments/${appointment}`, { start: local('2026-11-18T14:00'), providerId: staff.provider2!.id });
    expect(moved.statusCode, moved.body).toBe(200);
    await drain();
    const event = await eventOf(appointment, 'appointment.rescheduled');
    expect(event.payload).toMatchObject({ previousStart: from, previousEnd: local('2026-11-11T09:50'), previousProviderId: staff.provider!.id });
    const offer = await h.database.db.selectFrom('waitlist_offers').selectAll().where('source_event_id', '=', event.id).executeTakeFirstOrThrow();
    expect(offer).toMatchObject({ provider_id: staff.provider!.id, source_appointment_id: appointment, status: 'open' });
    expect(new Date(Number(offer.start_at)).toISOString()).toBe(from);
    expect(Number(offer.end_at) - Number(offer.start_at)).toBe(50 * 60_000);
    expect(await offerCount()).toBe(offersBefore + 1);
    // The client who was moved is not offered their own old time.
    expect((await offersOf(holder)).map((o) => o.id)).not.toContain(offer.id);

    // Moved by half an hour: its old time is still half taken, so nothing is offered.
    const other = await book(holder.id, local('2026-11-12T09:00'));
    expect((await p.owner.patch(`/api/appointments/${other}`, { start: local('2026-11-12T09:30') })).statusCode).toBe(200);
    await drain();
    expect(await offerCount()).toBe(offersBefore + 1);
  });

  it('staff see a provider’s waitlist with the offers made; billing reads; providers see their own; all audited', async () => {
    const url = `/api/waitlist?providerId=${staff.provider!.id}`;
    const missing = await p.owner.get('/api/waitlist');
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.field).toBe('providerId');
    expect((await p.owner.get('/api/waitlist?providerId=x&extra=1')).json().error.field).toBe('extra');
    // Not a provider, and another practice's provider, are missing.
    expect((await p.owner.get(`/api/waitlist?providerId=${staff.front_desk!.id}`)).statusCode).toBe(404);
    expect((await other.owner.get(url)).statusCode).toBe(404);
    // Providers who see only their own clients see only their own waitlist.
    expect((await staff.provider2!.actor.get(url)).statusCode).toBe(403);

    const res = await staff.front_desk!.actor.get(url);
    expect(res.statusCode, res.body).toBe(200);
    const list = res.json() as { providerId: string; total: number; items: { id: string; clientId: string; clientName: string | null; serviceName: string | null; createdAt: string; offers: { id: string; start: string; status: string; takenByClient: boolean; mailed: boolean }[] }[] };
    const still = waiting.filter((w) => w !== winner);
    expect(list.providerId).toBe(staff.provider!.id);
    expect(list.total).toBe(still.length);
    // Everyone still waiting, first come first (all joined at one instant of the test clock); the
    // winner of the first offer waits no more.
    expect(list.items.map((e) => e.clientId).sort()).toEqual(still.map((w) => w.id).sort());
    expect(list.items.map((e) => e.createdAt)).toEqual(list.items.map((e) => e.createdAt).sort());
    const longWaiter = list.items.find((e) => e.clientId === esme.id)!;
    expect(longWaiter).toMatchObject({ clientName: `${FIRST_NAMES[waiting.indexOf(esme)]} Waiting`, serviceName: 'Extended session' });
    // Esme, waiting for the long service since the earlier test, was offered the one long slot, by mail.
    expect(longWaiter.offers).toEqual([expect.objectContaining({ start: local('2026-11-06T13:00'), status: 'open', takenByClient: false, mailed: true })]);
    // The others wait for any service and were offered every slot freed since: the newest five, all mailed.
    for (const e of list.items.filter((x) => x !== longWaiter)) {
      expect(e).toMatchObject({ clientName: `${FIRST_NAMES[waiting.findIndex((w) => w.id === e.clientId)]} Waiting`, serviceName: null });
      expect(e.offers.length).toBeGreaterThan(0);
      expect(e.offers.length).toBeLessThanOrEqual(5);
      expect(e.offers.every((o) => o.mailed)).toBe(true);
    }
    expect((await staff.provider!.actor.get(url)).statusCode).toBe(200);
    expect((await staff.billing!.actor.get(url)).statusCode).toBe(200);
    const audit = await h.database.db.selectFrom('audit_log').select(['action', 'actor_id', 'details']).where('resource_type', '=', 'waitlist').where('resource_id', '=', staff.provider!.id).orderBy('seq').execute();
    expect(audit.map((x) => `${x.action} ${x.actor_id}`)).toEqual([`read ${staff.front_desk!.id}`, `read ${staff.provider!.id}`, `read ${staff.billing!.id}`]);
    for (const x of audit) expect(String(x.details)).not.toContain('Waiting');
  });

  it('staff take a client off a waitlist: permission-checked, audited, and the client can no longer take its open offers', async () => {
    const list = (await p.owner.get(`/api/waitlist?providerId=${staff.provider!.id}`)).json() as { items: { id: string; clientId: string; offers: { id: string; status: string }[] }[] };
    const entry = list.items.find((e) => e.offers.some((o) => o.status === 'open'))!;
    expect(entry).toBeDefined();
    const openOffer = entry.offers.find((o) => o.status === 'open')!;
    const client = waiting.find((w) => w.id === entry.clientId)!;
    expect((await offersOf(client)).map((o) => o.id)).toContain(openOffer.id);

    expect((await staff.billing!.actor.del(`/api/waitlist/${entry.id}`)).statusCode).toBe(403);
    // Another provider who sees only their own clients: not theirs to see.
    expect((await staff.provider2!.actor.del(`/api/waitlist/${entry.id}`)).statusCode).toBe(404);
    expect((await other.owner.del(`/api/waitlist/${entry.id}`)).statusCode).toBe(404);
    expect((await p.owner.del('/api/waitlist/nope')).statusCode).toBe(404);
    expect((await staff.provider!.actor.del(`/api/waitlist/${entry.id}`)).statusCode).toBe(204);
    const again = await staff.front_desk!.actor.del(`/api/waitlist/${entry.id}`);
    expect(again.statusCode).toBe(409);
    expect(again.json().error.field).toBe('status');

    const after = (await p.owner.get(`/api/waitlist?providerId=${staff.provider!.id}`)).json() as { items: { id: string }[] };
    expect(after.items.map((e) => e.id)).not.toContain(entry.id);
    expect((await client.portal.get(`${base(client)}/waitlist`)).json().items.map((e: { id: string }) => e.id)).not.toContain(entry.id);
    expect((await offersOf(client)).map((o) => o.id)).not.toContain(openOffer.id);
    const taken = await client.portal.post(`${base(client)}/offers/${openOffer.id}/accept`);
    expect(taken.statusCode).toBe(409);
    expect(taken.json().error.message).toBe('This time is no longer available');

    const audit = await h.database.db.selectFrom('audit_log').select(['action', 'actor_id', 'actor_type', 'details']).where('resource_type', '=', 'waitlist_entry').where('resource_id', '=', entry.id).orderBy('seq').execute();
    expect(audit.map((x) => `${x.action} ${x.actor_type}`)).toEqual(['create client', 'update user']);
    expect(audit[1]!.actor_id).toBe(staff.provider!.id);
    expect(JSON.parse(String(audit[1]!.details))).toMatchObject({ status: 'removed', by: 'practice' });
  });
});
