// Sign-in, second factors, password changes and resets. Every outcome is audited.
import { randomUUID } from 'node:crypto';
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type RegistrationResponseJSON,
} from '@simplewebauthn/server';
import type { AppContext, RequestMeta } from '../../context.js';
import { normaliseEmail, PLATFORM } from '../../crypto/envelope.js';
import { AppError } from '../../errors.js';
import { iso } from '../../lib/clock.js';
import { hashToken, newToken } from '../../lib/tokens.js';
import type { StaffRole } from '../../../shared/roles.js';
import type { AuditEvent } from '../audit/service.js';
import * as practicesRepo from '../practices/repo.js';
import { burnVerify, checkPassword, passwordColumns, verifyPassword } from './passwords.js';
import * as repo from './repo.js';
import { passwordResetMail, RESET_TTL_MS } from './reset.js';
import { checkSecondFactor, issueRecoveryCodes } from './second-factor.js';
import { describeLiveSessions, SessionService, type ResolvedSession } from './sessions.js';
import { Throttle } from './throttle.js';
import { newTotpSecret, qrDataUrl, totpUri, verifyTotp } from './totp.js';

const CHALLENGE_TTL_MS = 5 * 60 * 1000;

export type LoginOutcome =
  | { kind: 'mfa'; token: string; csrfToken: string; methods: ('totp' | 'webauthn' | 'recovery')[] }
  | { kind: 'session'; token: string; csrfToken: string; mfaEnrollmentRequired: boolean };

const invalidCredentials = () => new AppError('invalid_credentials', 401, 'The email or password is not correct');
const mfaInvalid = () => new AppError('mfa_invalid', 401, 'That code is not valid', 'code');
// Inside a valid session a wrong code or password is a mistake in a form, not a lost session:
// a 401 there would make the SPA sign the user out ("Your session has ended").
const codeMismatch = () => new AppError('mfa_invalid', 400, "That code didn't match. Type the newest code your app shows.", 'code');
const wrongPassword = (field: 'password' | 'currentPassword') =>
  new AppError('invalid_credentials', 400, field === 'password' ? 'The password is not correct' : 'The current password is not correct', field);

export class AuthService {
  readonly sessions: SessionService;
  readonly throttle: Throttle;

  constructor(private readonly ctx: AppContext) {
    this.sessions = new SessionService(ctx);
    this.throttle = new Throttle(ctx);
  }

  private audit(e: Omit<AuditEvent, 'ip' | 'userAgent'>, meta: RequestMeta) {
    return this.ctx.audit.record({ ...e, ip: meta.ip, userAgent: meta.userAgent });
  }

  /** The check of a client portal account's password (the portal module, wired in app.ts): exactly one password verification either way. */
  private portalCheck: (email: string, password: string) => Promise<'match' | 'no_match'> = async (_email, password) => (await burnVerify(password), 'no_match');
  setPortalCheck(fn: (email: string, password: string) => Promise<'match' | 'no_match'>) {
    this.portalCheck = fn;
  }

  async emailIndex(email: string): Promise<string> {
    return this.ctx.crypto.blindIndex(PLATFORM, 'email', normaliseEmail(email));
  }

  async login(email: string, password: string, meta: RequestMeta): Promise<LoginOutcome> {
    const emailIdx = await this.emailIndex(email);
    let keys: { clear: string[]; refund: string[] };
    try {
      keys = await this.throttle.takeSignIn('login', emailIdx, meta.ip);
    } catch (err) {
      await this.audit(
        { actor: { type: 'anonymous', id: null }, practiceId: null, action: 'login_throttled', resource: { type: 'account', id: null }, outcome: 'denied' },
        meta,
      );
      throw err;
    }
    const user = await repo.findUserByEmailIdx(this.ctx.db, emailIdx);
    // No staff account: the one password check goes to a client portal account of this e-mail (or
    // burns the same work when there is none), so the answer takes as long as any failed sign-in.
    // Only a verified portal password, proof of owning that account, is told where to go.
    const portal = user ? null : await this.portalCheck(email, password);
    const ok = user ? await verifyPassword(user.password_hash, password) : false;
    if (portal === 'match') {
      await this.audit(
        { actor: { type: 'anonymous', id: null }, practiceId: null, action: 'login_failed', resource: { type: 'user', id: null }, outcome: 'failure', details: { reason: 'portal_account' } },
        meta,
      );
      throw new AppError('use_portal', 401, 'This e-mail and password are for a client portal account. Sign in to your portal instead.');
    }
    if (!user || !ok || user.status !== 'active') {
      await this.audit(
        {
          actor: { type: user ? 'user' : 'anonymous', id: user?.id ?? null },
          practiceId: user?.practice_id ?? null,
          action: 'login_failed',
          resource: { type: 'user', id: user?.id ?? null },
          outcome: 'failure',
          details: { reason: !user ? 'unknown_account' : !ok ? 'bad_password' : 'account_disabled' },
        },
        meta,
      );
      throw invalidCredentials();
    }
    await this.throttle.succeeded(keys.clear, keys.refund);
    const roles = await repo.rolesOf(this.ctx.db, user.id);
    const webauthn = await repo.webauthnCredentialsOf(this.ctx.db, user.id);
    const methods: ('totp' | 'webauthn' | 'recovery')[] = [];
    if (user.totp_secret_enc) methods.push('totp');
    if (webauthn.length) methods.push('webauthn');
    const activeRole = initialRole(roles, user.last_active_role);
    if (methods.length) {
      methods.push('recovery');
      const { token, session } = await this.sessions.create(this.ctx.db, {
        userId: user.id,
        practiceId: user.practice_id,
        activeRole,
        state: 'mfa_pending',
        meta,
      });
      return { kind: 'mfa', token, csrfToken: session.csrf_token, methods };
    }
    const practice = await practicesRepo.findPractice(this.ctx.db, user.practice_id);
    const { token, session } = await this.sessions.create(this.ctx.db, {
      userId: user.id,
      practiceId: user.practice_id,
      activeRole,
      state: 'active',
      meta,
    });
    await this.audit(
      { actor: { type: 'user', id: user.id }, practiceId: user.practice_id, action: 'login', resource: { type: 'session', id: session.id }, outcome: 'success', details: { factors: 'password' } },
      meta,
    );
    return { kind: 'session', token, csrfToken: session.csrf_token, mfaEnrollmentRequired: practice?.require_mfa === 1 };
  }

  /** Second step of sign-in with a TOTP or recovery code. Replaces the pending session. */
  async completeMfa(pending: ResolvedSession, code: string, meta: RequestMeta): Promise<LoginOutcome> {
    const user = await repo.findUserById(this.ctx.db, pending.user.id);
    if (!user) throw invalidCredentials();
    const key = `mfa:${user.id}`;
    await this.throttle.take([this.throttle.account(key)]);
    const passed = await checkSecondFactor(this.ctx, user, code);
    if (!passed) {
      await this.audit(
        { actor: { type: 'user', id: user.id }, practiceId: user.practice_id, action: 'mfa_challenge_failed', resource: { type: 'user', id: user.id }, outcome: 'failure' },
        meta,
      );
      throw mfaInvalid();
    }
    await this.throttle.succeeded([key]);
    return this.promote(pending, passed, meta);
  }

  private async promote(pending: ResolvedSession, factor: 'totp' | 'recovery' | 'webauthn', meta: RequestMeta): Promise<LoginOutcome> {
    const result = await this.ctx.db.transaction().execute(async (tx) => {
      await this.sessions.revoke(tx, { id: pending.session.id }, 'mfa_completed');
      return this.sessions.create(tx, {
        userId: pending.user.id,
        practiceId: pending.user.practiceId,
        activeRole: pending.session.active_role,
        state: 'active',
        meta,
      });
    });
    await this.audit(
      {
        actor: { type: 'user', id: pending.user.id },
        practiceId: pending.user.practiceId,
        action: 'login',
        resource: { type: 'session', id: result.session.id },
        outcome: 'success',
        details: { factors: `password+${factor}` },
      },
      meta,
    );
    return { kind: 'session', token: result.token, csrfToken: result.session.csrf_token, mfaEnrollmentRequired: false };
  }

  async webauthnLoginOptions(pending: ResolvedSession) {
    const creds = await repo.webauthnCredentialsOf(this.ctx.db, pending.user.id);
    if (!creds.length) throw new AppError('mfa_not_enabled', 409, 'No security key is registered for this account');
    const options = await generateAuthenticationOptions({
      rpID: this.ctx.config.webauthn.rpId,
      allowCredentials: creds.map((c) => ({ id: c.credential_id, transports: JSON.parse(c.transports) })),
      userVerification: 'preferred',
    });
    await this.storeChallenge(pending.session.id, options.challenge);
    return options;
  }

  async completeWebauthn(pending: ResolvedSession, response: Record<string, unknown>, meta: RequestMeta): Promise<LoginOutcome> {
    const key = `mfa:${pending.user.id}`;
    await this.throttle.take([this.throttle.account(key)]);
    const challenge = await this.takeChallenge(pending.session.id);
    const body = response as unknown as AuthenticationResponseJSON;
    const cred = (await repo.webauthnCredentialsOf(this.ctx.db, pending.user.id)).find((c) => c.credential_id === body.id);
    let verified = false;
    if (challenge && cred) {
      try {
        const result = await verifyAuthenticationResponse({
          response: body,
          expectedChallenge: challenge,
          expectedOrigin: this.ctx.config.webauthn.origin,
          expectedRPID: this.ctx.config.webauthn.rpId,
          // A security key is the second factor on top of the password: presence is required,
          // a PIN on the key is welcome ('preferred') but not demanded.
          requireUserVerification: false,
          credential: {
            id: cred.credential_id,
            publicKey: Buffer.from(cred.public_key, 'base64url'),
            counter: cred.counter,
            transports: JSON.parse(cred.transports),
          },
        });
        verified = result.verified;
        if (verified) {
          await this.ctx.db
            .updateTable('webauthn_credentials')
            .set({ counter: result.authenticationInfo.newCounter, last_used_at: this.ctx.clock.now() })
            .where('id', '=', cred.id)
            .execute();
        }
      } catch {
        verified = false;
      }
    }
    if (!verified) {
      await this.audit(
        { actor: { type: 'user', id: pending.user.id }, practiceId: pending.user.practiceId, action: 'mfa_challenge_failed', resource: { type: 'user', id: pending.user.id }, outcome: 'failure', details: { factor: 'webauthn' } },
        meta,
      );
      throw new AppError('mfa_invalid', 401, 'The security key response was not accepted', 'response');
    }
    await this.throttle.succeeded([key]);
    return this.promote(pending, 'webauthn', meta);
  }

  private async storeChallenge(sessionId: string, challenge: string) {
    await repo.updateSession(this.ctx.db, sessionId, { challenge, challenge_expires_at: this.ctx.clock.now() + CHALLENGE_TTL_MS });
  }

  /** Challenges are single-use: taking one clears it. */
  private async takeChallenge(sessionId: string): Promise<string | null> {
    const s = await repo.findSession(this.ctx.db, sessionId);
    await repo.updateSession(this.ctx.db, sessionId, { challenge: null, challenge_expires_at: null });
    if (!s?.challenge || !s.challenge_expires_at || s.challenge_expires_at < this.ctx.clock.now()) return null;
    return s.challenge;
  }

  async logout(s: ResolvedSession, meta: RequestMeta): Promise<void> {
    await this.sessions.revoke(this.ctx.db, { id: s.session.id }, 'logout');
    await this.audit({ actor: { type: 'user', id: s.user.id }, practiceId: s.user.practiceId, action: 'logout', resource: { type: 'session', id: s.session.id }, outcome: 'success' }, meta);
  }

  // ---- enrolment of second factors ----

  async startTotp(s: ResolvedSession): Promise<{ secret: string; otpauthUrl: string; qrDataUrl: string }> {
    const user = await this.requireUser(s.user.id);
    if (user.totp_secret_enc) throw new AppError('mfa_already_enabled', 409, 'An authenticator app is already set up; remove it first');
    const secret = newTotpSecret();
    await repo.updateUser(this.ctx.db, user.id, {
      totp_pending_secret_enc: await this.ctx.crypto.encrypt(user.practice_id, { table: 'users', column: 'totp_pending_secret_enc', rowId: user.id }, secret),
    });
    const email = await this.ctx.crypto.decrypt({ table: 'users', column: 'email_enc', rowId: user.id }, user.email_enc);
    const otpauthUrl = totpUri(secret, email);
    return { secret, otpauthUrl, qrDataUrl: await qrDataUrl(otpauthUrl) };
  }

  async confirmTotp(s: ResolvedSession, code: string, meta: RequestMeta): Promise<string[]> {
    const user = await this.requireUser(s.user.id);
    if (!user.totp_pending_secret_enc) throw new AppError('mfa_not_enabled', 409, 'Start authenticator setup first');
    const secret = await this.ctx.crypto.decrypt({ table: 'users', column: 'totp_pending_secret_enc', rowId: user.id }, user.totp_pending_secret_enc);
    const step = await verifyTotp(secret, code.trim(), this.ctx.clock.now(), null);
    if (step === null) throw codeMismatch();
    return this.ctx.db.transaction().execute(async (tx) => {
      await repo.updateUser(tx, user.id, {
        totp_secret_enc: await this.ctx.crypto.encrypt(user.practice_id, { table: 'users', column: 'totp_secret_enc', rowId: user.id }, secret, tx),
        totp_pending_secret_enc: null,
        totp_last_step: step,
        updated_at: this.ctx.clock.now(),
      });
      const codes = await issueRecoveryCodes(tx, user.id);
      await this.sessions.revoke(tx, { userId: user.id, exceptId: s.session.id }, 'mfa_changed');
      await this.ctx.audit.record(
        { actor: { type: 'user', id: user.id }, practiceId: user.practice_id, action: 'mfa_enrolled', resource: { type: 'user', id: user.id }, outcome: 'success', details: { factor: 'totp' }, ip: meta.ip, userAgent: meta.userAgent },
        tx,
      );
      return codes;
    });
  }

  async removeTotp(s: ResolvedSession, password: string, meta: RequestMeta): Promise<void> {
    const user = await this.requireUser(s.user.id);
    if (!(await verifyPassword(user.password_hash, password))) throw wrongPassword('password');
    if (!user.totp_secret_enc) throw new AppError('mfa_not_enabled', 409, 'No authenticator app is set up');
    const keys = await repo.webauthnCredentialsOf(this.ctx.db, user.id);
    if (!keys.length) await this.assertMayGoSingleFactor(user, s);
    await this.ctx.db.transaction().execute(async (tx) => {
      await repo.updateUser(tx, user.id, { totp_secret_enc: null, totp_last_step: null, updated_at: this.ctx.clock.now() });
      if (!keys.length) await repo.replaceRecoveryCodes(tx, user.id, []);
      await this.sessions.revoke(tx, { userId: user.id, exceptId: s.session.id }, 'mfa_changed');
      await this.ctx.audit.record(
        { actor: { type: 'user', id: user.id }, practiceId: user.practice_id, action: 'mfa_removed', resource: { type: 'user', id: user.id }, outcome: 'success', details: { factor: 'totp' }, ip: meta.ip, userAgent: meta.userAgent },
        tx,
      );
    });
  }

  /** Without a second factor the password must meet the single-factor length, and the practice must allow it. */
  private async assertMayGoSingleFactor(user: repo.UserRow, s: ResolvedSession) {
    if (s.practice.requireMfa) throw new AppError('forbidden', 403, 'Your practice requires two-factor sign-in; add another factor before removing this one');
    if (!user.password_single_factor_ok) {
      throw new AppError('password_rejected', 422, 'Your password is shorter than 15 characters; change it before turning off two-factor sign-in', 'password');
    }
  }

  async regenerateRecoveryCodes(s: ResolvedSession, password: string, meta: RequestMeta): Promise<string[]> {
    const user = await this.requireUser(s.user.id);
    if (!(await verifyPassword(user.password_hash, password))) throw wrongPassword('password');
    if (!s.user.hasTotp && !s.user.hasWebauthn) throw new AppError('mfa_not_enabled', 409, 'Set up a second factor first');
    const codes = await issueRecoveryCodes(this.ctx.db, user.id);
    await this.audit({ actor: { type: 'user', id: user.id }, practiceId: user.practice_id, action: 'recovery_codes_generated', resource: { type: 'user', id: user.id }, outcome: 'success' }, meta);
    return codes;
  }

  async webauthnRegisterOptions(s: ResolvedSession) {
    const user = await this.requireUser(s.user.id);
    const creds = await repo.webauthnCredentialsOf(this.ctx.db, user.id);
    const name = await this.ctx.crypto.decrypt({ table: 'users', column: 'name_enc', rowId: user.id }, user.name_enc);
    const options = await generateRegistrationOptions({
      rpName: this.ctx.config.webauthn.rpName,
      rpID: this.ctx.config.webauthn.rpId,
      userID: new TextEncoder().encode(user.id),
      userName: `hearth-${user.id.slice(0, 8)}`,
      userDisplayName: name,
      attestationType: 'none',
      excludeCredentials: creds.map((c) => ({ id: c.credential_id, transports: JSON.parse(c.transports) })),
      authenticatorSelection: { residentKey: 'discouraged', userVerification: 'preferred' },
    });
    await this.storeChallenge(s.session.id, options.challenge);
    return options;
  }

  async webauthnRegister(s: ResolvedSession, name: string, response: Record<string, unknown>, meta: RequestMeta): Promise<{ id: string; recoveryCodes: string[] | null }> {
    const user = await this.requireUser(s.user.id);
    const challenge = await this.takeChallenge(s.session.id);
    if (!challenge) throw new AppError('mfa_invalid', 400, 'The registration expired; start again', 'response');
    let info;
    try {
      const result = await verifyRegistrationResponse({
        response: response as unknown as RegistrationResponseJSON,
        expectedChallenge: challenge,
        expectedOrigin: this.ctx.config.webauthn.origin,
        expectedRPID: this.ctx.config.webauthn.rpId,
        requireUserVerification: false,
      });
      if (!result.verified) throw new Error('not verified');
      info = result.registrationInfo;
    } catch {
      throw new AppError('mfa_invalid', 400, 'The security key response was not accepted', 'response');
    }
    const id = randomUUID();
    const firstFactor = !user.totp_secret_enc && !(await repo.webauthnCredentialsOf(this.ctx.db, user.id)).length;
    return this.ctx.db.transaction().execute(async (tx) => {
      await tx
        .insertInto('webauthn_credentials')
        .values({
          id,
          user_id: user.id,
          credential_id: info.credential.id,
          public_key: Buffer.from(info.credential.publicKey).toString('base64url'),
          counter: info.credential.counter,
          transports: JSON.stringify(info.credential.transports ?? []),
          name_enc: await this.ctx.crypto.encrypt(user.practice_id, { table: 'webauthn_credentials', column: 'name_enc', rowId: id }, name, tx),
          created_at: this.ctx.clock.now(),
          last_used_at: null,
        })
        .execute();
      const codes = firstFactor ? await issueRecoveryCodes(tx, user.id) : null;
      await this.sessions.revoke(tx, { userId: user.id, exceptId: s.session.id }, 'mfa_changed');
      await this.ctx.audit.record(
        { actor: { type: 'user', id: user.id }, practiceId: user.practice_id, action: 'mfa_enrolled', resource: { type: 'webauthn_credential', id }, outcome: 'success', details: { factor: 'webauthn' }, ip: meta.ip, userAgent: meta.userAgent },
        tx,
      );
      return { id, recoveryCodes: codes };
    });
  }

  async removeWebauthn(s: ResolvedSession, credentialId: string, meta: RequestMeta): Promise<void> {
    const user = await this.requireUser(s.user.id);
    const creds = await repo.webauthnCredentialsOf(this.ctx.db, user.id);
    const cred = creds.find((c) => c.id === credentialId);
    if (!cred) throw new AppError('not_found', 404, 'Security key not found');
    const last = creds.length === 1 && !user.totp_secret_enc;
    if (last) await this.assertMayGoSingleFactor(user, s);
    await this.ctx.db.transaction().execute(async (tx) => {
      await tx.deleteFrom('webauthn_credentials').where('id', '=', cred.id).execute();
      if (last) await repo.replaceRecoveryCodes(tx, user.id, []);
      await this.sessions.revoke(tx, { userId: user.id, exceptId: s.session.id }, 'mfa_changed');
      await this.ctx.audit.record(
        { actor: { type: 'user', id: user.id }, practiceId: user.practice_id, action: 'mfa_removed', resource: { type: 'webauthn_credential', id: cred.id }, outcome: 'success', details: { factor: 'webauthn' }, ip: meta.ip, userAgent: meta.userAgent },
        tx,
      );
    });
  }

  // ---- passwords ----

  /** Checks a new password against the rules with the names it must not contain. */
  async assertPasswordAllowed(password: string, ctx: { mfa: boolean; practiceId: string; userName?: string; email?: string }) {
    const practice = await practicesRepo.findPractice(this.ctx.db, ctx.practiceId);
    const verdict = checkPassword(password, { mfa: ctx.mfa, practiceName: practice?.name, userName: ctx.userName, email: ctx.email });
    if (!verdict.ok) throw new AppError('password_rejected', 422, `Password ${verdict.reason}`, 'password');
  }

  async changePassword(s: ResolvedSession, current: string, next: string, meta: RequestMeta): Promise<void> {
    const user = await this.requireUser(s.user.id);
    if (!(await verifyPassword(user.password_hash, current))) {
      await this.audit({ actor: { type: 'user', id: user.id }, practiceId: user.practice_id, action: 'password_changed', resource: { type: 'user', id: user.id }, outcome: 'failure' }, meta);
      throw wrongPassword('currentPassword');
    }
    const { name, email } = await this.names(user);
    const mfa = s.user.hasTotp || s.user.hasWebauthn;
    try {
      await this.assertPasswordAllowed(next, { mfa, practiceId: user.practice_id, userName: name, email });
    } catch (err) {
      if (err instanceof AppError) throw new AppError(err.code, err.status, err.message.replace(/^Password/, 'New password'), 'newPassword');
      throw err;
    }
    await this.ctx.db.transaction().execute(async (tx) => {
      const now = this.ctx.clock.now();
      await repo.updateUser(tx, user.id, {
        ...(await passwordColumns(next)),
        password_changed_at: now,
        updated_at: now,
      });
      await this.sessions.revoke(tx, { userId: user.id, exceptId: s.session.id }, 'password_changed');
      await this.ctx.audit.record(
        { actor: { type: 'user', id: user.id }, practiceId: user.practice_id, action: 'password_changed', resource: { type: 'user', id: user.id }, outcome: 'success', ip: meta.ip, userAgent: meta.userAgent },
        tx,
      );
    });
  }

  /** Always answers the same way, so it does not reveal whether an account exists. */
  async requestReset(email: string, meta: RequestMeta): Promise<void> {
    const emailIdx = await this.emailIndex(email);
    await this.throttle.take([this.throttle.ip(`reset:ip:${meta.ip}`)]);
    const user = await repo.findUserByEmailIdx(this.ctx.db, emailIdx);
    await this.audit(
      { actor: { type: user ? 'user' : 'anonymous', id: user?.id ?? null }, practiceId: user?.practice_id ?? null, action: 'password_reset_requested', resource: { type: 'user', id: user?.id ?? null }, outcome: user ? 'success' : 'failure' },
      meta,
    );
    if (!user || user.status !== 'active') return;
    const token = newToken();
    const now = this.ctx.clock.now();
    await repo.insertReset(this.ctx.db, { id: randomUUID(), user_id: user.id, token_hash: hashToken(token), created_at: now, expires_at: now + RESET_TTL_MS });
    const link = `${this.ctx.config.publicUrl}/reset-password#token=${token}`;
    await this.ctx.mailer.send({ to: email, ...passwordResetMail(link, { account: 'Hearth account', mfa: 'two-factor sign-in' }) });
  }

  /** Sets a new password from a reset link. Ends every session; sign-in still asks for the second factor. */
  async completeReset(token: string, password: string, meta: RequestMeta): Promise<void> {
    const reset = await repo.findReset(this.ctx.db, hashToken(token));
    const now = this.ctx.clock.now();
    if (!reset || reset.used_at !== null || reset.expires_at < now) {
      throw new AppError('token_invalid', 400, 'This reset link is invalid or has expired; ask for a new one', 'token');
    }
    const user = await this.requireUser(reset.user_id);
    const { name, email } = await this.names(user);
    const mfa = user.totp_secret_enc !== null || (await repo.webauthnCredentialsOf(this.ctx.db, user.id)).length > 0;
    const practice = await practicesRepo.findPractice(this.ctx.db, user.practice_id);
    await this.assertPasswordAllowed(password, { mfa: mfa || practice?.require_mfa === 1, practiceId: user.practice_id, userName: name, email });
    await this.ctx.db.transaction().execute(async (tx) => {
      if (!(await repo.consumeReset(tx, reset.id, now))) throw new AppError('token_invalid', 400, 'This reset link was already used', 'token');
      await repo.updateUser(tx, user.id, {
        ...(await passwordColumns(password)),
        password_changed_at: now,
        updated_at: now,
      });
      await this.sessions.revoke(tx, { userId: user.id }, 'password_reset');
      await this.ctx.audit.record(
        { actor: { type: 'user', id: user.id }, practiceId: user.practice_id, action: 'password_reset_completed', resource: { type: 'user', id: user.id }, outcome: 'success', ip: meta.ip, userAgent: meta.userAgent },
        tx,
      );
    });
  }

  async setActiveRole(s: ResolvedSession, role: StaffRole, meta: RequestMeta): Promise<void> {
    if (!s.roles.includes(role)) throw new AppError('forbidden', 403, 'You do not hold that role', 'role');
    // Kept on the user too: the next sign-in opens in the role they last worked in.
    await this.ctx.db.transaction().execute(async (tx) => {
      await repo.updateSession(tx, s.session.id, { active_role: role });
      await repo.updateUser(tx, s.user.id, { last_active_role: role });
    });
    await this.audit({ actor: { type: 'user', id: s.user.id }, practiceId: s.user.practiceId, action: 'role_change', resource: { type: 'session', id: s.session.id }, outcome: 'success', details: { activeRole: role } }, meta);
  }

  async listSessions(userId: string, currentId: string | null) {
    const rows = await repo.liveSessionsOf(this.ctx.db, userId, this.ctx.clock.now());
    const practice = rows[0] ? await practicesRepo.findPractice(this.ctx.db, rows[0].practice_id) : undefined;
    const idle = this.sessions.idleSecondsFor(practice?.idle_timeout_minutes ?? 30) * 1000;
    return describeLiveSessions(rows, currentId, this.ctx.clock.now(), idle);
  }

  async revokeSession(actor: ResolvedSession, userId: string, sessionId: string, meta: RequestMeta): Promise<void> {
    const target = await repo.findSession(this.ctx.db, sessionId);
    if (!target || target.user_id !== userId || target.practice_id !== actor.user.practiceId || target.revoked_at !== null) {
      throw new AppError('not_found', 404, 'Session not found');
    }
    await this.sessions.revoke(this.ctx.db, { id: sessionId }, 'revoked');
    await this.audit(
      { actor: { type: 'user', id: actor.user.id }, practiceId: actor.user.practiceId, action: 'session_revoked', resource: { type: 'session', id: sessionId }, outcome: 'success', details: { userId } },
      meta,
    );
  }

  async me(s: ResolvedSession) {
    const user = await this.requireUser(s.user.id);
    const { name, email } = await this.names(user);
    const keys = await repo.webauthnCredentialsOf(this.ctx.db, user.id);
    return {
      name,
      email,
      mfa: {
        totp: user.totp_secret_enc !== null,
        webauthn: await Promise.all(
          keys.map(async (k) => ({
            id: k.id,
            name: await this.ctx.crypto.decrypt({ table: 'webauthn_credentials', column: 'name_enc', rowId: k.id }, k.name_enc),
            createdAt: iso(k.created_at),
            lastUsedAt: k.last_used_at === null ? null : iso(k.last_used_at),
          })),
        ),
        recoveryCodesLeft: await repo.recoveryCodesLeft(this.ctx.db, user.id),
      },
    };
  }

  async names(user: repo.UserRow): Promise<{ name: string; email: string }> {
    return {
      name: await this.ctx.crypto.decrypt({ table: 'users', column: 'name_enc', rowId: user.id }, user.name_enc),
      email: await this.ctx.crypto.decrypt({ table: 'users', column: 'email_enc', rowId: user.id }, user.email_enc),
    };
  }

  private async requireUser(id: string): Promise<repo.UserRow> {
    const user = await repo.findUserById(this.ctx.db, id);
    if (!user) throw new AppError('unauthenticated', 401, 'Sign in again');
    return user;
  }
}

/**
 * The role a sign-in opens in: the one last chosen, while it is still held; else Provider for a
 * provider (most of their day is there), else their first role.
 */
export function initialRole(roles: readonly string[], last: string | null | undefined): string {
  if (last && roles.includes(last)) return last;
  return roles.includes('provider') ? 'provider' : (roles[0] ?? 'provider');
}
