// Scheduling queries. The range query is the one source both the appointment list and the
// calendar read: appointments overlapping [from, to), i.e. start < to and end > from.
import { sql } from 'kysely';
import type { Dialect, DbOrTx, Tx } from '../../db/index.js';
import { forUpdate } from '../../db/index.js';
import type { AppointmentsTable } from '../../db/schema.js';
import { identity } from '../auth/index.js';
import { MAX_DURATION_MINUTES } from '../../../shared/scheduling.js';

export type AppointmentRow = AppointmentsTable;

export interface RangeFilter {
  practiceId: string;
  from: number;
  to: number;
  providerId?: string | undefined;
  clientId?: string | undefined;
  statuses?: string[] | undefined;
}

const LONGEST_MS = MAX_DURATION_MINUTES * 60_000;

function rangeQuery(db: DbOrTx, f: RangeFilter) {
  let q = db
    .selectFrom('appointments as a')
    .where('a.practice_id', '=', f.practiceId)
    // No appointment lasts longer than LONGEST_MS, so this bound keeps the index range short.
    .where('a.start_at', '>', f.from - LONGEST_MS)
    .where('a.start_at', '<', f.to)
    .where('a.end_at', '>', f.from);
  if (f.providerId) q = q.where('a.provider_id', '=', f.providerId);
  if (f.statuses?.length) q = q.where('a.status', 'in', f.statuses);
  if (f.clientId) {
    const clientId = f.clientId;
    q = q.where((w) => w.exists(w.selectFrom('appointment_clients as ac').select('ac.appointment_id').whereRef('ac.appointment_id', '=', 'a.id').where('ac.client_id', '=', clientId)));
  }
  return q;
}

export async function countRange(db: DbOrTx, f: RangeFilter): Promise<number> {
  const row = await rangeQuery(db, f).select((e) => e.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

export function pageRange(db: DbOrTx, f: RangeFilter, offset: number, limit: number): Promise<AppointmentRow[]> {
  return rangeQuery(db, f).selectAll('a').orderBy('a.start_at').orderBy('a.id').limit(limit).offset(offset).execute();
}

/** What a calendar cell is drawn from: the same rows in the same order as pageRange, fewer columns. */
export type CellRow = Pick<AppointmentRow, 'id' | 'provider_id' | 'start_at' | 'end_at' | 'time_zone' | 'type' | 'status'>;

export function pageRangeCells(db: DbOrTx, f: RangeFilter, offset: number, limit: number): Promise<CellRow[]> {
  return rangeQuery(db, f).select(['a.id', 'a.provider_id', 'a.start_at', 'a.end_at', 'a.time_zone', 'a.type', 'a.status']).orderBy('a.start_at').orderBy('a.id').limit(limit).offset(offset).execute();
}

export async function clientsOf(db: DbOrTx, appointmentIds: string[]): Promise<{ appointment_id: string; client_id: string }[]> {
  const out: { appointment_id: string; client_id: string }[] = [];
  for (let i = 0; i < appointmentIds.length; i += 900) {
    const chunk = appointmentIds.slice(i, i + 900);
    out.push(
      ...(await db
        .selectFrom('appointment_clients as ac')
        .select(['ac.appointment_id', 'ac.client_id'])
        .where('ac.appointment_id', 'in', chunk)
        .orderBy('ac.appointment_id')
        .orderBy('ac.client_id')
        .execute()),
    );
  }
  return out;
}

/** The state of appointments by id (a few columns, chunked for long id lists). */
export async function states(db: DbOrTx, ids: readonly string[]) {
  const out: Pick<AppointmentRow, 'id' | 'practice_id' | 'provider_id' | 'service_id' | 'start_at' | 'time_zone' | 'status'>[] = [];
  for (let i = 0; i < ids.length; i += 900) {
    const chunk = ids.slice(i, i + 900);
    out.push(...(await db.selectFrom('appointments').select(['id', 'practice_id', 'provider_id', 'service_id', 'start_at', 'time_zone', 'status']).where('id', 'in', chunk).execute()));
  }
  return out;
}

/** One appointment's state, locked until the transaction ends (PostgreSQL; SQLite has one writer). */
export const lockedState = (db: DbOrTx, dialect: Dialect, id: string) =>
  forUpdate(db.selectFrom('appointments').select(['id', 'practice_id', 'provider_id', 'service_id', 'start_at', 'time_zone', 'status']).where('id', '=', id), dialect).executeTakeFirst();

export const findAppointments = (db: DbOrTx, practiceId: string, ids: readonly string[]) =>
  ids.length ? db.selectFrom('appointments').selectAll().where('practice_id', '=', practiceId).where('id', 'in', [...ids]).execute() : Promise.resolve([]);

export const findAppointment = (db: DbOrTx, practiceId: string, id: string) =>
  db.selectFrom('appointments').selectAll().where('practice_id', '=', practiceId).where('id', '=', id).executeTakeFirst();

/** Occurrences of a series from an index on (or all), in series order. */
export const seriesOccurrences = (db: DbOrTx, seriesId: string, fromIndex: number) =>
  db.selectFrom('appointments').selectAll().where('series_id', '=', seriesId).where('series_index', '>=', fromIndex).orderBy('series_index').execute();

// Staff accounts are the identity module's: asked through its public face.
/** Serialises bookings of one provider: a row lock on PostgreSQL; SQLite has one writer already. */
export const lockProvider = (db: DbOrTx, dialect: Dialect, providerId: string) => identity.lockStaff(db, dialect, providerId);

/** The provider's live appointments overlapping [from, to), other than `exclude`. */
export function busy(db: DbOrTx, providerId: string, from: number, to: number, exclude: string[]) {
  let q = db
    .selectFrom('appointments')
    .select(['id', 'start_at', 'end_at', 'allow_overlap'])
    .where('provider_id', '=', providerId)
    .where('status', '!=', 'cancelled')
    .where('start_at', '>', from - LONGEST_MS)
    .where('start_at', '<', to)
    .where('end_at', '>', from);
  if (exclude.length) q = q.where('id', 'not in', exclude);
  return q.execute();
}

export const activeProvider = (db: DbOrTx, practiceId: string, userId: string) => identity.activeProvider(db, practiceId, userId);

export const userNames = (db: DbOrTx, practiceId: string, ids: string[]) => identity.staffNames(db, practiceId, ids);

export const services = (db: DbOrTx, practiceId: string) => db.selectFrom('appointment_services').selectAll().where('practice_id', '=', practiceId).orderBy('name').execute();

export const findService = (db: DbOrTx, practiceId: string, id: string) =>
  db.selectFrom('appointment_services').selectAll().where('practice_id', '=', practiceId).where('id', '=', id).executeTakeFirst();

export const settingsRow = (db: DbOrTx, practiceId: string) => db.selectFrom('scheduling_settings').selectAll().where('practice_id', '=', practiceId).executeTakeFirst();

export const touch = (db: DbOrTx, id: string, version: number, set: Partial<AppointmentRow>) =>
  db
    .updateTable('appointments')
    .set({ ...set, version: sql<number>`version + 1` })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();

/** The practice's appointments watermark (0 before its first appointment write). */
export async function revision(db: DbOrTx, practiceId: string): Promise<number> {
  const row = await db.selectFrom('appointment_revisions').select('revision').where('practice_id', '=', practiceId).executeTakeFirst();
  return Number(row?.revision ?? 0);
}

/** Moves the practice's appointments watermark on. Inside the writing transaction. */
export async function bumpRevision(tx: Tx, practiceId: string): Promise<void> {
  await tx
    .insertInto('appointment_revisions')
    .values({ practice_id: practiceId, revision: 1 })
    .onConflict((oc) => oc.column('practice_id').doUpdateSet({ revision: sql<number>`appointment_revisions.revision + 1` }))
    .execute();
}
