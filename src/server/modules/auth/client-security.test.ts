// Portal account security on every test database: password reset by a mailed single-use link
// (never past the authenticator), recovery codes, removing the authenticator, the session list and
// revocation, changing the password, and the background session check.
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../lib/clock.js';
import { Actor, signIn as staffSignIn, totpCode } from '../../testing/actors.js';
import { testDialects } from '../../testing/dialects.js';
import { linkToken, type ReceivedMail } from '../../testing/smtp.js';
import { practiceSuite } from '../../testing/suite.js';

const BACKGROUND = { 'x-hearth-background': '1' };

describe.each(testDialects())('portal account security on %s', (dialect) => {
  const clock = new ManualClock(Date.now());
  const { h, p } = practiceSuite(dialect, { smtp: true, clock }, { practiceName: 'Juniper Eating Disorder Clinic' });

  /** A client of the practice with a portal account, signed in (the actor holds the portal cookie). */
  async function portalClient(password = 'lantern hill orchard 5') {
    const email = `mara.${Math.random().toString(36).slice(2, 8)}@example.test`;
    const c = await p.owner.post('/api/clients', { firstName: 'Mara', lastName: 'Quillfeather', dateOfBirth: '1988-08-08', email, consents: { email: true, sms: false, details: false } });
    expect(c.statusCode, c.body).toBe(201);
    await p.owner.post(`/api/clients/${c.json().id}/portal-invitation`);
    const token = linkToken(await h.smtp!.waitFor((m) => m.to.includes(email) && /invitation/i.test(m.subject)), '/portal/accept');
    const actor = new Actor(h, 'client');
    expect((await actor.post('/api/portal/invitations/accept', { token, password })).statusCode).toBe(201);
    return { email, password, actor };
  }

  async function signIn(email: string, password: string, code?: () => Promise<string>) {
    const a = new Actor(h, 'client');
    const res = await a.post('/api/portal/login', { email, password });
    expect(res.statusCode, res.body).toBe(200);
    if (res.json().mfaRequired) {
      expect(code, 'the account asks for a code').toBeDefined();
      const mfa = await a.post('/api/portal/mfa', { code: await code!() });
      expect(mfa.statusCode, mfa.body).toBe(200);
    }
    return a;
  }

  async function enrolTotp(a: Actor) {
    const { secret } = (await a.post('/api/portal/mfa/totp')).json() as { secret: string };
    const res = await a.post('/api/portal/mfa/totp/verify', { code: await totpCode(secret, h) });
    expect(res.statusCode, res.body).toBe(200);
    return { secret, recoveryCodes: res.json().recoveryCodes as string[] };
  }

  /** A fresh code from the next 30-second step (each step is accepted once). */
  async function nextCode(secret: string) {
    clock.advance(30_000);
    return totpCode(secret, h);
  }

  const resetMails = (to: string) => h.smtp!.messages.filter((m) => m.to.includes(to) && /reset/i.test(m.subject));
  async function requestReset(email: string): Promise<{ mail: ReceivedMail; token: string }> {
    const before = resetMails(email).length;
    expect((await new Actor(h).post('/api/portal/password-reset', { email })).statusCode).toBe(202);
    const mail = await h.smtp!.waitFor((m) => m.to.includes(email) && /reset/i.test(m.subject) && resetMails(email).indexOf(m) >= before);
    return { mail, token: linkToken(mail, '/portal/reset') };
  }

  const auditOf = (actorId: string, action: string) =>
    h.database.db.selectFrom('audit_log').select(['action', 'outcome', 'resource_type', 'details']).where('actor_id', '=', actorId).where('action', '=', action).execute();

  async function accountId(a: Actor) {
    return (await a.get('/api/portal/me')).json().account.id as string;
  }

  it('resets a password from the mailed link: PHI-free mail, single use, every session ends, audited', async () => {
    const c = await portalClient();
    const id = await accountId(c.actor);
    const { mail, token } = await requestReset(c.email);
    // Neutral sender, no client or practice name; the token rides in the fragment.
    expect(mail.raw).toMatch(/^From: Hearth </m);
    for (const secret of ['Mara', 'Quillfeather', 'Juniper', 'Eating', 'Clinic']) expect(mail.raw).not.toContain(secret);
    expect(mail.text).toContain(`${h.config.publicUrl}/portal/reset#token=`);

    const weak = await new Actor(h).post('/api/portal/password-reset/complete', { token, password: 'too short' });
    expect(weak.statusCode).toBe(422);
    expect(weak.json().error.field).toBe('password');
    const done = await new Actor(h).post('/api/portal/password-reset/complete', { token, password: 'fresh kettle morning 22' });
    expect(done.statusCode, done.body).toBe(204);
    // Single use, and it signs no one in: the signed-in session ended, the old password is gone.
    const again = await new Actor(h).post('/api/portal/password-reset/complete', { token, password: 'another kettle morning 23' });
    expect(again.json().error).toMatchObject({ code: 'token_invalid', field: 'token' });
    expect((await c.actor.get('/api/portal/me')).statusCode).toBe(401);
    expect((await new Actor(h).post('/api/portal/login', { email: c.email, password: c.password })).statusCode).toBe(401);
    expect((await (await signIn(c.email, 'fresh kettle morning 22')).get('/api/portal/me')).statusCode).toBe(200);

    expect((await auditOf(id, 'password_reset_requested')).map((e) => e.outcome)).toEqual(['success']);
    expect(await auditOf(id, 'password_reset_completed')).toHaveLength(1);
  });

  it('an unknown e-mail gets the same 202 and no mail; the request is audited as anonymous', async () => {
    const email = `nobody.${Math.random().toString(36).slice(2, 8)}@example.test`;
    const res = await new Actor(h).post('/api/portal/password-reset', { email });
    expect(res.statusCode).toBe(202);
    expect(res.json()).toEqual({ status: 'sent_if_account_exists' });
    // The mail, when there is one, is sent before the answer: none means none.
    expect(h.smtp!.messages.filter((m) => m.to.includes(email))).toEqual([]);
    const rows = await h.database.db.selectFrom('audit_log').select(['actor_type', 'outcome']).where('action', '=', 'password_reset_requested').where('actor_type', '=', 'anonymous').execute();
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.outcome === 'failure')).toBe(true);
  });

  it('a reset link expires after one hour, and a newer reset retires older links', async () => {
    const c = await portalClient();
    const first = await requestReset(c.email);
    clock.advance(61 * 60_000);
    p.owner = await staffSignIn(h, p.email, p.password, p.totpSecret); // the owner's own session idled out meanwhile
    const late = await new Actor(h).post('/api/portal/password-reset/complete', { token: first.token, password: 'late autumn harbor 31' });
    expect(late.json().error.code).toBe('token_invalid');

    const a = await requestReset(c.email);
    const b = await requestReset(c.email);
    expect((await new Actor(h).post('/api/portal/password-reset/complete', { token: b.token, password: 'second kettle choice 41' })).statusCode).toBe(204);
    expect((await new Actor(h).post('/api/portal/password-reset/complete', { token: a.token, password: 'first kettle choice 40' })).statusCode).toBe(400);
  });

  it('a reset does not get past the authenticator app; with it, an 8-character password is allowed', async () => {
    const c = await portalClient();
    const { secret } = await enrolTotp(c.actor);
    const { token } = await requestReset(c.email);
    expect((await new Actor(h).post('/api/portal/password-reset/complete', { token, password: 'Qv7#mz2k' })).statusCode).toBe(204);
    const a = new Actor(h);
    expect((await a.post('/api/portal/login', { email: c.email, password: 'Qv7#mz2k' })).json().mfaRequired).toBe(true);
    expect((await a.get('/api/portal/me')).json().error.code).toBe('mfa_required');
    expect((await a.post('/api/portal/mfa', { code: await nextCode(secret) })).statusCode).toBe(200);
    expect((await a.get('/api/portal/me')).statusCode).toBe(200);
  });

  it('recovery codes: ten shown once at setup, each signs in once (audited), replaced only with the password', async () => {
    const c = await portalClient();
    const id = await accountId(c.actor);
    const { secret, recoveryCodes } = await enrolTotp(c.actor);
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    expect((await c.actor.get('/api/portal/me')).json().account.mfa).toEqual({ totp: true, recoveryCodesLeft: 10 });
    // Stored as hashes only.
    const stored = await h.database.db.selectFrom('client_recovery_codes').select('code_hash').where('account_id', '=', id).execute();
    expect(stored).toHaveLength(10);
    for (const code of recoveryCodes) expect(JSON.stringify(stored)).not.toContain(code);

    const withCode = async (code: string) => {
      const a = new Actor(h);
      await a.post('/api/portal/login', { email: c.email, password: c.password });
      return { a, res: await a.post('/api/portal/mfa', { code }) };
    };
    const used = await withCode(recoveryCodes[0]!.toUpperCase());
    expect(used.res.statusCode).toBe(200);
    expect((await used.a.get('/api/portal/me')).json().account.mfa.recoveryCodesLeft).toBe(9);
    expect((await withCode(recoveryCodes[0]!)).res.json().error.code).toBe('mfa_invalid');
    const logins = await auditOf(id, 'login');
    expect(logins.some((l) => String(l.details).includes('password+recovery'))).toBe(true);

    const wrong = await used.a.post('/api/portal/mfa/recovery-codes', { password: 'not my password at all' });
    expect(wrong.json().error).toMatchObject({ code: 'invalid_credentials', field: 'password' });
    const fresh = await used.a.post('/api/portal/mfa/recovery-codes', { password: c.password });
    expect(fresh.statusCode).toBe(200);
    const next = fresh.json().recoveryCodes as string[];
    expect(next).toHaveLength(10);
    expect((await withCode(recoveryCodes[1]!)).res.statusCode).toBe(401);
    expect((await withCode(next[0]!)).res.statusCode).toBe(200);
    expect(await auditOf(id, 'recovery_codes_generated')).toHaveLength(1);
    expect((await withCode(await nextCode(secret))).res.statusCode).toBe(200);
  });

  it('removing the authenticator needs the password and a current code, and ends the other sessions', async () => {
    const c = await portalClient();
    const id = await accountId(c.actor);
    const { secret } = await enrolTotp(c.actor);
    const other = await signIn(c.email, c.password, () => nextCode(secret));

    const noPassword = await c.actor.del('/api/portal/mfa/totp', { password: 'wrong password entirely', code: await nextCode(secret) });
    expect(noPassword.json().error).toMatchObject({ code: 'invalid_credentials', field: 'password' });
    const noCode = await c.actor.del('/api/portal/mfa/totp', { password: c.password, code: '000000' });
    expect(noCode.json().error).toMatchObject({ code: 'mfa_invalid', field: 'code' });
    expect((await c.actor.get('/api/portal/me')).json().account.mfa.totp).toBe(true);

    const ok = await c.actor.del('/api/portal/mfa/totp', { password: c.password, code: await nextCode(secret) });
    expect(ok.statusCode, ok.body).toBe(204);
    expect((await c.actor.get('/api/portal/me')).json().account.mfa).toEqual({ totp: false, recoveryCodesLeft: 0 });
    expect((await other.get('/api/portal/me')).statusCode).toBe(401);
    expect((await new Actor(h).post('/api/portal/login', { email: c.email, password: c.password })).json().mfaRequired).toBe(false);
    expect((await auditOf(id, 'mfa_removed')).map((e) => e.outcome).sort()).toEqual(['failure', 'failure', 'success']);
  });

  it('with a password shorter than 15 characters the authenticator stays until the password is changed', async () => {
    const c = await portalClient();
    const { secret } = await enrolTotp(c.actor);
    expect((await c.actor.post('/api/portal/password', { currentPassword: c.password, newPassword: 'Zr8!wq4p' })).statusCode).toBe(204);
    const res = await c.actor.del('/api/portal/mfa/totp', { password: 'Zr8!wq4p', code: await nextCode(secret) });
    expect(res.statusCode).toBe(422);
    expect(res.json().error).toMatchObject({ code: 'password_rejected', field: 'password' });
  });

  it('lists the live sessions (this one marked, no IPs) and signs one out; another account cannot', async () => {
    const c = await portalClient();
    const id = await accountId(c.actor);
    const phone = await signIn(c.email, c.password);
    const list = await c.actor.get('/api/portal/sessions');
    expect(list.statusCode).toBe(200);
    const sessions = list.json().sessions as { id: string; current: boolean; userAgent: string; createdAt: string; lastActivityAt: string }[];
    expect(sessions).toHaveLength(2);
    expect(sessions.filter((s) => s.current)).toHaveLength(1);
    expect(list.body).not.toContain('127.0.0.1');
    expect(sessions[0]).toMatchObject({ userAgent: 'hearth-test/client', createdAt: expect.any(String), lastActivityAt: expect.any(String) });
    const phoneId = sessions.find((s) => !s.current)!.id;

    const stranger = (await portalClient()).actor;
    expect((await stranger.del(`/api/portal/sessions/${phoneId}`)).statusCode).toBe(404);
    expect((await phone.get('/api/portal/me')).statusCode).toBe(200);

    expect((await c.actor.del(`/api/portal/sessions/${phoneId}`)).statusCode).toBe(204);
    expect((await phone.get('/api/portal/me')).statusCode).toBe(401);
    expect((await c.actor.del(`/api/portal/sessions/${phoneId}`)).statusCode).toBe(404);
    expect(((await c.actor.get('/api/portal/sessions')).json().sessions as unknown[]).length).toBe(1);
    expect(await auditOf(id, 'session_revoked')).toHaveLength(1);

    // Signing out every other session keeps this one.
    const a = await signIn(c.email, c.password);
    const b = await signIn(c.email, c.password);
    expect((await c.actor.del('/api/portal/sessions')).statusCode).toBe(204);
    expect((await a.get('/api/portal/me')).statusCode).toBe(401);
    expect((await b.get('/api/portal/me')).statusCode).toBe(401);
    expect((await c.actor.get('/api/portal/me')).statusCode).toBe(200);
    // Signing out this session from the list clears its cookie.
    const own = (await c.actor.get('/api/portal/sessions')).json().sessions[0].id as string;
    const self = await c.actor.del(`/api/portal/sessions/${own}`);
    expect(self.statusCode).toBe(204);
    expect(String(self.headers['set-cookie'])).toMatch(/hearth_portal_sid=;/);
  });

  it('changing the password needs the current one and ends the other sessions', async () => {
    const c = await portalClient();
    const id = await accountId(c.actor);
    const other = await signIn(c.email, c.password);
    const wrong = await c.actor.post('/api/portal/password', { currentPassword: 'not the password', newPassword: 'quiet harbor lights 77' });
    expect(wrong.json().error).toMatchObject({ code: 'invalid_credentials', field: 'currentPassword' });
    const weak = await c.actor.post('/api/portal/password', { currentPassword: c.password, newPassword: 'short one' });
    expect(weak.json().error).toMatchObject({ code: 'password_rejected', field: 'newPassword' });
    expect((await c.actor.post('/api/portal/password', { currentPassword: c.password, newPassword: 'quiet harbor lights 77' })).statusCode).toBe(204);
    expect((await other.get('/api/portal/me')).statusCode).toBe(401);
    expect((await c.actor.get('/api/portal/me')).statusCode).toBe(200);
    expect((await new Actor(h).post('/api/portal/login', { email: c.email, password: c.password })).statusCode).toBe(401);
    await signIn(c.email, 'quiet harbor lights 77');
    expect((await auditOf(id, 'password_changed')).map((e) => e.outcome).sort()).toEqual(['failure', 'success']);
  });

  it('the background session check is not activity, and answers 401 once the session is ended elsewhere', async () => {
    const c = await portalClient();
    const first = await c.actor.get('/api/portal/session', BACKGROUND);
    expect(first.statusCode).toBe(200);
    clock.advance(10 * 60_000);
    const later = await c.actor.get('/api/portal/session', BACKGROUND);
    expect(later.json().idleExpiresAt).toBe(first.json().idleExpiresAt);
    expect(later.headers['x-session-idle-expires']).toBe(first.json().idleExpiresAt);
    const elsewhere = await signIn(c.email, c.password);
    await elsewhere.del('/api/portal/sessions');
    const ended = await c.actor.get('/api/portal/session', BACKGROUND);
    expect(ended.statusCode).toBe(401);
    expect(ended.json().error.code).toBe('unauthenticated');
  });

  it('an unverified sign-up is confirmed by a reset (the link proves the address); the squatter’s password dies', async () => {
    const email = `early.${Math.random().toString(36).slice(2, 8)}@example.test`;
    expect((await new Actor(h).post('/api/portal/register', { email, password: 'squatter chose this one 1' })).statusCode).toBe(202);
    const { token } = await requestReset(email);
    expect((await new Actor(h).post('/api/portal/password-reset/complete', { token, password: 'rightful owner kettle 8' })).statusCode).toBe(204);
    expect((await new Actor(h).post('/api/portal/login', { email, password: 'squatter chose this one 1' })).statusCode).toBe(401);
    await signIn(email, 'rightful owner kettle 8');
  });

  it('reset requests are throttled per address, with Retry-After', async () => {
    const c = await portalClient();
    let last = 0;
    const anon = new Actor(h);
    for (let i = 0; i < h.config.login.maxFailuresPerAccount + 1; i++) {
      anon.ip = `10.9.0.${i + 1}`;
      last = (await anon.post('/api/portal/password-reset', { email: c.email })).statusCode;
    }
    expect(last).toBe(429);
    const refused = await anon.post('/api/portal/password-reset', { email: c.email });
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('a stranger failing at a portal account is throttled from their source; the client still signs in from theirs', async () => {
    const c = await portalClient();
    const { secret } = await enrolTotp(c.actor);
    const stranger = new Actor(h, 'client');
    stranger.ip = '10.77.7.7';
    for (let i = 0; i <= h.config.login.maxFailuresPerAccount; i++) await stranger.post('/api/portal/login', { email: c.email, password: `guess ${i} at it` });
    const refused = await stranger.post('/api/portal/login', { email: c.email, password: c.password });
    expect(refused.statusCode).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    const back = await signIn(c.email, c.password, () => nextCode(secret));
    expect((await back.get('/api/portal/me')).statusCode).toBe(200);
  });
});
