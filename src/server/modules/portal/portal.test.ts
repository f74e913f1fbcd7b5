// The client portal through the HTTP API on every test database: invitation by real mail,
// accounts, sign-in with an optional authenticator app, sessions, and a client's own record only.
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../lib/clock.js';
import { Actor, createPractice, signIn, totpCode } from '../../testing/actors.js';
import { testDialects } from '../../testing/dialects.js';
import { linkToken } from '../../testing/smtp.js';
import { practiceSuite } from '../../testing/suite.js';

/** A portal actor is an Actor holding the portal cookie (actors.ts keeps either kind). */
class PortalActor extends Actor {}

describe.each(testDialects())('client portal on %s', (dialect) => {
  const clock = new ManualClock(Date.now());
  const { h, p } = practiceSuite(dialect, { smtp: true, clock }, { practiceName: 'Riverbend Addiction Recovery' });

  async function addClient(owner: Actor, patch: Record<string, unknown> = {}) {
    const res = await owner.post('/api/clients', {
      firstName: 'Rowan',
      lastName: 'Hale',
      dateOfBirth: '1992-03-04',
      email: `rowan.${Math.random().toString(36).slice(2, 8)}@example.test`,
      consents: { email: true, sms: false, details: false },
      staffNotes: 'Internal only',
      ...patch,
    });
    expect(res.statusCode, res.body).toBe(201);
    return { id: res.json().id as string, email: (patch.email as string | undefined) ?? ((await owner.get(`/api/clients/${res.json().id}`)).json().email as string) };
  }

  async function invitedClient(owner: Actor = p.owner) {
    const c = await addClient(owner);
    expect((await owner.post(`/api/clients/${c.id}/portal-invitation`)).statusCode).toBe(201);
    const mail = await h.smtp!.waitFor((m) => m.to.includes(c.email) && /portal/i.test(m.subject));
    return { ...c, mail, token: linkToken(mail, '/portal/accept') };
  }

  it('invites a client by PHI-free mail; the client sets a password and sees only their own record', async () => {
    const c = await invitedClient();
    // Never the client's name; the practice is named (issue 13, bug 8: its name is not the
    // client's PHI), by its own name while it has not chosen a sender name for its mail.
    for (const secret of ['Rowan', 'Hale']) expect(c.mail.raw).not.toContain(secret);
    expect(c.mail.subject).toBe('Your invitation to the secure portal of Riverbend Addiction Recovery');
    expect(c.mail.text).toContain('Riverbend Addiction Recovery has invited you to its secure portal');
    // The practice's neutral sender name (default "Hearth") over the platform's address.
    expect(c.mail.raw).toMatch(/^From: Hearth </m);
    expect(c.mail.text).toMatch(/#token=/);
    const client = new PortalActor(h, 'client');
    expect((await client.post('/api/portal/invitations/inspect', { token: c.token })).json()).toEqual({ email: c.email, accountExists: false });
    const weak = await client.post('/api/portal/invitations/accept', { token: c.token, password: 'rowan hale 123456789' });
    expect(weak.statusCode).toBe(422);
    const ok = await client.post('/api/portal/invitations/accept', { token: c.token, password: 'meadowlark quiet river 3' });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(String(ok.headers['set-cookie'])).toMatch(/hearth_portal_sid=.*HttpOnly.*SameSite=Strict/i);
    expect((await new PortalActor(h).post('/api/portal/invitations/accept', { token: c.token, password: 'meadowlark quiet river 3' })).statusCode).toBe(400);

    const me = (await client.get('/api/portal/me')).json();
    expect(me.links).toEqual([{ practiceId: p.practiceId, practiceName: 'Riverbend Addiction Recovery', clientId: c.id, firstName: 'Rowan', preferredName: null }]);
    const own = await client.get(`/api/portal/clients/${c.id}`);
    expect(own.statusCode).toBe(200);
    expect(own.json()).toMatchObject({ id: c.id, firstName: 'Rowan', lastName: 'Hale' });
    expect(own.body).not.toContain('Internal only');

    const other = await addClient(p.owner, { firstName: 'Other' });
    expect((await client.get(`/api/portal/clients/${other.id}`)).statusCode).toBe(404);
    // A portal session opens no staff route, and a staff session opens no portal route.
    expect((await client.get('/api/clients')).statusCode).toBe(401);
    expect((await p.owner.get('/api/portal/me')).statusCode).toBe(401);
    const audit = await h.database.db.selectFrom('audit_log').select(['action', 'actor_type']).where('resource_id', '=', c.id).where('actor_type', '=', 'client').execute();
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['invitation_accepted', 'read']));
  });

  it('a client messages the practice and shares documents from the portal; only their own records', async () => {
    const c = await invitedClient();
    const client = new PortalActor(h, 'client');
    await client.post('/api/portal/invitations/accept', { token: c.token, password: 'willow creek evening 12' });
    const sent = await client.post(`/api/portal/clients/${c.id}/messages`, { body: 'Can we move Thursday?' });
    expect(sent.statusCode, sent.body).toBe(201);
    const list = (await p.owner.get('/api/clients?limit=100')).json().items as { id: string; unread: boolean }[];
    expect(list.find((i) => i.id === c.id)!.unread).toBe(true);
    const thread = (await client.get(`/api/portal/clients/${c.id}/messages`)).json();
    expect(thread.messages.map((m: { body: string }) => m.body)).toEqual(['Can we move Thursday?']);

    const pdf = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
    const up = await client.request('POST', `/api/portal/clients/${c.id}/documents`, pdf, { 'content-type': 'application/octet-stream', 'x-filename': encodeURIComponent('intake form.pdf') });
    expect(up.statusCode, up.body).toBe(201);
    const docId = up.json().id as string;
    const staffCopy = await p.owner.get(`/api/clients/${c.id}/documents/${docId}`);
    expect(staffCopy.statusCode).toBe(200);
    expect(Buffer.compare(staffCopy.rawPayload, pdf)).toBe(0);
    const mine = await client.get(`/api/portal/clients/${c.id}/documents/${docId}`);
    expect(Buffer.compare(mine.rawPayload, pdf)).toBe(0);
    expect(((await client.get(`/api/portal/clients/${c.id}/documents`)).json().items as unknown[]).length).toBe(1);

    // Someone else's record, through every portal content route: 404, like a missing one.
    const other = await addClient(p.owner, { firstName: 'Stranger' });
    expect((await client.get(`/api/portal/clients/${other.id}/messages`)).statusCode).toBe(404);
    expect((await client.post(`/api/portal/clients/${other.id}/messages`, { body: 'hi' })).statusCode).toBe(404);
    expect((await client.get(`/api/portal/clients/${other.id}/documents`)).statusCode).toBe(404);
    expect((await client.get(`/api/portal/clients/${other.id}/documents/${docId}`)).statusCode).toBe(404);
  });

  it('a staff upload reaches the portal only when shared: off by default, shared at upload or later, and taken back', async () => {
    const c = await invitedClient();
    const client = new PortalActor(h, 'client');
    await client.post('/api/portal/invitations/accept', { token: c.token, password: 'willow creek evening 12' });
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
    const staffUpload = (name: string, query = '') =>
      p.owner.request('POST', `/api/clients/${c.id}/documents${query}`, pdf, { 'content-type': 'application/octet-stream', 'x-filename': encodeURIComponent(name) });
    const portalIds = async () => ((await client.get(`/api/portal/clients/${c.id}/documents`)).json().items as { id: string }[]).map((d) => d.id);

    const quiet = await staffUpload('session notes.pdf');
    expect(quiet.statusCode, quiet.body).toBe(201);
    expect(quiet.json().sharedWithClient).toBe(false);
    const shared = await staffUpload('handout.pdf', '?share=true');
    expect(shared.json().sharedWithClient).toBe(true);
    expect((await staffUpload('x.pdf', '?share=maybe')).json().error.field).toBe('share');

    expect(await portalIds()).toEqual([shared.json().id]);
    expect((await client.get(`/api/portal/clients/${c.id}/documents/${quiet.json().id}`)).statusCode).toBe(404);
    expect((await client.get(`/api/portal/clients/${c.id}/documents/${shared.json().id}`)).statusCode).toBe(200);

    const on = await p.owner.patch(`/api/clients/${c.id}/documents/${quiet.json().id}`, { sharedWithClient: true });
    expect(on.statusCode, on.body).toBe(200);
    expect(on.json()).toMatchObject({ id: quiet.json().id, sharedWithClient: true });
    expect((await portalIds()).sort()).toEqual([quiet.json().id, shared.json().id].sort());
    expect((await client.get(`/api/portal/clients/${c.id}/documents/${quiet.json().id}`)).statusCode).toBe(200);
    expect((await p.owner.patch(`/api/clients/${c.id}/documents/${shared.json().id}`, { sharedWithClient: false })).statusCode).toBe(200);
    expect(await portalIds()).toEqual([quiet.json().id]);
    expect((await client.get(`/api/portal/clients/${c.id}/documents/${shared.json().id}`)).statusCode).toBe(404);

    // The client's own upload is always theirs; the flag is not staff's to take away.
    const own = await client.request('POST', `/api/portal/clients/${c.id}/documents`, pdf, { 'content-type': 'application/octet-stream', 'x-filename': encodeURIComponent('mine.pdf') });
    expect(own.json().sharedWithClient).toBe(true);
    expect((await p.owner.patch(`/api/clients/${c.id}/documents/${own.json().id}`, { sharedWithClient: false })).json().error.field).toBe('sharedWithClient');
    expect((await p.owner.patch(`/api/clients/${c.id}/documents/${own.json().id}`, { sharedWithClient: false, extra: 1 })).statusCode).toBe(400);
    // Another practice: 404, nothing changed.
    const stranger = await createPractice(h);
    expect((await stranger.owner.patch(`/api/clients/${c.id}/documents/${quiet.json().id}`, { sharedWithClient: false })).statusCode).toBe(404);
    expect(await portalIds()).toContain(quiet.json().id);
    const updates = await h.database.db.selectFrom('audit_log').select(['details']).where('resource_id', '=', quiet.json().id).where('action', '=', 'update').execute();
    expect(updates.map((u) => JSON.parse(u.details!).sharedWithClient)).toEqual([true]);
  });

  it('a portal password gets the staff policy: common passwords and their variants, the practice and the client name are refused', async () => {
    const c = await invitedClient();
    const client = new PortalActor(h, 'client');
    for (const [password, reason] of [
      ['password1234567', /common or breached/],
      ['Password1234567', /common or breached/],
      ['riverbend is where i heal', /practice name/],
      ['rowan walks the long road', /your name/],
    ] as const) {
      const res = await client.post('/api/portal/invitations/accept', { token: c.token, password });
      expect(res.statusCode, password).toBe(422);
      expect(res.json().error).toMatchObject({ code: 'password_rejected', field: 'password' });
      expect(res.json().error.message).toMatch(reason);
    }
    expect((await client.post('/api/portal/invitations/accept', { token: c.token, password: 'copper kettle evening song' })).statusCode).toBe(201);
    const change = await client.post('/api/portal/password', { currentPassword: 'copper kettle evening song', newPassword: 'hale and hearty mornings' });
    expect(change.statusCode).toBe(422);
    expect(change.json().error).toMatchObject({ code: 'password_rejected', field: 'newPassword' });
    expect((await client.post('/api/portal/password', { currentPassword: 'copper kettle evening song', newPassword: 'password1234567' })).statusCode).toBe(422);
  });

  it('invites only clients with an e-mail address who agreed to e-mail', async () => {
    const noConsent = await addClient(p.owner, { consents: { email: false, sms: false, details: false } });
    const r1 = await p.owner.post(`/api/clients/${noConsent.id}/portal-invitation`);
    expect(r1.statusCode).toBe(409);
    expect(r1.json().error.field).toBe('consents.email');
    const noEmail = await p.owner.post('/api/clients', { firstName: 'No', lastName: 'Mail', dateOfBirth: '1990-01-01' });
    const r2 = await p.owner.post(`/api/clients/${noEmail.json().id}/portal-invitation`);
    expect(r2.statusCode).toBe(400);
    expect(r2.json().error.field).toBe('email');
  });

  it('signs in and out; an authenticator app, once set, is required; codes are single-use', async () => {
    const c = await invitedClient();
    const client = new PortalActor(h);
    await client.post('/api/portal/invitations/accept', { token: c.token, password: 'lantern hill orchard 5' });
    const { secret } = (await client.post('/api/portal/mfa/totp')).json();
    const right = await totpCode(secret, h);
    // A wrong first code is a mistake in the form: 400 on the field, the session goes on.
    const wrong = await client.post('/api/portal/mfa/totp/verify', { code: right === '000000' ? '111111' : '000000' });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error).toMatchObject({ code: 'mfa_invalid', field: 'code' });
    expect((await client.get('/api/portal/me')).statusCode).toBe(200);
    expect((await client.post('/api/portal/mfa/totp/verify', { code: right })).statusCode).toBe(200);
    expect((await client.post('/api/portal/logout')).statusCode).toBe(204);
    expect((await client.get('/api/portal/me')).statusCode).toBe(401);

    clock.advance(31_000);
    const again = new PortalActor(h);
    expect((await again.post('/api/portal/login', { email: c.email, password: 'lantern hill orchard 5' })).json().mfaRequired).toBe(true);
    expect((await again.get('/api/portal/me')).json().error.code).toBe('mfa_required');
    const code = await totpCode(secret, h);
    expect((await again.post('/api/portal/mfa', { code })).statusCode).toBe(200);
    expect((await again.get('/api/portal/me')).statusCode).toBe(200);
    // The second factor once signed in: 409, in the language the page asks for.
    const twice = await again.post('/api/portal/mfa', { code });
    expect([twice.statusCode, twice.json().error.message]).toEqual([409, 'Already signed in']);
    expect((await again.post('/api/portal/mfa', { code }, { 'accept-language': 'es' })).json().error.message).toBe('Usted ya inició sesión.');
    const replay = new PortalActor(h);
    await replay.post('/api/portal/login', { email: c.email, password: 'lantern hill orchard 5' });
    expect((await replay.post('/api/portal/mfa', { code })).statusCode).toBe(401);
    expect((await new PortalActor(h).post('/api/portal/login', { email: c.email, password: 'wrong password here' })).statusCode).toBe(401);
  });

  it('one person, two practices: the second invitation links to the same account after its password', async () => {
    const q = await createPractice(h);
    const c1 = await invitedClient();
    const a = new PortalActor(h);
    await a.post('/api/portal/invitations/accept', { token: c1.token, password: 'birch trail lantern 21' });
    const c2 = await addClient(q.owner, { email: c1.email });
    await q.owner.post(`/api/clients/${c2.id}/portal-invitation`);
    const token2 = linkToken(await h.smtp!.waitFor((m) => m.to.includes(c1.email) && m.text.includes('#token=') && !m.text.includes(c1.token)), '/portal/accept');
    // The person is still signed in (their cookie rides along) but the page holds no token yet:
    // public portal routes act on no session and must not demand one.
    const b = new PortalActor(h);
    b.cookie = a.cookie;
    expect((await b.post('/api/portal/invitations/inspect', { token: token2 })).json().accountExists).toBe(true);
    expect((await b.post('/api/portal/invitations/accept', { token: token2, password: 'not the password at all' })).statusCode).toBe(401);
    expect((await b.post('/api/portal/invitations/accept', { token: token2, password: 'birch trail lantern 21' })).statusCode).toBe(201);
    expect(((await b.get('/api/portal/me')).json().links as unknown[]).length).toBe(2);
  });

  it('self sign-up verifies the e-mail first and never reveals whether an account exists', async () => {
    const email = `self.${Math.random().toString(36).slice(2, 8)}@example.test`;
    const anon = new PortalActor(h);
    expect((await anon.post('/api/portal/register', { email, password: 'harbor light morning 4' })).statusCode).toBe(202);
    expect((await anon.post('/api/portal/login', { email, password: 'harbor light morning 4' })).statusCode).toBe(401);
    const token = linkToken(await h.smtp!.waitFor((m) => m.to.includes(email) && /confirm/i.test(m.subject)), '/portal/verify');
    expect((await anon.post('/api/portal/verify', { token })).statusCode).toBe(200);
    expect((await anon.get('/api/portal/me')).json().links).toEqual([]);
    const again = await new PortalActor(h).post('/api/portal/register', { email, password: 'another harbor light 5' });
    expect(again.statusCode).toBe(202);
    const accounts = await h.database.db.selectFrom('client_accounts').select('id').execute();
    expect(new Set(accounts.map((a) => a.id)).size).toBe(accounts.length);
  });
  it("an unverified sign-up squatting someone's address does not block that person's invitation", async () => {
    const c = await addClient(p.owner);
    // Someone else signs up with the client's address and never verifies it.
    expect((await new PortalActor(h).post('/api/portal/register', { email: c.email, password: 'squatter chose this one 1' })).statusCode).toBe(202);
    await p.owner.post(`/api/clients/${c.id}/portal-invitation`);
    const token = linkToken(await h.smtp!.waitFor((m) => m.to.includes(c.email) && /invitation/i.test(m.subject)), '/portal/accept');
    const owner = new PortalActor(h);
    expect((await owner.post('/api/portal/invitations/inspect', { token })).json().accountExists).toBe(false);
    expect((await owner.post('/api/portal/invitations/accept', { token, password: 'rightful owner lantern 7' })).statusCode).toBe(201);
    expect(((await owner.get('/api/portal/me')).json().links as { clientId: string }[]).map((l) => l.clientId)).toEqual([c.id]);
    expect((await new PortalActor(h).post('/api/portal/login', { email: c.email, password: 'squatter chose this one 1' })).statusCode).toBe(401);
  });

  it('tells staff whether a client has a portal account or an invitation pending (audited; 404 for another practice, 401 without a session)', async () => {
    const c = await addClient(p.owner);
    const url = `/api/clients/${c.id}/portal-access`;
    expect((await p.owner.get(url)).json()).toEqual({ account: null, invitation: null });

    const sentAt = clock.now();
    expect((await p.owner.post(`/api/clients/${c.id}/portal-invitation`)).statusCode).toBe(201);
    const mail = await h.smtp!.waitFor((m) => m.to.includes(c.email) && /portal/i.test(m.subject));
    const invited = (await p.owner.get(url)).json();
    expect(invited).toEqual({ account: null, invitation: { sentAt: new Date(sentAt).toISOString(), expiresAt: new Date(sentAt + 7 * 24 * 3600_000).toISOString(), expired: false } });

    const client = new PortalActor(h, 'client');
    expect((await client.post('/api/portal/invitations/accept', { token: linkToken(mail, '/portal/accept'), password: 'lantern orchard drizzle 5' })).statusCode).toBe(201);
    const linked = (await p.owner.get(url)).json();
    expect(linked.invitation).toBeNull();
    expect(linked.account).toEqual({ linkedAt: new Date(clock.now()).toISOString(), lastSignInAt: new Date(clock.now()).toISOString() });
    // Already in the portal: a new invitation is refused, and the profile no longer offers one.
    expect((await p.owner.post(`/api/clients/${c.id}/portal-invitation`)).statusCode).toBe(409);

    const stranger = await createPractice(h);
    expect((await stranger.owner.get(url)).statusCode).toBe(404);
    expect((await new Actor(h).get(url)).statusCode).toBe(401);
    const audit = await h.database.db
      .selectFrom('audit_log')
      .select(['action', 'actor_id', 'details'])
      .where('resource_type', '=', 'client_portal_access')
      .where('resource_id', '=', c.id)
      .orderBy('seq')
      .execute();
    expect(audit.map((a) => [a.action, a.actor_id, JSON.parse(a.details ?? 'null')])).toEqual([
      ['read', p.userId, { linked: false, invited: false }],
      ['read', p.userId, { linked: false, invited: true }],
      ['read', p.userId, { linked: true, invited: false }],
    ]);
  });

  // Last: it moves the shared clock past every open session's idle limit.
  it('ends a portal session after 30 idle minutes, on the server', async () => {
    const c = await invitedClient();
    const client = new PortalActor(h);
    await client.post('/api/portal/invitations/accept', { token: c.token, password: 'copper canyon dusk 88' });
    clock.advance(29 * 60_000 + 59_000);
    expect((await client.get('/api/portal/me')).statusCode).toBe(200);
    clock.advance(30 * 60_000 + 1000);
    expect((await client.get('/api/portal/me')).json().error.code).toBe('session_expired');
  });

  it('an invitation left unused past its 7 days is reported as expired', async () => {
    const owner = await signIn(h, p.email, p.password, p.totpSecret);
    const c = await addClient(owner);
    expect((await owner.post(`/api/clients/${c.id}/portal-invitation`)).statusCode).toBe(201);
    clock.advance(7 * 24 * 3600_000 + 60_000);
    const again = await signIn(h, p.email, p.password, p.totpSecret);
    const access = (await again.get(`/api/clients/${c.id}/portal-access`)).json();
    expect(access.account).toBeNull();
    expect(access.invitation.expired).toBe(true);
  });
});
