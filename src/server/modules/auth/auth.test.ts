// Sign-in, sessions, MFA and throttling, end to end through the HTTP API, on every test database.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../lib/clock.js';
import { Actor, createPractice, enrolTotp, finishSignup, signIn, totpCode, uniq } from '../../testing/actors.js';
import { testDialects } from '../../testing/dialects.js';
import { createHarness, type Harness } from '../../testing/harness.js';
import { linkToken } from '../../testing/smtp.js';

describe.each(testDialects())('auth on %s', (dialect) => {
  let h: Harness;
  const clock = new ManualClock(Date.now());

  beforeAll(async () => {
    h = await createHarness(dialect, { clock, smtp: true, env: { LOGIN_MAX_FAILURES_PER_ACCOUNT: '5', LOGIN_MAX_FAILURES_PER_IP: '12', LOGIN_MAX_FAILURES_PER_ACCOUNT_ALL_SOURCES: '30' } });
  });
  afterAll(async () => h?.close());

  it('signs a practice up with its BAA, and the owner must enrol MFA before anything else', async () => {
    const owner = new Actor(h, 'owner');
    const email = `${uniq('o')}@example.test`;
    const res = await owner.post('/api/practices', {
      practiceName: 'Quiet Harbor Counseling',
      ownerName: 'Rosa Diaz',
      email,
      password: 'tidepools and lanterns 7',
      baa: { accepted: true, version: '2026-11-01', signerName: 'Rosa Diaz', signerTitle: 'Owner' },
    });
    expect(res.statusCode).toBe(202);
    expect(res.json()).toEqual({ checkMail: true });
    expect(res.headers['set-cookie']).toBeUndefined();
    const done = await finishSignup(h, owner, email);
    expect(done.json()).toMatchObject({ mfaRequired: false, mfaEnrollmentRequired: true });
    const cookie = String(done.headers['set-cookie']);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);

    const me = await owner.get('/api/me');
    expect(me.statusCode).toBe(200);
    expect(me.headers['cache-control']).toBe('no-store');
    expect(me.json()).toMatchObject({ user: { name: 'Rosa Diaz', roles: ['owner', 'provider'] }, practice: { requireMfa: true, baaAccepted: true } });

    const blocked = await owner.get('/api/practice');
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json().error.code).toBe('mfa_enrollment_required');

    await enrolTotp(owner);
    expect((await owner.get('/api/practice')).statusCode).toBe(200);
    const baa = (await owner.get('/api/practice')).json().baa;
    expect(baa).toMatchObject({ version: '2026-11-01', signerName: 'Rosa Diaz', signerTitle: 'Owner' });
  });

  it('refuses sign-up without accepting the current BAA', async () => {
    const a = new Actor(h);
    const base = { practiceName: 'No BAA', ownerName: 'N B', email: `${uniq('n')}@example.test`, password: 'granite river hollow 99' };
    const notAccepted = await a.post('/api/practices', { ...base, baa: { accepted: false, version: '2026-11-01', signerName: 'N', signerTitle: 'T' } });
    expect(notAccepted.statusCode).toBe(400);
    expect(notAccepted.json().error.field).toBe('baa.accepted');
    const oldVersion = await a.post('/api/practices', { ...base, baa: { accepted: true, version: '1999-01-01', signerName: 'N', signerTitle: 'T' } });
    expect(oldVersion.statusCode).toBe(400);
    expect(oldVersion.json().error.field).toBe('baa.version');
  });

  it('needs the CSRF header on state-changing requests, and logout ends the session server-side', async () => {
    const p = await createPractice(h);
    const noCsrf = await p.owner.request('POST', '/api/session/keepalive', {}, { 'x-csrf-token': 'wrong' });
    expect(noCsrf.statusCode).toBe(403);
    expect(noCsrf.json().error.code).toBe('csrf_failed');
    const crossSite = await p.owner.request('POST', '/api/session/keepalive', {}, { origin: 'https://evil.example' });
    expect(crossSite.statusCode).toBe(403);

    const stolen = p.owner.cookie;
    expect((await p.owner.post('/api/auth/logout')).statusCode).toBe(204);
    const replay = new Actor(h);
    replay.cookie = stolen;
    expect((await replay.get('/api/me')).statusCode).toBe(401);
  });

  it('logs in with password then TOTP; a TOTP code works once; a new session id at login', async () => {
    const p = await createPractice(h);
    const a = new Actor(h);
    const first = await a.post('/api/auth/login', { email: p.email, password: p.password });
    expect(first.json()).toMatchObject({ mfaRequired: true, methods: ['totp', 'recovery'] });
    const pendingCookie = a.cookie;
    // A half-signed-in session reaches nothing but the second step.
    expect((await a.get('/api/me')).json().error.code).toBe('mfa_required');

    clock.advance(31_000);
    const code = await totpCode(p.totpSecret!, h);
    const ok = await a.post('/api/auth/mfa', { code });
    expect(ok.statusCode).toBe(200);
    expect(a.cookie).not.toBe(pendingCookie);
    expect((await a.get('/api/me')).statusCode).toBe(200);

    const b = new Actor(h);
    await b.post('/api/auth/login', { email: p.email, password: p.password });
    const replay = await b.post('/api/auth/mfa', { code });
    expect(replay.statusCode).toBe(401);
    expect(replay.json().error.code).toBe('mfa_invalid');
  });

  it('a request sent with the half-signed-in cookie and answered after the second step leaves the new cookie alone', async () => {
    const p = await createPractice(h);
    const a = new Actor(h);
    await a.post('/api/auth/login', { email: p.email, password: p.password });
    const pendingCookie = a.cookie!;
    clock.advance(31_000);
    expect((await a.post('/api/auth/mfa', { code: await totpCode(p.totpSecret!, h) })).statusCode).toBe(200);
    // The sign-in page's status poll and a page's request, each sent with the old cookie before the
    // second step's answer came: answered, they must not clear the browser's (by now new) cookie.
    for (const url of ['/api/status/active', '/api/me']) {
      const stale = await h.app.inject({ method: 'GET', url, headers: { cookie: pendingCookie } });
      expect(stale.headers['set-cookie'], url).toBeUndefined();
    }
    expect((await h.app.inject({ method: 'GET', url: '/api/me', headers: { cookie: pendingCookie } })).statusCode).toBe(401);
    expect((await a.get('/api/me')).statusCode).toBe(200);
    // A cookie whose session ended any other way (here: signed out) is still cleared.
    const activeCookie = a.cookie!;
    expect((await a.post('/api/auth/logout')).statusCode).toBe(204);
    const ended = await h.app.inject({ method: 'GET', url: '/api/status/active', headers: { cookie: activeCookie } });
    expect(String(ended.headers['set-cookie'])).toMatch(/hearth_sid=;/);
  });

  it('recovery codes are single-use', async () => {
    const { owner, email } = await createPractice(h, { practiceName: 'Recovery Test', ownerName: 'Rae Covery', email: `${uniq('r')}@example.test`, password: 'orchard ladder sparrow 5', enrolTotp: false });
    const start = (await owner.post('/api/auth/mfa/totp')).json();
    expect(start.otpauthUrl).toMatch(/^otpauth:\/\/totp\//);
    expect(start.qrDataUrl).toMatch(/^data:image\/png;base64,/);
    const { recoveryCodes } = (await owner.post('/api/auth/mfa/totp/verify', { code: await totpCode(start.secret, h) })).json();
    expect(recoveryCodes).toHaveLength(10);
    const use = async () => {
      const a = new Actor(h);
      await a.post('/api/auth/login', { email, password: 'orchard ladder sparrow 5' });
      return a.post('/api/auth/mfa', { code: recoveryCodes[0] });
    };
    expect((await use()).statusCode).toBe(200);
    expect((await use()).statusCode).toBe(401);
  });

  it('a wrong code or password inside a valid session is a 400 on the field, never a 401 that ends it', async () => {
    const { owner } = await createPractice(h, { practiceName: 'Wrong Code Test', ownerName: 'Wren Code', email: `${uniq('w')}@example.test`, password: 'meadow kettle compass 4', enrolTotp: false });
    const start = (await owner.post('/api/auth/mfa/totp')).json();
    const right = await totpCode(start.secret, h);
    const wrongCode = right === '000000' ? '111111' : '000000';
    const wrong = await owner.post('/api/auth/mfa/totp/verify', { code: wrongCode });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error).toMatchObject({ code: 'mfa_invalid', field: 'code' });
    expect(wrong.json().error.message).toMatch(/didn't match/);
    expect((await owner.get('/api/me')).statusCode).toBe(200);
    expect((await owner.post('/api/auth/mfa/totp/verify', { code: right })).statusCode).toBe(200);

    const badCurrent = await owner.post('/api/me/password', { currentPassword: 'not my password at all', newPassword: 'a brand new heron path 9' });
    expect(badCurrent.statusCode).toBe(400);
    expect(badCurrent.json().error).toMatchObject({ code: 'invalid_credentials', field: 'currentPassword' });
    const badConfirm = await owner.post('/api/auth/mfa/recovery-codes', { password: 'not my password at all' });
    expect(badConfirm.statusCode).toBe(400);
    expect(badConfirm.json().error).toMatchObject({ code: 'invalid_credentials', field: 'password' });
    expect((await owner.get('/api/me')).statusCode).toBe(200);
  });

  it('refuses a common password with digits added ("password1234567") for staff too', async () => {
    const owner = new Actor(h, 'owner');
    const res = await owner.post('/api/practices', {
      practiceName: 'Common Password Test',
      ownerName: 'Cam Pass',
      email: `${uniq('cp')}@example.test`,
      password: 'password1234567',
      baa: { accepted: true, version: '2026-11-01', signerName: 'Cam', signerTitle: 'Owner' },
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().error).toMatchObject({ code: 'password_rejected', field: 'password' });
    const p = await createPractice(h);
    const change = await p.owner.post('/api/me/password', { currentPassword: p.password, newPassword: 'Password1234567' });
    expect(change.statusCode).toBe(422);
    expect(change.json().error.message).toMatch(/common or breached/);
  });

  it('ends a session after 30 minutes idle: 29:59 succeeds, 30:01 is refused', async () => {
    const p = await createPractice(h);
    clock.advance(31_000);
    const a = await signIn(h, p.email, p.password, p.totpSecret);
    expect((await a.get('/api/me')).statusCode).toBe(200);
    clock.advance(29 * 60_000 + 59_000);
    expect((await a.get('/api/me')).statusCode).toBe(200);
    clock.advance(30 * 60_000 + 1_000);
    const late = await a.get('/api/me');
    expect(late.statusCode).toBe(401);
    expect(late.json().error.code).toBe('session_expired');
  });

  it('does not count background requests as activity', async () => {
    const p = await createPractice(h);
    clock.advance(31_000);
    const a = await signIn(h, p.email, p.password, p.totpSecret);
    for (let i = 0; i < 3; i++) {
      clock.advance(8 * 60_000);
      const poll = await a.get('/api/me', { 'x-hearth-background': '1' });
      expect(poll.statusCode).toBe(200);
    }
    // 31 minutes of polling and no user action: the session is over.
    clock.advance(7 * 60_000);
    expect((await a.get('/api/me', { 'x-hearth-background': '1' })).statusCode).toBe(401);
  });

  it('a practice may set a shorter idle timeout, never a longer one', async () => {
    const p = await createPractice(h);
    expect((await p.owner.patch('/api/practice', { idleTimeoutMinutes: 45 })).json().error.field).toBe('idleTimeoutMinutes');
    expect((await p.owner.patch('/api/practice', { idleTimeoutMinutes: 10 })).statusCode).toBe(200);
    clock.advance(10 * 60_000 + 1000);
    expect((await p.owner.get('/api/me')).statusCode).toBe(401);
  });

  it('ends sessions at the 12-hour absolute limit even when active', async () => {
    const p = await createPractice(h);
    for (let i = 0; i < 26; i++) {
      clock.advance(28 * 60_000);
      const r = await p.owner.get('/api/me');
      if (i < 25) expect(r.statusCode).toBe(200);
      else expect(r.statusCode).toBe(401);
    }
  });

  it('lists and revokes sessions; a password change ends the other sessions', async () => {
    const p = await createPractice(h);
    clock.advance(31_000);
    const laptop = await signIn(h, p.email, p.password, p.totpSecret);
    const list = (await p.owner.get('/api/me/sessions')).json().sessions as { id: string; current: boolean }[];
    expect(list.length).toBe(2);
    const other = list.find((s) => !s.current)!;
    expect((await p.owner.del(`/api/me/sessions/${other.id}`)).statusCode).toBe(204);
    expect((await laptop.get('/api/me')).statusCode).toBe(401);

    clock.advance(31_000);
    const phone = await signIn(h, p.email, p.password, p.totpSecret);
    const changed = await p.owner.post('/api/me/password', { currentPassword: p.password, newPassword: 'a brand new heron path 8' });
    expect(changed.statusCode).toBe(204);
    expect((await phone.get('/api/me')).statusCode).toBe(401);
    expect((await p.owner.get('/api/me')).statusCode).toBe(200);
  });

  it('throttles per account with 429 and Retry-After, and audits each failure', async () => {
    const p = await createPractice(h);
    const a = new Actor(h);
    a.ip = '10.9.8.1';
    for (let i = 0; i < 5; i++) {
      expect((await a.post('/api/auth/login', { email: p.email, password: 'wrong password entirely' })).statusCode).toBe(401);
    }
    const blocked = await a.post('/api/auth/login', { email: p.email, password: p.password });
    expect(blocked.statusCode).toBe(429);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    const failures = await h.database.db.selectFrom('audit_log').select('id').where('action', '=', 'login_failed').where('actor_id', '=', p.userId).execute();
    expect(failures.length).toBe(5);
    clock.advance(15 * 60_000 + 1000);
    expect((await a.post('/api/auth/login', { email: p.email, password: p.password })).statusCode).toBe(200);
  });

  it('counts parallel guesses: a burst from one source gets at most the limit checked', async () => {
    const p = await createPractice(h);
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => {
        const a = new Actor(h);
        a.ip = '10.9.7.1';
        return a.post('/api/auth/login', { email: p.email, password: `wrong guess number ${i}` });
      }),
    );
    const codes = results.map((r) => r.statusCode);
    // The source's count for this account and the IP's count are separate upserts: under
    // concurrency a guess may pass one and not the other, so at most the limit gets checked.
    const checked = codes.filter((c) => c === 401).length;
    expect(checked).toBeGreaterThan(0);
    expect(checked).toBeLessThanOrEqual(5);
    expect(codes.filter((c) => c === 429)).toHaveLength(20 - checked);
  });

  it('a stranger who fails at an account locks only their own source out: the owner signs in from elsewhere with password and code', async () => {
    const p = await createPractice(h);
    const attacker = new Actor(h);
    attacker.ip = '10.66.6.6';
    for (let i = 0; i < 5; i++) {
      expect((await attacker.post('/api/auth/login', { email: p.email, password: `not the password ${i}` })).statusCode).toBe(401);
    }
    for (let i = 0; i < 3; i++) {
      const refused = await attacker.post('/api/auth/login', { email: p.email, password: `still guessing ${i}` });
      expect(refused.statusCode).toBe(429);
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    }
    // Even the right password from the failing source waits out the window.
    expect((await attacker.post('/api/auth/login', { email: p.email, password: p.password })).statusCode).toBe(429);

    clock.advance(31_000); // past the enrolment code's step: codes are single-use
    const owner = await signIn(h, p.email, p.password, p.totpSecret);
    expect((await owner.get('/api/me')).statusCode).toBe(200);
    // The owner's success does not free the attacker's source.
    expect((await attacker.post('/api/auth/login', { email: p.email, password: 'one more try' })).statusCode).toBe(429);
    const throttled = await h.database.db.selectFrom('audit_log').select('id').where('action', '=', 'login_throttled').where('ip', '=', '10.66.6.6').execute();
    expect(throttled.length).toBeGreaterThanOrEqual(5);
    clock.advance(15 * 60_000 + 1000);
    expect((await attacker.post('/api/auth/login', { email: p.email, password: 'after the window' })).statusCode).toBe(401);
  });

  it('caps the guesses at one account from all sources together', async () => {
    const p = await createPractice(h);
    // 30 failures allowed from all sources (this harness; 100 by default), at most 5 from each.
    const codes: number[] = [];
    for (let i = 0; i < 35; i++) {
      const a = new Actor(h);
      a.ip = `10.55.${Math.floor(i / 2)}.${(i % 2) + 1}`;
      codes.push((await a.post('/api/auth/login', { email: p.email, password: `spray number ${i}` })).statusCode);
    }
    expect(codes.filter((c) => c === 401)).toHaveLength(30);
    expect(codes.slice(30).every((c) => c === 429)).toBe(true);
    const fresh = new Actor(h);
    fresh.ip = '10.56.0.1';
    const capped = await fresh.post('/api/auth/login', { email: p.email, password: p.password });
    expect(capped.statusCode).toBe(429);
    expect(Number(capped.headers['retry-after'])).toBeGreaterThan(0);
    // A source already at its own limit does not run the shared count up further.
    clock.advance(15 * 60_000 + 1000);
    const hammer = new Actor(h);
    hammer.ip = '10.57.0.1';
    for (let i = 0; i < 5; i++) expect((await hammer.post('/api/auth/login', { email: p.email, password: `hammer ${i}` })).statusCode).toBe(401);
    for (let i = 0; i < 40; i++) expect((await hammer.post('/api/auth/login', { email: p.email, password: `hammer on ${i}` })).statusCode).toBe(429);
    await signIn(h, p.email, p.password, p.totpSecret);
  });

  it('throttles per IP across accounts', async () => {
    const a = new Actor(h);
    a.ip = '10.9.8.2';
    for (let i = 0; i < 12; i++) {
      expect((await a.post('/api/auth/login', { email: `${uniq('nobody')}@example.test`, password: 'whatever it may be' })).statusCode).toBe(401);
    }
    const blocked = await a.post('/api/auth/login', { email: `${uniq('nobody')}@example.test`, password: 'whatever it may be' });
    expect(blocked.statusCode).toBe(429);
    expect(blocked.headers['retry-after']).toBeDefined();
  });

  it('password reset by mailed single-use link does not bypass MFA', async () => {
    const p = await createPractice(h);
    const a = new Actor(h);
    expect((await a.post('/api/auth/password-reset/request', { email: p.email })).statusCode).toBe(202);
    expect((await a.post('/api/auth/password-reset/request', { email: `${uniq('ghost')}@example.test` })).statusCode).toBe(202);
    const mail = await h.smtp!.waitFor((m) => m.to.includes(p.email.toLowerCase()) && /reset/i.test(m.subject));
    const token = linkToken(mail, '/reset-password');
    const newPassword = 'violet canyon echo 31';
    expect((await a.post('/api/auth/password-reset/complete', { token, password: newPassword })).statusCode).toBe(204);
    expect((await a.post('/api/auth/password-reset/complete', { token, password: 'another one entirely 4' })).statusCode).toBe(400);
    // The owner's open session ended with the reset.
    expect((await p.owner.get('/api/me')).statusCode).toBe(401);
    const login = await a.post('/api/auth/login', { email: p.email, password: newPassword });
    expect(login.json().mfaRequired).toBe(true);
  });

  it('invites a colleague by mail; the link works once and creates their account with the roles given', async () => {
    const p = await createPractice(h);
    const email = `${uniq('prov')}@example.test`;
    const inv = await p.owner.post('/api/practice/invitations', { email, name: 'Pat Provider', roles: ['provider', 'front_desk'] });
    expect(inv.statusCode).toBe(201);
    const mail = await h.smtp!.waitFor((m) => m.to.includes(email));
    expect(mail.text).not.toContain('Pat Provider');
    const token = linkToken(mail, '/accept-invite');
    const pat = new Actor(h, 'pat');
    expect((await pat.post('/api/invitations/inspect', { token })).json()).toMatchObject({ email, roles: ['provider', 'front_desk'], requireMfa: true });
    const weak = await pat.post('/api/invitations/accept', { token, name: 'Pat Provider', password: 'password' });
    expect(weak.statusCode).toBe(422);
    expect(weak.json().error).toMatchObject({ code: 'password_rejected', field: 'password' });
    const ok = await pat.post('/api/invitations/accept', { token, name: 'Pat Provider', password: 'kettle drum morning 12' });
    expect(ok.statusCode).toBe(201);
    expect(ok.json().mfaEnrollmentRequired).toBe(true);
    expect((await new Actor(h).post('/api/invitations/accept', { token, name: 'Again', password: 'kettle drum morning 12' })).statusCode).toBe(400);
    const me = (await pat.get('/api/me')).json();
    expect(me.user.roles).toEqual(['front_desk', 'provider']);
    expect(me.activeRole).toBe('provider');
    await enrolTotp(pat);
    expect((await pat.post('/api/me/active-role', { role: 'front_desk' })).statusCode).toBe(204);
    expect((await pat.get('/api/me')).json().activeRole).toBe('front_desk');
    expect((await pat.post('/api/me/active-role', { role: 'owner' })).statusCode).toBe(403);
    // A provider cannot administer the practice.
    expect((await pat.get('/api/practice/users')).statusCode).toBe(403);
  });

  it('a sign-in opens in the role last chosen, not in Provider mode every time', async () => {
    const p = await createPractice(h);
    // Signed up as the owner: the first sign-in opens there too.
    const first = await signIn(h, p.email, p.password, p.totpSecret, 1);
    expect((await first.get('/api/me')).json().activeRole).toBe('owner');
    expect((await first.post('/api/me/active-role', { role: 'provider' })).statusCode).toBe(204);
    clock.advance(61_000);
    const again = await signIn(h, p.email, p.password, p.totpSecret);
    expect((await again.get('/api/me')).json().activeRole).toBe('provider');
    expect((await again.post('/api/me/active-role', { role: 'owner' })).statusCode).toBe(204);
    clock.advance(61_000);
    const second = await signIn(h, p.email, p.password, p.totpSecret);
    expect((await second.get('/api/me')).json().activeRole).toBe('owner');
    // The session already open keeps its own role; the choice is remembered per user.
    expect((await second.post('/api/me/active-role', { role: 'provider' })).statusCode).toBe(204);
    expect((await first.get('/api/me')).json().activeRole).toBe('provider');
    expect((await again.get('/api/me')).json().activeRole).toBe('owner');
    clock.advance(61_000);
    const third = await signIn(h, p.email, p.password, p.totpSecret);
    expect((await third.get('/api/me')).json().activeRole).toBe('provider');
    // A remembered role that was taken away is not restored.
    expect((await third.post('/api/me/active-role', { role: 'owner' })).statusCode).toBe(204);
    await h.database.db.updateTable('user_roles').set({ role: 'front_desk' }).where('user_id', '=', p.userId).where('role', '=', 'owner').execute();
    clock.advance(61_000);
    const fourth = await signIn(h, p.email, p.password, p.totpSecret);
    expect((await fourth.get('/api/me')).json().activeRole).toBe('provider');
  });

  it('an admin lists and revokes a colleague’s sessions and can disable them', async () => {
    const p = await createPractice(h);
    const email = `${uniq('fd')}@example.test`;
    await p.owner.post('/api/practice/invitations', { email, name: 'Fay Desk', roles: ['front_desk'] });
    const token = linkToken(await h.smtp!.waitFor((m) => m.to.includes(email)), '/accept-invite');
    const fay = new Actor(h, 'fay');
    await fay.post('/api/invitations/accept', { token, name: 'Fay Desk', password: 'lighthouse keeper tea 3' });
    const users = (await p.owner.get('/api/practice/users')).json().users as { id: string; email: string }[];
    const fayId = users.find((u) => u.email === email)!.id;
    const sessions = (await p.owner.get(`/api/practice/users/${fayId}/sessions`)).json().sessions as { id: string }[];
    expect(sessions).toHaveLength(1);
    expect((await p.owner.del(`/api/practice/users/${fayId}/sessions/${sessions[0]!.id}`)).statusCode).toBe(204);
    expect((await fay.get('/api/me')).statusCode).toBe(401);
    expect((await p.owner.patch(`/api/practice/users/${fayId}`, { status: 'disabled' })).statusCode).toBe(200);
    expect((await new Actor(h).post('/api/auth/login', { email, password: 'lighthouse keeper tea 3' })).statusCode).toBe(401);
    // The last owner cannot be removed.
    expect((await p.owner.patch(`/api/practice/users/${p.userId}`, { roles: ['provider'] })).statusCode).toBe(409);
  });
});
