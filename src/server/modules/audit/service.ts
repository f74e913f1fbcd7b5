// The one way to write audit records. Services call it (never routes), so no path to PHI skips it.
// Records are appended in a hash chain: the head row is locked for the append, so on PostgreSQL
// several instances append one at a time and the chain stays linear.
import { randomUUID } from 'node:crypto';
import { forUpdate, type Db, type DbOrTx, type Dialect, type Tx } from '../../db/index.js';
import type { Clock } from '../../lib/clock.js';
import { GENESIS_HASH, rowHash } from './chain.js';
import type { AuditEvent } from './vocabulary.js';

export type { AuditEvent } from './vocabulary.js';

const MAX_UA = 256;

const MAX_BATCH = 500;

interface Pending {
  event: AuditEvent;
  resolve: () => void;
  reject: (err: unknown) => void;
}

export class AuditService {
  // Records written outside a caller's transaction are grouped: everything that arrives while a
  // batch is being written goes into the next one, so concurrent requests share one lock of the
  // chain head and one round of SQL instead of queueing on it one by one. A caller still waits
  // until its record is committed.
  private pending: Pending[] = [];
  private draining: Promise<void> | null = null;

  constructor(
    private readonly db: Db,
    private readonly dialect: Dialect,
    private readonly clock: Clock,
  ) {}

  /** Appends one record; inside the caller's transaction when given one, so both commit together. */
  async record(event: AuditEvent, tx?: Tx): Promise<void> {
    if (tx) return this.append(tx, [event]);
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ event, resolve, reject });
      this.draining ??= this.drain();
    });
  }

  private async drain(): Promise<void> {
    // Let the callers of this turn of the event loop join the first batch.
    await new Promise<void>((r) => setImmediate(r));
    while (this.pending.length) {
      const batch = this.pending.splice(0, MAX_BATCH);
      try {
        await this.db.transaction().execute((t) => this.append(t, batch.map((b) => b.event)));
        for (const b of batch) b.resolve();
      } catch (err) {
        for (const b of batch) b.reject(err);
      }
    }
    this.draining = null;
  }

  private async append(tx: DbOrTx, events: AuditEvent[]): Promise<void> {
    const head = await forUpdate(tx.selectFrom('audit_head').selectAll().where('id', '=', 1), this.dialect).executeTakeFirst();
    let seq = head?.last_seq ?? 0;
    let prevHash = head?.last_hash ?? GENESIS_HASH;
    const rows = events.map((e) => {
      const row = {
        seq: ++seq,
        id: randomUUID(),
        at: this.clock.now(),
        actor_type: e.actor.type,
        actor_id: e.actor.id,
        practice_id: e.practiceId,
        action: e.action,
        resource_type: e.resource.type,
        resource_id: e.resource.id,
        outcome: e.outcome,
        ip: e.ip ?? null,
        user_agent: e.userAgent ? e.userAgent.slice(0, MAX_UA) : null,
        details: e.details ? JSON.stringify(e.details) : null,
        prev_hash: prevHash,
      };
      prevHash = rowHash(row);
      return { ...row, hash: prevHash };
    });
    await tx.insertInto('audit_log').values(rows).execute();
    if (head) {
      await tx.updateTable('audit_head').set({ last_seq: seq, last_hash: prevHash }).where('id', '=', 1).execute();
    } else {
      await tx.insertInto('audit_head').values({ id: 1, last_seq: seq, last_hash: prevHash }).execute();
    }
  }
}
