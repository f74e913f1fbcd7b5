// All SQL of the notification ledger. Plain functions taking the db or a transaction first.
import { sql, type Selectable } from 'kysely';
import type { DbOrTx, Dialect } from '../../db/index.js';
import type { NotificationsTable } from '../../db/schema.js';

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

/**
 * Claims up to `limit` due `scheduled` rows in one statement: `sending`, attempts + 1, claimed_at
 * and claimed_by. PostgreSQL: FOR UPDATE SKIP LOCKED, so instances claim disjoint rows. SQLite: one
 * UPDATE statement is one write transaction.
 */
export async function claimDue(db: DbOrTx, dialect: Dialect, o: { now: number; limit: number; me: string }): Promise<NotificationRow[]> {
  const lock = dialect === 'postgres' ? sql`for update skip locked` : sql``;
  const res = await sql<NotificationRow>`
    update notifications set status = 'sending', attempts = attempts + 1, claimed_at = ${o.now}, claimed_by = ${o.me}, updated_at = ${o.now}
    where id in (
      select id from notifications
      where status = 'scheduled' and next_attempt_at <= ${o.now}
      order by next_attempt_at, id
      limit ${o.limit}
      ${lock}
    )
    returning *`.execute(db);
  // Ids are time-ordered (service.ts): the claim's order is the order rows were enqueued in.
  return res.rows.sort((a, b) => Number(a.next_attempt_at) - Number(b.next_attempt_at) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)).map((r) => ({ ...r, attempts: Number(r.attempts), next_attempt_at: Number(r.next_attempt_at), claimed_at: r.claimed_at === null ? null : Number(r.claimed_at), created_at: Number(r.created_at) }));
}

/**
 * Rows left `sending` longer than the lease: their sender died (or hung) mid-send. They become
 * `uncertain` and are never sent again by themselves (neither SMTP nor Twilio can tell whether it
 * went). With an idempotent SMS provider, SMS rows are scheduled again instead.
 */
export async function sweepStale(db: DbOrTx, o: { now: number; leaseMs: number; idempotentSms: boolean }): Promise<{ uncertain: number; retried: number }> {
  const cutoff = o.now - o.leaseMs;
  let retried = 0;
  if (o.idempotentSms) {
    const r = await db
      .updateTable('notifications')
      .set({ status: 'scheduled', next_attempt_at: o.now, claimed_at: null, claimed_by: null, updated_at: o.now })
      .where('status', '=', 'sending')
      .where('channel', '=', 'sms')
      .where('claimed_at', '<', cutoff)
      .executeTakeFirst();
    retried = Number(r.numUpdatedRows);
  }
  const u = await db.updateTable('notifications').set({ status: 'uncertain', failure: 'interrupted', updated_at: o.now }).where('status', '=', 'sending').where('claimed_at', '<', cutoff).executeTakeFirst();
  return { uncertain: Number(u.numUpdatedRows), retried };
}

/** Only the claim that took the row may finish it (a row deemed uncertain meanwhile included). */
const mine = (db: DbOrTx, ids: string[], me: string) =>
  db.updateTable('notifications').where('id', 'in', ids).where('claimed_by', '=', me).where('status', 'in', ['sending', 'uncertain']);

export async function finishSent(db: DbOrTx, me: string, id: string, providerId: string | null, now: number): Promise<void> {
  await mine(db, [id], me).set({ status: 'sent', sent_at: now, provider_id: providerId, failure: null, updated_at: now }).execute();
}

export async function finishAs(db: DbOrTx, me: string, ids: string[], status: 'skipped' | 'cancelled' | 'failed' | 'uncertain', failure: string, now: number): Promise<void> {
  if (ids.length) await mine(db, ids, me).set({ status, failure, updated_at: now }).execute();
}

/**
 * Back to `scheduled` for another attempt — only from `sending`: a row the sweep turned `uncertain`
 * while its send hung stays uncertain whatever the send's error says at last.
 */
export async function retryLater(db: DbOrTx, me: string, id: string, at: number, failure: string, now: number): Promise<void> {
  await mine(db, [id], me).where('status', '=', 'sending').set({ status: 'scheduled', next_attempt_at: at, failure, claimed_at: null, claimed_by: null, updated_at: now }).execute();
}

/** Claimed but not tried (the dispatcher is stopping, or composing failed): back to scheduled, the attempt not counted. */
export async function release(db: DbOrTx, me: string, ids: string[], now: number): Promise<void> {
  if (!ids.length) return;
  await db
    .updateTable('notifications')
    .set((eb) => ({ status: 'scheduled', attempts: eb('attempts', '-', 1), claimed_at: null, claimed_by: null, updated_at: now }))
    .where('id', 'in', ids)
    .where('claimed_by', '=', me)
    .where('status', '=', 'sending')
    .execute();
}

/** A practice's rows, newest first (the staff view), optionally of one status. */
export function ofPractice(db: DbOrTx, practiceId: string, o: { status?: string | undefined; limit: number }) {
  let q = db.selectFrom('notifications').selectAll().where('practice_id', '=', practiceId);
  if (o.status) q = q.where('status', '=', o.status as NotificationRow['status']);
  return q.orderBy('created_at', 'desc').orderBy('id').limit(o.limit).execute();
}
