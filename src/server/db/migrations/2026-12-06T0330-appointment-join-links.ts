// Join links in reminders and invitations of video and audio visits: one token per recipient and
// send (hash only), for one occurrence of an appointment, redeemable once inside that occurrence's
// join window (src/shared/join-window.ts). The call room is made when the link is redeemed, not
// when the mail goes. Frozen once landed.
import type { Kysely } from 'kysely';
import { bigintType, type Dialect } from '../index.js';

export function up(dialect: Dialect) {
  const ts = bigintType(dialect);
  return async (db: Kysely<unknown>): Promise<void> => {
    await db.schema
      .createTable('appointment_join_tokens')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('token_hash', 'text', (c) => c.notNull().unique())
      .addColumn('practice_id', 'text', (c) => c.notNull().references('practices.id'))
      .addColumn('appointment_id', 'text', (c) => c.notNull().references('appointments.id'))
      .addColumn('occurrence_start', ts, (c) => c.notNull())
      .addColumn('client_id', 'text', (c) => c.notNull().references('clients.id'))
      .addColumn('opens_at', ts, (c) => c.notNull())
      .addColumn('expires_at', ts, (c) => c.notNull())
      .addColumn('created_at', ts, (c) => c.notNull())
      .addColumn('used_at', ts)
      .execute();
    await db.schema.createIndex('appointment_join_tokens_appointment').on('appointment_join_tokens').column('appointment_id').execute();
  };
}
