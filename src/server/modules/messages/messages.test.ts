// Secure messaging, message services and Contact Us, on every test database: the unread marker
// (set by a client, cleared only by a reply or a close), bodies encrypted at rest, PHI-free alerts
// to the right colleagues, admin validation, the public form's honeypot and throttle, and isolation.
import { beforeAll, describe, expect, it } from 'vitest';
import { Actor } from '../../testing/actors.js';
import { testDialects } from '../../testing/dialects.js';
import type { ReceivedMail } from '../../testing/smtp.js';
import { CONTACT_LIMITS } from './service.js';
import { teamSuite } from '../../testing/suite.js';


describe.each(testDialects())('messages on %s', (dialect) => {
  const { h, p, other, staff } = teamSuite(dialect, { smtp: true }, ['provider', 'front_desk', 'billing'], { ownerName: 'Olive Owner' });
  let clientId: string;
  let serviceId: string;

  const mailsTo = (email: string): ReceivedMail[] => h.smtp!.messages.filter((m) => m.to.includes(email));
  const messages = () => h.app.services.messages;
  const unreadOf = async (actor: Actor, id: string): Promise<boolean> => {
    const res = await actor.get('/api/clients?limit=100');
    expect(res.statusCode, res.body).toBe(200);
    return (res.json().items as { id: string; unread: boolean }[]).find((i) => i.id === id)!.unread;
  };
  // Alerts are notifications: the message is answered, then the dispatcher mails them (drained here
  // so one test's alerts never arrive during the next).
  const fromClient = async (body: string, serviceId?: string) => {
    const message = await messages().postFromClient({ practiceId: p.practiceId, clientId, clientAccountId: 'portal-account-1', body, ...(serviceId ? { serviceId } : {}) });
    await h.app.services.notifications.dispatcher.drain();
    return message;
  };

  beforeAll(async () => {
    const res = await p.owner.post('/api/clients', { firstName: 'Marigold', lastName: 'Quince', dateOfBirth: '1985-03-09', providerIds: [staff.provider!.id] });
    expect(res.statusCode, res.body).toBe(201);
    clientId = res.json().id;
  });

  it('a client message marks the list unread; reading keeps it; a reply clears it; so does closing', async () => {
    expect(await unreadOf(p.owner, clientId)).toBe(false);
    await fromClient('I have been feeling anxious about the new medication.');
    expect(await unreadOf(p.owner, clientId)).toBe(true);
    expect(await unreadOf(staff.provider!.actor, clientId)).toBe(true);

    const read = await p.owner.get(`/api/clients/${clientId}/messages`);
    expect(read.statusCode, read.body).toBe(200);
    expect(read.json()).toMatchObject({ clientId, unread: true, closedAt: null, messages: [{ authorType: 'client', authorId: 'portal-account-1', body: 'I have been feeling anxious about the new medication.' }] });
    expect(await unreadOf(p.owner, clientId)).toBe(true);
    const audit = await h.database.db.selectFrom('audit_log').select(['action', 'actor_type']).where('resource_type', '=', 'client_thread').where('resource_id', '=', clientId).execute();
    expect(audit).toContainEqual({ action: 'read', actor_type: 'user' });

    const reply = await staff.provider!.actor.post(`/api/clients/${clientId}/messages`, { body: 'Thank you for writing. Let us talk on Thursday.' });
    expect(reply.statusCode, reply.body).toBe(201);
    expect(reply.json()).toMatchObject({ authorType: 'staff', authorId: staff.provider!.id });
    expect(await unreadOf(p.owner, clientId)).toBe(false);

    await fromClient('One more question about Thursday.');
    expect(await unreadOf(p.owner, clientId)).toBe(true);
    const close = await staff.front_desk!.actor.post(`/api/clients/${clientId}/messages/close`);
    expect(close.statusCode, close.body).toBe(200);
    expect(close.json()).toMatchObject({ clientId, unread: false, closedBy: staff.front_desk!.id });
    expect(close.json().closedAt).toEqual(expect.any(String));
    expect(await unreadOf(p.owner, clientId)).toBe(false);
    const thread = (await p.owner.get(`/api/clients/${clientId}/messages`)).json();
    expect(thread.messages.map((m: { authorType: string }) => m.authorType)).toEqual(['client', 'staff', 'client']);

    // The portal's view is the same thread, decrypted.
    const portal = await messages().threadForClient(p.practiceId, clientId);
    expect(portal.messages).toHaveLength(3);
    expect(portal.unread).toBe(false);
  });

  it('stores message bodies encrypted: a byte search of the rows finds no text', async () => {
    const rows = await h.database.db.selectFrom('client_messages').selectAll().where('client_id', '=', clientId).execute();
    expect(rows.length).toBeGreaterThanOrEqual(3);
    const stored = JSON.stringify(rows);
    for (const plain of ['anxious', 'medication', 'Thursday', 'Thank you']) expect(stored).not.toContain(plain);
    expect(rows.every((r) => r.body_enc.startsWith('v1.'))).toBe(true);
  });

  it("alerts the client's providers by mail with a link and nothing else: no name, no body", async () => {
    const before = mailsTo(staff.provider!.email).length;
    const fdBefore = mailsTo(staff.front_desk!.email).length;
    await fromClient('My sleep has been poor since the panic attack.');
    const mail = await h.smtp!.waitFor((m) => m.to.includes(staff.provider!.email) && mailsTo(staff.provider!.email).indexOf(m) >= before);
    expect(mail.text).toContain(`You have a new secure message in Hearth. Sign in to read it: ${h.config.publicUrl}/clients/${clientId}/messages`);
    for (const secret of ['Marigold', 'Quince', 'sleep', 'panic', '1985-03-09']) {
      expect(mail.raw).not.toContain(secret);
      expect(mail.text).not.toContain(secret);
    }
    expect(mail.raw).toMatch(/^From: Hearth </m);
    expect(mailsTo(staff.front_desk!.email).length).toBe(fdBefore);
    await p.owner.post(`/api/clients/${clientId}/messages/close`);
  });

  describe('message services', () => {
    it('an admin adds a service; a message through it alerts only its members', async () => {
      const res = await p.owner.post('/api/practice/message-services', { name: 'Scheduling', memberIds: [staff.front_desk!.id] });
      expect(res.statusCode, res.body).toBe(201);
      serviceId = res.json().id;
      expect(res.json()).toEqual({ id: serviceId, name: 'Scheduling', active: true, memberIds: [staff.front_desk!.id] });
      expect((await p.owner.get('/api/practice/message-services')).json().services).toContainEqual(res.json());

      const providerBefore = mailsTo(staff.provider!.email).length;
      const fdBefore = mailsTo(staff.front_desk!.email).length;
      const msg = await fromClient('Can I move my appointment?', serviceId);
      expect(msg.serviceId).toBe(serviceId);
      const mail = await h.smtp!.waitFor((m) => m.to.includes(staff.front_desk!.email) && mailsTo(staff.front_desk!.email).indexOf(m) >= fdBefore);
      expect(mail.text).not.toContain('appointment');
      expect(mail.text).toContain(`/clients/${clientId}/messages`);
      expect(mailsTo(staff.provider!.email).length).toBe(providerBefore);
      await p.owner.post(`/api/clients/${clientId}/messages/close`);
    });

    it("refuses a service that is not the practice's or not active", async () => {
      const theirs = (await other.owner.post('/api/practice/message-services', { name: 'Billing question', memberIds: [] })).json().id as string;
      await expect(fromClient('hello', theirs)).rejects.toMatchObject({ status: 400, field: 'serviceId' });
      const off = (await p.owner.post('/api/practice/message-services', { name: 'Old', memberIds: [], active: false })).json().id as string;
      await expect(fromClient('hello', off)).rejects.toMatchObject({ status: 400, field: 'serviceId' });
      await expect(messages().postFromClient({ practiceId: other.practiceId, clientId, clientAccountId: 'x', body: 'hi' })).rejects.toMatchObject({ status: 404 });
    });

    it('validates members: active colleagues of this practice only, naming memberIds', async () => {
      for (const memberIds of [['no-such-user'], [other.userId], [staff.provider!.id, 'nope']]) {
        const res = await p.owner.post('/api/practice/message-services', { name: 'Billing question', memberIds });
        expect(res.statusCode).toBe(400);
        expect(res.json().error.field).toBe('memberIds');
      }
      const patch = await p.owner.patch(`/api/practice/message-services/${serviceId}`, { memberIds: [other.userId] });
      expect(patch.statusCode).toBe(400);
      expect(patch.json().error.field).toBe('memberIds');
      expect((await p.owner.post('/api/practice/message-services', { name: '', memberIds: [] })).json().error.field).toBe('name');
    });

    it('renames, re-staffs and removes a service; only admins may', async () => {
      const created = (await p.owner.post('/api/practice/message-services', { name: 'Billing qestion', memberIds: [staff.billing!.id] })).json();
      const res = await p.owner.patch(`/api/practice/message-services/${created.id}`, { name: 'Billing question', memberIds: [staff.billing!.id, p.userId] });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json().name).toBe('Billing question');
      expect([...res.json().memberIds].sort()).toEqual([staff.billing!.id, p.userId].sort());
      expect((await staff.provider!.actor.get('/api/practice/message-services')).statusCode).toBe(403);
      expect((await staff.front_desk!.actor.patch(`/api/practice/message-services/${created.id}`, { active: false })).statusCode).toBe(403);
      expect((await p.owner.del(`/api/practice/message-services/${created.id}`)).statusCode).toBe(204);
      expect((await p.owner.patch(`/api/practice/message-services/${created.id}`, { active: false })).statusCode).toBe(404);
    });
  });

  describe('Contact Us', () => {
    let slug: string;
    const anon = (ip: string) => {
      const a = new Actor(h, 'visitor');
      a.ip = ip;
      return a;
    };
    const form = { name: 'Rowan Visitor', email: 'rowan.visitor@example.test', phone: '(503) 555-0177', message: 'I am looking for help with grief after losing my father.', website: '' };

    beforeAll(async () => {
      slug = `riverbend-${Math.random().toString(36).slice(2, 8)}`;
      const res = await p.owner.request('PUT', '/api/practice/profile', { slug, displayName: 'Riverbend Counseling', senderName: 'Wellness Team', contactEnabled: true, contactServiceId: serviceId });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toEqual({ slug, displayName: 'Riverbend Counseling', senderName: 'Wellness Team', contactEnabled: true, contactServiceId: serviceId });
    });

    it('shows a public page with the display name only: no staff names', async () => {
      const res = await anon('10.1.0.1').get(`/api/public/practices/${slug}`);
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({ displayName: 'Riverbend Counseling', contactEnabled: true });
      for (const name of ['Olive', 'Priya', 'Frank', 'Bea', p.practiceName]) expect(res.body).not.toContain(name);
    });

    it('answers 404 for an unknown slug, on the page and the form', async () => {
      expect((await anon('10.1.0.2').get('/api/public/practices/no-such-practice')).statusCode).toBe(404);
      expect((await anon('10.1.0.2').post('/api/public/practices/no-such-practice/contact', form)).statusCode).toBe(404);
    });

    it("stores a submission encrypted, audits it as anonymous, and alerts the service's members without the visitor's words", async () => {
      const fdBefore = mailsTo(staff.front_desk!.email).length;
      const res = await anon('10.1.0.3').post(`/api/public/practices/${slug}/contact`, form);
      expect(res.statusCode, res.body).toBe(202);
      expect(res.json()).toEqual({ status: 'received' });
      const rows = await h.database.db.selectFrom('contact_requests').selectAll().where('practice_id', '=', p.practiceId).execute();
      expect(rows).toHaveLength(1);
      const stored = JSON.stringify(rows);
      for (const plain of ['Rowan', 'rowan.visitor', 'grief', 'father', '5035550177', '555-0177']) expect(stored).not.toContain(plain);
      const audit = await h.database.db.selectFrom('audit_log').selectAll().where('resource_type', '=', 'contact_request').where('resource_id', '=', rows[0]!.id).execute();
      expect(audit).toMatchObject([{ action: 'create', actor_type: 'anonymous', actor_id: null, practice_id: p.practiceId, ip: '10.1.0.3' }]);
      expect(JSON.stringify(audit)).not.toMatch(/Rowan|grief|rowan\.visitor/);

      const mail = await h.smtp!.waitFor((m) => m.to.includes(staff.front_desk!.email) && mailsTo(staff.front_desk!.email).indexOf(m) >= fdBefore);
      expect(mail.text).toContain(`${h.config.publicUrl}/practice/contact-requests`);
      expect(mail.raw).toMatch(/^From: Wellness Team </m);
      for (const secret of ['Rowan', 'Visitor', 'grief', 'father', 'rowan.visitor', '5035550177', '555-0177', 'Riverbend']) expect(mail.raw).not.toContain(secret);

      const list = await staff.front_desk!.actor.get('/api/practice/contact-requests');
      expect(list.statusCode, list.body).toBe(200);
      expect(list.json().requests).toMatchObject([{ name: 'Rowan Visitor', email: 'rowan.visitor@example.test', phone: '+15035550177', message: form.message, handledAt: null }]);
      const id = list.json().requests[0].id as string;
      const handled = await staff.front_desk!.actor.post(`/api/practice/contact-requests/${id}/handled`);
      expect(handled.statusCode, handled.body).toBe(200);
      expect(handled.json()).toMatchObject({ id, handledBy: staff.front_desk!.id });
      expect((await p.owner.get('/api/practice/contact-requests')).json().requests[0].handledAt).toEqual(expect.any(String));
      expect((await other.owner.post(`/api/practice/contact-requests/${id}/handled`)).statusCode).toBe(404);
    });

    it('answers a filled honeypot like a success and stores, audits and mails nothing', async () => {
      const count = async () => (await h.database.db.selectFrom('contact_requests').select('id').execute()).length;
      const audits = async () => (await h.database.db.selectFrom('audit_log').select('seq').execute()).length;
      const [rowsBefore, auditBefore, mailBefore] = [await count(), await audits(), h.smtp!.messages.length];
      const res = await anon('10.1.0.4').post(`/api/public/practices/${slug}/contact`, { ...form, website: 'http://cheap-pills.example' });
      expect(res.statusCode).toBe(202);
      expect(res.json()).toEqual({ status: 'received' });
      expect(await count()).toBe(rowsBefore);
      expect(await audits()).toBe(auditBefore);
      expect(h.smtp!.messages.length).toBe(mailBefore);
    });

    it('throttles per IP: 429 with Retry-After past the limit', async () => {
      const bot = anon('10.1.0.5');
      for (let i = 0; i < CONTACT_LIMITS.perIp; i++) {
        expect((await bot.post(`/api/public/practices/${slug}/contact`, { ...form, website: 'x' })).statusCode).toBe(202);
      }
      const res = await bot.post(`/api/public/practices/${slug}/contact`, form);
      expect(res.statusCode).toBe(429);
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
      expect(res.json().error.code).toBe('too_many_requests');
      // Another visitor is not held back by this one.
      expect((await anon('10.1.0.6').post(`/api/public/practices/${slug}/contact`, { ...form, website: 'x' })).statusCode).toBe(202);
    });

    it('validates the profile: a service of this practice, required when the form is open, a slug of its own', async () => {
      const put = (actor: Actor, body: object) => actor.request('PUT', '/api/practice/profile', body);
      const base = { slug: `other-${Math.random().toString(36).slice(2, 8)}`, displayName: 'Other Place', senderName: 'Hearth', contactEnabled: true };
      expect((await put(other.owner, { ...base, contactServiceId: serviceId })).json().error.field).toBe('contactServiceId');
      expect((await put(other.owner, { ...base, contactServiceId: null })).json().error.field).toBe('contactServiceId');
      const taken = await put(other.owner, { ...base, slug, contactEnabled: false, contactServiceId: null });
      expect(taken.statusCode).toBe(409);
      expect(taken.json().error.field).toBe('slug');
      expect((await put(other.owner, { ...base, slug: 'Bad Slug!', contactEnabled: false, contactServiceId: null })).json().error.field).toBe('slug');
      expect((await put(other.owner, { ...base, senderName: 'Evil <x@y>', contactEnabled: false, contactServiceId: null })).json().error.field).toBe('senderName');
      expect((await put(staff.provider!.actor, { ...base, contactEnabled: false, contactServiceId: null })).statusCode).toBe(403);
      const fresh = (await other.owner.get('/api/practice/profile')).json();
      expect(fresh).toMatchObject({ slug: null, senderName: 'Hearth', contactEnabled: false });
    });

    it('billing is refused message and Contact Us bodies, and the refusal is audited', async () => {
      expect((await staff.billing!.actor.get('/api/practice/contact-requests')).statusCode).toBe(403);
      expect((await staff.billing!.actor.get(`/api/clients/${clientId}/messages`)).statusCode).toBe(403);
      expect((await staff.billing!.actor.post(`/api/clients/${clientId}/messages`, { body: 'hi' })).statusCode).toBe(403);
      expect((await staff.billing!.actor.get('/api/clients')).statusCode).toBe(200);
      const denied = await h.database.db.selectFrom('audit_log').select('resource_type').where('actor_id', '=', staff.billing!.id).where('action', '=', 'access_denied').execute();
      expect(denied.map((d) => d.resource_type)).toEqual(expect.arrayContaining(['client_thread', 'contact_request_list']));
    });
  });

  it("answers another practice's owner 404 on every record route", async () => {
    const list = (await p.owner.get('/api/practice/contact-requests')).json().requests as { id: string }[];
    const requestId = list[0]!.id;
    const o = other.owner;
    const results = [
      await o.get(`/api/clients/${clientId}/messages`),
      await o.post(`/api/clients/${clientId}/messages`, { body: 'hello' }),
      await o.post(`/api/clients/${clientId}/messages/close`),
      await o.patch(`/api/practice/message-services/${serviceId}`, { name: 'Mine now' }),
      await o.del(`/api/practice/message-services/${serviceId}`),
      await o.post(`/api/practice/contact-requests/${requestId}/handled`),
    ];
    expect(results.map((r) => r.statusCode)).toEqual([404, 404, 404, 404, 404, 404]);
    expect((await p.owner.get('/api/practice/message-services')).json().services.find((s: { id: string }) => s.id === serviceId).name).toBe('Scheduling');
    expect((await o.get('/api/clients')).json().items).toEqual([]);
  });

  it('a provider who may not see the client gets 404 on its thread', async () => {
    const hidden = (await p.owner.post('/api/clients', { firstName: 'Hidden', lastName: 'Person', dateOfBirth: '1970-01-01' })).json().id as string;
    expect((await staff.provider!.actor.get(`/api/clients/${hidden}/messages`)).statusCode).toBe(404);
    expect((await staff.provider!.actor.post(`/api/clients/${hidden}/messages/close`)).statusCode).toBe(404);
  });
});
