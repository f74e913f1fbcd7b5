// The client portal: accounts (people, one per e-mail), invitations from a practice, self-sign-up
// with e-mail verification, sign-in with an optional authenticator app, and server-side sessions
// with the same idle and absolute limits as staff. Mail says nothing about the care: no client
// name, only the practice's name as it signs its mail (an invitation says who invites), and an opaque link.
import { randomBytes, randomUUID } from 'node:crypto';
import type { AppContext, RequestMeta } from '../../context.js';
import { normaliseEmail, PLATFORM } from '../../crypto/envelope.js';
import { AppError, notFound } from '../../errors.js';
import { iso } from '../../lib/clock.js';
import { hashToken, newToken } from '../../lib/tokens.js';
import type { PortalAccess, PortalClient, PortalMe, PortalSessionInfo } from '../../../shared/portal.js';
import type { AuditEvent } from '../audit/service.js';
import * as practicesRepo from '../practices/repo.js';
import { burnVerify, checkPassword, passwordColumns, verifyPassword } from '../auth/passwords.js';
import { liveSessionsOf, recoveryCodesLeft, replaceRecoveryCodes } from '../auth/repo.js';
import { passwordResetMail, RESET_TTL_MS } from '../auth/reset.js';
import { checkSecondFactor, issueRecoveryCodes } from '../auth/second-factor.js';
import { describeLiveSessions, type ResolvedSession } from '../auth/sessions.js';
import { Throttle } from '../auth/throttle.js';
import { newTotpSecret, qrDataUrl, totpUri, verifyTotp } from '../auth/totp.js';
import type { ClientService } from '../clients/service.js';
import * as repo from './repo.js';

const INVITE_TTL_MS = 7 * 24 * 3600 * 1000;
const VERIFY_TTL_MS = 24 * 3600 * 1000;
const MFA_PENDING_MS = 5 * 60 * 1000;
const NEUTRAL_SENDER = 'Hearth';

/** The socket registry's key for a portal session's sockets (staff sessions use their bare id). */
export const portalSocketKey = (sessionId: string) => `portal:${sessionId}`;

export interface ResolvedPortalSession {
  session: repo.PortalSessionRow;
  accountId: string;
  hasTotp: boolean;
  idleSeconds: number;
  idleExpiresAt: number;
}

export type PortalLoginOutcome =
  | { kind: 'mfa'; token: string; csrfToken: string }
  | { kind: 'session'; token: string; csrfToken: string };

const clientNames = (r: { firstName: string; lastName: string; preferredName: string | null }) => [r.firstName, r.lastName, ...(r.preferredName ? [r.preferredName] : [])];

const invalid = () => new AppError('invalid_credentials', 401, 'The email or password is not correct');
const mfaInvalid = () => new AppError('mfa_invalid', 401, 'That code is not valid', 'code');
// Inside a valid session a wrong code or password is a mistake in a form, not a lost session:
// a 401 there would make the SPA sign the client out.
const codeMismatch = () => new AppError('mfa_invalid', 400, "That code didn't match. Type the newest code your app shows.", 'code');
const wrongPassword = (field = 'password') => new AppError('invalid_credentials', 400, field === 'password' ? 'The password is not correct' : 'The current password is not correct', field);
const PORTAL_ACCOUNT = { account: 'secure portal account', mfa: 'two-step sign-in' };

export class PortalService {
  readonly throttle: Throttle;

  constructor(
    private readonly ctx: AppContext,
    private readonly clients: ClientService,
    /** The practice's neutral sender name for mail (messaging's practice profile). */
    private readonly senderName: (practiceId: string) => Promise<string> = async () => NEUTRAL_SENDER,
  ) {
    this.throttle = new Throttle(ctx);
  }

  private audit(e: Omit<AuditEvent, 'ip' | 'userAgent'>, meta: RequestMeta) {
    return this.ctx.audit.record({ ...e, ip: meta.ip, userAgent: meta.userAgent });
  }

  private emailIndex(email: string) {
    return this.ctx.crypto.blindIndex(PLATFORM, 'client-account-email', normaliseEmail(email));
  }

  /**
   * The same policy as staff passwords (auth/passwords.ts): length, the common-password list and
   * its trivial variants, and the context words: the practices' and the client's names, the e-mail.
   */
  private passwordOrThrow(password: string, email: string, mfa = false, field: 'password' | 'newPassword' = 'password', words: { practiceNames?: string[]; userNames?: string[] } = {}) {
    const verdict = checkPassword(password, { mfa, email, ...words });
    if (!verdict.ok) throw new AppError('password_rejected', 422, `${field === 'password' ? 'Password' : 'New password'} ${verdict.reason}`, field);
  }

  /** The names a password of this account must not contain: its practices' and its client records'. */
  private async contextWords(accountId: string): Promise<{ practiceNames: string[]; userNames: string[] }> {
    const links = await repo.linksOf(this.ctx.db, accountId);
    const records = await Promise.all(links.map((l) => this.clients.ownRecord(l.practice_id, l.client_id).catch(() => null)));
    return { practiceNames: links.map((l) => l.practice_name), userNames: records.flatMap((r) => (r ? clientNames(r) : [])) };
  }

  private async requireAccount(id: string): Promise<repo.AccountRow> {
    const account = await repo.findAccount(this.ctx.db, id);
    if (!account) throw new AppError('unauthenticated', 401, 'Sign in again');
    return account;
  }

  private accountEmail(account: repo.AccountRow): Promise<string> {
    return this.ctx.crypto.decrypt({ table: 'client_accounts', column: 'email_enc', rowId: account.id }, account.email_enc);
  }

  /**
   * Re-authentication inside a session (changing the password, recovery codes, removing the app):
   * guesses count against the account like sign-in attempts, so a stolen session cannot try passwords freely.
   */
  private async reauthenticate(account: repo.AccountRow, password: string, field = 'password'): Promise<void> {
    const key = `portal-reauth:${account.id}`;
    await this.throttle.take([this.throttle.account(key)]);
    if (!(await verifyPassword(account.password_hash, password))) throw wrongPassword(field);
    await this.throttle.succeeded([key]);
  }

  private async newAccount(tx: Parameters<typeof repo.insertAccount>[0], email: string, password: string, status: 'active' | 'unverified') {
    const id = randomUUID();
    const now = this.ctx.clock.now();
    await repo.insertAccount(tx, {
      id,
      email_enc: await this.ctx.crypto.encrypt(PLATFORM, { table: 'client_accounts', column: 'email_enc', rowId: id }, email.trim(), tx),
      email_idx: await this.emailIndex(email),
      ...(await passwordColumns(password)),
      totp_secret_enc: null,
      totp_pending_secret_enc: null,
      totp_last_step: null,
      status,
      created_at: now,
      updated_at: now,
    });
    return id;
  }

  private async mail(to: string, subject: string, text: string, fromName = NEUTRAL_SENDER) {
    await this.ctx.mailer.send({ to, subject, text: `${text}\n\n— ${fromName}`, fromName });
  }

  // ---- invitation from a practice ----

  async invite(s: ResolvedSession, clientId: string, meta: RequestMeta): Promise<{ id: string; expiresAt: string }> {
    const target = await this.clients.invitationTarget(s, clientId);
    if (!target.email) throw new AppError('validation_failed', 400, 'email: the client has no e-mail address on file', 'email');
    if (!target.emailConsent) throw new AppError('conflict', 409, 'consents.email: the client has not agreed to receive e-mail', 'consents.email');
    if (await repo.linkOfClient(this.ctx.db, clientId)) throw new AppError('conflict', 409, 'This client already has portal access');
    const token = newToken();
    const id = randomUUID();
    const now = this.ctx.clock.now();
    await this.ctx.db.transaction().execute(async (tx) => {
      await repo.insertToken(tx, {
        id,
        purpose: 'invitation',
        token_hash: hashToken(token),
        practice_id: s.user.practiceId,
        client_id: clientId,
        account_id: null,
        created_by: s.user.id,
        created_at: now,
        expires_at: now + INVITE_TTL_MS,
        used_at: null,
      });
      await this.ctx.audit.record(
        { actor: { type: 'user', id: s.user.id }, practiceId: s.user.practiceId, action: 'invitation_sent', resource: { type: 'client', id: clientId }, outcome: 'success', details: { kind: 'portal' }, ip: meta.ip, userAgent: meta.userAgent },
        tx,
      );
    });
    // The practice is named (its name is not the client's PHI; issue 13, bug 8): as it signs its
    // mail when it chose a sender name, else by its own name.
    const sender = await this.senderName(s.user.practiceId);
    const practiceName = sender !== NEUTRAL_SENDER ? sender : ((await practicesRepo.findPractice(this.ctx.db, s.user.practiceId))?.name ?? sender);
    await this.mail(
      target.email,
      `Your invitation to the secure portal of ${practiceName}`,
      `${practiceName} has invited you to its secure portal, where you can message your provider, see your appointments and share documents.\n\n` +
        `Open this link within 7 days to set your password:\n${this.ctx.config.publicUrl}/portal/accept#token=${token}\n\n` +
        `If you were not expecting this, you can ignore this message.`,
      sender,
    );
    return { id, expiresAt: iso(now + INVITE_TTL_MS) };
  }

  /** Whether a client reaches the portal or has an invitation pending (the profile offers an invitation only when neither). */
  async access(s: ResolvedSession, clientId: string, meta: RequestMeta): Promise<PortalAccess> {
    await this.clients.assertVisible(s, clientId);
    const link = await repo.linkOfClient(this.ctx.db, clientId);
    const linked = link !== undefined && link.practice_id === s.user.practiceId ? link : undefined;
    const invitation = linked ? undefined : await repo.latestOpenInvitation(this.ctx.db, s.user.practiceId, clientId);
    const lastSignIn = linked ? await repo.lastSignIn(this.ctx.db, linked.account_id) : null;
    const out: PortalAccess = {
      account: linked ? { linkedAt: iso(Number(linked.created_at)), lastSignInAt: lastSignIn === null ? null : iso(lastSignIn) } : null,
      invitation: invitation
        ? { sentAt: iso(Number(invitation.created_at)), expiresAt: iso(Number(invitation.expires_at)), expired: Number(invitation.expires_at) < this.ctx.clock.now() }
        : null,
    };
    await this.audit(
      {
        actor: { type: 'user', id: s.user.id },
        practiceId: s.user.practiceId,
        action: 'read',
        resource: { type: 'client_portal_access', id: clientId },
        outcome: 'success',
        details: { linked: out.account !== null, invited: out.invitation !== null },
      },
      meta,
    );
    return out;
  }

  private async openToken(token: string, purpose: repo.TokenPurpose) {
    const row = await repo.findToken(this.ctx.db, hashToken(token));
    if (!row || row.purpose !== purpose || row.used_at !== null || row.expires_at < this.ctx.clock.now()) {
      throw new AppError('token_invalid', 400, 'This link is invalid, used or expired; ask for a new one', 'token');
    }
    return row;
  }

  async previewInvitation(token: string): Promise<{ email: string; accountExists: boolean }> {
    const row = await this.openToken(token, 'invitation');
    const record = await this.clients.ownRecord(row.practice_id!, row.client_id!);
    if (!record.email) throw new AppError('token_invalid', 400, 'This invitation can no longer be used', 'token');
    const existing = await repo.findAccountByEmailIdx(this.ctx.db, await this.emailIndex(record.email));
    // An account whose e-mail was never verified belongs to no one yet: the invitation proves the address.
    return { email: record.email, accountExists: existing !== undefined && existing.status !== 'unverified' };
  }

  /**
   * Accepts an invitation: creates the account, or, when this e-mail already has one, links the
   * record to it after checking that account's password. Returns a signed-in session.
   */
  async acceptInvitation(token: string, password: string, meta: RequestMeta): Promise<PortalLoginOutcome> {
    const row = await this.openToken(token, 'invitation');
    const record = await this.clients.ownRecord(row.practice_id!, row.client_id!);
    if (!record.email) throw new AppError('token_invalid', 400, 'This invitation can no longer be used', 'token');
    const found = await repo.findAccountByEmailIdx(this.ctx.db, await this.emailIndex(record.email));
    // A never-verified sign-up with this address (perhaps someone else's) does not block its owner:
    // the invitation link proves the address, so that account is taken over with the new password.
    const unverified = found?.status === 'unverified' ? found : undefined;
    const existing = unverified ? undefined : found;
    if (existing && !(await verifyPassword(existing.password_hash, password))) {
      throw new AppError('invalid_credentials', 401, 'This e-mail already has a portal account: enter its password to add this practice', 'password');
    }
    if (!existing) {
      const [practice] = await repo.practiceNames(this.ctx.db, [row.practice_id!]);
      this.passwordOrThrow(password, record.email, false, 'password', { practiceNames: practice ? [practice] : [], userNames: clientNames(record) });
    }
    const now = this.ctx.clock.now();
    const accountId = await this.ctx.db.transaction().execute(async (tx) => {
      if (!(await repo.useToken(tx, row.id, now))) throw new AppError('token_invalid', 400, 'This invitation was already used', 'token');
      if (unverified) {
        await repo.updateAccount(tx, unverified.id, {
          status: 'active',
          ...(await passwordColumns(password)),
          totp_secret_enc: null,
          totp_pending_secret_enc: null,
          updated_at: now,
        });
        await repo.revokeSessions(tx, { accountId: unverified.id }, now, 'taken_over_by_invitation');
      }
      const accountId = existing?.id ?? unverified?.id ?? (await this.newAccount(tx, record.email!, password, 'active'));
      await repo.insertLink(tx, { account_id: accountId, practice_id: row.practice_id!, client_id: row.client_id!, created_at: now });
      await this.ctx.audit.record(
        { actor: { type: 'client', id: accountId }, practiceId: row.practice_id, action: 'invitation_accepted', resource: { type: 'client', id: row.client_id }, outcome: 'success', ip: meta.ip, userAgent: meta.userAgent },
        tx,
      );
      return accountId;
    });
    return this.startSession(accountId, existing?.totp_secret_enc ? 'mfa_pending' : 'active', meta);
  }

  // ---- self sign-up ----

  /** Always 202: whether the e-mail has an account is not revealed. A verification link is mailed. */
  async register(email: string, password: string, meta: RequestMeta): Promise<void> {
    await this.throttle.take([this.throttle.ip(`portal-register:ip:${meta.ip}`)]);
    this.passwordOrThrow(password, email);
    const existing = await repo.findAccountByEmailIdx(this.ctx.db, await this.emailIndex(email));
    if (existing) {
      await this.mail(
        email,
        'Your secure portal account',
        `Someone tried to create a portal account with this e-mail, which already has one. If it was you, sign in with your existing password, or choose a new one here:\n${this.ctx.config.publicUrl}/portal/forgot\n\nOtherwise you can ignore this message.`,
      );
      return;
    }
    const token = newToken();
    const now = this.ctx.clock.now();
    await this.ctx.db.transaction().execute(async (tx) => {
      const accountId = await this.newAccount(tx, email, password, 'unverified');
      await repo.insertToken(tx, { id: randomUUID(), purpose: 'verify', token_hash: hashToken(token), practice_id: null, client_id: null, account_id: accountId, created_by: null, created_at: now, expires_at: now + VERIFY_TTL_MS, used_at: null });
      await this.ctx.audit.record({ actor: { type: 'client', id: accountId }, practiceId: null, action: 'create', resource: { type: 'client_account', id: accountId }, outcome: 'success', ip: meta.ip, userAgent: meta.userAgent }, tx);
    });
    await this.mail(email, 'Confirm your e-mail', `Confirm your e-mail to finish creating your secure portal account:\n${this.ctx.config.publicUrl}/portal/verify#token=${token}\n\nThe link works once, for 24 hours.`);
  }

  async verify(token: string, meta: RequestMeta): Promise<PortalLoginOutcome> {
    const row = await this.openToken(token, 'verify');
    const now = this.ctx.clock.now();
    await this.ctx.db.transaction().execute(async (tx) => {
      if (!(await repo.useToken(tx, row.id, now))) throw new AppError('token_invalid', 400, 'This link was already used', 'token');
      await repo.updateAccount(tx, row.account_id!, { status: 'active', updated_at: now });
    });
    return this.startSession(row.account_id!, 'active', meta);
  }

  // ---- sign-in ----

  async login(email: string, password: string, meta: RequestMeta): Promise<PortalLoginOutcome> {
    const idx = await this.emailIndex(email);
    const keys = await this.throttle.takeSignIn('portal-login', idx, meta.ip);
    const account = await repo.findAccountByEmailIdx(this.ctx.db, idx);
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
    const account = await repo.findAccountByEmailIdx(this.ctx.db, await this.emailIndex(email));
    const ok = account ? await verifyPassword(account.password_hash, password) : (await burnVerify(password), false);
    return ok && account?.status === 'active' ? 'match' : 'no_match';
  }

  async completeMfa(s: ResolvedPortalSession, code: string, meta: RequestMeta): Promise<PortalLoginOutcome> {
    const key = `portal-mfa:${s.accountId}`;
    await this.throttle.take([this.throttle.account(key)]);
    const account = await repo.findAccount(this.ctx.db, s.accountId);
    if (!account?.totp_secret_enc) throw mfaInvalid();
    // A 6-digit code from the app, or one of the recovery codes shown when the app was set up.
    const factor = await checkSecondFactor(this.ctx, account, code, 'client_accounts');
    if (!factor) {
      await this.audit({ actor: { type: 'client', id: account.id }, practiceId: null, action: 'mfa_challenge_failed', resource: { type: 'client_account', id: account.id }, outcome: 'failure' }, meta);
      throw mfaInvalid();
    }
    await this.throttle.succeeded([key]);
    await repo.revokeSessions(this.ctx.db, { id: s.session.id }, this.ctx.clock.now(), 'mfa_completed');
    const left: Record<string, number> = factor === 'recovery' ? { recoveryCodesLeft: await recoveryCodesLeft(this.ctx.db, account.id, 'client_accounts') } : {};
    return this.startSession(account.id, 'active', meta, `password+${factor}`, left);
  }

  private async startSession(accountId: string, state: 'mfa_pending' | 'active', meta: RequestMeta, factors = 'password', details: Record<string, number> = {}): Promise<PortalLoginOutcome> {
    const now = this.ctx.clock.now();
    const token = newToken();
    const session: repo.PortalSessionRow = {
      id: randomUUID(),
      token_hash: hashToken(token),
      account_id: accountId,
      state,
      csrf_token: randomBytes(32).toString('base64url'),
      created_at: now,
      last_activity_at: now,
      absolute_expires_at: now + (state === 'mfa_pending' ? MFA_PENDING_MS : this.ctx.config.session.absoluteSeconds * 1000),
      ip: meta.ip,
      user_agent: meta.userAgent.slice(0, 256),
      revoked_at: null,
      revoked_reason: null,
    };
    await repo.insertSession(this.ctx.db, session);
    if (state === 'active') {
      await this.audit({ actor: { type: 'client', id: accountId }, practiceId: null, action: 'login', resource: { type: 'client_session', id: session.id }, outcome: 'success', details: { factors, ...details } }, meta);
    }
    return state === 'mfa_pending' ? { kind: 'mfa', token, csrfToken: session.csrf_token } : { kind: 'session', token, csrfToken: session.csrf_token };
  }

  /** Resolves the portal cookie, enforcing the idle and absolute limits on the server. */
  async resolve(token: string): Promise<{ ok: true; value: ResolvedPortalSession } | { ok: false; reason: 'missing' | 'revoked' | 'idle' | 'expired' }> {
    return this.resolveByHash(hashToken(token));
  }

  /** The same by the token's hash (the socket sweep re-checks sessions it holds by id). */
  async resolveByHash(tokenHash: string): Promise<{ ok: true; value: ResolvedPortalSession } | { ok: false; reason: 'missing' | 'revoked' | 'idle' | 'expired' }> {
    const row = await repo.findSessionByHash(this.ctx.db, tokenHash);
    if (!row) return { ok: false, reason: 'missing' };
    if (row.revoked_at !== null) return { ok: false, reason: 'revoked' };
    const now = this.ctx.clock.now();
    const idleSeconds = this.ctx.config.session.idleSeconds;
    const reason = now >= row.absolute_expires_at ? 'expired' : now - row.last_activity_at > idleSeconds * 1000 ? 'idle' : row.account_status !== 'active' ? 'revoked' : null;
    if (reason) {
      await repo.revokeSessions(this.ctx.db, { id: row.id }, now, reason);
      return { ok: false, reason };
    }
    const { account_status: _s, account_totp, ...session } = row;
    return {
      ok: true,
      value: { session, accountId: row.account_id, hasTotp: account_totp !== null, idleSeconds, idleExpiresAt: Math.min(row.last_activity_at + idleSeconds * 1000, row.absolute_expires_at) },
    };
  }

  async touch(s: ResolvedPortalSession): Promise<void> {
    const now = this.ctx.clock.now();
    if (now - s.session.last_activity_at < 1000) return;
    await repo.updateSession(this.ctx.db, s.session.id, { last_activity_at: now });
    s.session.last_activity_at = now;
    s.idleExpiresAt = Math.min(now + s.idleSeconds * 1000, s.session.absolute_expires_at);
  }

  async logout(s: ResolvedPortalSession, meta: RequestMeta): Promise<void> {
    await repo.revokeSessions(this.ctx.db, { id: s.session.id }, this.ctx.clock.now(), 'logout');
    this.ctx.onSessionsEnded([portalSocketKey(s.session.id)], 'logout');
    await this.audit({ actor: { type: 'client', id: s.accountId }, practiceId: null, action: 'logout', resource: { type: 'client_session', id: s.session.id }, outcome: 'success' }, meta);
  }

  // ---- what a signed-in client sees ----

  async me(s: ResolvedPortalSession): Promise<PortalMe> {
    const account = await this.requireAccount(s.accountId);
    const links = await repo.linksOf(this.ctx.db, account.id);
    return {
      account: {
        id: account.id,
        email: await this.accountEmail(account),
        mfa: { totp: account.totp_secret_enc !== null, recoveryCodesLeft: await recoveryCodesLeft(this.ctx.db, account.id, 'client_accounts') },
      },
      links: await Promise.all(
        links.map(async (l) => {
          const rec = await this.clients.ownRecord(l.practice_id, l.client_id);
          return { practiceId: l.practice_id, practiceName: l.practice_name, clientId: l.client_id, firstName: rec.firstName, preferredName: rec.preferredName };
        }),
      ),
      session: { id: s.session.id, idleSeconds: s.idleSeconds, idleExpiresAt: iso(s.idleExpiresAt) },
      csrfToken: s.session.csrf_token,
    };
  }

  /** The practice and client record behind one of this account's links, or 404 (never another's). */
  async linked(s: ResolvedPortalSession, clientId: string): Promise<{ practiceId: string; clientId: string }> {
    const link = await repo.linkOfClient(this.ctx.db, clientId);
    if (!link || link.account_id !== s.accountId) throw notFound('Client');
    return { practiceId: link.practice_id, clientId };
  }

  /** A portal read of something of the client's, audited with the client as actor. */
  recordRead(s: ResolvedPortalSession, practiceId: string, resource: { type: string; id: string }, meta: RequestMeta) {
    return this.ctx.audit.record({ actor: { type: 'client', id: s.accountId }, practiceId, action: 'read', resource, outcome: 'success', details: { via: 'portal' }, ip: meta.ip, userAgent: meta.userAgent });
  }

  async ownRecord(s: ResolvedPortalSession, clientId: string, meta: RequestMeta): Promise<PortalClient> {
    const { practiceId } = await this.linked(s, clientId);
    const record = await this.clients.ownRecord(practiceId, clientId);
    await this.ctx.audit.record({ actor: { type: 'client', id: s.accountId }, practiceId, action: 'read', resource: { type: 'client', id: clientId }, outcome: 'success', details: { via: 'portal' }, ip: meta.ip, userAgent: meta.userAgent });
    return record;
  }

  // ---- optional authenticator app for clients ----

  async startTotp(s: ResolvedPortalSession) {
    const account = await this.requireAccount(s.accountId);
    if (account.totp_secret_enc) throw new AppError('mfa_already_enabled', 409, 'An authenticator app is already set up');
    const secret = newTotpSecret();
    await repo.updateAccount(this.ctx.db, account.id, {
      totp_pending_secret_enc: await this.ctx.crypto.encrypt(PLATFORM, { table: 'client_accounts', column: 'totp_pending_secret_enc', rowId: account.id }, secret),
    });
    const uri = totpUri(secret, 'Hearth portal');
    return { secret, otpauthUrl: uri, qrDataUrl: await qrDataUrl(uri) };
  }

  /** Turns the app on with a first code; returns the recovery codes, shown this once. Other sessions end. */
  async confirmTotp(s: ResolvedPortalSession, code: string, meta: RequestMeta): Promise<string[]> {
    const account = await repo.findAccount(this.ctx.db, s.accountId);
    if (!account?.totp_pending_secret_enc) throw new AppError('mfa_not_enabled', 409, 'Start authenticator setup first');
    const secret = await this.ctx.crypto.decrypt({ table: 'client_accounts', column: 'totp_pending_secret_enc', rowId: account.id }, account.totp_pending_secret_enc);
    const step = await verifyTotp(secret, code.trim(), this.ctx.clock.now(), null);
    if (step === null) throw codeMismatch();
    const now = this.ctx.clock.now();
    return this.ctx.db.transaction().execute(async (tx) => {
      await repo.updateAccount(tx, account.id, {
        totp_secret_enc: await this.ctx.crypto.encrypt(PLATFORM, { table: 'client_accounts', column: 'totp_secret_enc', rowId: account.id }, secret, tx),
        totp_pending_secret_enc: null,
        totp_last_step: step,
        updated_at: now,
      });
      const codes = await issueRecoveryCodes(tx, account.id, 'client_accounts');
      await repo.revokeSessions(tx, { accountId: account.id, exceptId: s.session.id }, now, 'mfa_changed');
      await this.ctx.audit.record(this.event(s, meta, { action: 'mfa_enrolled', resource: { type: 'client_account', id: account.id }, outcome: 'success', details: { factor: 'totp' } }), tx);
      return codes;
    });
  }

  /** Needs the password and a current code (from the app, or a recovery code); other sessions end. */
  async removeTotp(s: ResolvedPortalSession, password: string, code: string, meta: RequestMeta): Promise<void> {
    const account = await this.requireAccount(s.accountId);
    if (!account.totp_secret_enc) throw new AppError('mfa_not_enabled', 409, 'No authenticator app is set up');
    const refused = (reason: string) => this.ctx.audit.record(this.event(s, meta, { action: 'mfa_removed', resource: { type: 'client_account', id: account.id }, outcome: 'failure', details: { factor: 'totp', reason } }));
    try {
      await this.reauthenticate(account, password);
    } catch (err) {
      if (err instanceof AppError && err.code === 'invalid_credentials') await refused('bad_password');
      throw err;
    }
    if (!account.password_single_factor_ok) {
      throw new AppError('password_rejected', 422, 'Your password is shorter than 15 characters; change it before turning off two-step sign-in', 'password');
    }
    const key = `portal-mfa:${account.id}`;
    await this.throttle.take([this.throttle.account(key)]);
    const factor = await checkSecondFactor(this.ctx, account, code, 'client_accounts');
    if (!factor) {
      await refused('bad_code');
      throw codeMismatch();
    }
    await this.throttle.succeeded([key]);
    const now = this.ctx.clock.now();
    await this.ctx.db.transaction().execute(async (tx) => {
      await repo.updateAccount(tx, account.id, { totp_secret_enc: null, totp_pending_secret_enc: null, totp_last_step: null, updated_at: now });
      await replaceRecoveryCodes(tx, account.id, [], 'client_accounts');
      await repo.revokeSessions(tx, { accountId: account.id, exceptId: s.session.id }, now, 'mfa_changed');
      await this.ctx.audit.record(this.event(s, meta, { action: 'mfa_removed', resource: { type: 'client_account', id: account.id }, outcome: 'success', details: { factor: 'totp', confirmedWith: factor } }), tx);
    });
  }

  async regenerateRecoveryCodes(s: ResolvedPortalSession, password: string, meta: RequestMeta): Promise<string[]> {
    const account = await this.requireAccount(s.accountId);
    await this.reauthenticate(account, password);
    if (!account.totp_secret_enc) throw new AppError('mfa_not_enabled', 409, 'Set up an authenticator app first');
    const codes = await issueRecoveryCodes(this.ctx.db, account.id, 'client_accounts');
    await this.ctx.audit.record(this.event(s, meta, { action: 'recovery_codes_generated', resource: { type: 'client_account', id: account.id }, outcome: 'success' }));
    return codes;
  }

  // ---- password: change inside the portal, reset by mail ----

  async changePassword(s: ResolvedPortalSession, current: string, next: string, meta: RequestMeta): Promise<void> {
    const account = await this.requireAccount(s.accountId);
    try {
      await this.reauthenticate(account, current, 'currentPassword');
    } catch (err) {
      if (err instanceof AppError && err.code === 'invalid_credentials') {
        await this.ctx.audit.record(this.event(s, meta, { action: 'password_changed', resource: { type: 'client_account', id: account.id }, outcome: 'failure' }));
      }
      throw err;
    }
    this.passwordOrThrow(next, await this.accountEmail(account), account.totp_secret_enc !== null, 'newPassword', await this.contextWords(account.id));
    const now = this.ctx.clock.now();
    await this.ctx.db.transaction().execute(async (tx) => {
      await repo.updateAccount(tx, account.id, { ...(await passwordColumns(next)), updated_at: now });
      await repo.revokeSessions(tx, { accountId: account.id, exceptId: s.session.id }, now, 'password_changed');
      await this.ctx.audit.record(this.event(s, meta, { action: 'password_changed', resource: { type: 'client_account', id: account.id }, outcome: 'success' }), tx);
    });
  }

  /**
   * Always answers the same way (whether the e-mail has an account is not revealed); throttled per
   * IP and per address. A neutral, single-use link valid one hour is mailed to the account's address.
   */
  async requestReset(email: string, meta: RequestMeta): Promise<void> {
    const idx = await this.emailIndex(email);
    await this.throttle.take([this.throttle.ip(`portal-reset:ip:${meta.ip}`), this.throttle.account(`portal-reset:acct:${idx}`)]);
    const account = await repo.findAccountByEmailIdx(this.ctx.db, idx);
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
    const token = newToken();
    const now = this.ctx.clock.now();
    await repo.insertToken(this.ctx.db, { id: randomUUID(), purpose: 'reset', token_hash: hashToken(token), practice_id: null, client_id: null, account_id: account.id, created_by: null, created_at: now, expires_at: now + RESET_TTL_MS, used_at: null });
    const mail = passwordResetMail(`${this.ctx.config.publicUrl}/portal/reset#token=${token}`, PORTAL_ACCOUNT);
    await this.mail(await this.accountEmail(account), mail.subject, mail.text);
  }

  /**
   * Sets a new password from a reset link and ends every session of the account. It signs no one
   * in: the person signs in afresh, and an account with an authenticator app is still asked for a code.
   */
  async completeReset(token: string, password: string, meta: RequestMeta): Promise<void> {
    const row = await this.openToken(token, 'reset');
    const account = await repo.findAccount(this.ctx.db, row.account_id!);
    if (!account || account.status === 'disabled') throw new AppError('token_invalid', 400, 'This link is invalid, used or expired; ask for a new one', 'token');
    this.passwordOrThrow(password, await this.accountEmail(account), account.totp_secret_enc !== null, 'password', await this.contextWords(account.id));
    const now = this.ctx.clock.now();
    await this.ctx.db.transaction().execute(async (tx) => {
      if (!(await repo.useToken(tx, row.id, now))) throw new AppError('token_invalid', 400, 'This link was already used', 'token');
      await repo.useTokensOf(tx, account.id, 'reset', now);
      await repo.updateAccount(tx, account.id, { ...(await passwordColumns(password)), status: 'active', updated_at: now });
      await repo.revokeSessions(tx, { accountId: account.id }, now, 'password_reset');
      await this.ctx.audit.record(
        {
          actor: { type: 'client', id: account.id },
          practiceId: null,
          action: 'password_reset_completed',
          resource: { type: 'client_account', id: account.id },
          outcome: 'success',
          ...(account.status === 'unverified' ? { details: { verifiedEmail: true } } : {}),
          ip: meta.ip,
          userAgent: meta.userAgent,
        },
        tx,
      );
    });
  }

  // ---- sessions: list, revoke, and the background status check ----

  async listSessions(s: ResolvedPortalSession): Promise<PortalSessionInfo[]> {
    const now = this.ctx.clock.now();
    const rows = await liveSessionsOf(this.ctx.db, s.accountId, now, 'client_sessions');
    return describeLiveSessions(rows, s.session.id, now, s.idleSeconds * 1000).map(({ ip: _ip, ...rest }) => rest);
  }

  /** Ends one of the account's own sessions (another account's answers 404, like a missing one). */
  async revokeSession(s: ResolvedPortalSession, sessionId: string, meta: RequestMeta): Promise<void> {
    const target = await repo.findSession(this.ctx.db, sessionId);
    if (!target || target.account_id !== s.accountId || target.revoked_at !== null) throw notFound('Session');
    await repo.revokeSessions(this.ctx.db, { id: sessionId }, this.ctx.clock.now(), 'revoked');
    this.ctx.onSessionsEnded([portalSocketKey(sessionId)], 'revoked');
    await this.ctx.audit.record(this.event(s, meta, { action: 'session_revoked', resource: { type: 'client_session', id: sessionId }, outcome: 'success' }));
  }

  /** Ends every session of the account but this one; returns how many ended. */
  async revokeOtherSessions(s: ResolvedPortalSession, meta: RequestMeta): Promise<number> {
    const count = await repo.revokeSessions(this.ctx.db, { accountId: s.accountId, exceptId: s.session.id }, this.ctx.clock.now(), 'revoked');
    await this.ctx.audit.record(this.event(s, meta, { action: 'session_revoked', resource: { type: 'client_account', id: s.accountId }, outcome: 'success', details: { scope: 'others', count } }));
    return count;
  }

  sessionStatus(s: ResolvedPortalSession) {
    return { idleExpiresAt: iso(s.idleExpiresAt), absoluteExpiresAt: iso(s.session.absolute_expires_at) };
  }

  /** An event by the signed-in client about their own account (no practice: an account spans practices). */
  private event(s: ResolvedPortalSession, meta: RequestMeta, e: Pick<AuditEvent, 'action' | 'resource' | 'outcome' | 'details'>): AuditEvent {
    return { actor: { type: 'client', id: s.accountId }, practiceId: null, ...e, ip: meta.ip, userAgent: meta.userAgent };
  }
}
