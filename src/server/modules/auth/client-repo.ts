// All SQL for client portal accounts and their single-use links (invitation, e-mail verification,
// password reset). Sessions of both principals are in repo.ts.
import type { Insertable, Updateable } from 'kysely';
import type { DbOrTx } from '../../db/index.js';
import type { ClientAccountsTable, PortalTokensTable } from '../../db/schema.js';

export type AccountRow = ClientAccountsTable;
export type TokenPurpose = PortalTokensTable['purpose'];
export type TokenRow = PortalTokensTable;

export const findAccount = (db: DbOrTx, id: string) => db.selectFrom('client_accounts').selectAll().where('id', '=', id).executeTakeFirst();
export const findAccountByEmailIdx = (db: DbOrTx, idx: string) =>
  db.selectFrom('client_accounts').selectAll().where('email_idx', '=', idx).executeTakeFirst();
export const insertAccount = (db: DbOrTx, row: Insertable<ClientAccountsTable>) => db.insertInto('client_accounts').values(row).execute();
export const updateAccount = (db: DbOrTx, id: string, patch: Updateable<ClientAccountsTable>) =>
  db.updateTable('client_accounts').set(patch).where('id', '=', id).execute();

export const insertToken = (db: DbOrTx, row: Insertable<PortalTokensTable>) => db.insertInto('portal_tokens').values(row).execute();
export const findToken = (db: DbOrTx, hash: string) => db.selectFrom('portal_tokens').selectAll().where('token_hash', '=', hash).executeTakeFirst();

/** Marks a token used; true when this call did it (a token works once). */
export async function useToken(db: DbOrTx, id: string, now: number): Promise<boolean> {
  const res = await db.updateTable('portal_tokens').set({ used_at: now }).where('id', '=', id).where('used_at', 'is', null).executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

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
