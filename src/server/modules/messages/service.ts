// Secure messaging: one thread per client, written from the portal and answered by staff; message
// services (named buttons reaching chosen colleagues); the practice's public profile with a Contact
// Us form. Bodies are encrypted at rest; mail outside the platform says only that something new
// arrived, with a link, under the practice's neutral sender name.
import { mailBody, t, withLang } from '../../i18n/index.js';
import { randomUUID } from 'node:crypto';
import type { AppContext, RequestMeta } from '../../context.js';
import type { DbOrTx } from '../../db/index.js';
import { forbidden, invalid, notFound } from '../../errors.js';
import { clientInvalid } from '../../i18n/errors.js';
import { iso } from '../../lib/clock.js';
import {
  type ClientMessage,
  type ClientThread,
  type ContactInput,
  type ContactRequest,
  type MessageAttachment,
  type MessageService,
  type MessageServiceInput,
  type MessageServicePatch,
  type PortalThread,
  type PracticeProfile,
  type PracticeProfileInput,
  type ThreadState,
} from '../../../shared/messages.js';
import { roleCan, STAFF_ROLES, type StaffRole } from '../../../shared/roles.js';
import type { Inbox, InboxItem, InboxQuery } from '../../../shared/today.js';
import { type ResolvedSession, Throttle } from '../auth/index.js';
import { type ClientService } from '../clients/index.js';
import type { DocumentService } from '../documents/index.js';
import type { Notification, NotificationService } from '../notifications/index.js';
import type { PracticeService } from '../practices/index.js';
import { BODY, ContactUs, DEFAULT_SENDER_NAME, staffActor } from './contact.js';
import { checkContent, portalMessage, type MessageContent } from './content.js';
import * as repo from './repo.js';
import { decodeKeysetCursor, encodeKeysetCursor } from '../../lib/pagination.js';

export { CONTACT_LIMITS, DEFAULT_SENDER_NAME } from './contact.js';
export { portalMessage, type MessageContent } from './content.js';

/** What a staff alert may say arrived (a fixed vocabulary: the ledger's payload holds no free text). */
export const ALERT_WHATS = ['secure message', 'Contact Us message', 'client booking', 'appointment request', 'cancellation by a client', 'questionnaire answer'] as const;
export type AlertWhat = (typeof ALERT_WHATS)[number];
const ALERT_KINDS = ['message_alert', 'document_alert'] as const;
/** The client's PHI-free mail when staff reply ("a new message is waiting in your portal"). */
export const REPLY_MAIL_KIND = 'message_reply';
const INBOX_PAGE = 25;
const PREVIEW_CHARS = 140;
type AlertKind = (typeof ALERT_KINDS)[number];

/** Roles that never see message or Contact Us bodies (they may be clinical): those without messages.read. */
const BODY_DENIED: ReadonlySet<StaffRole> = new Set(STAFF_ROLES.filter((r) => !roleCan(r, 'messages.read')));

export class MessagingService {
  private readonly throttle: Throttle;
  /** The public profile and Contact Us (contact.ts). */
  private readonly contact: ContactUs;

  constructor(
    private readonly ctx: AppContext,
    private readonly clients: ClientService,
    private readonly practices: PracticeService,
    private readonly documents: DocumentService,
    private readonly notifications: NotificationService,
  ) {
    this.throttle = new Throttle(ctx);
    this.contact = new ContactUs(ctx, practices, notifications, this.throttle, {
      alert: (...args) => this.alert(...args),
      denyBodies: (s, meta, resource) => this.denyBodies(s, meta, resource),
    });
    const composer = { compose: (n: Notification) => this.composeAlert(n) };
    for (const kind of ALERT_KINDS) notifications.register(kind, composer);
    notifications.register(REPLY_MAIL_KIND, { compose: (n) => this.composeReplyMail(n) });
  }

  /** Billing reads client records for invoices, never message bodies. Refusals are audited. */
  private async denyBodies(s: ResolvedSession, meta: RequestMeta, resource: { type: string; id: string }): Promise<void> {
    const role = s.session.active_role as StaffRole;
    if (!BODY_DENIED.has(role)) return;
    await this.ctx.audit.record({ ...staffActor(s, meta), action: 'access_denied', resource, outcome: 'denied', details: { role } });
    throw forbidden('Your active role cannot read messages');
  }

  // ---- threads ----

  private async decryptMessage(row: repo.MessageRow, attachments: MessageAttachment[]): Promise<ClientMessage> {
    return {
      id: row.id,
      authorType: row.author_type,
      authorId: row.author_id,
      serviceId: row.service_id,
      body: await this.ctx.crypto.decrypt({ table: 'client_messages', column: BODY, rowId: row.id }, row.body_enc),
      attachments,
      createdAt: iso(row.created_at),
    };
  }

  private async state(db: DbOrTx, practiceId: string, clientId: string): Promise<ThreadState> {
    const t = await repo.findThread(db, practiceId, clientId);
    return {
      clientId,
      unread: (t?.unread ?? 0) > 0,
      lastMessageAt: t?.last_message_at == null ? null : iso(t.last_message_at),
      closedAt: t?.closed_at == null ? null : iso(t.closed_at),
      closedBy: t?.closed_by ?? null,
    };
  }

  /** A client's whole thread, decrypted, with the documents each message carries. The caller has checked access. */
  async threadForClient(practiceId: string, clientId: string): Promise<ClientThread> {
    const rows = await repo.threadMessages(this.ctx.db, practiceId, clientId);
    const links = await repo.threadAttachments(this.ctx.db, practiceId, clientId);
    const docs = await this.documents.attachmentInfo(practiceId, clientId, links.map((l) => l.document_id));
    const byMessage = new Map<string, MessageAttachment[]>();
    for (const l of links) {
      const doc = docs.get(l.document_id);
      if (doc) byMessage.set(l.message_id, [...(byMessage.get(l.message_id) ?? []), doc]);
    }
    const messages = await Promise.all(rows.map((r) => this.decryptMessage(r, byMessage.get(r.id) ?? [])));
    return { ...(await this.state(this.ctx.db, practiceId, clientId)), messages };
  }

  /** The thread as the client sees it in the portal (which has checked the account's link to the client): no staff user ids. */
  async threadForPortal(practiceId: string, clientId: string): Promise<PortalThread> {
    const { closedBy: _closedBy, messages, ...state } = await this.threadForClient(practiceId, clientId);
    return { ...state, messages: messages.map(portalMessage) };
  }

  /**
   * Stores a message and links the documents it carries, in the caller's transaction; each
   * document is checked there first (so a refused one leaves nothing behind). The answer's
   * attachments are filled in by `withAttachments` once the transaction has committed.
   */
  private async insertMessage(
    tx: DbOrTx,
    m: { practiceId: string; clientId: string; serviceId: string | null; authorType: 'client' | 'staff'; authorId: string; body: string; documentIds: readonly string[]; now: number },
  ): Promise<ClientMessage> {
    if (m.documentIds.length) {
      await this.documents.assertAttachable(tx, { practiceId: m.practiceId, clientId: m.clientId, documentIds: m.documentIds, by: { type: m.authorType, id: m.authorId } });
    }
    const id = randomUUID();
    const row = {
      id,
      practice_id: m.practiceId,
      client_id: m.clientId,
      service_id: m.serviceId,
      author_type: m.authorType,
      author_id: m.authorId,
      body_enc: await this.ctx.crypto.encrypt(m.practiceId, { table: 'client_messages', column: BODY, rowId: id }, m.body, tx),
      created_at: m.now,
    };
    await repo.insertMessage(tx, row);
    await repo.insertAttachments(tx, m.practiceId, id, m.documentIds);
    return { id, authorType: m.authorType, authorId: m.authorId, serviceId: m.serviceId, body: m.body, attachments: [], createdAt: iso(m.now) };
  }

  private async withAttachments(message: ClientMessage, practiceId: string, clientId: string, documentIds: readonly string[]): Promise<ClientMessage> {
    if (!documentIds.length) return message;
    const docs = await this.documents.attachmentInfo(practiceId, clientId, documentIds);
    return { ...message, attachments: documentIds.flatMap((d) => docs.get(d) ?? []) };
  }

  /**
   * A client writes from the portal (the caller has checked the account's link to the client).
   * The thread becomes unread; the chosen service's members, or else the client's providers, or
   * else the practice's owners, get a mail saying only that a message arrived.
   */
  async postFromClient(
    input: { practiceId: string; clientId: string; clientAccountId: string; serviceId?: string | null | undefined } & MessageContent,
    meta?: RequestMeta,
  ): Promise<ClientMessage> {
    const { practiceId, clientId } = input;
    const documentIds = checkContent(input);
    const providers = await this.clients.assignedProviders(practiceId, clientId);
    let serviceId: string | null = null;
    if (input.serviceId) {
      const service = await repo.findService(this.ctx.db, practiceId, input.serviceId);
      if (!service || service.active !== 1) throw clientInvalid('serviceId', 'errors.messages.service');
      serviceId = service.id;
    }
    const now = this.ctx.clock.now();
    const message = await this.ctx.db.transaction().execute(async (tx) => {
      const message = await this.insertMessage(tx, { practiceId, clientId, serviceId, authorType: 'client', authorId: input.clientAccountId, body: input.body, documentIds, now });
      await repo.markClientMessage(tx, practiceId, clientId, now);
      await this.ctx.audit.record(
        {
          actor: { type: 'client', id: input.clientAccountId },
          practiceId,
          action: 'create',
          resource: { type: 'client_message', id: message.id },
          outcome: 'success',
          ip: meta?.ip ?? null,
          userAgent: meta?.userAgent ?? null,
          details: { clientId, serviceId, ...(documentIds.length ? { documentIds } : {}) },
        },
        tx,
      );
      // The alerts commit with the message: neither is there without the other.
      const recipients = serviceId ? await repo.membersOf(tx, serviceId) : providers;
      await this.alert(practiceId, recipients, 'secure message', `/clients/${clientId}/messages`, `message:${message.id}`, { tx, kind: documentIds.length ? 'document_alert' : 'message_alert' });
      return message;
    });
    this.notifications.wake();
    return this.withAttachments(message, practiceId, clientId, documentIds);
  }

  /** The thread as staff see it (audited). Reading does not clear the unread marker. */
  async thread(s: ResolvedSession, clientId: string, meta: RequestMeta): Promise<ClientThread> {
    await this.denyBodies(s, meta, { type: 'client_thread', id: clientId });
    await this.clients.assertVisible(s, clientId);
    const thread = await this.threadForClient(s.user.practiceId, clientId);
    const attachments = thread.messages.reduce((n, m) => n + m.attachments.length, 0);
    await this.ctx.audit.record({ ...staffActor(s, meta), action: 'read', resource: { type: 'client_thread', id: clientId }, outcome: 'success', details: { returned: thread.messages.length, attachments } });
    return thread;
  }

  /** A colleague replies (optionally with documents of the client): the thread is answered, so nothing is unread and it is open again. */
  async reply(s: ResolvedSession, clientId: string, content: MessageContent, meta: RequestMeta): Promise<ClientMessage> {
    await this.denyBodies(s, meta, { type: 'client_thread', id: clientId });
    await this.clients.assertVisible(s, clientId);
    const documentIds = checkContent(content);
    const pid = s.user.practiceId;
    const now = this.ctx.clock.now();
    let queued = false;
    // Read before the transaction (SQLite has one connection: a read outside it would wait on it).
    const mailClient = await this.practices.replyMailOn(pid);
    const message = await this.ctx.db.transaction().execute(async (tx) => {
      const message = await this.insertMessage(tx, { practiceId: pid, clientId, serviceId: null, authorType: 'staff', authorId: s.user.id, body: content.body, documentIds, now });
      await repo.clearUnread(tx, pid, clientId, { lastMessageAt: now, closedAt: null, closedBy: null });
      await this.ctx.audit.record(
        { ...staffActor(s, meta), action: 'create', resource: { type: 'client_message', id: message.id }, outcome: 'success', details: { clientId, ...(documentIds.length ? { documentIds } : {}) } },
        tx,
      );
      // The client hears (PHI-free) that an answer waits, once per reply: the mail commits with it.
      if (mailClient) {
        queued =
          (await this.notifications.enqueue(tx, [{ practiceId: pid, kind: REPLY_MAIL_KIND, recipient: { type: 'client', id: clientId }, dedupeKey: `${REPLY_MAIL_KIND}:${message.id}`, payload: { messageId: message.id } }])) > 0;
      }
      return message;
    });
    if (queued) this.notifications.wake();
    return this.withAttachments(message, pid, clientId, documentIds);
  }

  /** A colleague closes the message without replying: nothing is unread any more. */
  async close(s: ResolvedSession, clientId: string, meta: RequestMeta): Promise<ThreadState> {
    await this.clients.assertVisible(s, clientId);
    const pid = s.user.practiceId;
    const now = this.ctx.clock.now();
    await this.ctx.db.transaction().execute(async (tx) => {
      await repo.clearUnread(tx, pid, clientId, { closedAt: now, closedBy: s.user.id });
      await this.ctx.audit.record({ ...staffActor(s, meta), action: 'update', resource: { type: 'client_thread', id: clientId }, outcome: 'success', details: { closed: true } }, tx);
    });
    return this.state(this.ctx.db, pid, clientId);
  }

  // ---- the inbox ----

  /** The clients whose threads this viewer may see: undefined for every client, else the list (a restricted provider's own). */
  private async inboxScope(s: ResolvedSession): Promise<{ only: string[] | undefined; directory: Awaited<ReturnType<ClientService['directory']>> }> {
    const directory = await this.clients.directory(s.user.practiceId);
    const restricted = await this.clients.restrictedTo(s);
    if (!restricted) return { only: undefined, directory };
    return { only: [...directory.values()].filter((e) => e.providerIds.includes(restricted)).map((e) => e.id), directory };
  }

  /** Threads waiting for an answer that this viewer may see (the navigation badge). Counts only: not audited. */
  async unreadCount(s: ResolvedSession): Promise<number> {
    if (BODY_DENIED.has(s.session.active_role as StaffRole)) return 0;
    const { only } = await this.inboxScope(s);
    return repo.countUnread(this.ctx.db, s.user.practiceId, only);
  }

  /**
   * Threads across the clients this viewer may see, newest message first, with their unread state
   * and the start of the newest message, a keyset cursor (a new message moves a thread to the top
   * without repeating or skipping others on later pages) and the unread total. Audited as a read.
   */
  async inbox(s: ResolvedSession, q: InboxQuery, meta: RequestMeta): Promise<Inbox> {
    await this.denyBodies(s, meta, { type: 'inbox', id: s.user.practiceId });
    const pid = s.user.practiceId;
    const key = decodeKeysetCursor(q.cursor, 'c');
    const after = key && { at: key.at, clientId: key.id };
    const limit = q.limit ?? INBOX_PAGE;
    const { only, directory } = await this.inboxScope(s);
    const rows = await repo.inboxPage(this.ctx.db, { practiceId: pid, clientIds: only, unreadOnly: q.unread === 'true' }, after, limit + 1);
    const page = rows.slice(0, limit);
    const unread = await repo.countUnread(this.ctx.db, pid, only);
    const items: InboxItem[] = [];
    for (const t of page) {
      const e = directory.get(t.client_id);
      const newest = await repo.newestMessage(this.ctx.db, pid, t.client_id);
      let preview = '';
      if (newest) {
        const body = (await this.ctx.crypto.decrypt({ table: 'client_messages', column: BODY, rowId: newest.id }, newest.body_enc)).replace(/\s+/g, ' ').trim();
        preview = body ? (body.length > PREVIEW_CHARS ? `${body.slice(0, PREVIEW_CHARS - 1)}…` : body) : (await repo.hasAttachments(this.ctx.db, newest.id)) ? '(attachment)' : '';
      }
      items.push({
        clientId: t.client_id,
        clientName: e ? `${e.preferredName ?? e.firstName} ${e.lastName}` : 'Client',
        unread: t.unread > 0,
        unreadCount: Number(t.unread),
        lastMessageAt: iso(Number(t.last_message_at)),
        lastAuthor: newest?.author_type ?? 'client',
        preview,
        closedAt: t.closed_at == null ? null : iso(Number(t.closed_at)),
      });
    }
    const last = page[page.length - 1];
    const nextCursor = rows.length > limit && last ? encodeKeysetCursor(Number(last.last_message_at), last.client_id, 'c') : null;
    await this.ctx.audit.record({ ...staffActor(s, meta), action: 'read', resource: { type: 'inbox', id: pid }, outcome: 'success', details: { returned: items.length, unread, ...(q.unread ? { unreadOnly: q.unread === 'true' } : {}) } });
    return { items, unread, nextCursor };
  }

  /**
   * The client's mail when staff replied, at send time: only while the practice keeps the setting
   * on, with e-mail consent and an address on file. It says that a new message waits in the
   * portal and links there: no name, no content, no specialty.
   */
  private async composeReplyMail(n: Notification) {
    if (n.recipient_type !== 'client') return { skip: 'bad_payload' };
    if (!(await this.practices.replyMailOn(n.practice_id))) return { skip: 'setting_off' };
    const prefs = await this.clients.mailPreferences(n.practice_id, n.recipient_id);
    if (!prefs) return { skip: 'recipient_inactive' };
    if (!prefs.emailConsent) return { skip: 'no_consent' };
    const to = await this.clients.mailAddress(n.practice_id, n.recipient_id);
    if (!to) return { skip: 'no_address' };
    const senderName = await this.senderName(n.practice_id);
    const l = prefs.locale;
    const link = withLang(`${this.ctx.config.publicUrl}/portal`, l);
    return { mail: { to, subject: t(l, 'messages.reply.subject', { sender: senderName }), text: mailBody(l, senderName, t(l, 'messages.reply.body', { link })), fromName: senderName } };
  }

  // ---- alerts ----

  /**
   * Mail to each colleague, one by one (no colleague sees who else was told). It says that
   * something new arrived and links to it: no client name, no body, no specialty. Alerts go out
   * after the message is committed; a mail failure is logged (without addresses) and never loses
   * the message, which is already waiting in the platform.
   */
  /** The neutral name mail from this practice goes out under (never the practice's own name). */
  async senderName(practiceId: string): Promise<string> {
    return (await repo.findProfile(this.ctx.db, practiceId))?.sender_name ?? DEFAULT_SENDER_NAME;
  }

  /**
   * Alerts are notifications (kind `message_alert`, `document_alert` for a message with documents):
   * one row per colleague, keyed by what they are about (`ref`) so the same thing never alerts a
   * colleague twice, enqueued in `o.tx` when given (then the caller wakes the dispatcher after its
   * commit). The address is decrypted and the mail written at send time (composeAlert).
   */
  async alert(practiceId: string, userIds: readonly string[], what: AlertWhat, path: string, ref: string, o: { tx?: DbOrTx; kind?: AlertKind } = {}): Promise<void> {
    const db = o.tx ?? this.ctx.db;
    let ids = [...new Set(userIds)];
    let users = await repo.activeUsers(db, practiceId, ids);
    if (!users.length) {
      // Nobody chosen (or all chosen colleagues left): the practice's owners hear of it instead.
      ids = await repo.activeOwnerIds(db, practiceId);
      users = await repo.activeUsers(db, practiceId, ids);
    }
    const kind = o.kind ?? 'message_alert';
    await this.notifications.enqueue(
      db,
      users.map((u) => ({ practiceId, kind, recipient: { type: 'user' as const, id: u.id }, dedupeKey: `${kind}:${ref}:${u.id}`, payload: { what, path } })),
    );
    if (!o.tx) this.notifications.wake();
  }

  /** One alert, at send time: to a colleague still active, under the practice's sender name. */
  private async composeAlert(n: Notification) {
    const what = ALERT_WHATS.find((w) => w === n.payload.what);
    const path = typeof n.payload.path === 'string' && n.payload.path.startsWith('/') ? n.payload.path : null;
    if (!what || !path) return { skip: 'bad_payload' };
    const [user] = await repo.activeUsers(this.ctx.db, n.practice_id, [n.recipient_id]);
    if (!user) return { skip: 'recipient_inactive' };
    const to = await this.ctx.crypto.decrypt({ table: 'users', column: 'email_enc', rowId: user.id }, user.email_enc);
    const senderName = await this.senderName(n.practice_id);
    const link = `${this.ctx.config.publicUrl}${path}`;
    return { mail: { to, subject: `New ${what} in ${senderName}`, text: `You have a new ${what} in ${senderName}. Sign in to read it: ${link}\n`, fromName: senderName } };
  }

  // ---- message services ----

  private async assertMembers(practiceId: string, ids: readonly string[]): Promise<string[]> {
    const unique = [...new Set(ids)];
    const found = new Set((await repo.activeUsers(this.ctx.db, practiceId, unique)).map((u) => u.id));
    if (unique.some((id) => !found.has(id))) {
      throw invalid('memberIds', 'each must be an active colleague of this practice');
    }
    return unique;
  }

  async listServices(s: ResolvedSession): Promise<MessageService[]> {
    const pid = s.user.practiceId;
    const members = await repo.serviceMembers(this.ctx.db, pid);
    return (await repo.practiceServices(this.ctx.db, pid)).map((r) => ({ id: r.id, name: r.name, active: r.active === 1, memberIds: members.get(r.id) ?? [] }));
  }

  /** Every service's id and name, for colleagues reading threads (messages name the service they came through). */
  async serviceNames(s: ResolvedSession): Promise<{ id: string; name: string }[]> {
    return (await repo.practiceServices(this.ctx.db, s.user.practiceId)).map((r) => ({ id: r.id, name: r.name }));
  }

  /** Active services (id and name) for the portal's buttons. */
  async activeServices(practiceId: string): Promise<{ id: string; name: string }[]> {
    return (await repo.practiceServices(this.ctx.db, practiceId)).filter((r) => r.active === 1).map((r) => ({ id: r.id, name: r.name }));
  }

  private async service(practiceId: string, id: string): Promise<MessageService> {
    const row = await repo.findService(this.ctx.db, practiceId, id);
    if (!row) throw notFound('Message service');
    return { id: row.id, name: row.name, active: row.active === 1, memberIds: await repo.membersOf(this.ctx.db, id) };
  }

  async createService(s: ResolvedSession, input: MessageServiceInput, meta: RequestMeta): Promise<MessageService> {
    const pid = s.user.practiceId;
    const members = await this.assertMembers(pid, input.memberIds);
    const id = randomUUID();
    const now = this.ctx.clock.now();
    await this.ctx.db.transaction().execute(async (tx) => {
      await repo.insertService(tx, { id, practice_id: pid, name: input.name.trim(), active: input.active === false ? 0 : 1, created_at: now, updated_at: now });
      await repo.setMembers(tx, id, members);
      await this.ctx.audit.record({ ...staffActor(s, meta), action: 'create', resource: { type: 'message_service', id }, outcome: 'success', details: { members: members.length } }, tx);
    });
    return this.service(pid, id);
  }

  async updateService(s: ResolvedSession, id: string, patch: MessageServicePatch, meta: RequestMeta): Promise<MessageService> {
    const pid = s.user.practiceId;
    if (!(await repo.findService(this.ctx.db, pid, id))) throw notFound('Message service');
    const members = patch.memberIds ? await this.assertMembers(pid, patch.memberIds) : undefined;
    await this.ctx.db.transaction().execute(async (tx) => {
      await repo.updateService(tx, id, {
        ...(patch.name !== undefined ? { name: patch.name.trim() } : {}),
        ...(patch.active !== undefined ? { active: patch.active ? 1 : 0 } : {}),
        updated_at: this.ctx.clock.now(),
      });
      if (members) await repo.setMembers(tx, id, members);
      await this.ctx.audit.record({ ...staffActor(s, meta), action: 'update', resource: { type: 'message_service', id }, outcome: 'success', details: { fields: Object.keys(patch) } }, tx);
    });
    return this.service(pid, id);
  }

  async deleteService(s: ResolvedSession, id: string, meta: RequestMeta): Promise<void> {
    const pid = s.user.practiceId;
    if (!(await repo.findService(this.ctx.db, pid, id))) throw notFound('Message service');
    await this.ctx.db.transaction().execute(async (tx) => {
      await repo.deleteService(tx, id);
      await this.ctx.audit.record({ ...staffActor(s, meta), action: 'delete', resource: { type: 'message_service', id }, outcome: 'success' }, tx);
    });
  }

  // ---- the public profile and Contact Us (contact.ts) ----

  profile(s: ResolvedSession): Promise<PracticeProfile> {
    return this.contact.profile(s);
  }

  saveProfile(s: ResolvedSession, input: PracticeProfileInput, meta: RequestMeta): Promise<PracticeProfile> {
    return this.contact.saveProfile(s, input, meta);
  }

  publicProfile(slug: string): Promise<{ displayName: string; contactEnabled: boolean }> {
    return this.contact.publicProfile(slug);
  }

  submitContact(slug: string, input: ContactInput, meta: RequestMeta): Promise<void> {
    return this.contact.submitContact(slug, input, meta);
  }

  contactRequests(s: ResolvedSession, meta: RequestMeta): Promise<ContactRequest[]> {
    return this.contact.contactRequests(s, meta);
  }

  markHandled(s: ResolvedSession, id: string, meta: RequestMeta): Promise<{ id: string; handledAt: string; handledBy: string }> {
    return this.contact.markHandled(s, id, meta);
  }
}
