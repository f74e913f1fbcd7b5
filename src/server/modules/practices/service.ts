// Practices, their owners, colleagues and invitations, and the BAA that gates client records.
// Invitations are in invitations.ts, which the service composes.
import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { AppContext, RequestMeta } from '../../context.js';

import type { DbOrTx } from '../../db/index.js';
import { PLATFORM } from '../../crypto/envelope.js';
import { AppError, conflict, invalid, notFound } from '../../errors.js';
import { iso } from '../../lib/clock.js';
import { hashToken, newToken } from '../../lib/tokens.js';
import type { InviteRequest, SignupRequest, UpdatePracticeRequest, UpdateUserRequest } from '../../../shared/api.js';
import type { StaffRole } from '../../../shared/roles.js';
import { identity, passwordColumns, type AuthService, type ResolvedSession } from '../auth/index.js';
import { assertEmailFree, passwordOrThrow } from './accounts.js';
import { CURRENT_BAA_VERSION } from './baa.js';
import { PracticeInvitations } from './invitations.js';
import * as repo from './repo.js';

const SIGNUP_TTL_MS = 24 * 3600 * 1000;

type PasswordColumns = { password_hash: string; password_single_factor_ok: number };
type SignupDetails = { practiceName: string; ownerName: string; email: string; baa: { version: string; signerName: string; signerTitle: string } };

export class PracticeService {
  /** Invitations of colleagues (invitations.ts). */
  private readonly invites: PracticeInvitations;

  constructor(
    private readonly ctx: AppContext,
    private readonly auth: AuthService,
  ) {
    this.invites = new PracticeInvitations(ctx, auth, this);
  }

  /** How many practices this installation has (the demo seed runs only on an empty one). */
  count(): Promise<number> {
    return repo.countPractices(this.ctx.db);
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
    await identity.insertUser(tx, {
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
    await identity.setRoles(tx, id, input.roles);
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
      throw invalid('baa.version', `the current BAA is version ${CURRENT_BAA_VERSION}; read and accept that one`);
    }
    // New practices require MFA by default, so the owner's password needs only the MFA minimum.
    passwordOrThrow(input.password, { mfa: requireMfa, practiceName: input.practiceName, userName: input.ownerName, email: input.email });
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
    const taken = (await identity.findUserByEmailIdx(this.ctx.db, emailIdx)) !== undefined;
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
    await assertEmailFree(this.ctx.db, emailIdx);
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

  /** The practice's client version: the clients module tags its list index with it. */
  clientsVersion(practiceId: string): Promise<number> {
    return repo.clientsVersion(this.ctx.db, this.ctx.dialect, practiceId);
  }

  /** Moves the practice's client version on inside the writing transaction; returns the new value. */
  bumpClientsVersion(tx: DbOrTx, practiceId: string): Promise<number> {
    return repo.bumpClientsVersion(tx, practiceId);
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
    const rows = await identity.practiceUsers(this.ctx.db, pid);
    const roles = await identity.rolesByUser(this.ctx.db, pid);
    const mfa = await identity.mfaEnabledUsers(this.ctx.db, pid);
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
    const target = await identity.findUserById(this.ctx.db, userId);
    if (!target || target.practice_id !== pid) throw notFound('User');
    await this.ctx.db.transaction().execute(async (tx) => {
      if (patch.roles) {
        const unique = [...new Set(patch.roles)];
        if (userId === s.user.id && !unique.includes('owner')) {
          throw conflict('You cannot remove your own owner role; ask another owner', 'roles');
        }
        await identity.setRoles(tx, userId, unique);
        await this.ctx.audit.record(
          { actor: { type: 'user', id: s.user.id }, practiceId: pid, action: 'role_change', resource: { type: 'user', id: userId }, outcome: 'success', details: { roles: unique }, ip: meta.ip, userAgent: meta.userAgent },
          tx,
        );
      }
      if (patch.status && patch.status !== target.status) {
        if (userId === s.user.id) throw conflict('You cannot disable your own account', 'status');
        await identity.updateUser(tx, userId, { status: patch.status, updated_at: this.ctx.clock.now() });
        if (patch.status === 'disabled') await this.auth.sessions.revoke(tx, { userId }, 'user_disabled');
        await this.ctx.audit.record(
          { actor: { type: 'user', id: s.user.id }, practiceId: pid, action: 'update', resource: { type: 'user', id: userId }, outcome: 'success', details: { status: patch.status }, ip: meta.ip, userAgent: meta.userAgent },
          tx,
        );
      }
      const owners = await identity.usersWithRole(tx, pid, 'owner');
      if (!owners.length) throw conflict('A practice must keep at least one active owner', 'roles');
    });
    return (await this.users(s, meta)).find((u) => u.id === userId)!;
  }

  async userSessions(s: ResolvedSession, userId: string, meta: RequestMeta) {
    const target = await identity.findUserById(this.ctx.db, userId);
    if (!target || target.practice_id !== s.user.practiceId) throw notFound('User');
    await this.ctx.audit.record({ actor: { type: 'user', id: s.user.id }, practiceId: s.user.practiceId, action: 'read', resource: { type: 'user_sessions', id: userId }, outcome: 'success', ip: meta.ip, userAgent: meta.userAgent });
    return this.auth.listSessions(userId, s.session.id);
  }

  // ---- invitations (invitations.ts) ----

  invite(s: ResolvedSession, input: z.infer<typeof InviteRequest>, meta: RequestMeta) {
    return this.invites.invite(s, input, meta);
  }

  invitations(s: ResolvedSession, meta: RequestMeta) {
    return this.invites.invitations(s, meta);
  }

  revokeInvitation(s: ResolvedSession, id: string, meta: RequestMeta) {
    return this.invites.revokeInvitation(s, id, meta);
  }

  previewInvitation(token: string) {
    return this.invites.previewInvitation(token);
  }

  acceptInvitation(token: string, name: string, password: string, meta: RequestMeta) {
    return this.invites.acceptInvitation(token, name, password, meta);
  }
}
