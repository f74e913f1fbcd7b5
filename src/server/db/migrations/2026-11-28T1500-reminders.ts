// Reminders (issue 6): a practice's reminder rules and quiet hours, the reminder ledger (one row
// per message that should go out: its exactly-once key is the UNIQUE below) and the opaque
// confirm/cancel link tokens a reminder carries (only their hashes are kept). Frozen once landed.
import { sql, type Kysely } from 'kysely';
import { bigintType, type Dialect } from '../index.js';

export function up(dialect: Dialect) {
  const ts = bigintType(dialect);
  return async (db: Kysely<unknown>): Promise<void> => {
    await db.schema
      .createTable('reminder_rules')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('practice_id', 'text', (c) => c.notNull().references('practices.id'))
      .addColumn('channel', 'text', (c) => c.notNull())
      .addColumn('minutes_before', 'integer', (c) => c.notNull())
      .addColumn('active', 'integer', (c) => c.notNull())
      .addColumn('created_at', ts, (c) => c.notNull())
      .addUniqueConstraint('reminder_rules_key', ['practice_id', 'channel', 'minutes_before'])
      .execute();

    // A row exists once a practice's reminder settings were first used or saved; until then the
    // defaults apply (and are written, with this row, in one transaction).
    await db.schema
      .createTable('reminder_settings')
      .addColumn('practice_id', 'text', (c) => c.primaryKey().references('practices.id'))
      // Minutes of the day (0–1439) in each client's zone; both null: no quiet hours.
      .addColumn('quiet_start', 'integer')
      .addColumn('quiet_end', 'integer')
      .addColumn('updated_at', ts, (c) => c.notNull())
      .execute();

    // The ledger. Ids, instants and short PHI-free codes only: no address, no text.
    await db.schema
      .createTable('reminders')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('practice_id', 'text', (c) => c.notNull().references('practices.id'))
      .addColumn('appointment_id', 'text', (c) => c.notNull().references('appointments.id'))
      .addColumn('client_id', 'text', (c) => c.notNull().references('clients.id'))
      // 'reminder' | 'cancellation'
      .addColumn('kind', 'text', (c) => c.notNull())
      // The rule's id, or 'cancellation'.
      .addColumn('rule_key', 'text', (c) => c.notNull())
      // The rule's lead time when the row was made (rules may change or go later); null for a notice.
      .addColumn('minutes_before', 'integer')
      .addColumn('channel', 'text', (c) => c.notNull())
      // The appointment start this row is for: a moved visit gets new rows.
      .addColumn('occurrence_start', ts, (c) => c.notNull())
      .addColumn('due_at', ts, (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('next_attempt_at', ts, (c) => c.notNull())
      .addColumn('claimed_at', ts)
      .addColumn('claimed_by', 'text')
      .addColumn('provider_id', 'text')
      .addColumn('failure', 'text')
      .addColumn('sent_at', ts)
      .addColumn('delivered_at', ts)
      .addColumn('created_at', ts, (c) => c.notNull())
      .addColumn('updated_at', ts, (c) => c.notNull())
      .addUniqueConstraint('reminders_once', ['appointment_id', 'client_id', 'kind', 'rule_key', 'channel', 'occurrence_start'])
      .addCheckConstraint('reminders_kind', sql`kind in ('reminder', 'cancellation')`)
      .addCheckConstraint('reminders_channel', sql`channel in ('email', 'sms')`)
      .addCheckConstraint('reminders_status', sql`status in ('scheduled', 'sending', 'sent', 'delivered', 'failed', 'cancelled', 'uncertain', 'skipped')`)
      .execute();
    // The dispatcher's claim: due scheduled rows in due order (and the sweep of stale `sending`).
    await db.schema.createIndex('reminders_dispatch').on('reminders').columns(['status', 'next_attempt_at']).execute();
    // Delivery-status callbacks find their row by the provider's message id.
    await db.schema.createIndex('reminders_provider_id').on('reminders').column('provider_id').execute();
    // "C" replies: a client's texted reminders.
    await db.schema.createIndex('reminders_client').on('reminders').columns(['client_id', 'channel', 'occurrence_start']).execute();

    await db.schema
      .createTable('reminder_action_tokens')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('token_hash', 'text', (c) => c.notNull().unique())
      .addColumn('practice_id', 'text', (c) => c.notNull().references('practices.id'))
      .addColumn('appointment_id', 'text', (c) => c.notNull().references('appointments.id'))
      .addColumn('client_id', 'text', (c) => c.notNull().references('clients.id'))
      // The ledger row whose message carried the link.
      .addColumn('reminder_id', 'text')
      .addColumn('occurrence_start', ts, (c) => c.notNull())
      .addColumn('expires_at', ts, (c) => c.notNull())
      .addColumn('used_at', ts)
      // 'confirm' | 'cancel'
      .addColumn('used_for', 'text')
      .addColumn('created_at', ts, (c) => c.notNull())
      .execute();
    await db.schema.createIndex('reminder_action_tokens_appointment').on('reminder_action_tokens').column('appointment_id').execute();
  };
}
