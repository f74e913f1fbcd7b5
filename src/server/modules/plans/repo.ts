// SQL of the plans module: plans and their versions. Plain functions taking db or a transaction.
import type { Insertable, Updateable } from 'kysely';
import { forUpdate, type DbOrTx, type Dialect } from '../../db/index.js';
import type { TreatmentPlansTable, TreatmentPlanVersionsTable } from './table.js';

export type PlanRow = TreatmentPlansTable;
export type VersionRow = TreatmentPlanVersionsTable;

export const insertPlan = (db: DbOrTx, row: Insertable<TreatmentPlansTable>) => db.insertInto('treatment_plans').values(row).execute();
export const insertVersion = (db: DbOrTx, row: Insertable<TreatmentPlanVersionsTable>) => db.insertInto('treatment_plan_versions').values(row).execute();

export const findPlan = (db: DbOrTx, practiceId: string, id: string) =>
  db.selectFrom('treatment_plans').selectAll().where('practice_id', '=', practiceId).where('id', '=', id).executeTakeFirst();

/** The plan, locked for the rest of the transaction (PostgreSQL; SQLite serialises writers). */
export const lockPlan = (db: DbOrTx, dialect: Dialect, practiceId: string, id: string) =>
  forUpdate(db.selectFrom('treatment_plans').selectAll().where('practice_id', '=', practiceId).where('id', '=', id), dialect).executeTakeFirst();

export const plansOfClient = (db: DbOrTx, practiceId: string, clientId: string) =>
  db.selectFrom('treatment_plans').selectAll().where('practice_id', '=', practiceId).where('client_id', '=', clientId).orderBy('created_at', 'desc').orderBy('id').execute();

export const versionsOf = (db: DbOrTx, planIds: readonly string[]) =>
  planIds.length ? db.selectFrom('treatment_plan_versions').selectAll().where('plan_id', 'in', [...planIds]).orderBy('plan_id').orderBy('version').execute() : Promise.resolve([] as VersionRow[]);

export const findVersion = (db: DbOrTx, planId: string, version: number) =>
  db.selectFrom('treatment_plan_versions').selectAll().where('plan_id', '=', planId).where('version', '=', version).executeTakeFirst();

export const updatePlan = (db: DbOrTx, id: string, set: Updateable<TreatmentPlansTable>) => db.updateTable('treatment_plans').set(set).where('id', '=', id).execute();

/** Changes a version only while it is unsigned (a signed version is never written again, except the client's signature, once). */
export async function updateDraftVersion(db: DbOrTx, planId: string, version: number, set: Updateable<TreatmentPlanVersionsTable>): Promise<boolean> {
  const r = await db.updateTable('treatment_plan_versions').set(set).where('plan_id', '=', planId).where('version', '=', version).where('signed_at', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Records the client's signature of a signed version, once. */
export async function setClientSignature(db: DbOrTx, planId: string, version: number, signatureEnc: string, at: number): Promise<boolean> {
  const r = await db
    .updateTable('treatment_plan_versions')
    .set({ client_signature_enc: signatureEnc, client_signed_at: at, updated_at: at })
    .where('plan_id', '=', planId)
    .where('version', '=', version)
    .where('signed_at', 'is not', null)
    .where('client_signed_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Signed plans of the practice due for review on or before `day` (YYYY-MM-DD), soonest first. */
export const dueForReview = (db: DbOrTx, practiceId: string, day: string, limit: number) =>
  db
    .selectFrom('treatment_plans')
    .select(['id', 'client_id', 'next_review_date', 'created_by'])
    .where('practice_id', '=', practiceId)
    .where('status', 'in', ['active', 'reviewed'])
    .where('next_review_date', '<=', day)
    .orderBy('next_review_date')
    .orderBy('id')
    .limit(limit)
    .execute();
