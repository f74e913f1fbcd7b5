// The language mail, texts and the portal use with a person (issue 19): a client record's (set by
// the practice), a portal account's (the client's own choice), a status subscriber's (chosen when
// subscribing). 'en' or 'es'; existing rows are English. No PHI. Frozen once landed.
import type { Kysely } from 'kysely';
import type { Dialect } from '../index.js';

export function up(_dialect: Dialect) {
  return async (db: Kysely<unknown>): Promise<void> => {
    for (const table of ['clients', 'client_accounts', 'status_subscribers']) {
      await db.schema.alterTable(table).addColumn('locale', 'text', (c) => c.notNull().defaultTo('en')).execute();
    }
  };
}
