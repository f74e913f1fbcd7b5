// Client documents: one row per file; the bytes live encrypted in a blob store. Frozen once landed.
import type { Kysely } from 'kysely';
import { bigintType, type Dialect } from '../index.js';

export function up(dialect: Dialect) {
  const ts = bigintType(dialect);
  return async (db: Kysely<unknown>): Promise<void> => {
    await db.schema
      .createTable('documents')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('practice_id', 'text', (c) => c.notNull().references('practices.id'))
      .addColumn('client_id', 'text', (c) => c.notNull().references('clients.id'))
      // The file name and any title are PHI ("intake - depression screen.pdf").
      .addColumn('name_enc', 'text', (c) => c.notNull())
      // Sniffed from the content, never taken from the uploader.
      .addColumn('content_type', 'text', (c) => c.notNull())
      .addColumn('size_bytes', ts, (c) => c.notNull())
      .addColumn('sha256', 'text', (c) => c.notNull())
      // A random id in the blob store, never derived from the name or the client.
      .addColumn('blob_key', 'text', (c) => c.notNull().unique())
      // The file's own AES key, wrapped with the practice's data key (crypto/envelope.ts).
      .addColumn('file_key_enc', 'text', (c) => c.notNull())
      .addColumn('uploaded_by_type', 'text', (c) => c.notNull())
      .addColumn('uploaded_by_id', 'text', (c) => c.notNull())
      .addColumn('created_at', ts, (c) => c.notNull())
      .execute();
    await db.schema.createIndex('documents_client').on('documents').columns(['practice_id', 'client_id', 'created_at']).execute();
  };
}
