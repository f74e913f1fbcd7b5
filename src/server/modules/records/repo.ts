// SQL of the records module: supervision pairs.
import type { DbOrTx } from '../../db/index.js';

export const supervisorOf = async (db: DbOrTx, practiceId: string, userId: string): Promise<string | null> =>
  (await db.selectFrom('record_supervisors').select('supervisor_id').where('practice_id', '=', practiceId).where('user_id', '=', userId).executeTakeFirst())?.supervisor_id ?? null;

export const supervision = (db: DbOrTx, practiceId: string) =>
  db.selectFrom('record_supervisors').select(['user_id', 'supervisor_id', 'created_at']).where('practice_id', '=', practiceId).orderBy('created_at').execute();

export async function setSupervisor(db: DbOrTx, practiceId: string, userId: string, supervisorId: string | null, by: string, now: number): Promise<void> {
  await db.deleteFrom('record_supervisors').where('practice_id', '=', practiceId).where('user_id', '=', userId).execute();
  if (supervisorId) await db.insertInto('record_supervisors').values({ practice_id: practiceId, user_id: userId, supervisor_id: supervisorId, created_by: by, created_at: now }).execute();
}
