// Calendar feeds (a provider's private ICS subscription URLs: only a hash of each secret token is
// kept) and appointment notifications (one row per mail about an appointment or a series to one
// client, written before the mail is sent, so a retried event never mails twice). Frozen once landed.
import type { Kysely } from 'kysely';
import { bigintType, type Dialect } from '../index.js';

export function up(dialect: Dialect) {
  const ts = bigintType(dialect);
  return async (db: Kysely<unknown>): Promise<void> => {
    await db.schema
      .createTable('calendar_feeds')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('practice_id', 'text', (c) => c.notNull().references('practices.id'))
      .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
      .addColumn('token_hash', 'text', (c) => c.notNull().unique())
      .addColumn('created_at', ts, (c) => c.notNull())
      .addColumn('last_used_at', ts)
      .addColumn('revoked_at', ts)
      .execute();
    await db.schema.createIndex('calendar_feeds_user').on('calendar_feeds').columns(['user_id', 'created_at']).execute();

    await db.schema
      .createTable('appointment_notifications')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('practice_id', 'text', (c) => c.notNull().references('practices.id'))
      // The appointment, or the series for a mail covering a whole series.
      .addColumn('subject_id', 'text', (c) => c.notNull())
      .addColumn('client_id', 'text', (c) => c.notNull().references('clients.id'))
      // 'invitation', or 'update@<change>' / 'cancel@<change>' (one per change that touched it).
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('event_id', 'text', (c) => c.notNull())
      .addColumn('created_at', ts, (c) => c.notNull())
      .addColumn('sent_at', ts)
      .addUniqueConstraint('appointment_notifications_key', ['subject_id', 'client_id', 'kind'])
      .execute();
  };
}
