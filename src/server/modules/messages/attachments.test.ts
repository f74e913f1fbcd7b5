// Documents carried by secure messages, on every test database: a client attaches their own
// uploads from the portal and staff attach the client's documents; both sides see them in the
// thread (names decrypted) and can download them; anything else (another client's, another
// practice's, a deleted or staff-only one for a client, too many, repeated) is refused naming the
// field, and nothing is saved. The portal's thread carries no staff user ids.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Actor, createPractice, joinColleague, type PracticeFixture } from '../../testing/actors.js';
import { testDialects } from '../../testing/dialects.js';
import { createHarness, type Harness } from '../../testing/harness.js';
import { linkToken } from '../../testing/smtp.js';

const OCTET = { 'content-type': 'application/octet-stream' };
const pdf = (label: string) => Buffer.from(`%PDF-1.4\n% ${label}\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n`, 'latin1');

interface PortalClient {
  id: string;
  actor: Actor;
  accountId: string;
}

describe.each(testDialects())('message attachments on %s', (dialect) => {
  let h: Harness;
  let p: PracticeFixture & { totpSecret?: string };
  let other: PracticeFixture & { totpSecret?: string };
  let provider: { actor: Actor; id: string };
  let billing: Actor;
  let ana: PortalClient;
  let ben: PortalClient;
  let otherPracticeDoc: string;

  const colleague = (role: string, name: string) => joinColleague(h, p.owner, role, name);

  /** A client of the practice, assigned to the provider, who has joined the portal. */
  async function portalClient(firstName: string): Promise<PortalClient> {
    const email = `${firstName.toLowerCase()}.${Math.random().toString(36).slice(2, 8)}@example.test`;
    const res = await p.owner.post('/api/clients', { firstName, lastName: 'Attach', dateOfBirth: '1988-08-08', email, consents: { email: true, sms: false, details: false }, providerIds: [provider.id] });
    expect(res.statusCode, res.body).toBe(201);
    const id = res.json().id as string;
    expect((await p.owner.post(`/api/clients/${id}/portal-invitation`)).statusCode).toBe(201);
    const token = linkToken(await h.smtp!.waitFor((m) => m.to.includes(email) && /portal/i.test(m.subject)), '/portal/accept');
    const actor = new Actor(h, `portal-${firstName}`);
    expect((await actor.post('/api/portal/invitations/accept', { token, password: 'willow creek evening 12' })).statusCode).toBe(201);
    return { id, actor, accountId: (await actor.get('/api/portal/me')).json().account.id as string };
  }

  async function portalUpload(c: PortalClient, name: string, via?: 'message'): Promise<string> {
    const res = await c.actor.request('POST', `/api/portal/clients/${c.id}/documents${via ? `?via=${via}` : ''}`, pdf(name), { ...OCTET, 'x-filename': encodeURIComponent(name) });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id as string;
  }

  async function staffUpload(actor: Actor, clientId: string, name: string): Promise<string> {
    const res = await actor.request('POST', `/api/clients/${clientId}/documents`, pdf(name), { ...OCTET, 'x-filename': encodeURIComponent(name) });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id as string;
  }

  const send = (c: PortalClient, body: unknown) => c.actor.post(`/api/portal/clients/${c.id}/messages`, body);
  const counts = async () => ({
    messages: (await h.database.db.selectFrom('client_messages').select('id').execute()).length,
    attachments: (await h.database.db.selectFrom('message_attachments').select('message_id').execute()).length,
    audits: (await h.database.db.selectFrom('audit_log').select('seq').where('resource_type', '=', 'client_message').execute()).length,
  });

  beforeAll(async () => {
    h = await createHarness(dialect, { smtp: true });
    p = await createPractice(h);
    other = await createPractice(h);
    provider = await colleague('provider', 'Priya Provider');
    billing = (await colleague('billing', 'Bea Billing')).actor;
    ana = await portalClient('Ana');
    ben = await portalClient('Ben');
    const theirs = await other.owner.post('/api/clients', { firstName: 'Cy', lastName: 'Elsewhere', dateOfBirth: '1970-01-01' });
    otherPracticeDoc = await staffUpload(other.owner, theirs.json().id as string, 'elsewhere.pdf');
  });
  afterAll(async () => h?.close());

  it('a client attaches their own upload; both sides list it and can download it; the portal sees no staff ids', async () => {
    const docId = await portalUpload(ana, 'sleep diary.pdf', 'message');
    const upload = await h.database.db.selectFrom('audit_log').select('details').where('resource_type', '=', 'document').where('resource_id', '=', docId).executeTakeFirstOrThrow();
    expect(JSON.parse(String(upload.details))).toMatchObject({ via: 'message', clientId: ana.id });

    const sent = await send(ana, { body: 'My sleep diary for the last two weeks.', documentIds: [docId] });
    expect(sent.statusCode, sent.body).toBe(201);
    const attachment = { id: docId, name: 'sleep diary.pdf', contentType: 'application/pdf', size: pdf('sleep diary.pdf').length };
    expect(sent.json()).toMatchObject({ authorType: 'client', attachments: [attachment] });
    expect(sent.json()).not.toHaveProperty('authorId');
    const messageId = sent.json().id as string;
    const audit = await h.database.db.selectFrom('audit_log').select('details').where('resource_type', '=', 'client_message').where('resource_id', '=', messageId).executeTakeFirstOrThrow();
    expect(JSON.parse(String(audit.details))).toMatchObject({ clientId: ana.id, documentIds: [docId] });

    const staffThread = await provider.actor.get(`/api/clients/${ana.id}/messages`);
    expect(staffThread.statusCode, staffThread.body).toBe(200);
    expect(staffThread.json().messages).toMatchObject([{ id: messageId, authorId: ana.accountId, attachments: [attachment] }]);
    const download = await provider.actor.get(`/api/clients/${ana.id}/documents/${docId}`);
    expect(download.statusCode).toBe(200);
    expect(Buffer.compare(download.rawPayload, pdf('sleep diary.pdf'))).toBe(0);

    // The provider answers; the client sees the answer without the provider's user id, and no closer either.
    expect((await provider.actor.post(`/api/clients/${ana.id}/messages`, { body: 'Thank you, I will read it before Thursday.' })).statusCode).toBe(201);
    expect((await provider.actor.post(`/api/clients/${ana.id}/messages/close`)).statusCode).toBe(200);
    const portalThread = await ana.actor.get(`/api/portal/clients/${ana.id}/messages`);
    expect(portalThread.statusCode, portalThread.body).toBe(200);
    const t = portalThread.json();
    expect(t.messages).toMatchObject([{ authorType: 'client', attachments: [attachment] }, { authorType: 'staff', attachments: [] }]);
    expect(t).not.toHaveProperty('closedBy');
    expect(t.closedAt).toEqual(expect.any(String));
    for (const m of t.messages) expect(m).not.toHaveProperty('authorId');
    expect(portalThread.body).not.toContain(provider.id);
    expect(portalThread.body).not.toContain(p.userId);
    const mine = await ana.actor.get(`/api/portal/clients/${ana.id}/documents/${docId}`);
    expect(Buffer.compare(mine.rawPayload, pdf('sleep diary.pdf'))).toBe(0);
  });

  it('a message may be attachments alone; with neither text nor a file it is refused naming body', async () => {
    const docId = await portalUpload(ana, 'insurance card.pdf', 'message');
    const res = await send(ana, { body: '', documentIds: [docId] });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ body: '', attachments: [{ id: docId }] });
    for (const body of [{ body: '' }, { body: '   \n' }, { body: '', documentIds: [] }]) {
      const refused = await send(ana, body);
      expect(refused.statusCode).toBe(400);
      expect(refused.json().error.field).toBe('body');
    }
    const staff = await provider.actor.post(`/api/clients/${ana.id}/messages`, { body: '' });
    expect(staff.statusCode).toBe(400);
    expect(staff.json().error.field).toBe('body');
  });

  it('refuses documents the client may not attach, naming the field, and saves nothing', async () => {
    const own = await portalUpload(ana, 'own.pdf');
    const bens = await portalUpload(ben, 'bens.pdf');
    const staffOnly = await staffUpload(p.owner, ana.id, 'assessment.pdf');
    const deleted = await portalUpload(ana, 'gone.pdf');
    expect((await p.owner.del(`/api/clients/${ana.id}/documents/${deleted}`)).statusCode).toBe(204);
    const before = await counts();
    const unreadBefore = (await h.database.db.selectFrom('client_threads').select('unread').where('client_id', '=', ana.id).executeTakeFirst())?.unread;

    const refused = async (documentIds: unknown, field: string) => {
      const res = await send(ana, { body: 'Please see attached.', documentIds });
      expect(res.statusCode, `${JSON.stringify(documentIds)}: ${res.body}`).toBe(400);
      expect(res.json().error.code).toBe('validation_failed');
      expect(res.json().error.field).toBe(field);
      return res.json().error.message as string;
    };
    const unknown = await refused([crypto.randomUUID()], 'documentIds.0');
    // Another practice's document answers exactly like one that does not exist.
    expect(await refused([otherPracticeDoc], 'documentIds.0')).toBe(unknown);
    expect(await refused([bens], 'documentIds.0')).toBe(unknown);
    expect(await refused([staffOnly], 'documentIds.0')).toBe(unknown);
    expect(await refused([deleted], 'documentIds.0')).toBe(unknown);
    expect(await refused([own, bens], 'documentIds.1')).toBe(unknown.replace('documentIds.0', 'documentIds.1'));
    // In the language the page asks for; without it, the English.
    expect(unknown).toBe('documentIds.0: is not a document you uploaded to this practice');
    const es = { 'accept-language': 'es' };
    const spanish = await ana.actor.post(`/api/portal/clients/${ana.id}/messages`, { body: 'Please see attached.', documentIds: [own, bens] }, es);
    expect(spanish.json().error).toMatchObject({ field: 'documentIds.1', message: 'El documento adjunto (documentIds.1) no es uno que usted haya subido a este consultorio.' });
    const service = await ana.actor.post(`/api/portal/clients/${ana.id}/messages`, { body: 'Hello', serviceId: crypto.randomUUID() }, es);
    expect([service.statusCode, service.json().error.field, service.json().error.message]).toEqual([400, 'serviceId', 'Ese servicio de mensajes no está disponible en este consultorio.']);
    const upload = await ana.actor.request('POST', `/api/portal/clients/${ana.id}/documents`, pdf('scan'), { ...OCTET, 'x-filename': 'scan.png', ...es });
    expect([upload.statusCode, upload.json().error.message]).toEqual([415, 'El archivo es un PDF, así que su nombre debe terminar en .pdf.']);
    await refused([own, own], 'documentIds.1');
    await refused(['not-a-uuid'], 'documentIds.0');
    await refused(Array.from({ length: 6 }, () => crypto.randomUUID()), 'documentIds');
    // Sent for someone else's record: 404, as ever.
    expect((await ana.actor.post(`/api/portal/clients/${ben.id}/messages`, { body: 'hi', documentIds: [bens] })).statusCode).toBe(404);

    expect(await counts()).toEqual(before);
    expect((await h.database.db.selectFrom('client_threads').select('unread').where('client_id', '=', ana.id).executeTakeFirst())?.unread).toBe(unreadBefore);

    // Five of one's own documents are fine.
    const five = [own, ...(await Promise.all(['a', 'b', 'c', 'd'].map((n) => portalUpload(ana, `five-${n}.pdf`))))];
    const ok = await send(ana, { body: 'All five forms.', documentIds: five });
    expect(ok.statusCode, ok.body).toBe(201);
    expect((ok.json().attachments as { id: string }[]).map((a) => a.id)).toEqual(five);
    expect(await counts()).toEqual({ messages: before.messages + 1, attachments: before.attachments + 5, audits: before.audits + 1 });
  });

  it("staff attach the client's documents, never another client's or another practice's", async () => {
    const letter = await staffUpload(p.owner, ana.id, 'referral letter.pdf');
    const bens = await staffUpload(p.owner, ben.id, 'ben letter.pdf');
    const before = await counts();
    for (const documentIds of [[bens], [otherPracticeDoc], [crypto.randomUUID()]]) {
      const res = await provider.actor.post(`/api/clients/${ana.id}/messages`, { body: 'Your letter.', documentIds });
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().error.field).toBe('documentIds.0');
    }
    expect((await other.owner.post(`/api/clients/${ana.id}/messages`, { body: 'x', documentIds: [otherPracticeDoc] })).statusCode).toBe(404);
    expect((await billing.post(`/api/clients/${ana.id}/messages`, { body: 'x', documentIds: [letter] })).statusCode).toBe(403);
    expect(await counts()).toEqual(before);

    const res = await provider.actor.post(`/api/clients/${ana.id}/messages`, { body: 'Here is the referral letter.', documentIds: [letter] });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ authorType: 'staff', authorId: provider.id, attachments: [{ id: letter, name: 'referral letter.pdf' }] });
    const portal = (await ana.actor.get(`/api/portal/clients/${ana.id}/messages`)).json().messages as { id: string; attachments: { id: string; name: string }[] }[];
    expect(portal.find((m) => m.id === res.json().id)!.attachments).toEqual([{ id: letter, name: 'referral letter.pdf', contentType: 'application/pdf', size: pdf('referral letter.pdf').length }]);
    expect(Buffer.compare((await ana.actor.get(`/api/portal/clients/${ana.id}/documents/${letter}`)).rawPayload, pdf('referral letter.pdf'))).toBe(0);
  });

  it('deleting an attached document takes it out of the message; the message stays', async () => {
    const docId = await portalUpload(ana, 'to be removed.pdf', 'message');
    const sent = (await send(ana, { body: 'Removed later.', documentIds: [docId] })).json();
    expect((await p.owner.del(`/api/clients/${ana.id}/documents/${docId}`)).statusCode).toBe(204);
    const thread = (await p.owner.get(`/api/clients/${ana.id}/messages`)).json().messages as { id: string; body: string; attachments: unknown[] }[];
    expect(thread.find((m) => m.id === sent.id)).toMatchObject({ body: 'Removed later.', attachments: [] });
    expect(await h.database.db.selectFrom('message_attachments').selectAll().where('document_id', '=', docId).execute()).toEqual([]);
  });

  it('stores no file name in the clear: links hold ids only, names stay encrypted', async () => {
    const links = await h.database.db.selectFrom('message_attachments').selectAll().where('practice_id', '=', p.practiceId).execute();
    expect(links.length).toBeGreaterThan(5);
    expect(Object.keys(links[0]!).sort()).toEqual(['document_id', 'message_id', 'position', 'practice_id']);
    const docs = await h.database.db.selectFrom('documents').selectAll().where('practice_id', '=', p.practiceId).execute();
    const stored = JSON.stringify([links, docs]);
    for (const name of ['sleep diary', 'referral letter', 'five-a', 'insurance card']) expect(stored).not.toContain(name);
  });

  it('any colleague who reads threads gets the message-service names; only admins manage services', async () => {
    const created = (await p.owner.post('/api/practice/message-services', { name: 'Scheduling', memberIds: [provider.id] })).json();
    const retired = (await p.owner.post('/api/practice/message-services', { name: 'Old line', memberIds: [], active: false })).json();
    for (const actor of [provider.actor, billing, p.owner]) {
      const res = await actor.get('/api/practice/message-service-names');
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json().services).toEqual(expect.arrayContaining([{ id: created.id, name: 'Scheduling' }, { id: retired.id, name: 'Old line' }]));
      expect(res.body).not.toContain('memberIds');
    }
    expect((await provider.actor.get('/api/practice/message-services')).statusCode).toBe(403);
    expect((await other.owner.get('/api/practice/message-service-names')).json().services).toEqual([]);
  });
});
