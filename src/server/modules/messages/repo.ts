// All SQL for messaging, message services, practice profiles and Contact Us requests.
// Plain functions taking the db or a transaction first.
import { sql, type Insertable, type Updateable } from 'kysely';
import type { DbOrTx, Dialect } from '../../db/index.js';
import { precompiled } from '../../db/precompiled.js';
import type { ClientMessagesTable, ContactRequestsTable, MessageAttachmentsTable, MessageServicesTable, PracticeProfilesTable } from '../../db/schema.js';
import { identity } from '../auth/index.js';
import { groupValues } from '../../lib/group.js';

// ---- messages and threads ----

export const insertMessage = (db: DbOrTx, row: Insertable<ClientMessagesTable>) => db.insertInto('client_messages').values(row).execute();

export const threadMessages = (db: DbOrTx, practiceId: string, clientId: string) =>
  db
    .selectFrom('client_messages')
    .selectAll()
    .where('practice_id', '=', practiceId)
    .where('client_id', '=', clientId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();

/** Links a message to the documents it carries, in the order given. */
export async function insertAttachments(db: DbOrTx, practiceId: string, messageId: string, documentIds: readonly string[]): Promise<void> {
  if (!documentIds.length) return;
  const rows: MessageAttachmentsTable[] = documentIds.map((document_id, position) => ({ message_id: messageId, document_id, practice_id: practiceId, position }));
  await db.insertInto('message_attachments').values(rows).execute();
}

/** Every attachment link of a client's thread (one query), by message then position. */
export const threadAttachments = (db: DbOrTx, practiceId: string, clientId: string) =>
  db
    .selectFrom('message_attachments')
    .innerJoin('client_messages', 'client_messages.id', 'message_attachments.message_id')
    .select(['message_attachments.message_id', 'message_attachments.document_id'])
    .where('message_attachments.practice_id', '=', practiceId)
    .where('client_messages.practice_id', '=', practiceId)
    .where('client_messages.client_id', '=', clientId)
    .orderBy('message_attachments.message_id')
    .orderBy('message_attachments.position')
    .execute();

export const findThread = (db: DbOrTx, practiceId: string, clientId: string) =>
  db.selectFrom('client_threads').selectAll().where('practice_id', '=', practiceId).where('client_id', '=', clientId).executeTakeFirst();

/** A client wrote: one more unread message, and a closed thread opens again. */
export async function markClientMessage(db: DbOrTx, practiceId: string, clientId: string, now: number): Promise<void> {
  await db
    .insertInto('client_threads')
    .values({ client_id: clientId, practice_id: practiceId, unread: 1, last_message_at: now, closed_at: null, closed_by: null })
    .onConflict((oc) =>
      oc.column('client_id').doUpdateSet({
        unread: sql<number>`client_threads.unread + 1`,
        last_message_at: now,
        closed_at: null,
        closed_by: null,
      }),
    )
    .execute();
}

/** A colleague replied or closed the thread: nothing is unread any more. */
export async function clearUnread(db: DbOrTx, practiceId: string, clientId: string, set: { lastMessageAt?: number; closedAt: number | null; closedBy: string | null }): Promise<void> {
  await db
    .insertInto('client_threads')
    .values({ client_id: clientId, practice_id: practiceId, unread: 0, last_message_at: set.lastMessageAt ?? null, closed_at: set.closedAt, closed_by: set.closedBy })
    .onConflict((oc) =>
      oc.column('client_id').doUpdateSet({
        unread: 0,
        ...(set.lastMessageAt !== undefined ? { last_message_at: set.lastMessageAt } : {}),
        closed_at: set.closedAt,
        closed_by: set.closedBy,
      }),
    )
    .execute();
}

// Asked on every client-list request (the unread markers): compiled once (db/precompiled.ts).
const unreadThreads = precompiled((db: DbOrTx, _dialect: Dialect, practiceId: string) =>
  db.selectFrom('client_threads').select('client_id').where('practice_id', '=', practiceId).where('unread', '>', 0),
);

export async function unreadClientIds(db: DbOrTx, dialect: Dialect, practiceId: string): Promise<Set<string>> {
  const rows = await unreadThreads(db, dialect, practiceId);
  return new Set(rows.map((r) => r.client_id));
}

// ---- the inbox (threads across clients, newest first) ----

export interface InboxFilter {
  practiceId: string;
  /** Only these clients (a provider restricted to their own); undefined: every client. */
  clientIds?: readonly string[] | undefined;
  unreadOnly?: boolean;
}

/** One page of threads with a message, newest first (ties by client id), after the keyset `after`. */
export async function inboxPage(db: DbOrTx, f: InboxFilter, after: { at: number; clientId: string } | null, limit: number) {
  if (f.clientIds && !f.clientIds.length) return [];
  let q = db.selectFrom('client_threads').selectAll().where('practice_id', '=', f.practiceId).where('last_message_at', 'is not', null);
  if (f.clientIds) q = q.where('client_id', 'in', [...f.clientIds]);
  if (f.unreadOnly) q = q.where('unread', '>', 0);
  if (after) q = q.where((eb) => eb.or([eb('last_message_at', '<', after.at), eb.and([eb('last_message_at', '=', after.at), eb('client_id', '>', after.clientId)])]));
  return q.orderBy('last_message_at', 'desc').orderBy('client_id').limit(limit).execute();
}

/** Threads waiting for an answer (unread), among `clientIds` when given. */
export async function countUnread(db: DbOrTx, practiceId: string, clientIds?: readonly string[]): Promise<number> {
  if (clientIds && !clientIds.length) return 0;
  let q = db.selectFrom('client_threads').select((eb) => eb.fn.countAll<number>().as('n')).where('practice_id', '=', practiceId).where('unread', '>', 0);
  if (clientIds) q = q.where('client_id', 'in', [...clientIds]);
  return Number((await q.executeTakeFirst())?.n ?? 0);
}

/** A thread's newest message (for the inbox's preview). */
export const newestMessage = (db: DbOrTx, practiceId: string, clientId: string) =>
  db
    .selectFrom('client_messages')
    .selectAll()
    .where('practice_id', '=', practiceId)
    .where('client_id', '=', clientId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();

/** Whether a message carries documents. */
export async function hasAttachments(db: DbOrTx, messageId: string): Promise<boolean> {
  return !!(await db.selectFrom('message_attachments').select('message_id').where('message_id', '=', messageId).executeTakeFirst());
}

// ---- colleagues ----

// Staff accounts are the identity module's: asked through its public face.
/** Active users of the practice (id and encrypted e-mail), optionally only the given ids. */
export const activeUsers = (db: DbOrTx, practiceId: string, ids?: readonly string[]) => identity.activeStaff(db, practiceId, ids);

/** Active owners of the practice: who hears of a message nobody else was chosen for. */
export const activeOwnerIds = async (db: DbOrTx, practiceId: string): Promise<string[]> => (await identity.usersWithRole(db, practiceId, 'owner')).map((r) => r.id);

// ---- message services ----

export const insertService = (db: DbOrTx, row: Insertable<MessageServicesTable>) => db.insertInto('message_services').values(row).execute();

export const updateService = (db: DbOrTx, id: string, patch: Updateable<MessageServicesTable>) =>
  db.updateTable('message_services').set(patch).where('id', '=', id).execute();

export const findService = (db: DbOrTx, practiceId: string, id: string) =>
  db.selectFrom('message_services').selectAll().where('practice_id', '=', practiceId).where('id', '=', id).executeTakeFirst();

export const practiceServices = (db: DbOrTx, practiceId: string) =>
  db.selectFrom('message_services').selectAll().where('practice_id', '=', practiceId).orderBy('created_at').orderBy('id').execute();

export async function serviceMembers(db: DbOrTx, practiceId: string): Promise<Map<string, string[]>> {
  const rows = await db
    .selectFrom('message_service_members')
    .innerJoin('message_services', 'message_services.id', 'message_service_members.service_id')
    .select(['message_service_members.service_id', 'message_service_members.user_id'])
    .where('message_services.practice_id', '=', practiceId)
    .orderBy('message_service_members.user_id')
    .execute();
  return groupValues(rows, (r) => r.service_id, (r) => r.user_id);
}

export async function membersOf(db: DbOrTx, serviceId: string): Promise<string[]> {
  const rows = await db.selectFrom('message_service_members').select('user_id').where('service_id', '=', serviceId).orderBy('user_id').execute();
  return rows.map((r) => r.user_id);
}

export async function setMembers(db: DbOrTx, serviceId: string, userIds: readonly string[]): Promise<void> {
  await db.deleteFrom('message_service_members').where('service_id', '=', serviceId).execute();
  if (userIds.length) await db.insertInto('message_service_members').values(userIds.map((user_id) => ({ service_id: serviceId, user_id }))).execute();
}

/** Removes a service; its messages stay in their threads, and a profile pointing at it points nowhere. */
export async function deleteService(db: DbOrTx, id: string): Promise<void> {
  await db.updateTable('client_messages').set({ service_id: null }).where('service_id', '=', id).execute();
  await db.updateTable('practice_profiles').set({ contact_service_id: null }).where('contact_service_id', '=', id).execute();
  await db.deleteFrom('message_service_members').where('service_id', '=', id).execute();
  await db.deleteFrom('message_services').where('id', '=', id).execute();
}

// ---- profiles ----

export const findProfile = (db: DbOrTx, practiceId: string) =>
  db.selectFrom('practice_profiles').selectAll().where('practice_id', '=', practiceId).executeTakeFirst();

export const findProfileBySlug = (db: DbOrTx, slug: string) =>
  db.selectFrom('practice_profiles').selectAll().where('slug', '=', slug).executeTakeFirst();

export async function upsertProfile(db: DbOrTx, row: PracticeProfilesTable): Promise<void> {
  const { practice_id: _pid, ...rest } = row;
  await db
    .insertInto('practice_profiles')
    .values(row)
    .onConflict((oc) => oc.column('practice_id').doUpdateSet(rest))
    .execute();
}

// ---- Contact Us requests ----

export const insertContactRequest = (db: DbOrTx, row: ContactRequestsTable) => db.insertInto('contact_requests').values(row).execute();

export const contactRequests = (db: DbOrTx, practiceId: string) =>
  db.selectFrom('contact_requests').selectAll().where('practice_id', '=', practiceId).orderBy('created_at', 'desc').orderBy('id').execute();

export const findContactRequest = (db: DbOrTx, practiceId: string, id: string) =>
  db.selectFrom('contact_requests').selectAll().where('practice_id', '=', practiceId).where('id', '=', id).executeTakeFirst();

export const markHandled = (db: DbOrTx, id: string, userId: string, now: number) =>
  db.updateTable('contact_requests').set({ handled_at: now, handled_by: userId }).where('id', '=', id).execute();

export type MessageRow = ClientMessagesTable;
