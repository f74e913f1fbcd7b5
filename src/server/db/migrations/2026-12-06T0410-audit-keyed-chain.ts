// The audit chain becomes keyed (HMAC-SHA256 under an audit key wrapped by the master key, docs/audit.md):
// the head records from which row on (`keyed_from`) rows are hashed with the key, and a MAC of that
// row number under the key, so a database writer can neither move the cut-over nor re-hash rows.
// Rows before it keep their plain SHA-256 hashes; the first keyed row's MAC covers their last hash.
// No PHI. Frozen once landed.
import type { Kysely } from 'kysely';
import { bigintType, type Dialect } from '../index.js';

export function up(dialect: Dialect) {
  const ts = bigintType(dialect);
  return async (db: Kysely<unknown>): Promise<void> => {
    await db.schema.alterTable('audit_head').addColumn('keyed_from', ts).execute();
    await db.schema.alterTable('audit_head').addColumn('keyed_from_mac', 'text').execute();
  };
}
