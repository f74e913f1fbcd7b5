// Today, the inbox and call history on every test database: each role's day (its own or the
// practice's, with the fields that role may see), the lobby, other practices kept out; the inbox's
// newest-first keyset paging and unread count (what a restricted provider sees, billing refused);
// the client's PHI-free mail when staff reply, sent exactly once through the real SMTP receiver and
// only while the practice setting is on; call history's range, exact total and paging; bad input
// answered 400 naming the field.
import { beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../lib/clock.js';
import type { Actor } from '../../testing/actors.js';
import { testDialects } from '../../testing/dialects.js';
import { portalClient, type PortalClientFixture } from '../../testing/portal.js';
import type { Today, TodayAppointment } from '../../../shared/today.js';
import { teamSuite } from '../../testing/suite.js';

/** Each query answers 400 naming its field (an empty name: any 400 will do). */
async function expectBadQueries(actor: Actor, path: string, cases: readonly (readonly [string, string])[]): Promise<void> {
  for (const [query, field] of cases) {
    const res = await actor.get(`${path}${query}`);
    expect(res.statusCode, query).toBe(400);
    if (field) expect(res.body, query).toContain(field);
  }
}

const DAY = '2030-03-04';
const META = { ip: '127.0.0.1', userAgent: 'hearth-test/today' };

describe.each(testDialects())('today, inbox and call history on %s', (dialect) => {
  let portal: PortalClientFixture;
  let otherClientId: string;
  let thirdClientId: string;
  let videoId: string;
  let officeId: string;
  let otherPracticeApptId: string;
  const clock = new ManualClock(Date.parse(`${DAY}T08:00:00Z`));
  const { h, p, other, staff } = teamSuite(dialect, { smtp: true, clock }, ['provider', 'front_desk', 'billing', 'compliance'], { ownerName: 'Olive Owner' });

  const today = async (actor: Actor, query = `?date=${DAY}&timeZone=UTC`): Promise<Today> => {
    const res = await actor.get(`/api/today${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as Today;
  };
  const appt = (t: Today, id: string): TodayAppointment | undefined => t.appointments.find((a) => a.id === id);
  const book = async (actor: Actor, body: Record<string, unknown>) => {
    const res = await actor.post('/api/appointments', { durationMinutes: 50, timeZone: 'UTC', ...body });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id as string;
  };
  const fieldOf = (body: string) => (JSON.parse(body) as { error: { field?: string; message: string } }).error;

  beforeAll(async () => {
    portal = await portalClient(h, p.owner, { firstName: 'Marigold', lastName: 'Quince', providerIds: [staff.provider!.id] });
    otherClientId = (await p.owner.post('/api/clients', { firstName: 'Juniper', lastName: 'Ash', dateOfBirth: '1980-01-01', providerIds: [p.userId] })).json().id;
    thirdClientId = (await p.owner.post('/api/clients', { firstName: 'Linden', lastName: 'Moss', dateOfBirth: '1981-02-02', providerIds: [p.userId] })).json().id;
    videoId = await book(staff.provider!.actor, { clientIds: [portal.id], providerId: staff.provider!.id, start: `${DAY}T16:00:00Z`, type: 'video', note: 'Discuss sleep diary' });
    officeId = await book(p.owner, { clientIds: [otherClientId], providerId: p.userId, start: `${DAY}T18:00:00Z`, type: 'in_person' });
    // Tomorrow's visit is not today's.
    await book(p.owner, { clientIds: [otherClientId], providerId: p.userId, start: '2030-03-05T16:00:00Z', type: 'video' });
    const oc = (await other.owner.post('/api/clients', { firstName: 'Other', lastName: 'Person', dateOfBirth: '1970-01-01' })).json().id as string;
    otherPracticeApptId = await book(other.owner, { clientIds: [oc], providerId: other.userId, start: `${DAY}T16:00:00Z`, type: 'video' });
    await h.app.services.pump.drain();
  });

  describe('Today', () => {
    it("a provider sees their own day with the note, the reminders' state and a join button; never a colleague's", async () => {
      const t = await today(staff.provider!.actor);
      expect(t).toMatchObject({ date: DAY, timeZone: 'UTC', scope: 'own', providerId: staff.provider!.id, providers: [], from: `${DAY}T00:00:00.000Z`, to: '2030-03-05T00:00:00.000Z' });
      expect(t.appointments.map((a) => a.id)).toEqual([videoId]);
      const a = appt(t, videoId)!;
      expect(a).toMatchObject({ note: 'Discuss sleep diary', joinable: true, call: null, type: 'video', clients: [{ id: portal.id, name: 'Marigold Quince' }] });
      // The reminders module's own view of the same visit agrees with Today's counts.
      const rows = (await staff.provider!.actor.get(`/api/appointments/${videoId}/reminders`)).json().items as { kind: string; status: string; occurrenceStart: string }[];
      const mine = rows.filter((r) => r.kind === 'reminder' && r.occurrenceStart === a.start);
      expect(a.reminders).toEqual({
        sent: mine.filter((r) => r.status === 'sent' || r.status === 'delivered').length,
        pending: mine.filter((r) => r.status === 'scheduled' || r.status === 'sending').length,
        failed: mine.filter((r) => r.status === 'failed' || r.status === 'uncertain').length,
        needsAttention: expect.any(Number),
      });
      expect(t.unreadMessages).toBe(0);
      expect(t.requestsWaiting).toBe(0);
      expect(t.attention.notifications).toBeNull();
      // Asking for a colleague's day is refused, naming the field.
      const res = await staff.provider!.actor.get(`/api/today?date=${DAY}&providerId=${p.userId}`);
      expect(res.statusCode).toBe(403);
      expect(fieldOf(res.body).field).toBe('providerId');
    });

    it("owners see the practice's day, filterable by provider; another practice's provider is refused like a missing one", async () => {
      const t = await today(p.owner);
      expect(t.scope).toBe('practice');
      expect(t.appointments.map((a) => a.id)).toEqual([videoId, officeId]);
      expect(appt(t, videoId)).toMatchObject({ note: 'Discuss sleep diary', joinable: true });
      expect(appt(t, officeId)).toMatchObject({ joinable: false, call: null, type: 'in_person' });
      expect(t.providers.map((x) => x.id)).toEqual(expect.arrayContaining([p.userId, staff.provider!.id]));
      expect(t.attention.notifications).toBe(0);
      const one = await today(p.owner, `?date=${DAY}&timeZone=UTC&providerId=${staff.provider!.id}`);
      expect(one.appointments.map((a) => a.id)).toEqual([videoId]);
      for (const id of [other.userId, 'no-such-provider']) {
        const res = await p.owner.get(`/api/today?date=${DAY}&providerId=${id}`);
        expect(res.statusCode).toBe(400);
        expect(fieldOf(res.body).field).toBe('providerId');
      }
    });

    it('the day follows the time zone asked for', async () => {
      // 16:00 UTC is 08:00 in Los Angeles on the 4th; 18:00 UTC is 10:00. Tokyo's 4th ended at 15:00 UTC.
      expect((await today(p.owner, `?date=${DAY}&timeZone=America/Los_Angeles`)).appointments.map((a) => a.id)).toEqual([videoId, officeId]);
      expect((await today(p.owner, `?date=${DAY}&timeZone=Asia/Tokyo`)).appointments.map((a) => a.id)).toEqual([]);
      // Without a date: today in that zone by the server's clock.
      expect((await today(p.owner, '?timeZone=UTC')).date).toBe(DAY);
    });

    it('front desk: no staff note and no call button; billing: no note, reminders, calls, messages or requests', async () => {
      const fd = await today(staff.front_desk!.actor);
      expect(fd.appointments.map((a) => a.id)).toEqual([videoId, officeId]);
      for (const a of fd.appointments) {
        expect(a.note).toBeNull();
        expect(a.joinable).toBe(false);
        expect(a.reminders).not.toBeNull();
      }
      expect(fd.unreadMessages).toBe(0);
      expect(fd.requestsWaiting).toBe(0);
      expect(fd.attention.notifications).toBeNull();

      const billing = await today(staff.billing!.actor);
      expect(billing.appointments.map((a) => a.id)).toEqual([videoId, officeId]);
      for (const a of billing.appointments) expect(a).toMatchObject({ note: null, reminders: null, call: null, joinable: false });
      expect(billing).toMatchObject({ unreadMessages: null, requestsWaiting: null, attention: { reminders: null, notifications: null } });
      expect(JSON.stringify(billing)).not.toContain('sleep diary');

      const compliance = await today(staff.compliance!.actor);
      expect(compliance.appointments.every((a) => a.note === null && !a.joinable)).toBe(true);
      expect(compliance.attention.notifications).toBe(0);
    });

    it("another practice's day holds none of this practice's visits", async () => {
      const t = await today(other.owner);
      expect(t.appointments.map((a) => a.id)).toEqual([otherPracticeApptId]);
      expect(JSON.stringify(t)).not.toContain('Marigold');
    });

    it('a client waiting in the lobby shows on the visit for the provider and the owner', async () => {
      const room = await staff.provider!.actor.post(`/api/appointments/${videoId}/call`, {});
      expect(room.statusCode, room.body).toBe(200);
      const callId = room.json().id as string;
      const calls = h.app.services.calls.service;
      const call = (await calls.findCall(callId))!;
      await calls.waiting({ call, role: 'client', id: portal.id, name: 'Marigold Q.' }, { kind: 'guest', guestSessionId: 'g1', callId, clientId: portal.id, practiceId: p.practiceId }, 'peer-client');
      for (const actor of [staff.provider!.actor, p.owner]) {
        expect(appt(await today(actor), videoId)!.call).toEqual({ callId, status: 'ringing', waiting: [{ clientId: portal.id, name: 'Marigold Q.' }] });
      }
      // Admitted: no longer waiting.
      await calls.admitted(call, portal.id, staff.provider!.id);
      expect(appt(await today(staff.provider!.actor), videoId)!.call!.waiting).toEqual([]);
      // The front desk sees the room (not the button); billing does not.
      await calls.waiting({ call, role: 'client', id: otherClientId, name: 'Juniper A.' }, { kind: 'guest', guestSessionId: 'g2', callId, clientId: otherClientId, practiceId: p.practiceId }, 'peer-other');
      expect(appt(await today(staff.front_desk!.actor), videoId)).toMatchObject({ joinable: false, call: { callId, waiting: [{ clientId: otherClientId, name: 'Juniper A.' }] } });
      expect(appt(await today(staff.billing!.actor), videoId)!.call).toBeNull();
    });

    it('bad input is a 400 naming the field; reading Today is audited', async () => {
      await expectBadQueries(p.owner, '/api/today', [
        ['?date=2030-13-40', 'date'],
        ['?date=tomorrow', 'date'],
        ['?timeZone=Mars/Olympus_Mons', 'timeZone'],
        ['?bogus=1', ''],
      ]);
      const rows = await h.database.db.selectFrom('audit_log').select(['actor_id', 'details']).where('action', '=', 'read').where('resource_type', '=', 'today').execute();
      expect(rows.some((r) => r.actor_id === staff.billing!.id)).toBe(true);
      for (const r of rows) expect(String(r.details)).not.toMatch(/Marigold|sleep/);
    });
  });

  describe('inbox', () => {
    const fromClient = async (clientId: string, body: string) => {
      clock.advance(60_000);
      await h.app.services.messages.postFromClient({ practiceId: p.practiceId, clientId, clientAccountId: 'portal-account', body });
    };

    it('threads newest first with unread state, keyset pages, and the unread total; a reply moves a thread up and clears it', async () => {
      await fromClient(portal.id, 'First message from Marigold');
      await fromClient(otherClientId, 'A question from Juniper about the invoice');
      await fromClient(thirdClientId, 'Linden writes');
      const first = await p.owner.get('/api/inbox?limit=2');
      expect(first.statusCode, first.body).toBe(200);
      const page1 = first.json();
      expect(page1.unread).toBe(3);
      expect(page1.items.map((i: { clientId: string }) => i.clientId)).toEqual([thirdClientId, otherClientId]);
      expect(page1.items[0]).toMatchObject({ clientName: 'Linden Moss', unread: true, unreadCount: 1, lastAuthor: 'client', preview: 'Linden writes' });
      expect(page1.nextCursor).toEqual(expect.any(String));
      const page2 = (await p.owner.get(`/api/inbox?limit=2&cursor=${encodeURIComponent(page1.nextCursor)}`)).json();
      expect(page2.items.map((i: { clientId: string }) => i.clientId)).toEqual([portal.id]);
      expect(page2.nextCursor).toBeNull();
      expect((await p.owner.get('/api/inbox/count')).json()).toEqual({ unread: 3 });

      // A reply: that thread is answered (not unread) and newest; the count goes down.
      clock.advance(60_000);
      const reply = await p.owner.post(`/api/clients/${otherClientId}/messages`, { body: 'Happy to help with that.' });
      expect(reply.statusCode, reply.body).toBe(201);
      const after = (await p.owner.get('/api/inbox')).json();
      expect(after.unread).toBe(2);
      expect(after.items[0]).toMatchObject({ clientId: otherClientId, unread: false, unreadCount: 0, lastAuthor: 'staff', preview: 'Happy to help with that.' });
      expect((await p.owner.get('/api/inbox/count')).json()).toEqual({ unread: 2 });
      // Only unread threads, when asked.
      expect((await p.owner.get('/api/inbox?unread=true')).json().items.map((i: { clientId: string }) => i.clientId)).toEqual([thirdClientId, portal.id]);
    });

    it("a provider sees only their clients' threads; billing is refused; another practice sees none; reading is audited", async () => {
      const mine = (await staff.provider!.actor.get('/api/inbox')).json();
      expect(mine.items.map((i: { clientId: string }) => i.clientId)).toEqual([portal.id]);
      expect(mine.unread).toBe(1);
      expect((await staff.provider!.actor.get('/api/inbox/count')).json()).toEqual({ unread: 1 });
      expect((await staff.billing!.actor.get('/api/inbox')).statusCode).toBe(403);
      expect((await staff.billing!.actor.get('/api/inbox/count')).json()).toEqual({ unread: 0 });
      expect((await other.owner.get('/api/inbox')).json()).toEqual({ items: [], unread: 0, nextCursor: null });
      const rows = await h.database.db.selectFrom('audit_log').select(['details']).where('resource_type', '=', 'inbox').where('action', '=', 'read').execute();
      expect(rows.length).toBeGreaterThan(0);
      for (const r of rows) expect(String(r.details)).not.toMatch(/Marigold|Linden|question/);
    });

    it('a bad cursor or limit is a 400 naming the field', async () => {
      await expectBadQueries(p.owner, '/api/inbox', [
        ['?cursor=not-a-cursor', 'cursor'],
        [`?cursor=${Buffer.from(JSON.stringify({ t: 'x', c: 1 })).toString('base64url')}`, 'cursor'],
        ['?limit=0', 'limit'],
        ['?limit=1000', 'limit'],
        ['?unread=maybe', 'unread'],
      ]);
    });
  });

  describe("the client's mail when staff reply", () => {
    const mailsTo = (email: string) => h.smtp!.messages.filter((m) => m.to.includes(email) && /new message/i.test(m.subject));

    it('goes exactly once per reply, says nothing but that a message waits in the portal, and the practice can turn it off', async () => {
      const practice = (await p.owner.get('/api/practice')).json();
      expect(practice.replyMailToClients).toBe(true);
      const before = mailsTo(portal.email).length;
      const reply = await staff.provider!.actor.post(`/api/clients/${portal.id}/messages`, { body: 'Your lab results look fine, Marigold.' });
      expect(reply.statusCode, reply.body).toBe(201);
      const mail = await h.smtp!.waitFor((m) => m.to.includes(portal.email) && /new message/i.test(m.subject));
      // Sent once: dispatching again (and again) sends nothing more.
      await h.app.services.notifications.dispatcher.drain();
      await h.app.services.notifications.dispatcher.drain();
      expect(mailsTo(portal.email).length).toBe(before + 1);
      const all = `${mail.subject}\n${mail.text}`;
      expect(all).toContain(`${h.config.publicUrl}/portal`);
      for (const phi of ['Marigold', 'Quince', 'lab results', 'Priya', p.practiceName]) expect(all).not.toContain(phi);

      // Off: a reply mails nobody.
      expect((await p.owner.patch('/api/practice', { replyMailToClients: false })).json().replyMailToClients).toBe(false);
      await staff.provider!.actor.post(`/api/clients/${portal.id}/messages`, { body: 'One more thing.' });
      await h.app.services.notifications.dispatcher.drain();
      expect(mailsTo(portal.email).length).toBe(before + 1);
      const setting = await h.database.db.selectFrom('audit_log').select(['details']).where('action', '=', 'setting_change').where('practice_id', '=', p.practiceId).orderBy('seq', 'desc').executeTakeFirst();
      expect(JSON.parse(String(setting!.details))).toMatchObject({ fields: ['replyMailToClients'], replyMailToClients: false });
      expect((await p.owner.patch('/api/practice', { replyMailToClients: 'yes' })).statusCode).toBe(400);
      await p.owner.patch('/api/practice', { replyMailToClients: true });
    });
  });

  describe('call history', () => {
    let audioCall: string;
    let videoCall: string;
    const meta = META;

    const endedCall = async (actor: Actor, who: { id: string; role: 'owner' | 'provider' }, clientId: string, mode: 'video' | 'audio', minutes: number) => {
      const res = await actor.post('/api/calls', { clientId, mode });
      expect(res.statusCode, res.body).toBe(201);
      const id = res.json().id as string;
      const calls = h.app.services.calls.service;
      const staffWho = { kind: 'staff' as const, userId: who.id, practiceId: p.practiceId, role: who.role, sessionId: 's' };
      const guest = { kind: 'guest' as const, guestSessionId: 'g', callId: id, clientId, practiceId: p.practiceId };
      await calls.joined({ call: (await calls.findCall(id))!, role: 'staff', id: who.id, name: '' }, staffWho, 'peer-s', meta, true);
      await calls.joined({ call: (await calls.findCall(id))!, role: 'client', id: clientId, name: '' }, guest, 'peer-c', meta, true);
      clock.advance(minutes * 60_000);
      await calls.endCall((await calls.findCall(id))!, `staff:${who.id}`, { actor: { type: 'user', id: who.id }, practiceId: p.practiceId, ip: null, userAgent: null });
      clock.advance(60_000);
      return id;
    };

    beforeAll(async () => {
      audioCall = await endedCall(staff.provider!.actor, { id: staff.provider!.id, role: 'provider' }, portal.id, 'audio', 4);
      videoCall = await endedCall(p.owner, { id: p.userId, role: 'owner' }, otherClientId, 'video', 6);
      // Still ringing: not history.
      expect((await p.owner.post('/api/calls', { clientId: thirdClientId, mode: 'video' })).statusCode).toBe(201);
    });

    const range = `from=${DAY}T00:00:00Z&to=2030-03-05T00:00:00Z`;

    it('lists ended calls newest first with duration, participants and mode; a provider sees their own', async () => {
      const all = (await p.owner.get(`/api/calls/history?${range}`)).json();
      expect(all.total).toBe(2);
      expect(all.items.map((i: { id: string }) => i.id)).toEqual([videoCall, audioCall]);
      expect(all.items[1]).toMatchObject({ id: audioCall, mode: 'audio', billedMode: 'audio', kind: 'call_now', durationSeconds: 240, providerId: staff.provider!.id, providerName: 'Priya Provider' });
      expect(all.items[1].participants).toEqual([
        { role: 'staff', id: staff.provider!.id, name: 'Priya Provider' },
        { role: 'client', id: portal.id, name: 'Marigold Quince' },
      ]);
      expect(all.items[0]).toMatchObject({ durationSeconds: 360, mode: 'video' });
      const mine = (await staff.provider!.actor.get(`/api/calls/history?${range}`)).json();
      expect(mine).toMatchObject({ total: 1, nextCursor: null });
      expect(mine.items.map((i: { id: string }) => i.id)).toEqual([audioCall]);
      expect((await staff.provider!.actor.get(`/api/calls/history?${range}&providerId=${p.userId}`)).statusCode).toBe(403);
      expect((await staff.front_desk!.actor.get(`/api/calls/history?${range}`)).statusCode).toBe(403);
      expect((await other.owner.get(`/api/calls/history?${range}`)).json()).toEqual({ items: [], total: 0, nextCursor: null });
    });

    it('pages with a cursor and an exact total; filters by mode, provider and range', async () => {
      const page1 = (await p.owner.get(`/api/calls/history?${range}&limit=1`)).json();
      expect(page1).toMatchObject({ total: 2, items: [{ id: videoCall }] });
      const page2 = (await p.owner.get(`/api/calls/history?${range}&limit=1&cursor=${encodeURIComponent(page1.nextCursor)}`)).json();
      expect(page2).toMatchObject({ total: 2, items: [{ id: audioCall }], nextCursor: null });
      expect((await p.owner.get(`/api/calls/history?${range}&mode=audio`)).json()).toMatchObject({ total: 1, items: [{ id: audioCall }] });
      expect((await p.owner.get(`/api/calls/history?${range}&providerId=${p.userId}`)).json()).toMatchObject({ total: 1, items: [{ id: videoCall }] });
      expect((await p.owner.get('/api/calls/history?from=2030-03-05T00:00:00Z&to=2030-03-06T00:00:00Z')).json()).toEqual({ items: [], total: 0, nextCursor: null });
      const rows = await h.database.db.selectFrom('audit_log').select(['details']).where('resource_type', '=', 'call_history').execute();
      expect(rows.length).toBeGreaterThan(0);
    });

    it('bad input is a 400 naming the field', async () => {
      await expectBadQueries(p.owner, '/api/calls/history?', [
        ['to=2030-03-05T00:00:00Z', 'from'],
        [`from=${DAY}T00:00:00Z`, 'to'],
        [`from=yesterday&to=2030-03-05T00:00:00Z`, 'from'],
        [`from=2030-03-05T00:00:00Z&to=${DAY}T00:00:00Z`, 'to'],
        [`from=2020-01-01T00:00:00Z&to=2030-01-01T00:00:00Z`, 'to'],
        [`${range}&cursor=garbage`, 'cursor'],
        [`${range}&mode=fax`, 'mode'],
        [`${range}&limit=-1`, 'limit'],
      ]);
    });
  });
});
