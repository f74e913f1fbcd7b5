// The identity module's service: sign-in, second factors, passwords, resets and sessions of both
// principals (staff and client portal accounts). Every outcome is audited. The credential rules
// themselves are written once (factors.ts, sessions.ts, throttle.ts, passwords.ts); this file holds
// the staff flows and hands the portal's to ClientIdentity (client.ts).
import { randomUUID } from 'node:crypto';
import type { AppContext, RequestMeta } from '../../context.js';
import { normaliseEmail, PLATFORM } from '../../crypto/envelope.js';
import { AppError } from '../../errors.js';
import { iso } from '../../lib/clock.js';
import { hashToken, newToken } from '../../lib/tokens.js';
import type { StaffRole } from '../../../shared/roles.js';
import type { AuditEvent } from '../audit/index.js';
import { ClientIdentity } from './client.js';
import { Credentials, type PasswordWords } from './factors.js';
import { requireHolder, type Holder } from './holders.js';
import { passwordColumns, verifyPassword } from './passwords.js';
import { PRINCIPALS, type PrincipalKind } from './principal.js';
import * as repo from './repo.js';
import { passwordResetMail, RESET_TTL_MS } from './reset.js';
import { SessionService, type ResolvedSession } from './sessions.js';
import { Throttle } from './throttle.js';
import { SecurityKeys } from './webauthn.js';

export type LoginOutcome =
  | { kind: 'mfa'; token: string; csrfToken: string; methods: ('totp' | 'webauthn' | 'recovery')[] }
  | { kind: 'session'; token: string; csrfToken: string; mfaEnrollmentRequired: boolean };

export const invalidCredentials = () => new AppError('invalid_credentials', 401, 'The email or password is not correct');
export const mfaInvalid = () => new AppError('mfa_invalid', 401, 'That code is not valid', 'code');

export class AuthService {
  readonly sessions: SessionService;
  readonly throttle: Throttle;
  readonly credentials: Credentials;
  readonly keys: SecurityKeys;
  /** Client portal accounts: the same rules, for the other principal. */
  readonly clients: ClientIdentity;

  constructor(private readonly ctx: AppContext) {
    this.sessions = new SessionService(ctx);
    this.throttle = new Throttle(ctx);
    this.credentials = new Credentials(ctx, this.sessions, this.throttle);
    this.keys = new SecurityKeys(ctx, this.sessions, this.throttle, this.credentials);
    this.clients = new ClientIdentity(ctx, this.sessions, this.throttle, this.credentials);
  }

  private audit(e: Omit<AuditEvent, 'ip' | 'userAgent'>, meta: RequestMeta) {
    return this.ctx.audit.record({ ...e, ip: meta.ip, userAgent: meta.userAgent });
  }

  /** The blind index of an e-mail address, per principal (staff and portal accounts are indexed apart). */
  async emailIndex(email: string, kind: PrincipalKind = 'staff'): Promise<string> {
    return this.ctx.crypto.blindIndex(PLATFORM, PRINCIPALS[kind].emailIndex, normaliseEmail(email));
  }

  async login(email: string, password: string, meta: RequestMeta): Promise<LoginOutcome> {
    const emailIdx = await this.emailIndex(email);
    let keys: { clear: string[]; refund: string[] };
    try {
      keys = await this.throttle.takeSignIn(PRINCIPALS.staff.signInPrefix, emailIdx, meta.ip);
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
    const portal = user ? null : await this.clients.passwordMatches(email, password);
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
    return this.startSession(user, meta);
  }

  /** After the password: a pending session when the user has a second factor, else a signed-in one. */
  private async startSession(user: repo.UserRow, meta: RequestMeta): Promise<LoginOutcome> {
    const roles = await repo.rolesOf(this.ctx.db, user.id);
    const webauthn = await repo.webauthnCredentialsOf(this.ctx.db, user.id);
    const methods: ('totp' | 'webauthn' | 'recovery')[] = [];
    if (user.totp_secret_enc) methods.push('totp');
    if (webauthn.length) methods.push('webauthn');
    const activeRole = initialRole(roles, user.last_active_role);
    const base = { userId: user.id, practiceId: user.practice_id, activeRole, meta };
    if (methods.length) {
      methods.push('recovery');
      const { token, session } = await this.sessions.create(this.ctx.db, { ...base, state: 'mfa_pending' });
      return { kind: 'mfa', token, csrfToken: session.csrf_token, methods };
    }
    const practice = await repo.practicePolicy(this.ctx.db, user.practice_id);
    const { token, session } = await this.sessions.create(this.ctx.db, { ...base, state: 'active' });
    await this.audit(
      { actor: { type: 'user', id: user.id }, practiceId: user.practice_id, action: 'login', resource: { type: 'session', id: session.id }, outcome: 'success', details: { factors: 'password' } },
      meta,
    );
    return { kind: 'session', token, csrfToken: session.csrf_token, mfaEnrollmentRequired: practice?.require_mfa === 1 };
  }

  /** Second step of sign-in with a TOTP or recovery code. Replaces the pending session. */
  async completeMfa(pending: ResolvedSession, code: string, meta: RequestMeta): Promise<LoginOutcome> {
    const user = await requireHolder(this.ctx.db, 'staff', pending.user.id).catch(() => {
      throw invalidCredentials();
    });
    const passed = await this.credentials.checkCode(user, code);
    if (!passed) {
      await this.ctx.audit.record(this.credentials.event(user, meta, { action: 'mfa_challenge_failed', outcome: 'failure' }));
      throw mfaInvalid();
    }
    return this.promote(pending, passed, meta);
  }

  async webauthnLoginOptions(pending: ResolvedSession) {
    return this.keys.loginOptions(pending);
  }

  async completeWebauthn(pending: ResolvedSession, response: Record<string, unknown>, meta: RequestMeta): Promise<LoginOutcome> {
    if (!(await this.keys.verifyLogin(pending, response))) {
      await this.audit(
        { actor: { type: 'user', id: pending.user.id }, practiceId: pending.user.practiceId, action: 'mfa_challenge_failed', resource: { type: 'user', id: pending.user.id }, outcome: 'failure', details: { factor: 'webauthn' } },
        meta,
      );
      throw new AppError('mfa_invalid', 401, 'The security key response was not accepted', 'response');
    }
    return this.promote(pending, 'webauthn', meta);
  }

  private async promote(pending: ResolvedSession, factor: 'totp' | 'recovery' | 'webauthn', meta: RequestMeta): Promise<LoginOutcome> {
    const result = await this.ctx.db.transaction().execute(async (tx) => {
      await this.sessions.revoke(tx, { id: pending.session.id }, 'mfa_completed');
      return this.sessions.create(tx, { userId: pending.user.id, practiceId: pending.user.practiceId, activeRole: pending.session.active_role, state: 'active', meta });
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

  async logout(s: ResolvedSession, meta: RequestMeta): Promise<void> {
    await this.sessions.revoke(this.ctx.db, { id: s.session.id }, 'logout');
    await this.audit({ actor: { type: 'user', id: s.user.id }, practiceId: s.user.practiceId, action: 'logout', resource: { type: 'session', id: s.session.id }, outcome: 'success' }, meta);
  }

  // ---- second factors ----

  async startTotp(s: ResolvedSession) {
    return this.credentials.startTotp('staff', s.user.id);
  }

  async confirmTotp(s: ResolvedSession, code: string, meta: RequestMeta): Promise<string[]> {
    return this.credentials.confirmTotp('staff', s.user.id, s.session.id, code, meta);
  }

  async removeTotp(s: ResolvedSession, password: string, meta: RequestMeta): Promise<void> {
    const user = await requireHolder(this.ctx.db, 'staff', s.user.id);
    await this.credentials.reauthenticate(user, password);
    if (!user.totp_secret_enc) throw new AppError('mfa_not_enabled', 409, 'No authenticator app is set up');
    const keys = await repo.webauthnCredentialsOf(this.ctx.db, user.id);
    if (!keys.length) this.assertMayGoSingleFactor(user, s);
    await this.credentials.dropTotp(user, s.session.id, meta, { clearRecoveryCodes: !keys.length, details: { factor: 'totp' } });
  }

  /** Without a second factor the password must meet the single-factor length, and the practice must allow it. */
  private assertMayGoSingleFactor(user: { password_single_factor_ok: number }, s: ResolvedSession) {
    if (s.practice.requireMfa) throw new AppError('forbidden', 403, 'Your practice requires two-factor sign-in; add another factor before removing this one');
    if (!user.password_single_factor_ok) {
      throw new AppError('password_rejected', 422, 'Your password is shorter than 15 characters; change it before turning off two-factor sign-in', 'password');
    }
  }

  async regenerateRecoveryCodes(s: ResolvedSession, password: string, meta: RequestMeta): Promise<string[]> {
    return this.credentials.regenerateRecoveryCodes('staff', s.user.id, password, () => s.user.hasTotp || s.user.hasWebauthn, meta);
  }

  async webauthnRegisterOptions(s: ResolvedSession) {
    return this.keys.registerOptions(s);
  }

  async webauthnRegister(s: ResolvedSession, name: string, response: Record<string, unknown>, meta: RequestMeta) {
    return this.keys.register(s, name, response, meta);
  }

  async removeWebauthn(s: ResolvedSession, credentialId: string, meta: RequestMeta): Promise<void> {
    return this.keys.remove(s, credentialId, meta, (user) => this.assertMayGoSingleFactor(user, s));
  }

  // ---- passwords ----

  /** The words a staff password must not contain: the practice's name, the user's, the e-mail. */
  private async staffWords(h: Holder, mfa: (practiceRequiresMfa: boolean) => boolean): Promise<PasswordWords> {
    const row = (await repo.findUserById(this.ctx.db, h.id))!;
    const { name, email } = await this.names(row);
    const practice = await repo.practicePolicy(this.ctx.db, row.practice_id);
    return { mfa: mfa(practice?.require_mfa === 1), email, practiceNames: [practice?.name], userNames: [name] };
  }

  async changePassword(s: ResolvedSession, current: string, next: string, meta: RequestMeta): Promise<void> {
    const mfa = s.user.hasTotp || s.user.hasWebauthn;
    await this.credentials.changePassword('staff', s.user.id, s.session.id, current, next, meta, (h) => this.staffWords(h, () => mfa));
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
    await this.ctx.mailer.send({ to: email, ...passwordResetMail(link, { account: 'Hearth account', mfa: PRINCIPALS.staff.mfaWords }) });
  }

  /** Sets a new password from a reset link. Ends every session; sign-in still asks for the second factor. */
  async completeReset(token: string, password: string, meta: RequestMeta): Promise<void> {
    const reset = await repo.findReset(this.ctx.db, hashToken(token));
    const now = this.ctx.clock.now();
    if (!reset || reset.used_at !== null || reset.expires_at < now) {
      throw new AppError('token_invalid', 400, 'This reset link is invalid or has expired; ask for a new one', 'token');
    }
    const user = await requireHolder(this.ctx.db, 'staff', reset.user_id);
    const mfa = user.totp_secret_enc !== null || (await repo.webauthnCredentialsOf(this.ctx.db, user.id)).length > 0;
    this.credentials.assertPasswordAllowed(password, await this.staffWords(user, (required) => mfa || required));
    await this.ctx.db.transaction().execute(async (tx) => {
      if (!(await repo.consumeReset(tx, reset.id, now))) throw new AppError('token_invalid', 400, 'This reset link was already used', 'token');
      await repo.updateUser(tx, user.id, { ...(await passwordColumns(password)), password_changed_at: now, updated_at: now });
      await this.sessions.revoke(tx, { userId: user.id }, 'password_reset');
      await this.ctx.audit.record(this.credentials.event(user, meta, { action: 'password_reset_completed', outcome: 'success' }), tx);
    });
  }

  // ---- the signed-in user ----

  async setActiveRole(s: ResolvedSession, role: StaffRole, meta: RequestMeta): Promise<void> {
    if (!s.roles.includes(role)) throw new AppError('forbidden', 403, 'You do not hold that role', 'role');
    // Kept on the user too: the next sign-in opens in the role they last worked in.
    await this.ctx.db.transaction().execute(async (tx) => {
      await repo.updateSession(tx, 'sessions', s.session.id, { active_role: role });
      await repo.updateUser(tx, s.user.id, { last_active_role: role });
    });
    await this.audit({ actor: { type: 'user', id: s.user.id }, practiceId: s.user.practiceId, action: 'role_change', resource: { type: 'session', id: s.session.id }, outcome: 'success', details: { activeRole: role } }, meta);
  }

  /** A staff user's live sessions, under their practice's idle limit. */
  async listSessions(userId: string, currentId: string | null) {
    const user = await repo.findUserById(this.ctx.db, userId);
    const practice = user ? await repo.practicePolicy(this.ctx.db, user.practice_id) : undefined;
    return this.sessions.live('staff', userId, currentId, this.sessions.idleSecondsFor(practice?.idle_timeout_minutes ?? 30) * 1000);
  }

  async revokeSession(actor: ResolvedSession, userId: string, sessionId: string, meta: RequestMeta): Promise<void> {
    const target = await repo.findSession(this.ctx.db, 'sessions', sessionId);
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
    const user = await repo.findUserById(this.ctx.db, s.user.id);
    if (!user) throw new AppError('unauthenticated', 401, 'Sign in again');
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

  async names(user: { id: string; name_enc: string; email_enc: string }): Promise<{ name: string; email: string }> {
    return {
      name: await this.ctx.crypto.decrypt({ table: 'users', column: 'name_enc', rowId: user.id }, user.name_enc),
      email: await this.ctx.crypto.decrypt({ table: 'users', column: 'email_enc', rowId: user.id }, user.email_enc),
    };
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
