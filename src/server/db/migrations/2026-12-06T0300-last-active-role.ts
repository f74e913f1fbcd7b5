// The role a staff member last worked in (owner, provider, front desk…), kept on the user so the
// next sign-in opens in it instead of always in Provider mode. Null until they first switch.
// Frozen once landed.
import type { Kysely } from 'kysely';
import type { Dialect } from '../index.js';

export function up(_dialect: Dialect) {
  return async (db: Kysely<unknown>): Promise<void> => {
    await db.schema.alterTable('users').addColumn('last_active_role', 'text').execute();
  };
}
