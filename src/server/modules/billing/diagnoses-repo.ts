// SQL for diagnosis codes: the imported ICD-10-CM code file (icd10_codes, not PHI) and each
// practice's own list (billing_diagnosis_codes). Plain functions taking db or a transaction.
import type { DbOrTx } from '../../db/index.js';

export interface Icd10Row {
  code: string;
  description: string;
  billable: number;
  release: string;
}

/** Inserts or replaces the rows (by code): importing a release twice, or a newer one, changes each code once. */
export async function upsertIcd10(db: DbOrTx, rows: Icd10Row[]): Promise<void> {
  if (!rows.length) return;
  await db
    .insertInto('icd10_codes')
    .values(rows)
    .onConflict((oc) =>
      oc.column('code').doUpdateSet((eb) => ({
        description: eb.ref('excluded.description'),
        billable: eb.ref('excluded.billable'),
        release: eb.ref('excluded.release'),
      })),
    )
    .execute();
}

export async function icd10Count(db: DbOrTx): Promise<number> {
  const row = await db.selectFrom('icd10_codes').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function findIcd10(db: DbOrTx, code: string): Promise<Icd10Row | undefined> {
  return db.selectFrom('icd10_codes').selectAll().where('code', '=', code).executeTakeFirst();
}

/**
 * Imported codes whose code starts with `codePrefix` (when given) or whose description holds every
 * word (case-insensitive), billable codes first, then by code. Words are letters and digits only.
 */
export async function searchIcd10(db: DbOrTx, q: { codePrefix: string | null; words: string[] }, limit: number): Promise<Icd10Row[]> {
  return db
    .selectFrom('icd10_codes')
    .selectAll()
    .where((eb) => {
      const byWords = q.words.length ? eb.and(q.words.map((w) => eb(eb.fn('lower', ['description']), 'like', `%${w.toLowerCase()}%`))) : null;
      const byCode = q.codePrefix ? eb('code', 'like', `${q.codePrefix}%`) : null;
      const either = [byCode, byWords].filter((x) => x !== null);
      return either.length ? eb.or(either) : eb.val(false);
    })
    .orderBy('billable', 'desc')
    .orderBy('code')
    .limit(limit)
    .execute();
}

export interface PracticeCodeRow {
  code: string;
  description: string;
}

export async function practiceCodes(db: DbOrTx, practiceId: string): Promise<PracticeCodeRow[]> {
  return db.selectFrom('billing_diagnosis_codes').select(['code', 'description']).where('practice_id', '=', practiceId).orderBy('code').execute();
}

/** Adds the code to the practice's list, or rewords it when it is there; true when it was new. */
export async function putPracticeCode(db: DbOrTx, practiceId: string, code: string, description: string, now: number): Promise<boolean> {
  const existing = await db.selectFrom('billing_diagnosis_codes').select('code').where('practice_id', '=', practiceId).where('code', '=', code).executeTakeFirst();
  if (existing) {
    await db.updateTable('billing_diagnosis_codes').set({ description }).where('practice_id', '=', practiceId).where('code', '=', code).execute();
    return false;
  }
  await db.insertInto('billing_diagnosis_codes').values({ practice_id: practiceId, code, description, created_at: now }).onConflict((oc) => oc.columns(['practice_id', 'code']).doUpdateSet({ description })).execute();
  return true;
}

export async function deletePracticeCode(db: DbOrTx, practiceId: string, code: string): Promise<boolean> {
  const r = await db.deleteFrom('billing_diagnosis_codes').where('practice_id', '=', practiceId).where('code', '=', code).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}
