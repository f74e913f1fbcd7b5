// The client portal as clients see it: the link between a portal account and client records at
// practices (an invitation from a practice, accepted with the account's password), what a signed-in
// client sees of their records, and the staff view of a client's portal access. Accounts,
// passwords, second factors and sessions are the identity module's (modules/auth, 'client'
// principal). Mail says nothing about the care: no client name, only the practice's name as it
// signs its mail (an invitation says who invites), and an opaque link.
import type { AppContext, RequestMeta } from '../../context.js';
import { AppError, notFound } from '../../errors.js';
import { ClientError, clientInvalid, clientTokenInvalid } from '../../i18n/errors.js';
import { iso } from '../../lib/clock.js';
import { t, withLang, type Locale } from '../../i18n/index.js';
import type { PortalAccess, PortalClient, PortalMe } from '../../../shared/portal.js';
import type { AuditEvent } from '../audit/index.js';
import { NEUTRAL_SENDER, portalMail, type AuthService, type PortalLoginOutcome, type PortalPasswordWords, type ResolvedPortalSession, type ResolvedSession } from '../auth/index.js';
import type { ClientService } from '../clients/index.js';
import * as repo from './repo.js';

const INVITE_TTL_MS = 7 * 24 * 3600 * 1000;

const clientNames = (r: { firstName: string; lastName: string; preferredName: string | null }) => [r.firstName, r.lastName, ...(r.preferredName ? [r.preferredName] : [])];

export class PortalService {
  constructor(
    private readonly ctx: AppContext,
    private readonly identity: AuthService,
    private readonly clients: ClientService,
    /** The practice's neutral sender name for mail (messaging's practice profile). */
    private readonly senderName: (practiceId: string) => Promise<string> = async () => NEUTRAL_SENDER,
  ) {}

  private audit(e: Omit<AuditEvent, 'ip' | 'userAgent'>, meta: RequestMeta) {
    return this.ctx.audit.record({ ...e, ip: meta.ip, userAgent: meta.userAgent });
  }

  /**
   * The names a password of this account must not contain (beside the e-mail): its practices'
   * and its client records'. The identity module asks when a portal password is set.
   */
  passwordWords: PortalPasswordWords = async (accountId) => {
    const links = await repo.linksOf(this.ctx.db, accountId);
    const records = await Promise.all(links.map((l) => this.clients.ownRecord(l.practice_id, l.client_id).catch(() => null)));
    return { practiceNames: links.map((l) => l.practice_name), userNames: records.flatMap((r) => (r ? clientNames(r) : [])) };
  };

  // ---- invitation from a practice ----

  async invite(s: ResolvedSession, clientId: string, meta: RequestMeta): Promise<{ id: string; expiresAt: string }> {
    const target = await this.clients.invitationTarget(s, clientId);
    if (!target.email) throw new AppError('validation_failed', 400, 'email: the client has no e-mail address on file', 'email');
    if (!target.emailConsent) throw new AppError('conflict', 409, 'consents.email: the client has not agreed to receive e-mail', 'consents.email');
    if (await repo.linkOfClient(this.ctx.db, clientId)) throw new AppError('conflict', 409, 'This client already has portal access');
    const now = this.ctx.clock.now();
    const { id, token } = await this.ctx.db.transaction().execute(async (tx) => {
      const issued = await this.identity.clients.issueToken(tx, {
        purpose: 'invitation',
        practice_id: s.user.practiceId,
        client_id: clientId,
        account_id: null,
        created_by: s.user.id,
        created_at: now,
        expires_at: now + INVITE_TTL_MS,
      });
      await this.ctx.audit.record(
        { actor: { type: 'user', id: s.user.id }, practiceId: s.user.practiceId, action: 'invitation_sent', resource: { type: 'client', id: clientId }, outcome: 'success', details: { kind: 'portal' }, ip: meta.ip, userAgent: meta.userAgent },
        tx,
      );
      return issued;
    });
    // The practice is named (its name is not the client's PHI; issue 13, bug 8): as it signs its
    // mail when it chose a sender name, else by its own name.
    const sender = await this.senderName(s.user.practiceId);
    const practiceName = sender !== NEUTRAL_SENDER ? sender : ((await repo.practiceNames(this.ctx.db, [s.user.practiceId]))[0] ?? sender);
    // In the language the practice recorded for the client; the link opens the page in it.
    const { locale } = target;
    const link = withLang(`${this.ctx.config.publicUrl}/portal/accept#token=${token}`, locale);
    await portalMail(this.ctx.mailer, target.email, t(locale, 'portal.invite.subject', { practice: practiceName }), t(locale, 'portal.invite.body', { practice: practiceName, link }), sender);
    return { id, expiresAt: iso(now + INVITE_TTL_MS) };
  }

  /** Whether a client reaches the portal or has an invitation pending (the profile offers an invitation only when neither). */
  async access(s: ResolvedSession, clientId: string, meta: RequestMeta): Promise<PortalAccess> {
    await this.clients.assertVisible(s, clientId);
    const link = await repo.linkOfClient(this.ctx.db, clientId);
    const linked = link !== undefined && link.practice_id === s.user.practiceId ? link : undefined;
    const invitation = linked ? undefined : await this.identity.clients.latestOpenInvitation(s.user.practiceId, clientId);
    const lastSignIn = linked ? await this.identity.clients.lastSignIn(linked.account_id) : null;
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

  async previewInvitation(token: string): Promise<{ email: string; accountExists: boolean }> {
    const row = await this.identity.clients.openToken(token, 'invitation');
    const record = await this.clients.ownRecord(row.practice_id!, row.client_id!);
    if (!record.email) throw clientTokenInvalid('errors.portal.inviteUnusable');
    const existing = await this.identity.clients.findByEmail(record.email);
    // An account whose e-mail was never verified belongs to no one yet: the invitation proves the address.
    return { email: record.email, accountExists: existing !== undefined && existing.status !== 'unverified' };
  }

  /**
   * Accepts an invitation: creates the account, or, when this e-mail already has one, links the
   * record to it after checking that account's password. Returns a signed-in session.
   */
  async acceptInvitation(token: string, password: string, meta: RequestMeta): Promise<PortalLoginOutcome> {
    const accounts = this.identity.clients;
    const row = await accounts.openToken(token, 'invitation');
    const record = await this.clients.ownRecord(row.practice_id!, row.client_id!);
    if (!record.email) throw clientTokenInvalid('errors.portal.inviteUnusable');
    const found = await accounts.findByEmail(record.email);
    // A never-verified sign-up with this address (perhaps someone else's) does not block its owner:
    // the invitation link proves the address, so that account is taken over with the new password.
    const unverified = found?.status === 'unverified' ? found : undefined;
    const existing = unverified ? undefined : found;
    if (existing && !(await accounts.verifyPassword(existing, password))) {
      throw new ClientError('invalid_credentials', 401, 'errors.portal.accountExists', {}, 'password');
    }
    if (!existing) {
      const practiceNames = await repo.practiceNames(this.ctx.db, [row.practice_id!]);
      accounts.assertPasswordAllowed(password, { email: record.email, practiceNames: practiceNames.slice(0, 1), userNames: clientNames(record) });
    }
    const now = this.ctx.clock.now();
    // A new account starts in the language the practice recorded for the client.
    const locale = await this.clients.localeOf(row.practice_id!, row.client_id!);
    const accountId = await this.ctx.db.transaction().execute(async (tx) => {
      if (!(await accounts.useToken(tx, row.id))) throw clientTokenInvalid('errors.portal.inviteUsed');
      if (unverified) await accounts.takeOver(tx, unverified.id, password);
      const accountId = existing?.id ?? unverified?.id ?? (await accounts.createAccount(tx, record.email!, password, 'active', locale));
      await repo.insertLink(tx, { account_id: accountId, practice_id: row.practice_id!, client_id: row.client_id!, created_at: now });
      await this.ctx.audit.record(
        { actor: { type: 'client', id: accountId }, practiceId: row.practice_id, action: 'invitation_accepted', resource: { type: 'client', id: row.client_id }, outcome: 'success', ip: meta.ip, userAgent: meta.userAgent },
        tx,
      );
      return accountId;
    });
    return accounts.startSession(accountId, existing?.totp_secret_enc ? 'mfa_pending' : 'active', meta);
  }

  // ---- what a signed-in client sees ----

  async me(s: ResolvedPortalSession): Promise<PortalMe> {
    const account = await this.identity.clients.account(s.accountId);
    const links = await repo.linksOf(this.ctx.db, account.id);
    return {
      account: {
        id: account.id,
        email: await this.identity.clients.accountEmail(account),
        mfa: { totp: account.totp_secret_enc !== null, recoveryCodesLeft: await this.identity.clients.recoveryCodesLeft(account.id) },
      },
      links: await Promise.all(
        links.map(async (l) => {
          const rec = await this.clients.ownRecord(l.practice_id, l.client_id);
          return { practiceId: l.practice_id, practiceName: l.practice_name, clientId: l.client_id, firstName: rec.firstName, preferredName: rec.preferredName };
        }),
      ),
      session: { id: s.session.id, idleSeconds: s.idleSeconds, idleExpiresAt: iso(s.idleExpiresAt) },
      csrfToken: s.session.csrf_token,
      locale: await this.shownLocale(account.locale, links),
    };
  }

  /**
   * The portal's language: the client's records' where they agree (a practice that sets a client's
   * language after the account was made is heard, and the client's own choice writes every record
   * too), else the account's (records at two practices that differ).
   */
  private async shownLocale(accountLocale: Locale, links: readonly { practice_id: string; client_id: string }[]): Promise<Locale> {
    const chosen = new Set(await Promise.all(links.map((l) => this.clients.localeOf(l.practice_id, l.client_id))));
    return chosen.size === 1 ? [...chosen][0]! : accountLocale;
  }

  /**
   * The client's own choice of language: the account's (the portal and its mail) and, at each
   * practice it is linked to, the record's (reminders and other mail from that practice). Audited.
   */
  async setLocale(s: ResolvedPortalSession, locale: Locale, meta: RequestMeta): Promise<void> {
    await this.identity.clients.setLocale(s.accountId, locale);
    const links = await repo.linksOf(this.ctx.db, s.accountId);
    for (const l of links) await this.clients.setLocale(l.practice_id, l.client_id, locale);
    const actor = { type: 'client' as const, id: s.accountId };
    const details = { fields: ['locale'], locale, via: 'portal' };
    await this.audit({ actor, practiceId: null, action: 'update', resource: { type: 'client_account', id: s.accountId }, outcome: 'success', details }, meta);
    for (const l of links) await this.audit({ actor, practiceId: l.practice_id, action: 'update', resource: { type: 'client', id: l.client_id }, outcome: 'success', details }, meta);
  }

  /** The practice and client record behind one of this account's links, or 404 (never another's). */
  async linked(s: ResolvedPortalSession, clientId: string): Promise<{ practiceId: string; clientId: string }> {
    const link = await repo.linkOfClient(this.ctx.db, clientId);
    if (!link || link.account_id !== s.accountId) throw notFound('Client');
    return { practiceId: link.practice_id, clientId };
  }

  /**
   * The record a portal route is about: `clientId` when it is one of this account's (404 otherwise),
   * else the account's only record. An account linked to several practices must name one (400).
   */
  async record(s: ResolvedPortalSession, clientId: string | undefined): Promise<{ practiceId: string; clientId: string }> {
    if (clientId !== undefined) return this.linked(s, clientId);
    const links = await repo.linksOf(this.ctx.db, s.accountId);
    const only = links[0];
    if (!only) throw notFound('Client');
    if (links.length > 1) throw clientInvalid('clientId', 'errors.portal.severalRecords');
    return { practiceId: only.practice_id, clientId: only.client_id };
  }

  /** A portal read of something of the client's, audited with the client as actor. */
  recordRead(s: ResolvedPortalSession, practiceId: string, resource: { type: string; id: string }, meta: RequestMeta) {
    return this.ctx.audit.record({ actor: { type: 'client', id: s.accountId }, practiceId, action: 'read', resource, outcome: 'success', details: { via: 'portal' }, ip: meta.ip, userAgent: meta.userAgent });
  }

  async ownRecord(s: ResolvedPortalSession, clientId: string, meta: RequestMeta): Promise<PortalClient> {
    const { practiceId } = await this.linked(s, clientId);
    const record = await this.clients.ownRecord(practiceId, clientId);
    await this.recordRead(s, practiceId, { type: 'client', id: clientId }, meta);
    return record;
  }
}
