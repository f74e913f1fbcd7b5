// The one way to write audit records. Services call it (never routes), so no path to PHI skips it.
// Records are appended in a hash chain: the head row is locked for the append, so on PostgreSQL
// several instances append one at a time and the chain stays linear. Rows are hashed with HMAC-SHA256
// under the audit key (from the key provider, never stored in the clear), so a database writer
// cannot re-hash them; the head records the first keyed row (docs/audit.md).
import { forUpdate, type Db, type DbOrTx, type Dialect, type Tx } from '../../db/index.js';
import type { Clock } from '../../lib/clock.js';
import { uuid7 } from '../../lib/uuid7.js';
import { cutoverMac, GENESIS_HASH, keyedRowHash, rowHash } from './chain.js';
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
    /** The audit key (FieldCrypto.auditKey). Without it only an unkeyed (pre-key) chain can be appended to. */
    private readonly auditKey?: (db: DbOrTx) => Promise<Buffer>,
  ) {}

  private key: Buffer | undefined;

  /** Appends one record; inside the caller's transaction when given one, so both commit together. */
  async record(event: AuditEvent, tx?: Tx): Promise<void> {
    if (tx) return this.append(tx, [event]);
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ event, resolve, reject });
      this.draining ??= this.drain();
    });
  }

  /** Appends records in order, inside the caller's transaction (one lock of the head, one insert). */
  async recordMany(events: readonly AuditEvent[], tx: Tx): Promise<void> {
    if (events.length) await this.append(tx, [...events]);
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
    if (this.auditKey && !this.key) this.key = await this.auditKey(tx);
    const key = this.key;
    let keyedFrom = head?.keyed_from ?? null;
    let keyedFromMac = head?.keyed_from_mac ?? null;
    if (!key && keyedFrom !== null) throw new Error('The audit chain is keyed: appending to it needs the audit key (the master key)');
    if (key && keyedFrom === null) {
      // The cut-over: from the next row on, every row is hashed with the key.
      keyedFrom = seq + 1;
      keyedFromMac = cutoverMac(key, keyedFrom);
    }
    const rows = events.map((e) => {
      const at = this.clock.now();
      const row = {
        seq: ++seq,
        // Time-ordered: appended rows land at the end of the id's unique index (lib/uuid7.ts).
        id: uuid7(at),
        at,
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
      prevHash = key && keyedFrom !== null && row.seq >= keyedFrom ? keyedRowHash(key, row) : rowHash(row);
      return { ...row, hash: prevHash };
    });
    await tx.insertInto('audit_log').values(rows).execute();
    if (head) {
      const set = { last_seq: seq, last_hash: prevHash, ...(head.keyed_from === keyedFrom ? {} : { keyed_from: keyedFrom, keyed_from_mac: keyedFromMac }) };
      await tx.updateTable('audit_head').set(set).where('id', '=', 1).execute();
    } else {
      await tx.insertInto('audit_head').values({ id: 1, last_seq: seq, last_hash: prevHash, keyed_from: keyedFrom, keyed_from_mac: keyedFromMac }).execute();
    }
  }
}
