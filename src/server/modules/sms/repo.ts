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

/** The practice that most recently texted this phone, if any (`sharedOnly`: of those without a number of their own). */
export async function latestPractice(db: DbOrTx, phoneHash: string, sharedOnly = false): Promise<string | undefined> {
  const row = await db
    .selectFrom('sms_threads')
    .select('practice_id')
    .where('phone_hash', '=', phoneHash)
    .$if(sharedOnly, (q) => q.where('practice_id', 'not in', (eb) => eb.selectFrom('practice_sms_numbers').select('practice_id')))
    .orderBy('last_sent_at', 'desc')
    .orderBy('practice_id')
    .limit(1)
    .executeTakeFirst();
  return row?.practice_id;
}

// ---- webhook bookkeeping ----

/** How long handled inbound ids and unclaimed early statuses are kept. */
const KEEP_MS = 7 * 24 * 3600_000;

/** Notes an inbound message id; false when it was handled before (a retry or a replay). */
export async function markInbound(db: DbOrTx, messageSid: string, at: number): Promise<boolean> {
  await db.deleteFrom('sms_inbound_seen').where('received_at', '<', at - KEEP_MS).execute();
  const r = await db
    .insertInto('sms_inbound_seen')
    .values({ message_sid: messageSid, received_at: at })
    .onConflict((oc) => oc.column('message_sid').doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
}

/** Forgets an inbound id whose handling failed, so the provider's retry is handled. */
export async function unmarkInbound(db: DbOrTx, messageSid: string): Promise<void> {
  await db.deleteFrom('sms_inbound_seen').where('message_sid', '=', messageSid).execute();
}

export async function keepEarlyStatus(db: DbOrTx, providerId: string, status: string, errorCode: string | null, at: number): Promise<void> {
  await db.deleteFrom('sms_status_early').where('received_at', '<', at - KEEP_MS).execute();
  await db
    .insertInto('sms_status_early')
    .values({ provider_id: providerId, status, error_code: errorCode, received_at: at })
    .onConflict((oc) => oc.column('provider_id').doUpdateSet({ status, error_code: errorCode, received_at: at }))
    .execute();
}

/** The early status kept for this message, removed as it is read. */
export async function takeEarlyStatus(db: DbOrTx, providerId: string): Promise<{ status: string; errorCode: string | null } | null> {
  const row = await db.selectFrom('sms_status_early').select(['status', 'error_code']).where('provider_id', '=', providerId).executeTakeFirst();
  if (!row) return null;
  await db.deleteFrom('sms_status_early').where('provider_id', '=', providerId).execute();
  return { status: row.status, errorCode: row.error_code };
}

// ---- a practice's own sending number ----

export const practiceNumber = async (db: DbOrTx, practiceId: string): Promise<string | undefined> =>
  (await db.selectFrom('practice_sms_numbers').select('phone').where('practice_id', '=', practiceId).executeTakeFirst())?.phone;

export const practiceOfNumber = async (db: DbOrTx, phone: string): Promise<string | undefined> =>
  (await db.selectFrom('practice_sms_numbers').select('practice_id').where('phone', '=', phone).executeTakeFirst())?.practice_id;

/** Gives a practice this number (replacing its old one); false when another practice has it. */
export async function assignNumber(db: DbOrTx, practiceId: string, phone: string, at: number): Promise<boolean> {
  const holder = await practiceOfNumber(db, phone);
  if (holder && holder !== practiceId) return false;
  await db
    .insertInto('practice_sms_numbers')
    .values({ practice_id: practiceId, phone, assigned_at: at })
    .onConflict((oc) => oc.column('practice_id').doUpdateSet({ phone, assigned_at: at }))
    .execute();
  return true;
}

export async function unassignNumber(db: DbOrTx, practiceId: string): Promise<boolean> {
  const r = await db.deleteFrom('practice_sms_numbers').where('practice_id', '=', practiceId).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}
