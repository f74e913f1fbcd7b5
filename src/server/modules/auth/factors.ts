// Credentials of an account of either principal, once: re-entering the password, sign-in codes
// (throttled per account), the authenticator app (start, confirm, remove), recovery codes, and
// changing the password. Every change ends the account's other sessions and is audited.
import type { AppContext, RequestMeta } from '../../context.js';
import { AppError } from '../../errors.js';
import { ClientError } from '../../i18n/errors.js';
import type { AuditEvent } from '../audit/index.js';
import { findHolder, openFor, requireHolder, sealFor, updateHolder, type Holder } from './holders.js';
import { checkPassword, passwordColumns, passwordRefused, verifyPassword, type PasswordField } from './passwords.js';
import { PRINCIPALS, type PrincipalKind } from './principal.js';
import * as repo from './repo.js';
import { checkSecondFactor, issueRecoveryCodes } from './second-factor.js';
import type { SessionService } from './sessions.js';
import type { Throttle } from './throttle.js';
import { newTotpSecret, qrDataUrl, totpUri, verifyTotp } from './totp.js';

/** The words a password must not contain: the practices' and the person's names, the e-mail. */
export interface PasswordWords {
  mfa: boolean;
  email: string;
  practiceNames: readonly (string | undefined)[];
  userNames: readonly (string | undefined)[];
}

// Inside a valid session a wrong code or password is a mistake in a form, not a lost session:
// a 401 there would make the SPA sign the person out ("Your session has ended"). These refusals
// reach clients too (the portal's account page): ClientErrors, in the language of the page asking.
export const codeMismatch = () => new ClientError('mfa_invalid', 400, 'errors.mfa.codeMismatch', {}, 'code');
export const wrongPassword = (field: 'password' | 'currentPassword') => new ClientError('invalid_credentials', 400, 'errors.password.wrong', { field }, field);

export class Credentials {
  constructor(
    private readonly ctx: AppContext,
    private readonly sessions: SessionService,
    private readonly throttle: Throttle,
  ) {}

  /** An event by the account holder about their own account. */
  event(h: Holder, meta: RequestMeta, e: Pick<AuditEvent, 'action' | 'outcome'> & Partial<Pick<AuditEvent, 'resource' | 'details'>>): AuditEvent {
    const spec = PRINCIPALS[h.kind];
    return {
      actor: { type: spec.actor, id: h.id },
      practiceId: h.practiceId,
      resource: { type: spec.accountResource, id: h.id },
      ...e,
      ip: meta.ip,
      userAgent: meta.userAgent,
    };
  }

  /** Checks a new password against the rules and the words it must not contain. */
  assertPasswordAllowed(password: string, words: PasswordWords, field: PasswordField = 'password') {
    const verdict = checkPassword(password, { mfa: words.mfa, email: words.email, practiceNames: words.practiceNames.filter((n) => n !== undefined), userNames: words.userNames.filter((n) => n !== undefined) });
    if (!verdict.ok) throw passwordRefused(verdict, field);
  }

  /** The password again, inside a session; where the principal counts these, guesses count like sign-in attempts. */
  async reauthenticate(h: Holder, password: string, field: 'password' | 'currentPassword' = 'password'): Promise<void> {
    const prefix = PRINCIPALS[h.kind].reauthPrefix;
    const key = `${prefix}:${h.id}`;
    if (prefix) await this.throttle.take([this.throttle.account(key)]);
    if (!(await verifyPassword(h.password_hash, password))) throw wrongPassword(field);
    if (prefix) await this.throttle.succeeded([key]);
  }

  /** A code from the app or a recovery code, counted against the account; the factor that passed, or null. */
  async checkCode(h: Holder, code: string): Promise<'totp' | 'recovery' | null> {
    const key = `${PRINCIPALS[h.kind].mfaPrefix}:${h.id}`;
    await this.throttle.take([this.throttle.account(key)]);
    const factor = await checkSecondFactor(this.ctx, h, code, PRINCIPALS[h.kind].accounts);
    if (factor) await this.throttle.succeeded([key]);
    return factor;
  }

  /** Starts authenticator-app setup: a pending secret, shown as a QR code labelled with `label` (or the e-mail). */
  async startTotp(kind: PrincipalKind, id: string, label?: string): Promise<{ secret: string; otpauthUrl: string; qrDataUrl: string }> {
    const h = await requireHolder(this.ctx.db, kind, id);
    if (h.totp_secret_enc) throw new ClientError('mfa_already_enabled', 409, PRINCIPALS[kind].totpAlreadySet);
    const secret = await newTotpSecret();
    await updateHolder(this.ctx.db, kind, h.id, { totp_pending_secret_enc: await sealFor(this.ctx, h, 'totp_pending_secret_enc', secret) });
    const otpauthUrl = await totpUri(secret, label ?? (await openFor(this.ctx, h, 'email_enc', h.email_enc)));
    return { secret, otpauthUrl, qrDataUrl: await qrDataUrl(otpauthUrl) };
  }

  /** Turns the app on with a first code; returns the recovery codes, shown this once. Other sessions end. */
  async confirmTotp(kind: PrincipalKind, id: string, sessionId: string, code: string, meta: RequestMeta): Promise<string[]> {
    const h = await findHolder(this.ctx.db, kind, id);
    if (!h?.totp_pending_secret_enc) throw new ClientError('mfa_not_enabled', 409, 'errors.mfa.startFirst');
    const secret = await openFor(this.ctx, h, 'totp_pending_secret_enc', h.totp_pending_secret_enc);
    const step = await verifyTotp(secret, code.trim(), this.ctx.clock.now(), null);
    if (step === null) throw codeMismatch();
    return this.ctx.db.transaction().execute(async (tx) => {
      await updateHolder(tx, kind, h.id, {
        totp_secret_enc: await sealFor(this.ctx, h, 'totp_secret_enc', secret, tx),
        totp_pending_secret_enc: null,
        totp_last_step: step,
        updated_at: this.ctx.clock.now(),
      });
      const codes = await issueRecoveryCodes(tx, h.id, PRINCIPALS[kind].accounts);
      await this.sessions.revoke(tx, { userId: h.id, exceptId: sessionId }, 'mfa_changed', kind);
      await this.ctx.audit.record(this.event(h, meta, { action: 'mfa_enrolled', outcome: 'success', details: { factor: 'totp' } }), tx);
      return codes;
    });
  }

  /** Takes the app off (the callers have checked what each principal requires first). Other sessions end. */
  async dropTotp(h: Holder, sessionId: string, meta: RequestMeta, opts: { clearRecoveryCodes: boolean; details: AuditEvent['details'] }): Promise<void> {
    await this.ctx.db.transaction().execute(async (tx) => {
      await updateHolder(tx, h.kind, h.id, {
        totp_secret_enc: null,
        ...(h.kind === 'client' ? { totp_pending_secret_enc: null } : {}),
        totp_last_step: null,
        updated_at: this.ctx.clock.now(),
      });
      if (opts.clearRecoveryCodes) await repo.replaceRecoveryCodes(tx, h.id, [], PRINCIPALS[h.kind].accounts);
      await this.sessions.revoke(tx, { userId: h.id, exceptId: sessionId }, 'mfa_changed', h.kind);
      await this.ctx.audit.record(this.event(h, meta, { action: 'mfa_removed', outcome: 'success', details: opts.details }), tx);
    });
  }

  /** A fresh set of recovery codes (the password again first); the old ones stop working. */
  async regenerateRecoveryCodes(kind: PrincipalKind, id: string, password: string, hasFactor: (h: Holder) => boolean, meta: RequestMeta): Promise<string[]> {
    const h = await requireHolder(this.ctx.db, kind, id);
    await this.reauthenticate(h, password);
    if (!hasFactor(h)) throw new ClientError('mfa_not_enabled', 409, PRINCIPALS[kind].noFactorYet);
    const codes = await issueRecoveryCodes(this.ctx.db, h.id, PRINCIPALS[kind].accounts);
    await this.ctx.audit.record(this.event(h, meta, { action: 'recovery_codes_generated', outcome: 'success' }));
    return codes;
  }

  /** Changes the password from inside a session (the current one first); the other sessions end. */
  async changePassword(kind: PrincipalKind, id: string, sessionId: string, current: string, next: string, meta: RequestMeta, words: (h: Holder) => Promise<PasswordWords>): Promise<void> {
    const h = await requireHolder(this.ctx.db, kind, id);
    try {
      await this.reauthenticate(h, current, 'currentPassword');
    } catch (err) {
      if (err instanceof AppError && err.code === 'invalid_credentials') await this.ctx.audit.record(this.event(h, meta, { action: 'password_changed', outcome: 'failure' }));
      throw err;
    }
    this.assertPasswordAllowed(next, await words(h), 'newPassword');
    await this.ctx.db.transaction().execute(async (tx) => {
      const now = this.ctx.clock.now();
      await updateHolder(tx, kind, h.id, { ...(await passwordColumns(next)), password_changed_at: now, updated_at: now });
      await this.sessions.revoke(tx, { userId: h.id, exceptId: sessionId }, 'password_changed', kind);
      await this.ctx.audit.record(this.event(h, meta, { action: 'password_changed', outcome: 'success' }), tx);
    });
  }
}
