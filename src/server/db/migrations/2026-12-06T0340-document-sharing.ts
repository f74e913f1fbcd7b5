// Whether a document is shared with the client in the portal. Until now every document was listed
// in the portal, so existing rows keep that (default 1); the service stores each new staff upload
// as not shared unless the uploader chose to share it. Frozen once landed.
import type { Kysely } from 'kysely';
import type { Dialect } from '../index.js';

export function up(_dialect: Dialect) {
  return async (db: Kysely<unknown>): Promise<void> => {
    await db.schema
      .alterTable('documents')
      .addColumn('shared_with_client', 'integer', (c) => c.notNull().defaultTo(1))
      .execute();
  };
}
