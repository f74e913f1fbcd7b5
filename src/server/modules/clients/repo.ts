// All SQL for client records. Plain functions taking the db or a transaction first.
import { sql, type Insertable, type Updateable } from 'kysely';
import type { DbOrTx } from '../../db/index.js';
import type { ClientsTable } from '../../db/schema.js';
import { identity } from '../auth/index.js';
import { groupValues } from '../../lib/group.js';

export type ClientRow = ClientsTable;

export const insertClient = (db: DbOrTx, row: Insertable<ClientsTable>) => db.insertInto('clients').values(row).execute();

export const updateClient = (db: DbOrTx, id: string, patch: Updateable<ClientsTable>) =>
  db.updateTable('clients').set(patch).where('id', '=', id).execute();

/** A client of this practice, or nothing: another practice's client is answered like a missing one. */
export const findClient = (db: DbOrTx, practiceId: string, id: string) =>
  db.selectFrom('clients').selectAll().where('practice_id', '=', practiceId).where('id', '=', id).executeTakeFirst();

/** Clients of this practice among the ids (others are left out), chunked for long lists. */
export async function findClients(db: DbOrTx, practiceId: string, ids: readonly string[]): Promise<ClientRow[]> {
  const out: ClientRow[] = [];
  const unique = [...new Set(ids)];
  for (let i = 0; i < unique.length; i += 900) {
    out.push(...(await db.selectFrom('clients').selectAll().where('practice_id', '=', practiceId).where('id', 'in', unique.slice(i, i + 900)).execute()));
  }
  return out;
}

export async function providersOf(db: DbOrTx, clientId: string): Promise<string[]> {
  const rows = await db.selectFrom('client_providers').select('user_id').where('client_id', '=', clientId).orderBy('user_id').execute();
  return rows.map((r) => r.user_id);
}

export async function setProviders(db: DbOrTx, clientId: string, userIds: readonly string[]): Promise<void> {
  await db.deleteFrom('client_providers').where('client_id', '=', clientId).execute();
  if (userIds.length) await db.insertInto('client_providers').values(userIds.map((user_id) => ({ client_id: clientId, user_id }))).execute();
}

export async function setSearchTerms(db: DbOrTx, practiceId: string, clientId: string, terms: readonly string[]): Promise<void> {
  await db.deleteFrom('client_search_terms').where('client_id', '=', clientId).execute();
  const unique = [...new Set(terms)];
  for (let i = 0; i < unique.length; i += 200) {
    await db
      .insertInto('client_search_terms')
      .values(unique.slice(i, i + 200).map((term) => ({ practice_id: practiceId, client_id: clientId, term })))
      .execute();
  }
}

export interface NewClient {
  row: Insertable<ClientsTable>;
  providerIds: readonly string[];
  terms: readonly string[];
}

/** Clients that have no providers or search terms yet, with theirs: multi-row inserts, chunked. */
export async function insertNewClients(db: DbOrTx, practiceId: string, clients: readonly NewClient[]): Promise<void> {
  const chunked = async <T>(rows: T[], size: number, insert: (chunk: T[]) => Promise<unknown>) => {
    for (let i = 0; i < rows.length; i += size) await insert(rows.slice(i, i + size));
  };
  await chunked([...clients.map((c) => c.row)], 50, (rows) => db.insertInto('clients').values(rows).execute());
  const providers = clients.flatMap((c) => c.providerIds.map((user_id) => ({ client_id: c.row.id!, user_id })));
  await chunked(providers, 500, (rows) => db.insertInto('client_providers').values(rows).execute());
  const terms = clients.flatMap((c) => [...new Set(c.terms)].map((term) => ({ practice_id: practiceId, client_id: c.row.id!, term })));
  await chunked(terms, 1000, (rows) => db.insertInto('client_search_terms').values(rows).execute());
}

/** Client ids having every one of the terms (one term per search word). */
export async function clientsWithAllTerms(db: DbOrTx, practiceId: string, terms: readonly string[]): Promise<Set<string>> {
  if (!terms.length) return new Set();
  const unique = [...new Set(terms)];
  if (unique.length === 1) {
    // Each client holds a term once (setSearchTerms de-duplicates), so no grouping is needed.
    const rows = await db.selectFrom('client_search_terms').select('client_id').where('practice_id', '=', practiceId).where('term', '=', unique[0]!).execute();
    return new Set(rows.map((r) => r.client_id));
  }
  const rows = await db
    .selectFrom('client_search_terms')
    .select('client_id')
    .where('practice_id', '=', practiceId)
    .where('term', 'in', unique)
    .groupBy('client_id')
    .having((eb) => eb.fn.count(sql`distinct term`), '=', unique.length)
    .execute();
  return new Set(rows.map((r) => r.client_id));
}

/** Everything the list index needs, for every client of a practice. */
export const listIndexRows = (db: DbOrTx, practiceId: string) =>
  db
    .selectFrom('clients')
    .select(['id', 'first_name_enc', 'last_name_enc', 'dob_enc', 'preferred_name_enc', 'pronouns_enc', 'status', 'updated_at'])
    .where('practice_id', '=', practiceId)
    .execute();

export async function providerLinks(db: DbOrTx, practiceId: string): Promise<Map<string, string[]>> {
  const rows = await db
    .selectFrom('client_providers')
    .innerJoin('clients', 'clients.id', 'client_providers.client_id')
    .select(['client_providers.client_id', 'client_providers.user_id'])
    .where('clients.practice_id', '=', practiceId)
    .orderBy('client_providers.user_id')
    .execute();
  return groupValues(rows, (r) => r.client_id, (r) => r.user_id);
}

/** Ids (of those given) that are clients of the practice, with their status. */
export const statusesOf = (db: DbOrTx, practiceId: string, ids: readonly string[]) =>
  db.selectFrom('clients').select(['id', 'status']).where('practice_id', '=', practiceId).where('id', 'in', ids).execute();

/** The recorded zones of these clients (any practice: the ids come from the caller's own rows), chunked. */
export async function timeZonesOf(db: DbOrTx, ids: readonly string[]): Promise<{ id: string; time_zone: string | null }[]> {
  const out: { id: string; time_zone: string | null }[] = [];
  const unique = [...new Set(ids)];
  for (let i = 0; i < unique.length; i += 900) {
    out.push(...(await db.selectFrom('clients').select(['id', 'time_zone']).where('id', 'in', unique.slice(i, i + 900)).execute()));
  }
  return out;
}

/** Whether the client belongs to the practice (only the id is read). */
export async function inPractice(db: DbOrTx, practiceId: string, clientId: string): Promise<boolean> {
  const row = await db.selectFrom('clients').select('id').where('practice_id', '=', practiceId).where('id', '=', clientId).executeTakeFirst();
  return row !== undefined;
}

/** Active users of the practice holding the provider role (staff accounts are the identity module's). */
export const practiceProviders = (db: DbOrTx, practiceId: string) => identity.usersWithRole(db, practiceId, 'provider');
