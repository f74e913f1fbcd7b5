// The state changes both send ledgers share (reminders, notifications): the same columns and the
// same rules, written once.
//
//   scheduled ──claim──► sending ──► sent | failed | skipped | cancelled | uncertain
//                           │  └──► scheduled (retry later; release: the attempt not counted)
//                           └── lease past, sender gone ──► uncertain (sweepStale)
//
// Only the claim that took a row may finish it (`claimed_by`), and a row the sweep turned
// `uncertain` while its send hung is never reopened by that send's late error.
import type { DbOrTx } from '../../db/index.js';

export type LedgerTable = 'reminders' | 'notifications';
export type FinalStatus = 'skipped' | 'cancelled' | 'failed' | 'uncertain';

export function ledgerStates(table: LedgerTable) {
  // Both tables have these columns with the same types; Kysely is shown one of them so that the
  // shared statements type-check (the table name itself is the one given).
  const t = table as 'notifications';

  /** The rows of this claim still sending (or deemed uncertain meanwhile). */
  const mine = (db: DbOrTx, ids: string[], me: string) => db.updateTable(t).where('id', 'in', ids).where('claimed_by', '=', me).where('status', 'in', ['sending', 'uncertain']);

  return {
    mine,

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
