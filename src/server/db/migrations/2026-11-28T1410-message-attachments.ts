// Documents a secure message carries: a link from a message to documents of the same client.
// The documents themselves stay in the documents table (encrypted names, encrypted files). Frozen
// once landed.
import type { Kysely } from 'kysely';
import type { Dialect } from '../index.js';

export function up(_dialect: Dialect) {
  return async (db: Kysely<unknown>): Promise<void> => {
    await db.schema
      .createTable('message_attachments')
      .addColumn('message_id', 'text', (c) => c.notNull().references('client_messages.id').onDelete('cascade'))
      // Deleting a document takes it out of the messages that carried it; the messages stay.
      .addColumn('document_id', 'text', (c) => c.notNull().references('documents.id').onDelete('cascade'))
      .addColumn('practice_id', 'text', (c) => c.notNull().references('practices.id'))
      // The order the author attached them in.
      .addColumn('position', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('message_attachments_pk', ['message_id', 'document_id'])
      .execute();
    // A document's deletion cascades here, and finds its links by document.
    await db.schema.createIndex('message_attachments_document').on('message_attachments').column('document_id').execute();
  };
}
