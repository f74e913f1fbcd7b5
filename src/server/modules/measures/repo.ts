// SQL of the measures module: schedules, requests, responses.
import type { DbOrTx } from '../../db/index.js';
import type { MeasureRequestsTable, MeasureResponsesTable, MeasureSchedulesTable } from './table.js';

export type ScheduleRow = MeasureSchedulesTable;
export type RequestRow = MeasureRequestsTable;
export type ResponseRow = MeasureResponsesTable;

export const insertSchedule = (db: DbOrTx, row: ScheduleRow) => db.insertInto('measure_schedules').values(row).execute();

export const schedulesOf = (db: DbOrTx, practiceId: string, clientId: string) =>
  db.selectFrom('measure_schedules').selectAll().where('practice_id', '=', practiceId).where('client_id', '=', clientId).orderBy('created_at').orderBy('id').execute();

export const findSchedule = (db: DbOrTx, practiceId: string, clientId: string, id: string) =>
  db.selectFrom('measure_schedules').selectAll().where('practice_id', '=', practiceId).where('client_id', '=', clientId).where('id', '=', id).executeTakeFirst();

export const stopSchedule = (db: DbOrTx, id: string, by: string, now: number) =>
  db.updateTable('measure_schedules').set({ active: 0, stopped_by: by, stopped_at: now }).where('id', '=', id).where('active', '=', 1).executeTakeFirst();

/** Active schedules made per appointment (the sweep's work list). */
export const appointmentSchedules = (db: DbOrTx) =>
  db.selectFrom('measure_schedules').selectAll().where('active', '=', 1).where('cadence', '!=', 'once').orderBy('created_at').execute();

/** Inserts a request unless one exists for the same schedule and appointment; true when inserted. */
export async function insertRequest(db: DbOrTx, row: RequestRow): Promise<boolean> {
  const r = await db.insertInto('measure_requests').values(row).onConflict((oc) => oc.columns(['schedule_id', 'appointment_id']).doNothing()).executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
}

export const requestAppointments = async (db: DbOrTx, scheduleId: string): Promise<Set<string>> =>
  new Set(
    (await db.selectFrom('measure_requests').select('appointment_id').where('schedule_id', '=', scheduleId).where('appointment_id', 'is not', null).execute()).map((r) => r.appointment_id!),
  );

export const findRequest = (db: DbOrTx, id: string) => db.selectFrom('measure_requests').selectAll().where('id', '=', id).executeTakeFirst();

/** Requests still open for a client (due and already open at `now`, unless `all`). */
export function openRequests(db: DbOrTx, practiceId: string, clientId: string, now: number, all = false) {
  let q = db.selectFrom('measure_requests').selectAll().where('practice_id', '=', practiceId).where('client_id', '=', clientId).where('status', '=', 'due');
  if (!all) q = q.where('opens_at', '<=', now);
  return q.orderBy('due_at').orderBy('id').execute();
}

export const completeRequest = (db: DbOrTx, id: string, now: number) =>
  db.updateTable('measure_requests').set({ status: 'completed', completed_at: now }).where('id', '=', id).where('status', '=', 'due').executeTakeFirst();

export const stopOpenRequests = (db: DbOrTx, scheduleId: string) =>
  db.updateTable('measure_requests').set({ status: 'expired' }).where('schedule_id', '=', scheduleId).where('status', '=', 'due').execute();

export const expireRequests = (db: DbOrTx, now: number) => db.updateTable('measure_requests').set({ status: 'expired' }).where('status', '=', 'due').where('expires_at', '<', now).executeTakeFirst();

export const insertResponse = (db: DbOrTx, row: ResponseRow) => db.insertInto('measure_responses').values(row).execute();

export const responsesOf = (db: DbOrTx, practiceId: string, clientId: string) =>
  db.selectFrom('measure_responses').selectAll().where('practice_id', '=', practiceId).where('client_id', '=', clientId).orderBy('completed_at').orderBy('id').execute();

/** Unreviewed risk answers of the practice (optionally only those alerting one clinician). */
export function openFlags(db: DbOrTx, practiceId: string, notifyUserId: string | null) {
  let q = db
    .selectFrom('measure_responses as r')
    .innerJoin('measure_requests as q', 'q.id', 'r.request_id')
    .select(['r.id', 'r.client_id', 'r.completed_at'])
    .where('r.practice_id', '=', practiceId)
    .where('r.risk_flag', '=', 1)
    .where('r.flag_reviewed_at', 'is', null);
  if (notifyUserId) q = q.where('q.notify_user_id', '=', notifyUserId);
  return q.orderBy('r.completed_at', 'desc').limit(100).execute();
}

export const findResponse = (db: DbOrTx, practiceId: string, id: string) => db.selectFrom('measure_responses').selectAll().where('practice_id', '=', practiceId).where('id', '=', id).executeTakeFirst();

export const reviewFlag = (db: DbOrTx, id: string, by: string, now: number) =>
  db.updateTable('measure_responses').set({ flag_reviewed_by: by, flag_reviewed_at: now }).where('id', '=', id).where('flag_reviewed_at', 'is', null).executeTakeFirst();
