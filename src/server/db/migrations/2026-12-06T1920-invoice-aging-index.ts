// The aging report reads every open invoice of a practice: an index holding all it reads (status,
// client, dates and the three amounts) lets it answer from the index alone instead of visiting
// 10,000 rows one by one. Frozen once landed.
import type { Kysely } from 'kysely';
import type { Dialect } from '../index.js';

export function up(_dialect: Dialect) {
  return async (db: Kysely<unknown>): Promise<void> => {
    await db.schema
      .createIndex('invoices_open_balances')
      .on('invoices')
      .columns(['practice_id', 'kind', 'status', 'client_id', 'issued_at', 'due_at', 'total_cents', 'paid_cents', 'credited_cents'])
      .execute();
  };
}
