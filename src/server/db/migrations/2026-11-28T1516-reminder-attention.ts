// Staff see reminders that need them: an `uncertain` or `failed` reminder for a visit still to come
// stays on the practice's "needs attention" list until someone marks it handled (they called the
// client, say). Who and when are kept on the row. Frozen once landed.
import type { Kysely } from 'kysely';
import { bigintType, type Dialect } from '../index.js';

export function up(dialect: Dialect) {
  const ts = bigintType(dialect);
  return async (db: Kysely<unknown>): Promise<void> => {
    await db.schema.alterTable('reminders').addColumn('acknowledged_at', ts).execute();
    await db.schema.alterTable('reminders').addColumn('acknowledged_by', 'text', (c) => c.references('users.id')).execute();
    await db.schema.createIndex('reminders_attention').on('reminders').columns(['practice_id', 'status', 'occurrence_start']).execute();
  };
}
