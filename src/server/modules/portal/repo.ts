// All SQL for the links between portal accounts and client records.
import type { DbOrTx } from '../../db/index.js';

export const linksOf = (db: DbOrTx, accountId: string) =>
  db
    .selectFrom('client_links')
    .innerJoin('practices', 'practices.id', 'client_links.practice_id')
    .select(['client_links.practice_id', 'client_links.client_id', 'practices.name as practice_name'])
    .where('client_links.account_id', '=', accountId)
    .orderBy('client_links.created_at')
    .execute();

/** The names of these practices (a new portal password must not contain them). */
export async function practiceNames(db: DbOrTx, ids: readonly string[]): Promise<string[]> {
  if (!ids.length) return [];
  const rows = await db.selectFrom('practices').select('name').where('id', 'in', [...ids]).execute();
  return rows.map((r) => r.name);
}

export const linkOfClient = (db: DbOrTx, clientId: string) =>
  db.selectFrom('client_links').selectAll().where('client_id', '=', clientId).executeTakeFirst();

export const insertLink = (db: DbOrTx, row: { account_id: string; practice_id: string; client_id: string; created_at: number }) =>
  db.insertInto('client_links').values(row).execute();
