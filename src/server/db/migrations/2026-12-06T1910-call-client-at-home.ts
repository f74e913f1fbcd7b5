// Whether the client said at the start of the session that they are at home: billing codes a
// video visit POS 10 (home) or 02 (elsewhere) from it. Null on calls before this column, and on
// calls whose safety check did not record it (billing then codes 02). Frozen once landed.
import type { Kysely } from 'kysely';
import type { Dialect } from '../index.js';

export function up(_dialect: Dialect) {
  return async (db: Kysely<unknown>): Promise<void> => {
    await db.schema.alterTable('calls').addColumn('client_at_home', 'integer').execute();
  };
}
