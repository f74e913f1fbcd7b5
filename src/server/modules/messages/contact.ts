// A practice's public profile (its address, display and sender name) and the Contact Us form:
// strangers write, the chosen message service is alerted, staff read and mark requests handled.
// The MessagingService facade delegates here.
import { randomUUID } from 'node:crypto';
import type { AppContext, RequestMeta } from '../../context.js';
import type { DbOrTx } from '../../db/index.js';
import { conflict, invalid, notFound } from '../../errors.js';
import { iso } from '../../lib/clock.js';
import type { ContactInput, ContactRequest, PracticeProfile, PracticeProfileInput } from '../../../shared/messages.js';
import type { AuditEvent } from '../audit/index.js';
import type { ResolvedSession } from '../auth/index.js';
import type { Throttle } from '../auth/index.js';
import { normalisePhone } from '../clients/index.js';
import type { NotificationService } from '../notifications/index.js';
import type { PracticeService } from '../practices/index.js';
import * as repo from './repo.js';

export const DEFAULT_SENDER_NAME = 'Hearth';
/** Contact Us limits, counted in the shared throttle's window (LOGIN_THROTTLE_WINDOW_SECONDS, 15 minutes by default). */
export const CONTACT_LIMITS = { perIp: 5, perPractice: 50 } as const;
/** The encrypted column of a message or request body. */
export const BODY = 'body_enc';

export function staffActor(s: ResolvedSession, meta: RequestMeta): Pick<AuditEvent, 'actor' | 'practiceId' | 'ip' | 'userAgent'> {
  return { actor: { type: 'user', id: s.user.id }, practiceId: s.user.practiceId, ip: meta.ip, userAgent: meta.userAgent };
}

/** What the facade lends: its staff alert, and its refusal of roles that may not read bodies. */
interface Hooks {
  alert(practiceId: string, userIds: readonly string[], what: 'Contact Us message', path: string, ref: string, o: { tx?: DbOrTx }): Promise<void>;
  denyBodies(s: ResolvedSession, meta: RequestMeta, resource: { type: string; id: string }): Promise<void>;
}

export class ContactUs {
  constructor(
    private readonly ctx: AppContext,
    private readonly practices: PracticeService,
    private readonly notifications: NotificationService,
    private readonly throttle: Throttle,
    private readonly hooks: Hooks,
  ) {}

  async profile(s: ResolvedSession): Promise<PracticeProfile> {
    const row = await repo.findProfile(this.ctx.db, s.user.practiceId);
    if (!row) {
      const practice = await this.practices.summary(s.user.practiceId);
      return { slug: null, displayName: practice.name, senderName: DEFAULT_SENDER_NAME, contactEnabled: false, contactServiceId: null };
    }
    return { slug: row.slug, displayName: row.display_name, senderName: row.sender_name, contactEnabled: row.contact_enabled === 1, contactServiceId: row.contact_service_id };
  }

  async saveProfile(s: ResolvedSession, input: PracticeProfileInput, meta: RequestMeta): Promise<PracticeProfile> {
    const pid = s.user.practiceId;
    if (input.contactServiceId !== null && !(await repo.findService(this.ctx.db, pid, input.contactServiceId))) {
      throw invalid('contactServiceId', 'is not a message service of this practice');
    }
    if (input.contactEnabled) {
      if (input.contactServiceId === null) {
        throw invalid('contactServiceId', 'choose who receives Contact Us messages before enabling the form');
      }
      // Contact Us stores what strangers write: no PHI is stored before the BAA is accepted.
      await this.practices.assertBaaAccepted(pid);
    }
    const taken = await repo.findProfileBySlug(this.ctx.db, input.slug);
    if (taken && taken.practice_id !== pid) throw conflict('slug: another practice already uses this address', 'slug');
    try {
      await this.ctx.db.transaction().execute(async (tx) => {
        await repo.upsertProfile(tx, {
          practice_id: pid,
          slug: input.slug,
          display_name: input.displayName.trim(),
          sender_name: input.senderName.trim(),
          contact_enabled: input.contactEnabled ? 1 : 0,
          contact_service_id: input.contactServiceId,
          updated_at: this.ctx.clock.now(),
        });
        await this.ctx.audit.record(
          { ...staffActor(s, meta), action: 'setting_change', resource: { type: 'practice_profile', id: pid }, outcome: 'success', details: { contactEnabled: input.contactEnabled, contactServiceId: input.contactServiceId } },
          tx,
        );
      });
    } catch (err) {
      // Two practices claiming one slug at the same moment: the unique index decides.
      const again = await repo.findProfileBySlug(this.ctx.db, input.slug);
      if (again && again.practice_id !== pid) throw conflict('slug: another practice already uses this address', 'slug');
      throw err;
    }
    return this.profile(s);
  }

  /** What anyone may see: the display name and whether the form is open. */
  async publicProfile(slug: string): Promise<{ displayName: string; contactEnabled: boolean }> {
    const row = await repo.findProfileBySlug(this.ctx.db, slug.toLowerCase());
    if (!row) throw notFound('Practice');
    return { displayName: row.display_name, contactEnabled: row.contact_enabled === 1 };
  }

  /**
   * A stranger writes through the public form. Throttled per IP and per practice; a filled
   * honeypot is answered like a success and stores nothing. Stored encrypted, audited as an
   * anonymous create, and the chosen service's members are told by PHI-free mail.
   */
  async submitContact(slug: string, input: ContactInput, meta: RequestMeta): Promise<void> {
    await this.throttle.take([{ key: `contact:ip:${meta.ip}`, limit: CONTACT_LIMITS.perIp }]);
    const profile = await repo.findProfileBySlug(this.ctx.db, slug.toLowerCase());
    if (!profile || profile.contact_enabled !== 1) throw notFound('Practice');
    const pid = profile.practice_id;
    await this.throttle.take([{ key: `contact:practice:${pid}`, limit: CONTACT_LIMITS.perPractice }]);
    if (input.website?.trim()) {
      this.ctx.log.info({ practiceId: pid }, 'contact form honeypot filled; nothing stored');
      return;
    }
    const phone = input.phone ? normalisePhone(input.phone, 'phone') : null;
    try {
      await this.practices.assertBaaAccepted(pid);
    } catch {
      throw notFound('Practice');
    }
    const id = randomUUID();
    const enc = (column: string, value: string, tx: DbOrTx) => this.ctx.crypto.encrypt(pid, { table: 'contact_requests', column, rowId: id }, value, tx);
    await this.ctx.db.transaction().execute(async (tx) => {
      await repo.insertContactRequest(tx, {
        id,
        practice_id: pid,
        name_enc: await enc('name_enc', input.name.trim(), tx),
        email_enc: await enc('email_enc', input.email.trim(), tx),
        phone_enc: phone === null ? null : await enc('phone_enc', phone, tx),
        body_enc: await enc(BODY, input.message, tx),
        created_at: this.ctx.clock.now(),
        handled_at: null,
        handled_by: null,
      });
      await this.ctx.audit.record(
        { actor: { type: 'anonymous', id: null }, practiceId: pid, action: 'create', resource: { type: 'contact_request', id }, outcome: 'success', ip: meta.ip, userAgent: meta.userAgent },
        tx,
      );
      // The alerts commit with the request.
      const service = profile.contact_service_id ? await repo.findService(tx, pid, profile.contact_service_id) : undefined;
      const recipients = service && service.active === 1 ? await repo.membersOf(tx, service.id) : [];
      await this.hooks.alert(pid, recipients, 'Contact Us message', '/practice/contact-requests', `contact:${id}`, { tx });
    });
    this.notifications.wake();
  }

  async contactRequests(s: ResolvedSession, meta: RequestMeta): Promise<ContactRequest[]> {
    const pid = s.user.practiceId;
    await this.hooks.denyBodies(s, meta, { type: 'contact_request_list', id: pid });
    const rows = await repo.contactRequests(this.ctx.db, pid);
    const out = await Promise.all(
      rows.map(async (r) => {
        const dec = (column: string, v: string | null) => this.ctx.crypto.decryptNullable({ table: 'contact_requests', column, rowId: r.id }, v);
        return {
          id: r.id,
          name: (await dec('name_enc', r.name_enc))!,
          email: (await dec('email_enc', r.email_enc))!,
          phone: await dec('phone_enc', r.phone_enc),
          message: (await dec(BODY, r.body_enc))!,
          createdAt: iso(r.created_at),
          handledAt: r.handled_at === null ? null : iso(r.handled_at),
          handledBy: r.handled_by,
        };
      }),
    );
    await this.ctx.audit.record({ ...staffActor(s, meta), action: 'read', resource: { type: 'contact_request_list', id: pid }, outcome: 'success', details: { returned: out.length } });
    return out;
  }

  async markHandled(s: ResolvedSession, id: string, meta: RequestMeta): Promise<{ id: string; handledAt: string; handledBy: string }> {
    const pid = s.user.practiceId;
    if (!(await repo.findContactRequest(this.ctx.db, pid, id))) throw notFound('Contact request');
    const now = this.ctx.clock.now();
    await this.ctx.db.transaction().execute(async (tx) => {
      await repo.markHandled(tx, id, s.user.id, now);
      await this.ctx.audit.record({ ...staffActor(s, meta), action: 'update', resource: { type: 'contact_request', id }, outcome: 'success', details: { handled: true } }, tx);
    });
    return { id, handledAt: iso(now), handledBy: s.user.id };
  }
}
