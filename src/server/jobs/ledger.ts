// The durable send ledger: one row per message that should go out, and the state changes every
// ledger table shares (reminders, notifications), written once and parameterised by the table.
//
//   scheduled ──claim──► sending ──► sent | failed | skipped | cancelled | uncertain
//                           │  └──► scheduled (retry later; release: the attempt not counted)
//                           └── lease past, sender gone ──► uncertain (sweepStale)
//
// Only the claim that took a row may finish it (`claimed_by`), and a row the sweep turned
// `uncertain` while its send hung is never reopened by that send's late error.
//
// A ledger table is any table with the columns of `LedgerColumns` (the type below picks them out
// of the schema); its own columns (the appointment of a reminder, the payload of a notification)
// are the owning module's business, and so is a claim that reads more than the ledger (reminders
// join the appointment to cancel a moved visit's reminder in the same statement).
import { sql } from 'kysely';
import type { DbOrTx, Dialect } from '../db/index.js';
import type { Database } from '../db/schema.js';

/** The columns a table needs to be a send ledger. */
export interface LedgerColumns {
  id: string;
  channel: 'email' | 'sms';
  status: 'scheduled' | 'sending' | 'sent' | 'delivered' | 'failed' | 'skipped' | 'cancelled' | 'uncertain';
  /** When the row falls due (again, after a retry). */
  next_attempt_at: number;
  /** The claim holding it: who and since when (the lease runs from then). */
  claimed_by: string | null;
  claimed_at: number | null;
  /** A short PHI-free code once it did not go. */
  failure: string | null;
  sent_at: number | null;
  /** The SMS provider's id of a text that went. */
  provider_id: string | null;
  updated_at: number;
}

/** The schema's tables that have every ledger column (today: reminders, notifications). */
export type LedgerTable = { [K in keyof Database]: Database[K] extends LedgerColumns ? K : never }[keyof Database];

/** How a claimed row ends when it is not sent. */
export type FinalStatus = 'skipped' | 'cancelled' | 'failed' | 'uncertain';

/** The longest wait between two attempts of one message. */
export const MAX_BACKOFF_MS = 6 * 3600_000;

/** The wait before attempt `attempts + 1`: base × 2^(attempts−1), at most MAX_BACKOFF_MS. */
export const backoff = (baseMs: number, attempts: number) => Math.min(MAX_BACKOFF_MS, baseMs * 2 ** Math.max(0, attempts - 1));

export type SendLedger = ReturnType<typeof sendLedger>;

export function sendLedger(table: LedgerTable) {
  // Every ledger table has these columns with the same types; Kysely is shown one of them so that
  // the shared statements type-check (the table name itself is the one given).
  const t = table as 'notifications';

  /** The rows of this claim still sending (or deemed uncertain meanwhile). */
  const mine = (db: DbOrTx, ids: string[], me: string) => db.updateTable(t).where('id', 'in', ids).where('claimed_by', '=', me).where('status', 'in', ['sending', 'uncertain']);

  return {
    table,
    mine,

    /**
     * Claims up to `limit` due `scheduled` rows in one statement: `sending`, attempts + 1,
     * claimed_at and claimed_by, returned in the order they fell due (then by id). PostgreSQL: FOR
     * UPDATE SKIP LOCKED, so instances claim disjoint rows. SQLite: one UPDATE statement is one
     * write transaction.
     */
    async claimDue<Row>(db: DbOrTx, dialect: Dialect, o: { now: number; limit: number; me: string }): Promise<Row[]> {
      const lock = dialect === 'postgres' ? sql`for update skip locked` : sql``;
      const res = await sql<Row & { id: string; next_attempt_at: number }>`
        update ${sql.table(table)} set status = 'sending', attempts = attempts + 1, claimed_at = ${o.now}, claimed_by = ${o.me}, updated_at = ${o.now}
        where id in (
          select id from ${sql.table(table)}
          where status = 'scheduled' and next_attempt_at <= ${o.now}
          order by next_attempt_at, id
          limit ${o.limit}
          ${lock}
        )
        returning *`.execute(db);
      return res.rows.sort((a, b) => Number(a.next_attempt_at) - Number(b.next_attempt_at) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    },

    /** When the next scheduled row falls due (null: none); the dispatch index answers it. */
    async nextDue(db: DbOrTx): Promise<number | null> {
      const r = await db.selectFrom(t).select((eb) => eb.fn.min('next_attempt_at').as('at')).where('status', '=', 'scheduled').executeTakeFirst();
      return r?.at === null || r?.at === undefined ? null : Number(r.at);
    },

    /**
     * Rows left `sending` longer than the lease: their sender died (or hung) mid-send. They become
     * `uncertain` — the message may or may not have gone, and neither SMTP nor Twilio can tell —
     * and are never sent again by themselves. With an idempotent SMS provider, SMS rows are
     * scheduled again instead (a repeat with the same key cannot send twice).
     */
    async sweepStale(db: DbOrTx, o: { now: number; leaseMs: number; idempotentSms: boolean }): Promise<{ uncertain: number; retried: number }> {
      const cutoff = o.now - o.leaseMs;
      let retried = 0;
      if (o.idempotentSms) {
        const r = await db
          .updateTable(t)
          .set({ status: 'scheduled', next_attempt_at: o.now, claimed_at: null, claimed_by: null, updated_at: o.now })
          .where('status', '=', 'sending')
          .where('channel', '=', 'sms')
          .where('claimed_at', '<', cutoff)
          .executeTakeFirst();
        retried = Number(r.numUpdatedRows);
      }
      const u = await db.updateTable(t).set({ status: 'uncertain', failure: 'interrupted', updated_at: o.now }).where('status', '=', 'sending').where('claimed_at', '<', cutoff).executeTakeFirst();
      return { uncertain: Number(u.numUpdatedRows), retried };
    },

    /** Sent: with the provider's id when it gave one (an SMS), in one statement for those without. */
    async finishSent(db: DbOrTx, me: string, sent: { id: string; providerId: string | null }[], now: number): Promise<void> {
      const plain = sent.filter((s) => s.providerId === null).map((s) => s.id);
      if (plain.length) await mine(db, plain, me).set({ status: 'sent', sent_at: now, failure: null, updated_at: now }).execute();
      for (const s of sent.filter((x) => x.providerId !== null)) await mine(db, [s.id], me).set({ status: 'sent', sent_at: now, provider_id: s.providerId, failure: null, updated_at: now }).execute();
    },

    async finishAs(db: DbOrTx, me: string, ids: string[], status: FinalStatus, failure: string, now: number): Promise<void> {
      if (ids.length) await mine(db, ids, me).set({ status, failure, updated_at: now }).execute();
    },

    /** Back to `scheduled` for another attempt — only from `sending` (an uncertain row stays so). */
    async retryLater(db: DbOrTx, me: string, id: string, at: number, failure: string, now: number): Promise<void> {
      await mine(db, [id], me).where('status', '=', 'sending').set({ status: 'scheduled', next_attempt_at: at, failure, claimed_at: null, claimed_by: null, updated_at: now }).execute();
    },

    /** Claimed but not tried (the dispatcher is stopping, or preparing failed): back to scheduled, the attempt not counted. */
    async release(db: DbOrTx, me: string, ids: string[], now: number): Promise<void> {
      if (!ids.length) return;
      await db
        .updateTable(t)
        .set((eb) => ({ status: 'scheduled', attempts: eb('attempts', '-', 1), claimed_at: null, claimed_by: null, updated_at: now }))
        .where('id', 'in', ids)
        .where('claimed_by', '=', me)
        .where('status', '=', 'sending')
        .execute();
    },
  };
}
