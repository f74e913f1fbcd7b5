// Recovery codes for portal accounts with an authenticator app (hashes only, single-use), as staff
// users have in recovery_codes. Portal password-reset links reuse portal_tokens (purpose 'reset').
// Frozen once landed.
import type { Kysely } from 'kysely';
import { bigintType, type Dialect } from '../index.js';

export function up(dialect: Dialect) {
  const ts = bigintType(dialect);
  return async (db: Kysely<unknown>): Promise<void> => {
    await db.schema
      .createTable('client_recovery_codes')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('account_id', 'text', (c) => c.notNull().references('client_accounts.id').onDelete('cascade'))
      .addColumn('code_hash', 'text', (c) => c.notNull())
      .addColumn('used_at', ts)
      .execute();
    await db.schema.createIndex('client_recovery_codes_account').on('client_recovery_codes').column('account_id').execute();
  };
}
