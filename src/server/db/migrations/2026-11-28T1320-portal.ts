// Client portal accounts (a person, platform-wide), their links to client records in practices,
// portal invitations and portal sessions. Frozen once landed.
import type { Kysely } from 'kysely';
import { bigintType, type Dialect } from '../index.js';

export function up(dialect: Dialect) {
  const ts = bigintType(dialect);
  return async (db: Kysely<unknown>): Promise<void> => {
    await db.schema
      .createTable('client_accounts')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('email_enc', 'text', (c) => c.notNull())
      .addColumn('email_idx', 'text', (c) => c.notNull().unique())
      .addColumn('password_hash', 'text', (c) => c.notNull())
      .addColumn('password_single_factor_ok', 'integer', (c) => c.notNull())
      .addColumn('totp_secret_enc', 'text')
      .addColumn('totp_pending_secret_enc', 'text')
      .addColumn('totp_last_step', ts)
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('created_at', ts, (c) => c.notNull())
      .addColumn('updated_at', ts, (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('client_links')
      .addColumn('account_id', 'text', (c) => c.notNull().references('client_accounts.id').onDelete('cascade'))
      .addColumn('practice_id', 'text', (c) => c.notNull().references('practices.id'))
      .addColumn('client_id', 'text', (c) => c.notNull().unique().references('clients.id').onDelete('cascade'))
      .addColumn('created_at', ts, (c) => c.notNull())
      .addPrimaryKeyConstraint('client_links_pk', ['account_id', 'client_id'])
      .execute();

    await db.schema
      .createTable('portal_tokens')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('purpose', 'text', (c) => c.notNull()) // 'invitation' | 'verify'
      .addColumn('token_hash', 'text', (c) => c.notNull().unique())
      .addColumn('practice_id', 'text', (c) => c.references('practices.id'))
      .addColumn('client_id', 'text', (c) => c.references('clients.id').onDelete('cascade'))
      .addColumn('account_id', 'text', (c) => c.references('client_accounts.id').onDelete('cascade'))
      .addColumn('created_by', 'text', (c) => c.references('users.id'))
      .addColumn('created_at', ts, (c) => c.notNull())
      .addColumn('expires_at', ts, (c) => c.notNull())
      .addColumn('used_at', ts)
      .execute();

    await db.schema
      .createTable('client_sessions')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('token_hash', 'text', (c) => c.notNull().unique())
      .addColumn('account_id', 'text', (c) => c.notNull().references('client_accounts.id').onDelete('cascade'))
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('csrf_token', 'text', (c) => c.notNull())
      .addColumn('created_at', ts, (c) => c.notNull())
      .addColumn('last_activity_at', ts, (c) => c.notNull())
      .addColumn('absolute_expires_at', ts, (c) => c.notNull())
      .addColumn('ip', 'text', (c) => c.notNull())
      .addColumn('user_agent', 'text', (c) => c.notNull())
      .addColumn('revoked_at', ts)
      .addColumn('revoked_reason', 'text')
      .execute();
    await db.schema.createIndex('client_sessions_account').on('client_sessions').column('account_id').execute();
  };
}
