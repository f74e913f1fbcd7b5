// Secure messaging (one thread per client), message services, the practice's public profile and
// Contact Us requests. Frozen once landed.
import type { Kysely } from 'kysely';
import { bigintType, type Dialect } from '../index.js';

export function up(dialect: Dialect) {
  const ts = bigintType(dialect);
  return async (db: Kysely<unknown>): Promise<void> => {
    await db.schema
      .createTable('message_services')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('practice_id', 'text', (c) => c.notNull().references('practices.id'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('created_at', ts, (c) => c.notNull())
      .addColumn('updated_at', ts, (c) => c.notNull())
      .execute();
    await db.schema.createIndex('message_services_practice').on('message_services').column('practice_id').execute();

    await db.schema
      .createTable('message_service_members')
      .addColumn('service_id', 'text', (c) => c.notNull().references('message_services.id').onDelete('cascade'))
      .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
      .addPrimaryKeyConstraint('message_service_members_pk', ['service_id', 'user_id'])
      .execute();

    await db.schema
      .createTable('client_messages')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('practice_id', 'text', (c) => c.notNull().references('practices.id'))
      .addColumn('client_id', 'text', (c) => c.notNull().references('clients.id').onDelete('cascade'))
      // A deleted service leaves its messages in the thread, no longer routed anywhere.
      .addColumn('service_id', 'text', (c) => c.references('message_services.id').onDelete('set null'))
      .addColumn('author_type', 'text', (c) => c.notNull())
      .addColumn('author_id', 'text', (c) => c.notNull())
      .addColumn('body_enc', 'text', (c) => c.notNull())
      .addColumn('created_at', ts, (c) => c.notNull())
      .execute();
    await db.schema.createIndex('client_messages_thread').on('client_messages').columns(['client_id', 'created_at']).execute();

    await db.schema
      .createTable('client_threads')
      .addColumn('client_id', 'text', (c) => c.primaryKey().references('clients.id').onDelete('cascade'))
      .addColumn('practice_id', 'text', (c) => c.notNull().references('practices.id'))
      .addColumn('unread', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('last_message_at', ts)
      .addColumn('closed_at', ts)
      .addColumn('closed_by', 'text', (c) => c.references('users.id'))
      .execute();
    // The client list asks for a practice's unread threads on every request.
    await db.schema.createIndex('client_threads_unread').on('client_threads').columns(['practice_id', 'unread', 'client_id']).execute();

    await db.schema
      .createTable('practice_profiles')
      .addColumn('practice_id', 'text', (c) => c.primaryKey().references('practices.id'))
      .addColumn('slug', 'text', (c) => c.notNull().unique())
      .addColumn('display_name', 'text', (c) => c.notNull())
      .addColumn('sender_name', 'text', (c) => c.notNull().defaultTo('Hearth'))
      .addColumn('contact_enabled', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('contact_service_id', 'text', (c) => c.references('message_services.id').onDelete('set null'))
      .addColumn('updated_at', ts, (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('contact_requests')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('practice_id', 'text', (c) => c.notNull().references('practices.id'))
      .addColumn('name_enc', 'text', (c) => c.notNull())
      .addColumn('email_enc', 'text', (c) => c.notNull())
      .addColumn('phone_enc', 'text')
      .addColumn('body_enc', 'text', (c) => c.notNull())
      .addColumn('created_at', ts, (c) => c.notNull())
      .addColumn('handled_at', ts)
      .addColumn('handled_by', 'text', (c) => c.references('users.id'))
      .execute();
    await db.schema.createIndex('contact_requests_practice').on('contact_requests').columns(['practice_id', 'created_at']).execute();
  };
}
