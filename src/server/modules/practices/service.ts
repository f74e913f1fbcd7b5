// Practices, their owners, colleagues and invitations, and the BAA that gates client records.
import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { AppContext, RequestMeta } from '../../context.js';

import type { DbOrTx } from '../../db/index.js';
import { PLATFORM } from '../../crypto/envelope.js';
import { AppError, notFound } from '../../errors.js';
import { iso } from '../../lib/clock.js';
import { hashToken, newToken } from '../../lib/tokens.js';
import type { InviteRequest, SignupRequest, UpdatePracticeRequest, UpdateUserRequest } from '../../../shared/api.js';
import type { StaffRole } from '../../../shared/roles.js';
import * as authRepo from '../auth/repo.js';
import { checkPassword, passwordColumns } from '../auth/passwords.js';
import type { AuthService } from '../auth/service.js';
import type { ResolvedSession } from '../auth/sessions.js';
import { CURRENT_BAA_VERSION } from './baa.js';
import * as repo from './repo.js';

const INVITE_TTL_MS = 7 * 24 * 3600 * 1000;
const SIGNUP_TTL_MS = 24 * 3600 * 1000;

type PasswordColumns = { password_hash: string; password_single_factor_ok: number };
type SignupDetails = { practiceName: string; ownerName: string; email: string; baa: { version: string; signerName: string; signerTitle: string } };

export class PracticeService {
  constructor(
    private readonly ctx: AppContext,
    private readonly auth: AuthService,
  ) {}

  /** How many practices this installation has (the demo seed runs only on an empty one). */
  count(): Promise<number> {
    return repo.countPractices(this.ctx.db);
  }

  private passwordOrThrow(password: string, c: { mfa: boolean; practiceName: string; userName: string; email: string }) {
    const verdict = checkPassword(password, c);
    if (!verdict.ok) throw new AppError('password_rejected', 422, `Password ${verdict.reason}`, 'password');
  }

  private async assertEmailFree(db: DbOrTx, emailIdx: string) {
    if (await authRepo.findUserByEmailIdx(db, emailIdx)) {
      throw new AppError('email_taken', 409, 'An account with this email already exists; sign in or reset the password', 'email');
    }
  }

  /** Creates a practice row and its keys. Callers own the transaction and audit the creation. */
  async createPracticeRecord(tx: DbOrTx, input: { name: string; requireMfa: boolean; demo?: boolean }): Promise<string> {
    const id = randomUUID();
    const now = this.ctx.clock.now();
    await repo.insertPractice(tx, {
      id,
      name: input.name.trim(),
      require_mfa: input.requireMfa ? 1 : 0,
      idle_timeout_minutes: 30,
      demo: input.demo ? 1 : 0,
      created_at: now,
      updated_at: now,
    });
    await this.ctx.crypto.createKeys(tx, id);
    return id;
  }

  /** Creates a staff account with encrypted name and email. Callers own the transaction and audit it. */
  async createUser(
    tx: DbOrTx,
    input: { practiceId: string; name: string; email: string; emailIdx: string; password: string | PasswordColumns; roles: readonly string[] },
  ): Promise<string> {
    const pw = typeof input.password === 'string' ? await passwordColumns(input.password) : input.password;
    const id = randomUUID();
    const now = this.ctx.clock.now();
    await authRepo.insertUser(tx, {
      id,
      practice_id: input.practiceId,
      name_enc: await this.ctx.crypto.encrypt(input.practiceId, { table: 'users', column: 'name_enc', rowId: id }, input.name, tx),
      email_enc: await this.ctx.crypto.encrypt(input.practiceId, { table: 'users', column: 'email_enc', rowId: id }, input.email, tx),
      email_idx: input.emailIdx,
      password_hash: pw.password_hash,
      password_single_factor_ok: pw.password_single_factor_ok,
      totp_secret_enc: null,
      totp_pending_secret_enc: null,
      totp_last_step: null,
      status: 'active',
      created_at: now,
      updated_at: now,
      password_changed_at: now,
    });
    await authRepo.setRoles(tx, id, input.roles);
    return id;
  }

  /** Creates a practice with its owner and BAA acceptance, and signs the owner in. */
  async signup(input: z.infer<typeof SignupRequest>, meta: RequestMeta, opts: { demo?: boolean; requireMfa?: boolean } = {}) {
    const requireMfa = opts.requireMfa ?? true;
    this.checkSignup(input, requireMfa);
    return this.createOwnerPractice({ ...input, password: input.password }, meta, { ...opts, requireMfa });
  }

  private checkSignup(input: z.infer<typeof SignupRequest>, requireMfa: boolean) {
    if (input.baa.version !== CURRENT_BAA_VERSION) {
      throw new AppError('validation_failed', 400, `baa.version: the current BAA is version ${CURRENT_BAA_VERSION}; read and accept that one`, 'baa.version');
    }
    // New practices require MFA by default, so the owner's password needs only the MFA minimum.
    this.passwordOrThrow(input.password, { mfa: requireMfa, practiceName: input.practiceName, userName: input.ownerName, email: input.email });
  }

  /**
   * Sign-up from the public page: answers the same whether or not the address has an account, in
   * the same time. Both paths hash the password (argon2id), seal the details, store a request
   * row and send one mail: to a new address the link that completes the sign-up
   * (verifySignup), to an address with an account a notice that someone tried to create one
   * with it. The request row of a taken address carries a token nobody is ever given.
   */
  async requestSignup(input: z.infer<typeof SignupRequest>, meta: RequestMeta): Promise<void> {
    this.checkSignup(input, true);
    const emailIdx = await this.auth.emailIndex(input.email);
    // Per address: a stranger cannot flood one mailbox with sign-up mail (counted before the lookup).
    await this.auth.throttle.take([this.auth.throttle.account(`signup:addr:${emailIdx}`)]);
    const pw = await passwordColumns(input.password);
    const id = randomUUID();
    const token = newToken();
    const now = this.ctx.clock.now();
    const details: SignupDetails = {
      practiceName: input.practiceName.trim(),
      ownerName: input.ownerName.trim(),
      email: input.email.trim(),
      baa: { version: input.baa.version, signerName: input.baa.signerName, signerTitle: input.baa.signerTitle },
    };
    const detailsEnc = await this.ctx.crypto.encrypt(PLATFORM, { table: 'signup_requests', column: 'details_enc', rowId: id }, JSON.stringify(details));
    const taken = (await authRepo.findUserByEmailIdx(this.ctx.db, emailIdx)) !== undefined;
    await repo.deleteExpiredSignups(this.ctx.db, now);
    await repo.insertSignup(this.ctx.db, { id, token_hash: hashToken(token), email_idx: emailIdx, details_enc: detailsEnc, ...pw, ip: meta.ip, created_at: now, expires_at: now + SIGNUP_TTL_MS, used_at: null });
    if (taken) {
      await this.ctx.mailer.send({
        to: details.email,
        subject: 'Someone tried to create a Hearth account with your address',
        text:
          `Someone tried to sign a practice up on Hearth with this e-mail address. You already have a Hearth account with it, so nothing was created.\n\n` +
          `If it was you: sign in at ${this.ctx.config.publicUrl}/login (or reset your password there).\n` +
          `If it was not you, you can ignore this message; your account has not changed.`,
      });
      return;
    }
    const link = `${this.ctx.config.publicUrl}/signup/verify#token=${token}`;
    await this.ctx.mailer.send({
      to: details.email,
      subject: 'Finish signing your practice up on Hearth',
      text:
        `To finish creating your practice on Hearth, open this link within 24 hours:\n${link}\n\n` +
        `The link works once. If you did not sign up, you can ignore this message; nothing is created until the link is opened.`,
    });
  }

  /** Completes a sign-up from its mailed link: creates the practice and its owner, and signs the owner in. */
  async verifySignup(token: string, meta: RequestMeta) {
    const row = await repo.findSignupByTokenHash(this.ctx.db, hashToken(token));
    const now = this.ctx.clock.now();
    if (!row || row.used_at !== null || row.expires_at < now) {
      throw new AppError('token_invalid', 400, 'This sign-up link is invalid, used or expired; sign up again', 'token');
    }
    if (!(await repo.useSignup(this.ctx.db, row.id, now))) throw new AppError('token_invalid', 400, 'This sign-up link was already used', 'token');
    const details = JSON.parse(await this.ctx.crypto.decrypt({ table: 'signup_requests', column: 'details_enc', rowId: row.id }, row.details_enc)) as SignupDetails;
    const out = await this.createOwnerPractice(
      { ...details, password: { password_hash: row.password_hash, password_single_factor_ok: row.password_single_factor_ok } },
      meta,
      { requireMfa: true },
    );
    await repo.deleteSignup(this.ctx.db, row.id);
    return out;
  }

  private async createOwnerPractice(
    input: Omit<SignupDetails, 'baa'> & { baa: { version: string; signerName: string; signerTitle: string }; password: string | PasswordColumns },
    meta: RequestMeta,
    opts: { demo?: boolean; requireMfa: boolean },
  ) {
    const requireMfa = opts.requireMfa;
    const emailIdx = await this.auth.emailIndex(input.email);
    await this.assertEmailFree(this.ctx.db, emailIdx);
    const now = this.ctx.clock.now();
    const result = await this.ctx.db.transaction().execute(async (tx) => {
      const practiceId = await this.createPracticeRecord(tx, { name: input.practiceName, requireMfa, demo: opts.demo ?? false });
      const userId = await this.createUser(tx, {
        practiceId,
        name: input.ownerName.trim(),
        email: input.email.trim(),
        emailIdx,
        password: input.password,
        roles: ['owner', 'provider'],
      });
      const baaId = randomUUID();
      await repo.insertBaa(tx, {
        id: baaId,
        practice_id: practiceId,
        version: input.baa.version,
        signer_name_enc: await this.ctx.crypto.encrypt(practiceId, { table: 'baa_acceptances', column: 'signer_name_enc', rowId: baaId }, input.baa.signerName, tx),
        signer_title_enc: await this.ctx.crypto.encrypt(practiceId, { table: 'baa_acceptances', column: 'signer_title_enc', rowId: baaId }, input.baa.signerTitle, tx),
        accepted_by_user_id: userId,
        accepted_at: now,
        ip: meta.ip,
      });
      const actor = { type: 'user' as const, id: userId };
      const common = { actor, practiceId, outcome: 'success' as const, ip: meta.ip, userAgent: meta.userAgent };
      await this.ctx.audit.record({ ...common, action: 'create', resource: { type: 'practice', id: practiceId } }, tx);
      await this.ctx.audit.record({ ...common, action: 'baa_accepted', resource: { type: 'baa_acceptance', id: baaId }, details: { version: input.baa.version } }, tx);
      const session = await this.auth.sessions.create(tx, { userId, practiceId, activeRole: 'owner', state: 'active', meta });
      await this.ctx.audit.record({ ...common, action: 'login', resource: { type: 'session', id: session.session.id }, details: { factors: 'password', via: 'signup' } }, tx);
      return { practiceId, userId, ...session };
    });
    return { ...result, mfaEnrollmentRequired: requireMfa };
  }

  /** A practice created without a BAA (operator CLI) accepts it here before storing client records. */
  async acceptBaa(s: ResolvedSession, baa: z.infer<typeof SignupRequest>['baa'], meta: RequestMeta) {
    if (baa.version !== CURRENT_BAA_VERSION) throw new AppError('validation_failed', 400, `baa.version: the current BAA is version ${CURRENT_BAA_VERSION}`, 'version');
    const id = randomUUID();
    const pid = s.user.practiceId;
    await this.ctx.db.transaction().execute(async (tx) => {
      await repo.insertBaa(tx, {
        id,
        practice_id: pid,
        version: baa.version,
        signer_name_enc: await this.ctx.crypto.encrypt(pid, { table: 'baa_acceptances', column: 'signer_name_enc', rowId: id }, baa.signerName, tx),
        signer_title_enc: await this.ctx.crypto.encrypt(pid, { table: 'baa_acceptances', column: 'signer_title_enc', rowId: id }, baa.signerTitle, tx),
        accepted_by_user_id: s.user.id,
        accepted_at: this.ctx.clock.now(),
        ip: meta.ip,
      });
      await this.ctx.audit.record(
        { actor: { type: 'user', id: s.user.id }, practiceId: pid, action: 'baa_accepted', resource: { type: 'baa_acceptance', id }, outcome: 'success', details: { version: baa.version }, ip: meta.ip, userAgent: meta.userAgent },
        tx,
      );
    });
  }

  /** The gate every client-record write passes: no accepted BAA, no PHI stored. */
  async assertBaaAccepted(practiceId: string): Promise<void> {
    if (!(await repo.latestBaa(this.ctx.db, practiceId))) {
      throw new AppError('baa_required', 403, 'Your practice must accept the Business Associate Agreement before storing client records');
    }
  }

  /** What every signed-in page needs to know about its practice (no PHI). */
  async summary(practiceId: string) {
    const p = await repo.findPractice(this.ctx.db, practiceId);
    if (!p) throw notFound('Practice');
    return {
      id: p.id,
      name: p.name,
      requireMfa: p.require_mfa === 1,
      idleTimeoutMinutes: p.idle_timeout_minutes,
      demo: p.demo === 1,
      baaAccepted: (await repo.latestBaa(this.ctx.db, practiceId)) !== undefined,
    };
  }

  /** Settings include the BAA signer's name: reading them through the API is audited. */
  async settingsFor(s: ResolvedSession, meta: RequestMeta) {
    const out = await this.settings(s.user.practiceId);
    await this.ctx.audit.record({ actor: { type: 'user', id: s.user.id }, practiceId: s.user.practiceId, action: 'read', resource: { type: 'practice_settings', id: s.user.practiceId }, outcome: 'success', ip: meta.ip, userAgent: meta.userAgent });
    return out;
  }

  async clientFlags(practiceId: string): Promise<{ providersSeeAll: boolean }> {
    const p = await repo.findPractice(this.ctx.db, practiceId);
    if (!p) throw notFound('Practice');
    return { providersSeeAll: p.providers_see_all_clients === 1 };
  }

  /** Whether a client is mailed (PHI-free) when staff reply to their message: on unless the practice turned it off. */
  async replyMailOn(practiceId: string): Promise<boolean> {
    const p = await repo.findPractice(this.ctx.db, practiceId);
    return p !== undefined && p.reply_mail_to_clients !== 0;
  }

  async settings(practiceId: string) {
    const { baaAccepted: _accepted, ...base } = await this.summary(practiceId);
    const baa = await repo.latestBaa(this.ctx.db, practiceId);
    return {
      ...base,
      providersSeeAllClients: (await this.clientFlags(practiceId)).providersSeeAll,
      replyMailToClients: await this.replyMailOn(practiceId),
      baa: baa
        ? {
            version: baa.version,
            signerName: await this.ctx.crypto.decrypt({ table: 'baa_acceptances', column: 'signer_name_enc', rowId: baa.id }, baa.signer_name_enc),
            signerTitle: await this.ctx.crypto.decrypt({ table: 'baa_acceptances', column: 'signer_title_enc', rowId: baa.id }, baa.signer_title_enc),
            acceptedAt: iso(baa.accepted_at),
          }
        : null,
    };
  }

  async updateSettings(s: ResolvedSession, patch: z.infer<typeof UpdatePracticeRequest>, meta: RequestMeta) {
    const changed: string[] = [];
    const set: Parameters<typeof repo.updatePractice>[2] = { updated_at: this.ctx.clock.now() };
    if (patch.name !== undefined) {
      set.name = patch.name.trim();
      changed.push('name');
    }
    if (patch.requireMfa !== undefined) {
      set.require_mfa = patch.requireMfa ? 1 : 0;
      changed.push('requireMfa');
    }
    if (patch.idleTimeoutMinutes !== undefined) {
      set.idle_timeout_minutes = patch.idleTimeoutMinutes;
      changed.push('idleTimeoutMinutes');
    }
    if (patch.providersSeeAllClients !== undefined) {
      set.providers_see_all_clients = patch.providersSeeAllClients ? 1 : 0;
      changed.push('providersSeeAllClients');
    }
    if (patch.replyMailToClients !== undefined) {
      set.reply_mail_to_clients = patch.replyMailToClients ? 1 : 0;
      changed.push('replyMailToClients');
    }
    await this.ctx.db.transaction().execute(async (tx) => {
      await repo.updatePractice(tx, s.user.practiceId, set);
      await this.ctx.audit.record(
        {
          actor: { type: 'user', id: s.user.id },
          practiceId: s.user.practiceId,
          action: 'setting_change',
          resource: { type: 'practice', id: s.user.practiceId },
          outcome: 'success',
          details: { fields: changed, ...(patch.providersSeeAllClients !== undefined ? { providersSeeAllClients: patch.providersSeeAllClients } : {}), ...(patch.replyMailToClients !== undefined ? { replyMailToClients: patch.replyMailToClients } : {}), ...(patch.requireMfa !== undefined ? { requireMfa: patch.requireMfa } : {}), ...(patch.idleTimeoutMinutes !== undefined ? { idleTimeoutMinutes: patch.idleTimeoutMinutes } : {}) },
          ip: meta.ip,
          userAgent: meta.userAgent,
        },
        tx,
      );
    });
    return this.settings(s.user.practiceId);
  }

  async users(s: ResolvedSession, meta: RequestMeta) {
    const pid = s.user.practiceId;
    const rows = await repo.practiceUsers(this.ctx.db, pid);
    const roles = await repo.rolesByUser(this.ctx.db, pid);
    const mfa = await repo.mfaEnabledUsers(this.ctx.db, pid);
    await this.ctx.audit.record({ actor: { type: 'user', id: s.user.id }, practiceId: pid, action: 'read', resource: { type: 'user_list', id: pid }, outcome: 'success', ip: meta.ip, userAgent: meta.userAgent });
    return Promise.all(
      rows.map(async (u) => ({
        id: u.id,
        ...(await this.auth.names(u)),
        roles: (roles.get(u.id) ?? []) as StaffRole[],
        status: u.status,
        mfaEnabled: mfa.has(u.id),
        createdAt: iso(u.created_at),
      })),
    );
  }

  async updateUser(s: ResolvedSession, userId: string, patch: z.infer<typeof UpdateUserRequest>, meta: RequestMeta) {
    const pid = s.user.practiceId;
    const target = await authRepo.findUserById(this.ctx.db, userId);
    if (!target || target.practice_id !== pid) throw notFound('User');
    await this.ctx.db.transaction().execute(async (tx) => {
      if (patch.roles) {
        const unique = [...new Set(patch.roles)];
        if (userId === s.user.id && !unique.includes('owner')) {
          throw new AppError('conflict', 409, 'You cannot remove your own owner role; ask another owner', 'roles');
        }
        await authRepo.setRoles(tx, userId, unique);
        await this.ctx.audit.record(
          { actor: { type: 'user', id: s.user.id }, practiceId: pid, action: 'role_change', resource: { type: 'user', id: userId }, outcome: 'success', details: { roles: unique }, ip: meta.ip, userAgent: meta.userAgent },
          tx,
        );
      }
      if (patch.status && patch.status !== target.status) {
        if (userId === s.user.id) throw new AppError('conflict', 409, 'You cannot disable your own account', 'status');
        await authRepo.updateUser(tx, userId, { status: patch.status, updated_at: this.ctx.clock.now() });
        if (patch.status === 'disabled') await this.auth.sessions.revoke(tx, { userId }, 'user_disabled');
        await this.ctx.audit.record(
          { actor: { type: 'user', id: s.user.id }, practiceId: pid, action: 'update', resource: { type: 'user', id: userId }, outcome: 'success', details: { status: patch.status }, ip: meta.ip, userAgent: meta.userAgent },
          tx,
        );
      }
      const owners = await tx
        .selectFrom('user_roles')
        .innerJoin('users', 'users.id', 'user_roles.user_id')
        .select('users.id')
        .where('users.practice_id', '=', pid)
        .where('user_roles.role', '=', 'owner')
        .where('users.status', '=', 'active')
        .execute();
      if (!owners.length) throw new AppError('conflict', 409, 'A practice must keep at least one active owner', 'roles');
    });
    return (await this.users(s, meta)).find((u) => u.id === userId)!;
  }

  async userSessions(s: ResolvedSession, userId: string, meta: RequestMeta) {
    const target = await authRepo.findUserById(this.ctx.db, userId);
    if (!target || target.practice_id !== s.user.practiceId) throw notFound('User');
    await this.ctx.audit.record({ actor: { type: 'user', id: s.user.id }, practiceId: s.user.practiceId, action: 'read', resource: { type: 'user_sessions', id: userId }, outcome: 'success', ip: meta.ip, userAgent: meta.userAgent });
    return this.auth.listSessions(userId, s.session.id);
  }

  // ---- invitations ----

  async invite(s: ResolvedSession, input: z.infer<typeof InviteRequest>, meta: RequestMeta) {
    const pid = s.user.practiceId;
    const emailIdx = await this.auth.emailIndex(input.email);
    // An address that already has an account is invited like any other (same answer, same work,
    // a row that shows as pending), so the answer does not tell which addresses have accounts; its
    // owner is mailed a notice instead of the link, and the row can never be accepted.
    const taken = (await authRepo.findUserByEmailIdx(this.ctx.db, emailIdx)) !== undefined;
    const practice = await repo.findPractice(this.ctx.db, pid);
    if (!practice) throw notFound('Practice');
    const id = randomUUID();
    const token = newToken();
    const now = this.ctx.clock.now();
    const roles = [...new Set(input.roles)];
    await this.ctx.db.transaction().execute(async (tx) => {
      await repo.insertInvitation(tx, {
        id,
        practice_id: pid,
        email_enc: await this.ctx.crypto.encrypt(pid, { table: 'invitations', column: 'email_enc', rowId: id }, input.email.trim(), tx),
        email_idx: emailIdx,
        name_enc: await this.ctx.crypto.encrypt(pid, { table: 'invitations', column: 'name_enc', rowId: id }, input.name.trim(), tx),
        roles: JSON.stringify(roles),
        token_hash: hashToken(token),
        invited_by: s.user.id,
        created_at: now,
        expires_at: now + INVITE_TTL_MS,
        accepted_at: null,
        revoked_at: null,
      });
      await this.ctx.audit.record(
        { actor: { type: 'user', id: s.user.id }, practiceId: pid, action: 'invitation_sent', resource: { type: 'invitation', id }, outcome: 'success', details: { roles }, ip: meta.ip, userAgent: meta.userAgent },
        tx,
      );
    });
    const link = `${this.ctx.config.publicUrl}/accept-invite#token=${token}`;
    await this.ctx.mailer.send(taken ? {
      to: input.email.trim(),
      subject: `${practice.name} tried to invite you to Hearth`,
      text:
        `${practice.name} tried to invite this e-mail address to join them on Hearth. You already have a Hearth account with it, so no invitation was created.\n\n` +
        `One address holds one Hearth account. If you want to work with them on Hearth, ask them to invite another address of yours.\n` +
        `Sign in to your account at ${this.ctx.config.publicUrl}/login. If you were not expecting this, you can ignore this message.`,
    } : {
      to: input.email.trim(),
      subject: `You're invited to join ${practice.name} on Hearth`,
      text:
        `${practice.name} has invited you to join them on Hearth.\n\n` +
        `To accept, open this link within 7 days and choose a password:\n${link}\n\n` +
        `The link works once. If you were not expecting this, you can ignore this message.`,
    });
    return this.invitationInfo(await repo.findInvitation(this.ctx.db, pid, id));
  }

  private async invitationInfo(row: Awaited<ReturnType<typeof repo.findInvitation>>) {
    if (!row) throw notFound('Invitation');
    const now = this.ctx.clock.now();
    return {
      id: row.id,
      email: await this.ctx.crypto.decrypt({ table: 'invitations', column: 'email_enc', rowId: row.id }, row.email_enc),
      name: await this.ctx.crypto.decrypt({ table: 'invitations', column: 'name_enc', rowId: row.id }, row.name_enc),
      roles: JSON.parse(row.roles) as StaffRole[],
      createdAt: iso(row.created_at),
      expiresAt: iso(row.expires_at),
      status: (row.accepted_at ? 'accepted' : row.revoked_at ? 'revoked' : row.expires_at < now ? 'expired' : 'pending') as
        | 'accepted'
        | 'revoked'
        | 'expired'
        | 'pending',
    };
  }

  async invitations(s: ResolvedSession, meta: RequestMeta) {
    const rows = await repo.practiceInvitations(this.ctx.db, s.user.practiceId);
    await this.ctx.audit.record({ actor: { type: 'user', id: s.user.id }, practiceId: s.user.practiceId, action: 'read', resource: { type: 'invitation_list', id: s.user.practiceId }, outcome: 'success', ip: meta.ip, userAgent: meta.userAgent });
    return Promise.all(rows.map((r) => this.invitationInfo(r)));
  }

  async revokeInvitation(s: ResolvedSession, id: string, meta: RequestMeta) {
    const row = await repo.findInvitation(this.ctx.db, s.user.practiceId, id);
    if (!row) throw notFound('Invitation');
    if (!(await repo.closeInvitation(this.ctx.db, id, 'revoked_at', this.ctx.clock.now()))) {
      throw new AppError('conflict', 409, 'This invitation is no longer pending');
    }
    await this.ctx.audit.record({ actor: { type: 'user', id: s.user.id }, practiceId: s.user.practiceId, action: 'invitation_revoked', resource: { type: 'invitation', id }, outcome: 'success', ip: meta.ip, userAgent: meta.userAgent });
  }

  private async openInvitation(token: string) {
    const row = await repo.findInvitationByTokenHash(this.ctx.db, hashToken(token));
    if (!row || row.accepted_at !== null || row.revoked_at !== null || row.expires_at < this.ctx.clock.now()) {
      throw new AppError('token_invalid', 400, 'This invitation link is invalid, used or expired; ask for a new one', 'token');
    }
    return row;
  }

  async previewInvitation(token: string) {
    const row = await this.openInvitation(token);
    const practice = await repo.findPractice(this.ctx.db, row.practice_id);
    const info = await this.invitationInfo(row);
    return { practiceName: practice?.name ?? '', name: info.name, email: info.email, roles: info.roles, requireMfa: practice?.require_mfa === 1 };
  }

  async acceptInvitation(token: string, name: string, password: string, meta: RequestMeta) {
    const row = await this.openInvitation(token);
    const practice = await repo.findPractice(this.ctx.db, row.practice_id);
    if (!practice) throw notFound('Practice');
    const info = await this.invitationInfo(row);
    this.passwordOrThrow(password, { mfa: practice.require_mfa === 1, practiceName: practice.name, userName: name, email: info.email });
    await this.assertEmailFree(this.ctx.db, row.email_idx);
    const result = await this.ctx.db.transaction().execute(async (tx) => {
      if (!(await repo.closeInvitation(tx, row.id, 'accepted_at', this.ctx.clock.now()))) {
        throw new AppError('token_invalid', 400, 'This invitation was already used', 'token');
      }
      const userId = await this.createUser(tx, {
        practiceId: practice.id,
        name: name.trim(),
        email: info.email,
        emailIdx: row.email_idx,
        password,
        roles: info.roles,
      });
      const common = { actor: { type: 'user' as const, id: userId }, practiceId: practice.id, outcome: 'success' as const, ip: meta.ip, userAgent: meta.userAgent };
      await this.ctx.audit.record({ ...common, action: 'invitation_accepted', resource: { type: 'invitation', id: row.id } }, tx);
      const activeRole = info.roles.includes('provider') ? 'provider' : info.roles[0]!;
      const session = await this.auth.sessions.create(tx, { userId, practiceId: practice.id, activeRole, state: 'active', meta });
      await this.ctx.audit.record({ ...common, action: 'login', resource: { type: 'session', id: session.session.id }, details: { factors: 'password', via: 'invitation' } }, tx);
      return session;
    });
    return { ...result, mfaEnrollmentRequired: practice.require_mfa === 1 };
  }
}

