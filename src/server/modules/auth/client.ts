// Client portal accounts (people, one per e-mail): self-sign-up with e-mail verification, sign-in
// with an optional authenticator app, password change and reset, and server-side sessions with the
// same idle and absolute limits as staff. The credential rules are the staff ones (factors.ts,
// sessions.ts, throttle.ts), taken with the 'client' principal. Mail says nothing about the care:
// no client name, and an opaque link.
import { randomUUID } from 'node:crypto';
import type { AppContext, RequestMeta } from '../../context.js';
import { normaliseEmail, PLATFORM } from '../../crypto/envelope.js';
import type { DbOrTx } from '../../db/index.js';
import { AppError, notFound } from '../../errors.js';
import { ClientError, clientTokenInvalid } from '../../i18n/errors.js';
import { iso } from '../../lib/clock.js';
import type { Mailer } from '../mail/index.js';
import { t, withLang, type Locale } from '../../i18n/index.js';
import { hashToken, newToken } from '../../lib/tokens.js';
import type { PortalSessionInfo } from '../../../shared/portal.js';
import type { AuditEvent } from '../audit/index.js';
import * as clientRepo from './client-repo.js';
import { codeMismatch, type Credentials, type PasswordWords } from './factors.js';
import { findHolder, requireHolder, type Holder } from './holders.js';
import { burnVerify, MIN_SINGLE_FACTOR, passwordColumns, verifyPassword } from './passwords.js';
import { PRINCIPALS } from './principal.js';
import * as repo from './repo.js';
import { RESET_TTL_MS } from './reset.js';
import type { ResolvedPortalSession, SessionService } from './sessions.js';
import type { Throttle } from './throttle.js';

const VERIFY_TTL_MS = 24 * 3600 * 1000;
export const NEUTRAL_SENDER = 'Hearth';

export type PortalLoginOutcome = { kind: 'mfa'; token: string; csrfToken: string } | { kind: 'session'; token: string; csrfToken: string };

/** The words a portal password must not contain, by account (the portal module knows its links and records). */
export type PortalPasswordWords = (accountId: string) => Promise<Omit<PasswordWords, 'mfa' | 'email'>>;

const invalid = () => new ClientError('invalid_credentials', 401, 'errors.signIn.credentials');
const mfaInvalid = () => new ClientError('mfa_invalid', 401, 'errors.signIn.code', {}, 'code');
const linkInvalid = () => clientTokenInvalid('errors.link.invalid');

/** Portal mail: signed with the practice's sender name, or the neutral one. */
export async function portalMail(mailer: Mailer, to: string, subject: string, text: string, fromName = NEUTRAL_SENDER) {
  await mailer.send({ to, subject, text: `${text}\n\n— ${fromName}`, fromName });
}

export class ClientIdentity {
  constructor(
    private readonly ctx: AppContext,
    private readonly sessions: SessionService,
    private readonly throttle: Throttle,
    private readonly credentials: Credentials,
  ) {}

  emailIndex(email: string) {
    return this.ctx.crypto.blindIndex(PLATFORM, PRINCIPALS.client.emailIndex, normaliseEmail(email));
  }

  private audit(e: Omit<AuditEvent, 'ip' | 'userAgent'>, meta: RequestMeta) {
    return this.ctx.audit.record({ ...e, ip: meta.ip, userAgent: meta.userAgent });
  }

  /** An event by the signed-in client about their own account (no practice: an account spans practices). */
  private event(s: ResolvedPortalSession, meta: RequestMeta, e: Pick<AuditEvent, 'action' | 'resource' | 'outcome' | 'details'>): AuditEvent {
    return { actor: { type: 'client', id: s.accountId }, practiceId: null, ...e, ip: meta.ip, userAgent: meta.userAgent };
  }

  /** Mail about the account itself, in its language, signed with the neutral sender name. */
  private async mail(to: string, locale: Locale, what: 'exists' | 'verify' | 'reset', path: string) {
    const link = withLang(`${this.ctx.config.publicUrl}${path}`, locale);
    await portalMail(this.ctx.mailer, to, t(locale, `portal.account.${what}.subject`), t(locale, `portal.account.${what}.body`, { link }));
  }

  /** The client's own choice of language (the portal module audits it). */
  async setLocale(accountId: string, locale: Locale): Promise<void> {
    await clientRepo.updateAccount(this.ctx.db, accountId, { locale, updated_at: this.ctx.clock.now() });
  }

  // ---- accounts ----

  findByEmail(email: string) {
    return this.emailIndex(email).then((idx) => clientRepo.findAccountByEmailIdx(this.ctx.db, idx));
  }

  /** The account behind a live portal session. */
  async account(id: string): Promise<clientRepo.AccountRow> {
    const account = await clientRepo.findAccount(this.ctx.db, id);
    if (!account) throw new AppError('unauthenticated', 401, 'Sign in again');
    return account;
  }

  accountEmail(account: { id: string; email_enc: string }): Promise<string> {
    return this.ctx.crypto.decrypt({ table: 'client_accounts', column: 'email_enc', rowId: account.id }, account.email_enc);
  }

  async createAccount(tx: DbOrTx, email: string, password: string, status: 'active' | 'unverified', locale: Locale = 'en') {
    const id = randomUUID();
    const now = this.ctx.clock.now();
    await clientRepo.insertAccount(tx, {
      id,
      email_enc: await this.ctx.crypto.encrypt(PLATFORM, { table: 'client_accounts', column: 'email_enc', rowId: id }, email.trim(), tx),
      email_idx: await this.emailIndex(email),
      ...(await passwordColumns(password)),
      totp_secret_enc: null,
      totp_pending_secret_enc: null,
      totp_last_step: null,
      status,
      locale,
      created_at: now,
      updated_at: now,
    });
    return id;
  }

  /**
   * A never-verified sign-up with this address (perhaps someone else's) is taken over by whoever
   * proves the address (an invitation link): active, with the new password, its sessions ended.
   */
  async takeOver(tx: DbOrTx, accountId: string, password: string): Promise<void> {
    const now = this.ctx.clock.now();
    await clientRepo.updateAccount(tx, accountId, { status: 'active', ...(await passwordColumns(password)), totp_secret_enc: null, totp_pending_secret_enc: null, updated_at: now });
    await this.sessions.revoke(tx, { userId: accountId }, 'taken_over_by_invitation', 'client');
  }

  /** Checks the words of a new portal password (one with no app yet: the single-factor length). */
  assertPasswordAllowed(password: string, words: Omit<PasswordWords, 'mfa'> & { mfa?: boolean }, field: 'password' | 'newPassword' = 'password') {
    this.credentials.assertPasswordAllowed(password, { mfa: false, ...words }, field);
  }

  verifyPassword(account: { password_hash: string }, password: string) {
    return verifyPassword(account.password_hash, password);
  }

  recoveryCodesLeft(accountId: string) {
    return repo.recoveryCodesLeft(this.ctx.db, accountId, 'client_accounts');
  }

  lastSignIn(accountId: string) {
    return clientRepo.lastSignIn(this.ctx.db, accountId);
  }

  // ---- single-use links (invitation, verification, reset) ----

  /** Stores a new single-use link (only its hash); answers its id and the token to mail. */
  async issueToken(tx: DbOrTx, row: Omit<clientRepo.TokenRow, 'token_hash' | 'used_at' | 'id'>): Promise<{ id: string; token: string }> {
    const token = newToken();
    const id = randomUUID();
    await clientRepo.insertToken(tx, { id, ...row, token_hash: hashToken(token), used_at: null });
    return { id, token };
  }

  async openToken(token: string, purpose: clientRepo.TokenPurpose) {
    const row = await clientRepo.findToken(this.ctx.db, hashToken(token));
    if (!row || row.purpose !== purpose || row.used_at !== null || row.expires_at < this.ctx.clock.now()) throw linkInvalid();
    return row;
  }

  /** Marks a link used; false when another request used it first. */
  useToken(tx: DbOrTx, id: string) {
    return clientRepo.useToken(tx, id, this.ctx.clock.now());
  }

  latestOpenInvitation(practiceId: string, clientId: string) {
    return clientRepo.latestOpenInvitation(this.ctx.db, practiceId, clientId);
  }

  // ---- self sign-up ----

  /** Always 202: whether the e-mail has an account is not revealed. A verification link is mailed. */
  async register(email: string, password: string, meta: RequestMeta, locale: Locale = 'en'): Promise<void> {
    await this.throttle.take([this.throttle.ip(`portal-register:ip:${meta.ip}`)]);
    this.assertPasswordAllowed(password, { email, practiceNames: [], userNames: [] });
    if (await this.findByEmail(email)) {
      await this.mail(email, locale, 'exists', '/portal/forgot');
      return;
    }
    const now = this.ctx.clock.now();
    const { token } = await this.ctx.db.transaction().execute(async (tx) => {
      const accountId = await this.createAccount(tx, email, password, 'unverified', locale);
      const issued = await this.issueToken(tx, { purpose: 'verify', practice_id: null, client_id: null, account_id: accountId, created_by: null, created_at: now, expires_at: now + VERIFY_TTL_MS });
      await this.ctx.audit.record({ actor: { type: 'client', id: accountId }, practiceId: null, action: 'create', resource: { type: 'client_account', id: accountId }, outcome: 'success', ip: meta.ip, userAgent: meta.userAgent }, tx);
      return issued;
    });
    await this.mail(email, locale, 'verify', `/portal/verify#token=${token}`);
  }

  async verify(token: string, meta: RequestMeta): Promise<PortalLoginOutcome> {
    const row = await this.openToken(token, 'verify');
    const now = this.ctx.clock.now();
    await this.ctx.db.transaction().execute(async (tx) => {
      if (!(await clientRepo.useToken(tx, row.id, now))) throw clientTokenInvalid('errors.link.used');
      await clientRepo.updateAccount(tx, row.account_id!, { status: 'active', updated_at: now });
    });
    return this.startSession(row.account_id!, 'active', meta);
  }

  // ---- sign-in ----

  async login(email: string, password: string, meta: RequestMeta): Promise<PortalLoginOutcome> {
    const idx = await this.emailIndex(email);
    const keys = await this.throttle.takeSignIn(PRINCIPALS.client.signInPrefix, idx, meta.ip);
    const account = await clientRepo.findAccountByEmailIdx(this.ctx.db, idx);
    const ok = account ? await verifyPassword(account.password_hash, password) : (await burnVerify(password), false);
    if (!account || !ok || account.status !== 'active') {
      await this.audit(
        { actor: { type: account ? 'client' : 'anonymous', id: account?.id ?? null }, practiceId: null, action: 'login_failed', resource: { type: 'client_account', id: account?.id ?? null }, outcome: 'failure', details: { reason: !account ? 'unknown_account' : !ok ? 'bad_password' : `account_${account.status}` } },
        meta,
      );
      throw invalid();
    }
    await this.throttle.succeeded(keys.clear, keys.refund);
    return this.startSession(account.id, account.totp_secret_enc ? 'mfa_pending' : 'active', meta);
  }

  /**
   * Whether this is the password of an active portal account of this e-mail (the staff sign-in
   * asks, to tell a client where to sign in): one password verification, or the same work burnt
   * when there is no account, so the answer's timing says nothing about whether one exists.
   */
  async passwordMatches(email: string, password: string): Promise<'match' | 'no_match'> {
    const account = await this.findByEmail(email);
    const ok = account ? await verifyPassword(account.password_hash, password) : (await burnVerify(password), false);
    return ok && account?.status === 'active' ? 'match' : 'no_match';
  }

  async completeMfa(s: ResolvedPortalSession, code: string, meta: RequestMeta): Promise<PortalLoginOutcome> {
    const account = await findHolder(this.ctx.db, 'client', s.accountId);
    if (!account?.totp_secret_enc) throw mfaInvalid();
    // A 6-digit code from the app, or one of the recovery codes shown when the app was set up.
    const factor = await this.credentials.checkCode(account, code);
    if (!factor) {
      await this.audit({ actor: { type: 'client', id: account.id }, practiceId: null, action: 'mfa_challenge_failed', resource: { type: 'client_account', id: account.id }, outcome: 'failure' }, meta);
      throw mfaInvalid();
    }
    await this.sessions.revoke(this.ctx.db, { id: s.session.id }, 'mfa_completed', 'client');
    const left: Record<string, number> = factor === 'recovery' ? { recoveryCodesLeft: await this.recoveryCodesLeft(account.id) } : {};
    return this.startSession(account.id, 'active', meta, `password+${factor}`, left);
  }

  /** Opens a session for the account (pending its code when it has an app); a signed-in one is audited as a sign-in. */
  async startSession(accountId: string, state: 'mfa_pending' | 'active', meta: RequestMeta, factors = 'password', details: Record<string, number> = {}): Promise<PortalLoginOutcome> {
    const { token, session } = await this.sessions.createForClient(this.ctx.db, accountId, state, meta);
    if (state === 'active') {
      await this.audit({ actor: { type: 'client', id: accountId }, practiceId: null, action: 'login', resource: { type: 'client_session', id: session.id }, outcome: 'success', details: { factors, ...details } }, meta);
    }
    return { kind: state === 'mfa_pending' ? 'mfa' : 'session', token, csrfToken: session.csrf_token };
  }

  async logout(s: ResolvedPortalSession, meta: RequestMeta): Promise<void> {
    await this.sessions.revoke(this.ctx.db, { id: s.session.id }, 'logout', 'client');
    await this.audit({ actor: { type: 'client', id: s.accountId }, practiceId: null, action: 'logout', resource: { type: 'client_session', id: s.session.id }, outcome: 'success' }, meta);
  }

  // ---- optional authenticator app ----

  startTotp(s: ResolvedPortalSession) {
    return this.credentials.startTotp('client', s.accountId, 'Hearth portal');
  }

  /** Turns the app on with a first code; returns the recovery codes, shown this once. Other sessions end. */
  confirmTotp(s: ResolvedPortalSession, code: string, meta: RequestMeta): Promise<string[]> {
    return this.credentials.confirmTotp('client', s.accountId, s.session.id, code, meta);
  }

  /** Needs the password and a current code (from the app, or a recovery code); other sessions end. */
  async removeTotp(s: ResolvedPortalSession, password: string, code: string, meta: RequestMeta): Promise<void> {
    const account = await requireHolder(this.ctx.db, 'client', s.accountId);
    if (!account.totp_secret_enc) throw new ClientError('mfa_not_enabled', 409, 'errors.mfa.notSet');
    const refused = (reason: string) => this.ctx.audit.record(this.event(s, meta, { action: 'mfa_removed', resource: { type: 'client_account', id: account.id }, outcome: 'failure', details: { factor: 'totp', reason } }));
    try {
      await this.credentials.reauthenticate(account, password);
    } catch (err) {
      if (err instanceof AppError && err.code === 'invalid_credentials') await refused('bad_password');
      throw err;
    }
    if (!account.password_single_factor_ok) {
      throw new ClientError('password_rejected', 422, 'errors.mfa.shortPassword', { min: MIN_SINGLE_FACTOR }, 'password');
    }
    const factor = await this.credentials.checkCode(account, code);
    if (!factor) {
      await refused('bad_code');
      throw codeMismatch();
    }
    await this.credentials.dropTotp(account, s.session.id, meta, { clearRecoveryCodes: true, details: { factor: 'totp', confirmedWith: factor } });
  }

  regenerateRecoveryCodes(s: ResolvedPortalSession, password: string, meta: RequestMeta): Promise<string[]> {
    return this.credentials.regenerateRecoveryCodes('client', s.accountId, password, (h) => h.totp_secret_enc !== null, meta);
  }

  // ---- password: change inside the portal, reset by mail ----

  private async words(h: Holder, wordsOf: PortalPasswordWords): Promise<PasswordWords> {
    return { mfa: h.totp_secret_enc !== null, email: await this.accountEmail(h), ...(await wordsOf(h.id)) };
  }

  changePassword(s: ResolvedPortalSession, current: string, next: string, meta: RequestMeta, wordsOf: PortalPasswordWords): Promise<void> {
    return this.credentials.changePassword('client', s.accountId, s.session.id, current, next, meta, (h) => this.words(h, wordsOf));
  }

  /**
   * Always answers the same way (whether the e-mail has an account is not revealed); throttled per
   * IP and per address. A neutral, single-use link valid one hour is mailed to the account's address.
   */
  async requestReset(email: string, meta: RequestMeta, locale?: Locale): Promise<void> {
    const idx = await this.emailIndex(email);
    await this.throttle.take([this.throttle.ip(`portal-reset:ip:${meta.ip}`), this.throttle.account(`portal-reset:acct:${idx}`)]);
    const account = await clientRepo.findAccountByEmailIdx(this.ctx.db, idx);
    // An unverified sign-up may reset too: the link proves the address (as an invitation does).
    const eligible = account !== undefined && account.status !== 'disabled';
    await this.audit(
      {
        actor: { type: account ? 'client' : 'anonymous', id: account?.id ?? null },
        practiceId: null,
        action: 'password_reset_requested',
        resource: { type: 'client_account', id: account?.id ?? null },
        outcome: eligible ? 'success' : 'failure',
        ...(eligible ? {} : { details: { reason: account ? `account_${account.status}` : 'unknown_account' } }),
      },
      meta,
    );
    if (!eligible) return;
    const now = this.ctx.clock.now();
    const { token } = await this.issueToken(this.ctx.db, { purpose: 'reset', practice_id: null, client_id: null, account_id: account.id, created_by: null, created_at: now, expires_at: now + RESET_TTL_MS });
    await this.mail(await this.accountEmail(account), locale ?? account.locale, 'reset', `/portal/reset#token=${token}`);
  }

  /**
   * Sets a new password from a reset link and ends every session of the account. It signs no one
   * in: the person signs in afresh, and an account with an authenticator app is still asked for a code.
   */
  async completeReset(token: string, password: string, meta: RequestMeta, wordsOf: PortalPasswordWords): Promise<void> {
    const row = await this.openToken(token, 'reset');
    const account = await findHolder(this.ctx.db, 'client', row.account_id!);
    if (!account || account.status === 'disabled') throw linkInvalid();
    this.credentials.assertPasswordAllowed(password, await this.words(account, wordsOf));
    const now = this.ctx.clock.now();
    await this.ctx.db.transaction().execute(async (tx) => {
      if (!(await clientRepo.useToken(tx, row.id, now))) throw clientTokenInvalid('errors.link.used');
      await clientRepo.useTokensOf(tx, account.id, 'reset', now);
      await clientRepo.updateAccount(tx, account.id, { ...(await passwordColumns(password)), status: 'active', updated_at: now });
      await this.sessions.revoke(tx, { userId: account.id }, 'password_reset', 'client');
      await this.ctx.audit.record(
        this.credentials.event(account, meta, { action: 'password_reset_completed', outcome: 'success', ...(account.status === 'unverified' ? { details: { verifiedEmail: true } } : {}) }),
        tx,
      );
    });
  }

  // ---- sessions: list, revoke, and the background status check ----

  async listSessions(s: ResolvedPortalSession): Promise<PortalSessionInfo[]> {
    return (await this.sessions.live('client', s.accountId, s.session.id, s.idleSeconds * 1000)).map(({ ip: _ip, ...rest }) => rest);
  }

  /** Ends one of the account's own sessions (another account's answers 404, like a missing one). */
  async revokeSession(s: ResolvedPortalSession, sessionId: string, meta: RequestMeta): Promise<void> {
    const target = await repo.findSession(this.ctx.db, 'client_sessions', sessionId);
    if (!target || target.account_id !== s.accountId || target.revoked_at !== null) throw notFound('Session');
    await this.sessions.revoke(this.ctx.db, { id: sessionId }, 'revoked', 'client');
    await this.ctx.audit.record(this.event(s, meta, { action: 'session_revoked', resource: { type: 'client_session', id: sessionId }, outcome: 'success' }));
  }

  /** Ends every session of the account but this one; returns how many ended. */
  async revokeOtherSessions(s: ResolvedPortalSession, meta: RequestMeta): Promise<number> {
    const count = (await this.sessions.revoke(this.ctx.db, { userId: s.accountId, exceptId: s.session.id }, 'revoked', 'client')).length;
    await this.ctx.audit.record(this.event(s, meta, { action: 'session_revoked', resource: { type: 'client_account', id: s.accountId }, outcome: 'success', details: { scope: 'others', count } }));
    return count;
  }

  sessionStatus(s: ResolvedPortalSession) {
    return { idleExpiresAt: iso(s.idleExpiresAt), absoluteExpiresAt: iso(s.session.absolute_expires_at) };
  }
}
