// Sign-up by mailed link: a request waits here until its address proves it reads its mail. The
// token is stored hashed; the details (practice and owner name, e-mail, BAA signer) under the
// platform key; the password already argon2id-hashed. Frozen once landed.
import type { Kysely } from 'kysely';
import { bigintType, type Dialect } from '../index.js';

export function up(dialect: Dialect) {
  const ts = bigintType(dialect);
  return async (db: Kysely<unknown>): Promise<void> => {
    await db.schema
      .createTable('signup_requests')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('token_hash', 'text', (c) => c.notNull().unique())
      .addColumn('email_idx', 'text', (c) => c.notNull())
      .addColumn('details_enc', 'text', (c) => c.notNull())
      .addColumn('password_hash', 'text', (c) => c.notNull())
      .addColumn('password_single_factor_ok', 'integer', (c) => c.notNull())
      .addColumn('ip', 'text', (c) => c.notNull())
      .addColumn('created_at', ts, (c) => c.notNull())
      .addColumn('expires_at', ts, (c) => c.notNull())
      .addColumn('used_at', ts)
      .execute();
    await db.schema.createIndex('signup_requests_expires').on('signup_requests').column('expires_at').execute();
  };
}
