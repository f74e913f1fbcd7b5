// All SQL of the notification ledger. Plain functions taking the db or a transaction first.
import type { Selectable } from 'kysely';
import { sendLedger } from '../../jobs/index.js';
import type { DbOrTx, Dialect } from '../../db/index.js';
import type { NotificationsTable } from './table.js';

export type NotificationRow = Selectable<NotificationsTable>;

export type NewNotification = Omit<NotificationsTable, 'attempts' | 'claimed_at' | 'claimed_by' | 'failure' | 'provider_id' | 'sent_at' | 'status'>;

/**
 * Inserts the rows whose dedupe_key is not there yet (INSERT … ON CONFLICT DO NOTHING on both
 * databases); returns how many were new. Run it in the caller's transaction, so the rows commit
 * with whatever made them.
 */
export async function enqueue(db: DbOrTx, rows: NewNotification[]): Promise<number> {
  let n = 0;
  for (let i = 0; i < rows.length; i += 200) {
    const res = await db
      .insertInto('notifications')
      .values(rows.slice(i, i + 200).map((r) => ({ ...r, status: 'scheduled' as const, attempts: 0, claimed_at: null, claimed_by: null, failure: null, provider_id: null, sent_at: null })))
      .onConflict((oc) => oc.column('dedupe_key').doNothing())
      .executeTakeFirst();
    n += Number(res.numInsertedOrUpdatedRows ?? 0);
  }
  return n;
}

/** The notifications table as a send ledger (jobs/ledger.ts): claims, sweeps, finishes, retries and releases shared with reminders. */
export const ledger = sendLedger('notifications');
export const { sweepStale, finishAs, retryLater, release, nextDue, finishSent } = ledger;

/**
 * Claims up to `limit` due rows (the ledger's claim: `sending`, attempts + 1, FOR UPDATE SKIP LOCKED
 * on PostgreSQL). Ids are time-ordered (service.ts): the claim's order is the order rows were
 * enqueued in.
 */
export async function claimDue(db: DbOrTx, dialect: Dialect, o: { now: number; limit: number; me: string }): Promise<NotificationRow[]> {
  const rows = await ledger.claimDue<NotificationRow>(db, dialect, o);
  return rows.map((r) => ({ ...r, attempts: Number(r.attempts), next_attempt_at: Number(r.next_attempt_at), claimed_at: r.claimed_at === null ? null : Number(r.claimed_at), created_at: Number(r.created_at) }));
}

/** A practice's rows, newest first (the staff view), optionally of one status. */
export function ofPractice(db: DbOrTx, practiceId: string, o: { status?: string | undefined; limit: number }) {
  let q = db.selectFrom('notifications').selectAll().where('practice_id', '=', practiceId);
  if (o.status) q = q.where('status', '=', o.status as NotificationRow['status']);
  return q.orderBy('created_at', 'desc').orderBy('id').limit(o.limit).execute();
}

/** Rows of a kind still waiting (`scheduled`, not claimed) whose dedupe key starts with `prefix`. */
export async function countScheduled(db: DbOrTx, kind: string, prefix: string): Promise<number> {
  const r = await db.selectFrom('notifications').select((eb) => eb.fn.countAll<number>().as('n')).where('kind', '=', kind).where('status', '=', 'scheduled').where('dedupe_key', 'like', `${prefix}%`).executeTakeFirst();
  return Number(r?.n ?? 0);
}

/** Cancels the rows of a kind still waiting whose dedupe key starts with `prefix` (a claimed row is left alone); how many. */
export async function cancelScheduled(db: DbOrTx, kind: string, prefix: string, reason: string, now: number): Promise<number> {
  const r = await db.updateTable('notifications').set({ status: 'cancelled', failure: reason, updated_at: now }).where('kind', '=', kind).where('status', '=', 'scheduled').where('dedupe_key', 'like', `${prefix}%`).executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/** The practice's notifications that failed or may not have gone, made since `since` (Today's count). */
export async function countProblems(db: DbOrTx, practiceId: string, since: number): Promise<number> {
  const r = await db
    .selectFrom('notifications')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('practice_id', '=', practiceId)
    .where('status', 'in', ['failed', 'uncertain'])
    .where('created_at', '>=', since)
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}
