// A change watermark for each practice's appointments: one row per practice whose `revision` moves on
// in the same transaction as every appointment write (the scheduling module bumps it where it emits
// the appointment's event). An instance that remembers a rendered calendar answer compares the
// revision it was built at with the database's, so a change made through any instance is seen.
// No PHI. Frozen once landed.
import type { Kysely } from 'kysely';
import { bigintType, type Dialect } from '../index.js';

export function up(dialect: Dialect) {
  const ts = bigintType(dialect);
  return async (db: Kysely<unknown>): Promise<void> => {
    await db.schema
      .createTable('appointment_revisions')
      .addColumn('practice_id', 'text', (c) => c.primaryKey().references('practices.id'))
      .addColumn('revision', ts, (c) => c.notNull())
      .execute();
  };
}
