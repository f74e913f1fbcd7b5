// SQL of the forms module: templates (versions per family), requests, and the first-booking packets.
import type { Insertable, Selectable, Updateable } from 'kysely';
import type { DbOrTx } from '../../db/index.js';
import type { FormFirstBookingsTable, FormRequestsTable, FormTemplatesTable } from './table.js';

export type TemplateRow = Selectable<FormTemplatesTable>;
export type RequestRow = Selectable<FormRequestsTable>;
/** A request with what the lists show of its template. */
export type RequestListRow = RequestRow & { name: string; kind: TemplateRow['kind']; version: number };

/** A client's requests shown at most (years of packets). */
const REQUEST_LIMIT = 500;

export const templatesOf = (db: DbOrTx, practiceId: string) =>
  db.selectFrom('form_templates').selectAll().where('practice_id', '=', practiceId).orderBy('created_at').orderBy('family_id').orderBy('version').execute();

export const templateById = (db: DbOrTx, practiceId: string, id: string) =>
  db.selectFrom('form_templates').selectAll().where('practice_id', '=', practiceId).where('id', '=', id).executeTakeFirst();

export const templatesByIds = (db: DbOrTx, practiceId: string, ids: readonly string[]) =>
  ids.length === 0 ? Promise.resolve([]) : db.selectFrom('form_templates').selectAll().where('practice_id', '=', practiceId).where('id', 'in', [...ids]).execute();

/** The newest version of a family. */
export const latestOfFamily = (db: DbOrTx, practiceId: string, familyId: string) =>
  db.selectFrom('form_templates').selectAll().where('practice_id', '=', practiceId).where('family_id', '=', familyId).orderBy('version', 'desc').limit(1).executeTakeFirst();

export async function insertTemplate(db: DbOrTx, row: Insertable<FormTemplatesTable>): Promise<void> {
  await db.insertInto('form_templates').values(row).execute();
}

/** Seeds a starter unless the practice has it already (any concurrent seeding inserts it once). */
export async function insertStarter(db: DbOrTx, row: Insertable<FormTemplatesTable>): Promise<void> {
  await db.insertInto('form_templates').values(row).onConflict((oc) => oc.doNothing()).execute();
}

export const hasStarters = async (db: DbOrTx, practiceId: string): Promise<boolean> =>
  (await db.selectFrom('form_templates').select('id').where('practice_id', '=', practiceId).where('starter', 'is not', null).limit(1).executeTakeFirst()) !== undefined;

export async function insertRequests(db: DbOrTx, rows: Insertable<FormRequestsTable>[]): Promise<void> {
  if (rows.length) await db.insertInto('form_requests').values(rows).execute();
}

const listed = (db: DbOrTx) =>
  db
    .selectFrom('form_requests as r')
    .innerJoin('form_templates as t', 't.id', 'r.template_id')
    .selectAll('r')
    .select(['t.name', 't.kind', 't.version']);

export const requestsOfClient = (db: DbOrTx, practiceId: string, clientId: string): Promise<RequestListRow[]> =>
  listed(db).where('r.practice_id', '=', practiceId).where('r.client_id', '=', clientId).orderBy('r.sent_at', 'desc').orderBy('r.id').limit(REQUEST_LIMIT).execute();

/** One request by id (any practice: the caller checks whose it is). */
export const requestById = (db: DbOrTx, id: string): Promise<RequestListRow | undefined> => listed(db).where('r.id', '=', id).executeTakeFirst();

export const requestsOfPacket = (db: DbOrTx, practiceId: string, packetId: string) =>
  db.selectFrom('form_requests').select(['id', 'client_id', 'status', 'appointment_id']).where('practice_id', '=', practiceId).where('packet_id', '=', packetId).execute();

export const completedOfClient = (db: DbOrTx, practiceId: string, clientId: string) =>
  listed(db).where('r.practice_id', '=', practiceId).where('r.client_id', '=', clientId).where('r.status', '=', 'completed').orderBy('r.completed_at').orderBy('r.id').execute();

export const completedOfPractice = (db: DbOrTx, practiceId: string) => listed(db).where('r.practice_id', '=', practiceId).where('r.status', '=', 'completed').orderBy('r.completed_at').execute();

/**
 * Changes a request only while it is still open (sent or in progress); returns whether it did, so
 * a request completed or cancelled meanwhile (a second tab, a double click) answers 409.
 */
export async function updateOpen(db: DbOrTx, id: string, patch: Updateable<FormRequestsTable>): Promise<boolean> {
  const r = await db.updateTable('form_requests').set(patch).where('id', '=', id).where('status', 'in', ['sent', 'in_progress']).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Per appointment: its requests' statuses (cancelled ones left out). */
export const statusesOfAppointments = (db: DbOrTx, practiceId: string, appointmentIds: readonly string[]) =>
  appointmentIds.length === 0
    ? Promise.resolve([])
    : db
        .selectFrom('form_requests')
        .select(['appointment_id', 'status'])
        .where('practice_id', '=', practiceId)
        .where('appointment_id', 'in', [...appointmentIds])
        .where('status', '!=', 'cancelled')
        .execute();

/** Claims the client's one first-booking packet; true when this call claimed it (false: it went already). */
export async function claimFirstBooking(db: DbOrTx, row: Insertable<FormFirstBookingsTable>): Promise<boolean> {
  await db.insertInto('form_first_bookings').values(row).onConflict((oc) => oc.columns(['practice_id', 'client_id']).doNothing()).execute();
  const got = await db.selectFrom('form_first_bookings').select('packet_id').where('practice_id', '=', row.practice_id).where('client_id', '=', row.client_id).executeTakeFirst();
  return got?.packet_id === row.packet_id;
}
