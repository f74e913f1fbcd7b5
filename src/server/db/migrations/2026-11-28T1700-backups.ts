// Scheduled backups: one row per interval slot. The row's primary key is the claim: the one
// instance whose insert succeeds makes that interval's backup, on SQLite or PostgreSQL, with one
// web process or many. The row then records how the run went (for the status page). No PHI:
// file names, sizes, times and an error message from Hearth itself. Frozen once landed.
import type { Kysely } from 'kysely';
import { bigintType, type Dialect } from '../index.js';

export function up(dialect: Dialect) {
  const ts = bigintType(dialect);
  return async (db: Kysely<unknown>): Promise<void> => {
    await db.schema
      .createTable('backup_runs')
      .addColumn('slot', ts, (c) => c.primaryKey())
      .addColumn('instance', 'text', (c) => c.notNull())
      .addColumn('started_at', ts, (c) => c.notNull())
      .addColumn('finished_at', ts)
      .addColumn('file', 'text')
      .addColumn('bytes', ts)
      .addColumn('ok', 'integer')
      .addColumn('error', 'text')
      .execute();
  };
}
