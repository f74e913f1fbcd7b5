// Webhook bookkeeping of the SMS module. sms_inbound_seen: each inbound message id handled once,
// so a provider's retry or a replayed signed request (a START replayed after a STOP) changes
// nothing. sms_status_early: a final delivery status that arrived before the dispatcher recorded
// the send (a fast carrier), kept until the send is recorded. Neither holds a phone or a body.
// Frozen once landed.
import type { Kysely } from 'kysely';
import { bigintType, type Dialect } from '../index.js';

export function up(dialect: Dialect) {
  const ts = bigintType(dialect);
  return async (db: Kysely<unknown>): Promise<void> => {
    await db.schema
      .createTable('sms_inbound_seen')
      .addColumn('message_sid', 'text', (c) => c.primaryKey())
      .addColumn('received_at', ts, (c) => c.notNull())
      .execute();
    await db.schema.createIndex('sms_inbound_seen_received').on('sms_inbound_seen').column('received_at').execute();
    await db.schema
      .createTable('sms_status_early')
      .addColumn('provider_id', 'text', (c) => c.primaryKey())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('error_code', 'text')
      .addColumn('received_at', ts, (c) => c.notNull())
      .execute();
    await db.schema.createIndex('sms_status_early_received').on('sms_status_early').column('received_at').execute();
  };
}
