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

export class AuditService {
  constructor(
    private readonly db: Db,
    private readonly dialect: Dialect,
    private readonly clock: Clock,
  ) {}

  /** Appends one record; inside the caller's transaction when given one, so both commit together. */
  async record(event: AuditEvent, tx?: Tx): Promise<void> {
    if (tx) return this.append(tx, event);
    return this.db.transaction().execute((t) => this.append(t, event));
  }

  private async append(tx: DbOrTx, e: AuditEvent): Promise<void> {
    const head = await forUpdate(tx.selectFrom('audit_head').selectAll().where('id', '=', 1), this.dialect).executeTakeFirst();
    const prevSeq = head?.last_seq ?? 0;
    const prevHash = head?.last_hash ?? GENESIS_HASH;
    const row = {
      seq: prevSeq + 1,
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
    const hash = rowHash(row);
    await tx.insertInto('audit_log').values({ ...row, hash }).execute();
    if (head) {
      await tx.updateTable('audit_head').set({ last_seq: row.seq, last_hash: hash }).where('id', '=', 1).execute();
    } else {
      await tx.insertInto('audit_head').values({ id: 1, last_seq: row.seq, last_hash: hash }).execute();
    }
  }
}
