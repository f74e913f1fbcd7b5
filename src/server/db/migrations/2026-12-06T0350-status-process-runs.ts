// The web processes' own lives, for the status page's uptime: one row per process start (its
// instance id), a heartbeat it rewrites while it runs, and the time of a clean stop. Time when no
// web process was running is downtime; a crash (no stop written) is counted from the last
// heartbeat. No PHI. Frozen once landed.
import type { Kysely } from 'kysely';
import { bigintType, type Dialect } from '../index.js';

export function up(dialect: Dialect) {
  const ts = bigintType(dialect);
  return async (db: Kysely<unknown>): Promise<void> => {
    await db.schema
      .createTable('status_process_runs')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('started_at', ts, (c) => c.notNull())
      .addColumn('heartbeat_at', ts, (c) => c.notNull())
      .addColumn('stopped_at', ts)
      .execute();
    await db.schema.createIndex('status_process_runs_heartbeat').on('status_process_runs').column('heartbeat_at').execute();
  };
}
