// The notification ledger (issue 6): one row per message other than a reminder that should go out
// — staff alerts of new messages, waitlist offers, calendar invitations, later ring links. Its
// exactly-once key is `dedupe_key` (UNIQUE): enqueuing twice for one event and recipient is a
// no-op. Ids and short PHI-free facts only: no address, no name, no text (read at send time).
// Frozen once landed.
import { sql, type Kysely } from 'kysely';
import { bigintType, type Dialect } from '../index.js';

export function up(dialect: Dialect) {
  const ts = bigintType(dialect);
  return async (db: Kysely<unknown>): Promise<void> => {
    await db.schema
      .createTable('notifications')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('practice_id', 'text', (c) => c.notNull().references('practices.id'))
      // 'message_alert' | 'waitlist_offer' | 'calendar_invitation' | … (a composer per kind)
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('channel', 'text', (c) => c.notNull())
      .addColumn('recipient_type', 'text', (c) => c.notNull())
      .addColumn('recipient_id', 'text', (c) => c.notNull())
      .addColumn('dedupe_key', 'text', (c) => c.notNull().unique())
      // JSON of ids and PHI-free facts for the kind's composer.
      .addColumn('payload', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('next_attempt_at', ts, (c) => c.notNull())
      .addColumn('claimed_at', ts)
      .addColumn('claimed_by', 'text')
      .addColumn('failure', 'text')
      .addColumn('provider_id', 'text')
      .addColumn('sent_at', ts)
      .addColumn('created_at', ts, (c) => c.notNull())
      .addColumn('updated_at', ts, (c) => c.notNull())
      .addCheckConstraint('notifications_channel', sql`channel in ('email', 'sms')`)
      .addCheckConstraint('notifications_recipient_type', sql`recipient_type in ('client', 'user')`)
      .addCheckConstraint('notifications_status', sql`status in ('scheduled', 'sending', 'sent', 'delivered', 'failed', 'skipped', 'cancelled', 'uncertain')`)
      .execute();
    // The dispatcher's claim: due scheduled rows in due order (and the sweep of stale `sending`).
    await db.schema.createIndex('notifications_dispatch').on('notifications').columns(['status', 'next_attempt_at']).execute();
    // Staff views by practice and status.
    await db.schema.createIndex('notifications_practice').on('notifications').columns(['practice_id', 'status', 'created_at']).execute();
  };
}
