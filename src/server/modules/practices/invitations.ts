// Practices: invitations of colleagues — sending one (or a notice to an address that already has
// an account), listing and revoking them, and accepting one, which creates the account and signs it
// in. PracticeService composes it.
import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { AppContext, RequestMeta } from '../../context.js';
import { AppError, conflict, notFound } from '../../errors.js';
import { iso } from '../../lib/clock.js';
import { hashToken, newToken } from '../../lib/tokens.js';
import type { InviteRequest } from '../../../shared/api.js';
import type { StaffRole } from '../../../shared/roles.js';
import { identity, type AuthService, type ResolvedSession } from '../auth/index.js';
import { assertEmailFree, passwordOrThrow } from './accounts.js';
import * as repo from './repo.js';
import type { PracticeService } from './service.js';

const INVITE_TTL_MS = 7 * 24 * 3600 * 1000;

export class PracticeInvitations {
  constructor(
    private readonly ctx: AppContext,
    private readonly auth: AuthService,
    private readonly svc: PracticeService,
  ) {}

  async invite(s: ResolvedSession, input: z.infer<typeof InviteRequest>, meta: RequestMeta) {
    const pid = s.user.practiceId;
    const emailIdx = await this.auth.emailIndex(input.email);
    // An address that already has an account is invited like any other (same answer, same work,
    // a row that shows as pending), so the answer does not tell which addresses have accounts; its
    // owner is mailed a notice instead of the link, and the row can never be accepted.
    const taken = (await identity.findUserByEmailIdx(this.ctx.db, emailIdx)) !== undefined;
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
      throw conflict('This invitation is no longer pending');
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
    passwordOrThrow(password, { mfa: practice.require_mfa === 1, practiceName: practice.name, userName: name, email: info.email });
    await assertEmailFree(this.ctx.db, row.email_idx);
    const result = await this.ctx.db.transaction().execute(async (tx) => {
      if (!(await repo.closeInvitation(tx, row.id, 'accepted_at', this.ctx.clock.now()))) {
        throw new AppError('token_invalid', 400, 'This invitation was already used', 'token');
      }
      const userId = await this.svc.createUser(tx, {
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
