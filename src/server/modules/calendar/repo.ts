// Calendar feeds and appointment notifications: all SQL of the calendar module.
import type { DbOrTx } from '../../db/index.js';
import { identity } from '../auth/index.js';

// ---- feeds ----

export const insertFeed = (db: DbOrTx, row: { id: string; practice_id: string; user_id: string; token_hash: string; created_at: number }) =>
  db.insertInto('calendar_feeds').values({ ...row, last_used_at: null, revoked_at: null }).execute();

export const liveFeeds = (db: DbOrTx, practiceId: string, userId: string) =>
  db
    .selectFrom('calendar_feeds')
    .select(['id', 'created_at', 'last_used_at'])
    .where('practice_id', '=', practiceId)
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .execute();

export async function revokeFeed(db: DbOrTx, practiceId: string, userId: string, id: string, now: number): Promise<boolean> {
  const res = await db
    .updateTable('calendar_feeds')
    .set({ revoked_at: now })
    .where('id', '=', id)
    .where('practice_id', '=', practiceId)
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

/** The feed with this token hash (live or revoked), and whether its user is still active in its practice. */
/** A feed by its token's hash, with its owner's account status (asked of the identity module: users are its). */
export async function feedByTokenHash(db: DbOrTx, tokenHash: string) {
  const feed = await db.selectFrom('calendar_feeds').select(['id', 'practice_id', 'user_id', 'revoked_at']).where('token_hash', '=', tokenHash).executeTakeFirst();
  return feed && { ...feed, user_status: (await identity.staffStatus(db, feed.practice_id, feed.user_id)) ?? null };
}

export const touchFeed = (db: DbOrTx, id: string, now: number) => db.updateTable('calendar_feeds').set({ last_used_at: now }).where('id', '=', id).execute();

// ---- mail keys (one row per mail: claimed when the mail is enqueued, marked sent once it went) ----

/** Claims the key of one mail; false when it was claimed before (sent, or being sent). */
export async function claimNotification(
  db: DbOrTx,
  row: { id: string; practice_id: string; subject_id: string; client_id: string; kind: string; event_id: string; created_at: number },
): Promise<boolean> {
  const res = await db
    .insertInto('appointment_notifications')
    .values({ ...row, sent_at: null })
    .onConflict((oc) => oc.columns(['subject_id', 'client_id', 'kind']).doNothing())
    .executeTakeFirst();
  return Number(res.numInsertedOrUpdatedRows ?? 0) === 1;
}

export const markSent = (db: DbOrTx, id: string, now: number) => db.updateTable('appointment_notifications').set({ sent_at: now }).where('id', '=', id).execute();

/** A mail that failed to send gives its key back, so the retried event tries again. */
export const releaseNotification = (db: DbOrTx, id: string) => db.deleteFrom('appointment_notifications').where('id', '=', id).where('sent_at', 'is', null).execute();

/** Whether the key of this mail was claimed already (sent, or being sent). */
export const claimedNotification = (db: DbOrTx, subjectId: string, clientId: string, kind: string) =>
  db
    .selectFrom('appointment_notifications')
    .select('id')
    .where('subject_id', '=', subjectId)
    .where('client_id', '=', clientId)
    .where('kind', '=', kind)
    .executeTakeFirst();

/** The key of one mail with whether it went (null: none claimed). */
export const notificationKey = (db: DbOrTx, subjectId: string, clientId: string, kind: string) =>
  db
    .selectFrom('appointment_notifications')
    .select(['id', 'sent_at'])
    .where('subject_id', '=', subjectId)
    .where('client_id', '=', clientId)
    .where('kind', '=', kind)
    .executeTakeFirst();

/** Gives back every key of a subject and client whose mail never went, but one (the key just claimed). */
export const releaseUnsent = (db: DbOrTx, subjectId: string, clientId: string, keep: string) =>
  db.deleteFrom('appointment_notifications').where('subject_id', '=', subjectId).where('client_id', '=', clientId).where('sent_at', 'is', null).where('kind', '<>', keep).execute();
