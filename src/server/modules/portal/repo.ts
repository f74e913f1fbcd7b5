// All SQL for portal accounts, links, tokens and sessions.
import type { Insertable, Updateable } from 'kysely';
import type { DbOrTx } from '../../db/index.js';
import type { ClientAccountsTable, ClientSessionsTable, PortalTokensTable } from '../../db/schema.js';

export type AccountRow = ClientAccountsTable;
export type PortalSessionRow = ClientSessionsTable;
export type TokenPurpose = PortalTokensTable['purpose'];

export const findAccount = (db: DbOrTx, id: string) => db.selectFrom('client_accounts').selectAll().where('id', '=', id).executeTakeFirst();
export const findAccountByEmailIdx = (db: DbOrTx, idx: string) =>
  db.selectFrom('client_accounts').selectAll().where('email_idx', '=', idx).executeTakeFirst();
export const insertAccount = (db: DbOrTx, row: Insertable<ClientAccountsTable>) => db.insertInto('client_accounts').values(row).execute();
export const updateAccount = (db: DbOrTx, id: string, patch: Updateable<ClientAccountsTable>) =>
  db.updateTable('client_accounts').set(patch).where('id', '=', id).execute();

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

export const insertToken = (db: DbOrTx, row: Insertable<PortalTokensTable>) => db.insertInto('portal_tokens').values(row).execute();
export const findToken = (db: DbOrTx, hash: string) => db.selectFrom('portal_tokens').selectAll().where('token_hash', '=', hash).executeTakeFirst();

/** Marks a token used; true when this call did it (a token works once). */
export async function useToken(db: DbOrTx, id: string, now: number): Promise<boolean> {
  const res = await db.updateTable('portal_tokens').set({ used_at: now }).where('id', '=', id).where('used_at', 'is', null).executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

export const insertSession = (db: DbOrTx, row: PortalSessionRow) => db.insertInto('client_sessions').values(row).execute();
export const findSessionByHash = (db: DbOrTx, hash: string) =>
  db
    .selectFrom('client_sessions')
    .innerJoin('client_accounts', 'client_accounts.id', 'client_sessions.account_id')
    .selectAll('client_sessions')
    .select(['client_accounts.status as account_status', 'client_accounts.totp_secret_enc as account_totp'])
    .where('client_sessions.token_hash', '=', hash)
    .executeTakeFirst();
export const updateSession = (db: DbOrTx, id: string, patch: Updateable<ClientSessionsTable>) =>
  db.updateTable('client_sessions').set(patch).where('id', '=', id).execute();

/** Ends live sessions; returns how many this call ended. */
export async function revokeSessions(db: DbOrTx, where: { accountId: string; exceptId?: string } | { id: string }, now: number, reason: string): Promise<number> {
  let q = db.updateTable('client_sessions').set({ revoked_at: now, revoked_reason: reason }).where('revoked_at', 'is', null);
  q = 'id' in where ? q.where('id', '=', where.id) : q.where('account_id', '=', where.accountId);
  if ('accountId' in where && where.exceptId) q = q.where('id', '!=', where.exceptId);
  const res = await q.executeTakeFirst();
  return Number(res.numUpdatedRows);
}

export const findSession = (db: DbOrTx, id: string) => db.selectFrom('client_sessions').selectAll().where('id', '=', id).executeTakeFirst();

/** Retires every unused link of one purpose an account has (older reset links die with a reset). */
export const useTokensOf = (db: DbOrTx, accountId: string, purpose: TokenPurpose, now: number) =>
  db.updateTable('portal_tokens').set({ used_at: now }).where('account_id', '=', accountId).where('purpose', '=', purpose).where('used_at', 'is', null).execute();

/** The newest unused invitation of a client record, if any. */
export const latestOpenInvitation = (db: DbOrTx, practiceId: string, clientId: string) =>
  db
    .selectFrom('portal_tokens')
    .select(['created_at', 'expires_at'])
    .where('purpose', '=', 'invitation')
    .where('practice_id', '=', practiceId)
    .where('client_id', '=', clientId)
    .where('used_at', 'is', null)
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst();

/** When the account last completed a sign-in (a session that reached the active state). */
export async function lastSignIn(db: DbOrTx, accountId: string): Promise<number | null> {
  const row = await db
    .selectFrom('client_sessions')
    .select((eb) => eb.fn.max('created_at').as('at'))
    .where('account_id', '=', accountId)
    .where('state', '=', 'active')
    .executeTakeFirst();
  return row?.at === null || row?.at === undefined ? null : Number(row.at);
}
