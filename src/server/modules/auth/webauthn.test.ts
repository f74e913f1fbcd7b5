// Security-key (WebAuthn) second factor, end to end through the HTTP API with a real software
// authenticator (P-256 keys, CBOR attestation, DER signatures) and the real @simplewebauthn/server
// verification, on every test database.
import { randomBytes } from 'node:crypto';
import type { PublicKeyCredentialCreationOptionsJSON, PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../lib/clock.js';
import { Actor, createPractice, enrolTotp, totpCode } from '../../testing/actors.js';
import { testDialects } from '../../testing/dialects.js';
import { createHarness, type Harness } from '../../testing/harness.js';
import { FLAG_AT, FLAG_UP, FLAG_UV, SoftAuthenticator } from '../../testing/soft-authenticator.js';

const RP_ID = '127.0.0.1';
const ORIGIN = 'http://127.0.0.1:3000';

describe.each(testDialects())('webauthn security keys on %s', (dialect) => {
  let h: Harness;
  const clock = new ManualClock(Date.now());

  beforeAll(async () => {
    h = await createHarness(dialect, { clock });
  });
  afterAll(async () => h?.close());

  const db = () => h.database.db;

  const registerOptions = async (a: Actor) => {
    const res = await a.post('/api/auth/mfa/webauthn/register/options');
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as PublicKeyCredentialCreationOptionsJSON;
  };

  /** Registers `key` for the actor and returns the server's answer. */
  const registerKey = async (a: Actor, key: SoftAuthenticator, name = 'YubiKey') => {
    const options = await registerOptions(a);
    const res = await a.post('/api/auth/mfa/webauthn/register', { name, response: key.register(options) });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: string; recoveryCodes: string[] | null };
  };

  /** A practice whose owner's only second factor is a security key. */
  const ownerWithKey = async () => {
    const p = await createPractice(h, { enrolTotp: false });
    const key = new SoftAuthenticator(RP_ID, ORIGIN);
    const reg = await registerKey(p.owner, key);
    return { ...p, key, keyRowId: reg.id };
  };

  /** Password step only: a session waiting for its second factor. */
  const pendingLogin = async (email: string, password: string) => {
    const a = new Actor(h, 'signin');
    const res = await a.post('/api/auth/login', { email, password });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().mfaRequired).toBe(true);
    return a;
  };

  const loginOptions = async (a: Actor) => {
    const res = await a.post('/api/auth/mfa/webauthn/options', {});
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as PublicKeyCredentialRequestOptionsJSON;
  };

  const storedCounter = async (credentialId: string) =>
    Number((await db().selectFrom('webauthn_credentials').select('counter').where('credential_id', '=', credentialId).executeTakeFirstOrThrow()).counter);

  const auditRows = (userId: string, action: string) =>
    db().selectFrom('audit_log').selectAll().where('actor_id', '=', userId).where('action', '=', action).orderBy('seq').execute();

  it('an owner in MFA enrolment registers a security key as the first factor', async () => {
    const p = await createPractice(h, { enrolTotp: false });
    const blocked = await p.owner.get('/api/practice');
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json().error.code).toBe('mfa_enrollment_required');

    const options = await registerOptions(p.owner);
    expect(options.rp).toEqual({ id: RP_ID, name: 'Hearth' });
    expect(options.challenge).toMatch(/^[A-Za-z0-9_-]{16,}$/);
    expect(options.attestation).toBe('none');
    expect(options.pubKeyCredParams.map((c) => c.alg)).toContain(-7);
    expect(options.excludeCredentials ?? []).toEqual([]);
    expect(Buffer.from(options.user.id, 'base64url').toString()).toBe(p.userId);

    const key = new SoftAuthenticator(RP_ID, ORIGIN);
    const res = await p.owner.post('/api/auth/mfa/webauthn/register', { name: 'YubiKey', response: key.register(options) });
    expect(res.statusCode, res.body).toBe(201);
    const { id, recoveryCodes } = res.json() as { id: string; recoveryCodes: string[] };
    expect(recoveryCodes).toHaveLength(10);
    for (const c of recoveryCodes) expect(c).toMatch(/^[a-z0-9]{5}-[a-z0-9]{5}$/);
    expect(new Set(recoveryCodes).size).toBe(10);

    const me = (await p.owner.get('/api/me')).json();
    expect(me.user.mfa).toMatchObject({ totp: false, recoveryCodesLeft: 10, webauthn: [{ id, name: 'YubiKey', lastUsedAt: null }] });
    expect(me.session.mfaEnrollmentRequired).toBe(false);
    expect((await p.owner.get('/api/practice')).statusCode).toBe(200);

    const row = await db().selectFrom('webauthn_credentials').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ user_id: p.userId, credential_id: key.id, transports: '["usb"]' });
    expect(Number(row.counter)).toBe(0);
    expect(row.name_enc).not.toContain('YubiKey');

    const enrolled = await auditRows(p.userId, 'mfa_enrolled');
    expect(enrolled).toHaveLength(1);
    expect(enrolled[0]).toMatchObject({ resource_type: 'webauthn_credential', resource_id: id, outcome: 'success' });
    expect(JSON.parse(enrolled[0]!.details!)).toMatchObject({ factor: 'webauthn' });

    // The same key is excluded from a second registration; a second key brings no new recovery codes.
    const again = await registerOptions(p.owner);
    expect(again.excludeCredentials?.map((c) => c.id)).toEqual([key.id]);
    const spare = new SoftAuthenticator(RP_ID, ORIGIN);
    const second = await p.owner.post('/api/auth/mfa/webauthn/register', { name: 'Spare key', response: spare.register(again) });
    expect(second.statusCode, second.body).toBe(201);
    expect(second.json().recoveryCodes).toBeNull();
    const names = ((await p.owner.get('/api/me')).json().user.mfa.webauthn as { name: string }[]).map((k) => k.name).sort();
    expect(names).toEqual(['Spare key', 'YubiKey']);
    expect((await p.owner.get('/api/me')).json().user.mfa.recoveryCodesLeft).toBe(10);
  });

  it('refuses registration responses that do not answer this ceremony, and each challenge works once', async () => {
    const p = await createPractice(h, { enrolTotp: false });
    const key = new SoftAuthenticator(RP_ID, ORIGIN);
    const bad: [string, Parameters<SoftAuthenticator['register']>[1]][] = [
      ['other origin', { origin: 'https://evil.example' }],
      ['other challenge', { challenge: randomBytes(32).toString('base64url') }],
      ['other RP ID', { rpId: 'evil.example' }],
      ['assertion type', { type: 'webauthn.get' }],
      ['no user presence', { flags: FLAG_AT | FLAG_UV }],
    ];
    for (const [label, o] of bad) {
      const options = await registerOptions(p.owner);
      const res = await p.owner.post('/api/auth/mfa/webauthn/register', { name: 'Bad', response: key.register(options, o) });
      expect(res.statusCode, label).toBe(400);
      expect(res.json().error.code, label).toBe('mfa_invalid');
      // The challenge is spent by the failed attempt: the honest response to it is refused too.
      const retry = await p.owner.post('/api/auth/mfa/webauthn/register', { name: 'Bad', response: key.register(options) });
      expect(retry.statusCode, label).toBe(400);
    }
    // Without asking for options first there is no challenge at all.
    const stale = await p.owner.post('/api/auth/mfa/webauthn/register', { name: 'Bad', response: key.register({ challenge: randomBytes(32).toString('base64url') }) });
    expect(stale.statusCode).toBe(400);
    // An expired challenge is refused.
    const late = await registerOptions(p.owner);
    clock.advance(5 * 60_000 + 1000);
    expect((await p.owner.post('/api/auth/mfa/webauthn/register', { name: 'Bad', response: key.register(late) })).statusCode).toBe(400);

    expect(await db().selectFrom('webauthn_credentials').select('id').where('user_id', '=', p.userId).execute()).toEqual([]);
    expect((await p.owner.get('/api/practice')).statusCode).toBe(403);
    // Control: the same key and session register fine with an honest response.
    await registerKey(p.owner, key);
    expect((await p.owner.get('/api/practice')).statusCode).toBe(200);
  });

  it('signs in with password then security key; the counter advances and other sessions end on key changes', async () => {
    const p = await ownerWithKey();
    const a = await pendingLogin(p.email, p.password);
    const pendingCookie = a.cookie;
    expect((await a.get('/api/me')).json().error.code).toBe('mfa_required');

    const options = await loginOptions(a);
    expect(options.rpId).toBe(RP_ID);
    expect(options.challenge).toMatch(/^[A-Za-z0-9_-]{16,}$/);
    expect(options.allowCredentials).toEqual([{ id: p.key.id, type: 'public-key', transports: ['usb'] }]);

    const ok = await a.post('/api/auth/mfa/webauthn', { response: p.key.assert(options) });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ mfaRequired: false, mfaEnrollmentRequired: false });
    expect(a.cookie).not.toBe(pendingCookie);
    const me = await a.get('/api/me');
    expect(me.statusCode).toBe(200);
    expect(me.json().user.mfa.webauthn[0].lastUsedAt).not.toBeNull();
    expect(me.json().session.mfaEnrollmentRequired).toBe(false);
    expect(await storedCounter(p.key.id)).toBe(1);
    // The pending session was replaced, not promoted.
    const old = new Actor(h);
    old.cookie = pendingCookie;
    expect((await old.get('/api/me')).statusCode).toBe(401);

    const logins = await auditRows(p.userId, 'login');
    expect(JSON.parse(logins.at(-1)!.details!)).toMatchObject({ factors: 'password+webauthn' });

    // A second sign-in moves the counter again, with a userHandle sent as a browser may.
    const b = await pendingLogin(p.email, p.password);
    const res = await b.post('/api/auth/mfa/webauthn', { response: p.key.assert(await loginOptions(b), { userHandle: Buffer.from(p.userId).toString('base64url') }) });
    expect(res.statusCode, res.body).toBe(200);
    expect(await storedCounter(p.key.id)).toBe(2);

    // Registering another key ends the user's other sessions.
    await registerKey(b, new SoftAuthenticator(RP_ID, ORIGIN), 'Backup');
    expect((await a.get('/api/me')).statusCode).toBe(401);
    expect((await b.get('/api/me')).statusCode).toBe(200);
  });

  it('refuses forged, replayed and foreign assertions with mfa_invalid', async () => {
    const p = await ownerWithKey();
    const other = await ownerWithKey();
    // Sign in once so the stored counter is above zero.
    const first = await pendingLogin(p.email, p.password);
    const firstOptions = await loginOptions(first);
    const used = p.key.assert(firstOptions);
    expect((await first.post('/api/auth/mfa/webauthn', { response: used })).statusCode).toBe(200);
    expect(await storedCounter(p.key.id)).toBe(1);

    const forged: [string, (challenge: { challenge: string }) => Record<string, unknown>][] = [
      ['signed for another challenge', (o) => ({ ...p.key.assert(o, { challenge: randomBytes(32).toString('base64url') }) })],
      ['wrong origin', (o) => ({ ...p.key.assert(o, { origin: 'https://evil.example' }) })],
      ['wrong RP ID hash', (o) => ({ ...p.key.assert(o, { rpId: 'evil.example' }) })],
      ['registration type', (o) => ({ ...p.key.assert(o, { type: 'webauthn.create' }) })],
      ['tampered signature', (o) => ({ ...p.key.assert(o, { tamperSignature: true }) })],
      ['no user presence', (o) => ({ ...p.key.assert(o, { flags: 0 }) })],
      ['counter not advanced (cloned key)', (o) => ({ ...p.key.assert(o, { counter: p.key.counter }) })],
      ['another user’s key', (o) => ({ ...other.key.assert(o) })],
      ['another user’s key under this key’s id', (o) => ({ ...other.key.assert(o), id: p.key.id, rawId: p.key.id })],
      ['replay of a used assertion', () => ({ ...used })],
    ];
    for (const [label, make] of forged) {
      const a = await pendingLogin(p.email, p.password);
      const res = await a.post('/api/auth/mfa/webauthn', { response: make(await loginOptions(a)) });
      expect(res.statusCode, `${label}: ${res.body}`).toBe(401);
      expect(res.json().error.code, label).toBe('mfa_invalid');
      expect((await a.get('/api/me')).json().error.code, label).toBe('mfa_required');
      // Control on the same pending session: an honest assertion to a fresh challenge works
      // (and clears the failure count, so the throttle stays out of the way).
      const good = await a.post('/api/auth/mfa/webauthn', { response: p.key.assert(await loginOptions(a)) });
      expect(good.statusCode, `${label} control: ${good.body}`).toBe(200);
    }
    const failed = await auditRows(p.userId, 'mfa_challenge_failed');
    expect(failed).toHaveLength(forged.length);
    for (const r of failed) expect(JSON.parse(r.details!)).toMatchObject({ factor: 'webauthn' });

    // The other user's own sign-in cannot be finished with this user's key either.
    const o = await pendingLogin(other.email, other.password);
    const foreign = await o.post('/api/auth/mfa/webauthn', { response: p.key.assert(await loginOptions(o)) });
    expect(foreign.statusCode).toBe(401);
  });

  it('a challenge works once, expires, and cannot be skipped', async () => {
    const p = await ownerWithKey();
    // A used assertion replayed on a new sign-in, without asking for a challenge.
    const first = await pendingLogin(p.email, p.password);
    const used = p.key.assert(await loginOptions(first));
    expect((await first.post('/api/auth/mfa/webauthn', { response: used })).statusCode).toBe(200);
    const replay = await pendingLogin(p.email, p.password);
    expect((await replay.post('/api/auth/mfa/webauthn', { response: used })).statusCode).toBe(401);

    // A failed attempt spends the challenge: the honest answer to it is then refused.
    const a = await pendingLogin(p.email, p.password);
    const options = await loginOptions(a);
    expect((await a.post('/api/auth/mfa/webauthn', { response: p.key.assert(options, { origin: 'https://evil.example' }) })).statusCode).toBe(401);
    const honestButSpent = await a.post('/api/auth/mfa/webauthn', { response: p.key.assert(options) });
    expect(honestButSpent.statusCode).toBe(401);
    expect(honestButSpent.json().error.code).toBe('mfa_invalid');

    // Asking again replaces the challenge: only the newest one counts.
    const older = await loginOptions(a);
    const newer = await loginOptions(a);
    expect(newer.challenge).not.toBe(older.challenge);
    expect((await a.post('/api/auth/mfa/webauthn', { response: p.key.assert(older) })).statusCode).toBe(401);

    // Control: fresh options on the same session still work.
    const ok = await a.post('/api/auth/mfa/webauthn', { response: p.key.assert(await loginOptions(a)) });
    expect(ok.statusCode, ok.body).toBe(200);
    // Once signed in, the sign-in step is closed.
    expect((await a.post('/api/auth/mfa/webauthn/options', {})).statusCode).toBe(409);

    // Five minutes on, the challenge (and the half-signed-in session with it) is gone.
    const slow = await pendingLogin(p.email, p.password);
    const late = await loginOptions(slow);
    const counterBefore = await storedCounter(p.key.id);
    clock.advance(5 * 60_000 + 1000);
    const expired = await slow.post('/api/auth/mfa/webauthn', { response: p.key.assert(late) });
    expect(expired.statusCode).toBe(401);
    expect(await storedCounter(p.key.id)).toBe(counterBefore);
  });

  it('throttles security-key failures per account', async () => {
    const p = await ownerWithKey();
    const a = await pendingLogin(p.email, p.password);
    for (let i = 0; i < 5; i++) {
      const res = await a.post('/api/auth/mfa/webauthn', { response: p.key.assert(await loginOptions(a), { tamperSignature: true }) });
      expect(res.statusCode).toBe(401);
    }
    const blocked = await a.post('/api/auth/mfa/webauthn', { response: p.key.assert(await loginOptions(a)) });
    expect(blocked.statusCode).toBe(429);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    clock.advance(15 * 60_000 + 1000);
    const b = await pendingLogin(p.email, p.password);
    expect((await b.post('/api/auth/mfa/webauthn', { response: p.key.assert(await loginOptions(b)) })).statusCode).toBe(200);
  });

  it('offers no security-key step to an account without a key', async () => {
    const p = await createPractice(h);
    clock.advance(31_000);
    const a = new Actor(h);
    expect((await a.post('/api/auth/login', { email: p.email, password: p.password })).json().methods).toEqual(['totp', 'recovery']);
    const res = await a.post('/api/auth/mfa/webauthn/options', {});
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('mfa_not_enabled');
    const key = new SoftAuthenticator(RP_ID, ORIGIN);
    expect((await a.post('/api/auth/mfa/webauthn', { response: key.assert({ challenge: randomBytes(32).toString('base64url') }) })).statusCode).toBe(401);
    expect((await a.post('/api/auth/mfa', { code: await totpCode(p.totpSecret!, h) })).statusCode).toBe(200);
  });

  it('will not remove the only key of a practice that requires MFA; with TOTP too it may', async () => {
    const p = await ownerWithKey();
    const login = await new Actor(h).post('/api/auth/login', { email: p.email, password: p.password });
    expect(login.json().methods).toEqual(['webauthn', 'recovery']);

    const refused = await p.owner.del(`/api/auth/mfa/webauthn/credentials/${p.keyRowId}`);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('forbidden');
    expect((await p.owner.get('/api/me')).json().user.mfa.webauthn).toHaveLength(1);
    expect(await auditRows(p.userId, 'mfa_removed')).toEqual([]);

    // Someone else's key is not found, not removable.
    const other = await ownerWithKey();
    expect((await p.owner.del(`/api/auth/mfa/webauthn/credentials/${other.keyRowId}`)).statusCode).toBe(404);
    expect((await other.owner.get('/api/me')).json().user.mfa.webauthn).toHaveLength(1);

    await enrolTotp(p.owner);
    const removed = await p.owner.del(`/api/auth/mfa/webauthn/credentials/${p.keyRowId}`);
    expect(removed.statusCode, removed.body).toBe(204);
    const me = (await p.owner.get('/api/me')).json();
    expect(me.user.mfa).toMatchObject({ totp: true, webauthn: [] });
    expect(me.user.mfa.recoveryCodesLeft).toBe(10);
    expect((await p.owner.get('/api/practice')).statusCode).toBe(200);

    const enrolled = await auditRows(p.userId, 'mfa_enrolled');
    expect(enrolled.map((r) => JSON.parse(r.details!).factor)).toEqual(['webauthn', 'totp']);
    const removedRows = await auditRows(p.userId, 'mfa_removed');
    expect(removedRows).toHaveLength(1);
    expect(removedRows[0]).toMatchObject({ resource_type: 'webauthn_credential', resource_id: p.keyRowId, outcome: 'success' });
    expect(JSON.parse(removedRows[0]!.details!)).toMatchObject({ factor: 'webauthn' });

    // The removed key no longer signs in; the method is no longer offered.
    const a = new Actor(h);
    expect((await a.post('/api/auth/login', { email: p.email, password: p.password })).json().methods).toEqual(['totp', 'recovery']);
    expect((await a.post('/api/auth/mfa/webauthn/options', {})).statusCode).toBe(409);
    expect((await a.post('/api/auth/mfa/webauthn', { response: p.key.assert({ challenge: randomBytes(32).toString('base64url') }) })).statusCode).toBe(401);
  });

  // Options ask for userVerification 'preferred', so a key that honestly reports presence without
  // verification (no PIN set) must register and sign in; 'required' would have to refuse it.
  it('registers a key without user verification when userVerification is preferred', async () => {
    const p = await createPractice(h, { enrolTotp: false });
    const options = await registerOptions(p.owner);
    const uv = options.authenticatorSelection?.userVerification;
    const key = new SoftAuthenticator(RP_ID, ORIGIN);
    const reg = await p.owner.post('/api/auth/mfa/webauthn/register', { name: 'No PIN', response: key.register(options, { flags: FLAG_UP | FLAG_AT }) });
    expect(reg.statusCode, `register (userVerification ${uv}): ${reg.body}`).toBe(uv === 'required' ? 400 : 201);
  });

  it('signs in with a key that does not verify the user when userVerification is preferred', async () => {
    const p = await ownerWithKey();
    const a = await pendingLogin(p.email, p.password);
    const options = await loginOptions(a);
    const res = await a.post('/api/auth/mfa/webauthn', { response: p.key.assert(options, { flags: FLAG_UP }) });
    expect(res.statusCode, `sign-in (userVerification ${options.userVerification}): ${res.body}`).toBe(options.userVerification === 'required' ? 401 : 200);
  });
});
