// Today, the inbox and call history: the practice's choice to mail a client (PHI-free) when staff
// reply to their message (on by default), and the indexes the inbox (threads newest first) and the
// call history (ended calls by end time) page over. Frozen once landed.
import type { Kysely } from 'kysely';
import type { Dialect } from '../index.js';

export function up(_dialect: Dialect) {
  return async (db: Kysely<unknown>): Promise<void> => {
    await db.schema.alterTable('practices').addColumn('reply_mail_to_clients', 'integer', (c) => c.notNull().defaultTo(1)).execute();
    await db.schema.createIndex('client_threads_recent').on('client_threads').columns(['practice_id', 'last_message_at']).execute();
    await db.schema.createIndex('calls_practice_ended').on('calls').columns(['practice_id', 'ended_at']).execute();
  };
}
