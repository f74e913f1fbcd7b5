// Client booking queries: appointment requests, waitlist entries, offers and their recipients.
import type { DbOrTx } from '../../db/index.js';
import type { AppointmentRequestsTable, WaitlistEntriesTable, WaitlistOfferRecipientsTable, WaitlistOffersTable } from './table.js';

export type RequestRow = AppointmentRequestsTable;
export type EntryRow = WaitlistEntriesTable;
export type OfferRow = WaitlistOffersTable;
export type RecipientRow = WaitlistOfferRecipientsTable;

// ---- requests ----

export const insertRequest = (db: DbOrTx, row: RequestRow) => db.insertInto('appointment_requests').values(row).execute();

export const findRequest = (db: DbOrTx, practiceId: string, id: string) =>
  db.selectFrom('appointment_requests').selectAll().where('practice_id', '=', practiceId).where('id', '=', id).executeTakeFirst();

/** Pending requests of the provider whose time has not passed and that overlap [from, to). */
export const pendingOverlapping = (db: DbOrTx, providerId: string, from: number, to: number, now: number) =>
  db
    .selectFrom('appointment_requests')
    .select(['id', 'start_at', 'end_at'])
    .where('provider_id', '=', providerId)
    .where('status', '=', 'pending')
    .where('start_at', '>', now)
    .where('start_at', '<', to)
    .where('end_at', '>', from)
    .execute();

export interface RequestFilter {
  practiceId: string;
  /** A stored status, or 'expired' (pending whose time has passed). */
  status: string;
  providerId?: string | undefined;
  now: number;
}

function requestQuery(db: DbOrTx, f: RequestFilter) {
  let q = db.selectFrom('appointment_requests').where('practice_id', '=', f.practiceId);
  if (f.status === 'pending') q = q.where('status', '=', 'pending').where('start_at', '>', f.now);
  else if (f.status === 'expired') q = q.where('status', '=', 'pending').where('start_at', '<=', f.now);
  else q = q.where('status', '=', f.status);
  if (f.providerId) q = q.where('provider_id', '=', f.providerId);
  return q;
}

export async function countRequests(db: DbOrTx, f: RequestFilter): Promise<number> {
  const row = await requestQuery(db, f).select((e) => e.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

export const pageRequests = (db: DbOrTx, f: RequestFilter, offset: number, limit: number) =>
  requestQuery(db, f).selectAll().orderBy('created_at').orderBy('id').limit(limit).offset(offset).execute();

/** A client's requests: every pending one, and the others made since `since`, newest first. */
export const clientRequests = (db: DbOrTx, practiceId: string, clientId: string, since: number) =>
  db
    .selectFrom('appointment_requests')
    .selectAll()
    .where('practice_id', '=', practiceId)
    .where('client_id', '=', clientId)
    .where((w) => w.or([w('status', '=', 'pending'), w('created_at', '>=', since)]))
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .limit(200)
    .execute();

/** Moves a pending request on; false when it was no longer pending (someone acted first). */
export async function decide(db: DbOrTx, id: string, set: Partial<RequestRow>): Promise<boolean> {
  const res = await db.updateTable('appointment_requests').set(set).where('id', '=', id).where('status', '=', 'pending').executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

// ---- waitlist ----

export const insertEntry = (db: DbOrTx, row: EntryRow) => db.insertInto('waitlist_entries').values(row).execute();

export const waitingEntriesOfClient = (db: DbOrTx, practiceId: string, clientId: string) =>
  db.selectFrom('waitlist_entries').selectAll().where('practice_id', '=', practiceId).where('client_id', '=', clientId).where('status', '=', 'waiting').orderBy('created_at').orderBy('id').execute();

export const findEntry = (db: DbOrTx, practiceId: string, id: string) =>
  db.selectFrom('waitlist_entries').selectAll().where('practice_id', '=', practiceId).where('id', '=', id).executeTakeFirst();

export async function setEntryStatus(db: DbOrTx, id: string, from: string, to: string, now: number): Promise<boolean> {
  const res = await db.updateTable('waitlist_entries').set({ status: to, updated_at: now }).where('id', '=', id).where('status', '=', from).executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

/** Everyone waiting for the provider, first come first. */
export const waitingForProvider = (db: DbOrTx, practiceId: string, providerId: string) =>
  db.selectFrom('waitlist_entries').selectAll().where('practice_id', '=', practiceId).where('provider_id', '=', providerId).where('status', '=', 'waiting').orderBy('created_at').orderBy('id').execute();

// ---- offers ----

/** Inserts the offer unless one for its source event exists; false when it did (nothing inserted). */
export async function insertOffer(db: DbOrTx, row: OfferRow): Promise<boolean> {
  const res = await db
    .insertInto('waitlist_offers')
    .values(row)
    .onConflict((oc) => oc.column('source_event_id').doNothing())
    .executeTakeFirst();
  return Number(res.numInsertedOrUpdatedRows ?? 0) === 1;
}
export const insertRecipients = (db: DbOrTx, rows: RecipientRow[]) => (rows.length ? db.insertInto('waitlist_offer_recipients').values(rows).execute() : Promise.resolve([]));

export const offerOfEvent = (db: DbOrTx, eventId: string) => db.selectFrom('waitlist_offers').selectAll().where('source_event_id', '=', eventId).executeTakeFirst();

/** An offer of this appointment's slot made before offers recorded their event (by the old in-process hook). */
export const legacyOffer = (db: DbOrTx, appointmentId: string, start: number) =>
  db.selectFrom('waitlist_offers').selectAll().where('source_appointment_id', '=', appointmentId).where('start_at', '=', start).where('source_event_id', 'is', null).executeTakeFirst();

/** The offers made to these waitlist entries since `since`, newest first. */
export const offersOfEntries = (db: DbOrTx, entryIds: string[], since: number) =>
  entryIds.length
    ? db
        .selectFrom('waitlist_offer_recipients as r')
        .innerJoin('waitlist_offers as o', 'o.id', 'r.offer_id')
        .selectAll('o')
        .select(['r.entry_id', 'r.mailed_at'])
        .where('r.entry_id', 'in', entryIds)
        .where('o.created_at', '>=', since)
        .orderBy('o.created_at', 'desc')
        .orderBy('o.id')
        .execute()
    : Promise.resolve([]);

export const findOffer = (db: DbOrTx, id: string) => db.selectFrom('waitlist_offers').selectAll().where('id', '=', id).executeTakeFirst();

export const recipientsOf = (db: DbOrTx, offerId: string) => db.selectFrom('waitlist_offer_recipients').selectAll().where('offer_id', '=', offerId).execute();

export const recipient = (db: DbOrTx, offerId: string, clientId: string) =>
  db.selectFrom('waitlist_offer_recipients').selectAll().where('offer_id', '=', offerId).where('client_id', '=', clientId).executeTakeFirst();

/** Offers made to a client that are still open (unless the practice took them off that waitlist) or that they took, newest slot last. */
export const offersForClient = (db: DbOrTx, clientId: string, now: number) =>
  db
    .selectFrom('waitlist_offer_recipients as r')
    .innerJoin('waitlist_offers as o', 'o.id', 'r.offer_id')
    .innerJoin('waitlist_entries as e', 'e.id', 'r.entry_id')
    .selectAll('o')
    .where('r.client_id', '=', clientId)
    .where('o.start_at', '>', now)
    .where((w) => w.or([w.and([w('o.status', '=', 'open'), w('e.status', '!=', 'removed')]), w('o.taken_by_client_id', '=', clientId)]))
    .orderBy('o.start_at')
    .limit(100)
    .execute();

/** The first acceptance takes the offer; false when it was taken, withdrawn or has expired. */
export async function takeOffer(db: DbOrTx, id: string, clientId: string, appointmentId: string, now: number): Promise<boolean> {
  const res = await db
    .updateTable('waitlist_offers')
    .set({ status: 'taken', taken_by_client_id: clientId, appointment_id: appointmentId, decided_at: now })
    .where('id', '=', id)
    .where('status', '=', 'open')
    .where('expires_at', '>', now)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

export const withdrawOffer = (db: DbOrTx, id: string, now: number) =>
  db.updateTable('waitlist_offers').set({ status: 'withdrawn', decided_at: now }).where('id', '=', id).where('status', '=', 'open').execute();

/** Gives back a mail claim whose send failed, so a retry of the event sends it. */
/** A recipient's offer mail went (the staff view shows it). */
export async function markMailed(db: DbOrTx, offerId: string, clientId: string, now: number): Promise<void> {
  await db.updateTable('waitlist_offer_recipients').set({ mailed_at: now }).where('offer_id', '=', offerId).where('client_id', '=', clientId).where('mailed_at', 'is', null).execute();
}
