// Clinical records, the part every record module shares (issue 18). Frozen once landed.
//  - record_supervisors: a pre-licensed clinician's supervisor, who co-signs the clinician's notes.
//    Which clients' records a provider reaches follows the practice's client setting
//    (providers_see_all_clients), so there is one rule for a client and for the client's record.
import type { Kysely } from 'kysely';
import { bigintType, type Dialect } from '../index.js';

export function up(dialect: Dialect) {
  const ts = bigintType(dialect);
  return async (db: Kysely<unknown>): Promise<void> => {
    await db.schema
      .createTable('record_supervisors')
      .addColumn('practice_id', 'text', (c) => c.notNull().references('practices.id'))
      .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
      .addColumn('supervisor_id', 'text', (c) => c.notNull().references('users.id'))
      .addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
      .addColumn('created_at', ts, (c) => c.notNull())
      .addPrimaryKeyConstraint('record_supervisors_pk', ['practice_id', 'user_id'])
      .execute();
  };
}
