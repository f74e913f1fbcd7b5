// All SQL of the SMS module. Phones appear only as blind-index hashes.
import type { DbOrTx } from '../../db/index.js';

export async function isOptedOut(db: DbOrTx, practiceId: string, phoneHash: string): Promise<boolean> {
  const row = await db.selectFrom('sms_opt_outs').select('practice_id').where('practice_id', '=', practiceId).where('phone_hash', '=', phoneHash).executeTakeFirst();
  return row !== undefined;
}

/** Records a STOP; true when the phone was not opted out of this practice before. */
export async function optOut(db: DbOrTx, practiceId: string, phoneHash: string, at: number): Promise<boolean> {
  const r = await db
    .insertInto('sms_opt_outs')
    .values({ practice_id: practiceId, phone_hash: phoneHash, opted_out_at: at })
    .onConflict((oc) => oc.columns(['practice_id', 'phone_hash']).doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
}

/** Removes a STOP; true when the phone was opted out of this practice. */
export async function optIn(db: DbOrTx, practiceId: string, phoneHash: string): Promise<boolean> {
  const r = await db.deleteFrom('sms_opt_outs').where('practice_id', '=', practiceId).where('phone_hash', '=', phoneHash).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

export async function noteSent(db: DbOrTx, practiceId: string, phoneHash: string, at: number): Promise<void> {
  await db
    .insertInto('sms_threads')
    .values({ phone_hash: phoneHash, practice_id: practiceId, last_sent_at: at })
    .onConflict((oc) => oc.columns(['phone_hash', 'practice_id']).doUpdateSet({ last_sent_at: at }))
    .execute();
}

/** The practice that most recently texted this phone, if any. */
export async function latestPractice(db: DbOrTx, phoneHash: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('sms_threads')
    .select('practice_id')
    .where('phone_hash', '=', phoneHash)
    .orderBy('last_sent_at', 'desc')
    .orderBy('practice_id')
    .limit(1)
    .executeTakeFirst();
  return row?.practice_id;
}
