import { sql, type Insertable, type Updateable } from 'kysely';
import type { DbOrTx, Dialect } from '../../db/index.js';
import { precompiled } from '../../db/precompiled.js';
import type { BaaAcceptancesTable, InvitationsTable, PracticesTable, SignupRequestsTable } from './table.js';

export const insertPractice = (db: DbOrTx, row: Insertable<PracticesTable>) => db.insertInto('practices').values(row).execute();

export const findPractice = (db: DbOrTx, id: string) => db.selectFrom('practices').selectAll().where('id', '=', id).executeTakeFirst();

export const updatePractice = (db: DbOrTx, id: string, patch: Updateable<PracticesTable>) =>
  db.updateTable('practices').set(patch).where('id', '=', id).execute();

export const countPractices = async (db: DbOrTx) =>
  Number((await db.selectFrom('practices').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

export const insertBaa = (db: DbOrTx, row: BaaAcceptancesTable) => db.insertInto('baa_acceptances').values(row).execute();

export const latestBaa = (db: DbOrTx, practiceId: string) =>
  db.selectFrom('baa_acceptances').selectAll().where('practice_id', '=', practiceId).orderBy('accepted_at', 'desc').executeTakeFirst();

export const insertInvitation = (db: DbOrTx, row: InvitationsTable) => db.insertInto('invitations').values(row).execute();

export const findInvitationByTokenHash = (db: DbOrTx, tokenHash: string) =>
  db.selectFrom('invitations').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();

export const findInvitation = (db: DbOrTx, practiceId: string, id: string) =>
  db.selectFrom('invitations').selectAll().where('practice_id', '=', practiceId).where('id', '=', id).executeTakeFirst();

export const practiceInvitations = (db: DbOrTx, practiceId: string) =>
  db.selectFrom('invitations').selectAll().where('practice_id', '=', practiceId).orderBy('created_at', 'desc').execute();

/** Accepts or revokes an open invitation; true when this call closed it. */
export async function closeInvitation(db: DbOrTx, id: string, how: 'accepted_at' | 'revoked_at', now: number): Promise<boolean> {
  const res = await db
    .updateTable('invitations')
    .set({ [how]: now })
    .where('id', '=', id)
    .where('accepted_at', 'is', null)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

export const insertSignup = (db: DbOrTx, row: SignupRequestsTable) => db.insertInto('signup_requests').values(row).execute();

export const findSignupByTokenHash = (db: DbOrTx, tokenHash: string) =>
  db.selectFrom('signup_requests').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();

/** Marks a sign-up request used; false when another request used it first. */
export const useSignup = async (db: DbOrTx, id: string, now: number) =>
  Number((await db.updateTable('signup_requests').set({ used_at: now }).where('id', '=', id).where('used_at', 'is', null).executeTakeFirst()).numUpdatedRows) === 1;

export const deleteSignup = (db: DbOrTx, id: string) => db.deleteFrom('signup_requests').where('id', '=', id).execute();

export const deleteExpiredSignups = (db: DbOrTx, now: number) => db.deleteFrom('signup_requests').where('expires_at', '<', now).execute();

/** The practice's client version (the clients module's list index is tagged with it). */
// Asked on every client-list request (is the list index current?): compiled once (db/precompiled.ts).
const clientsVersionOf = precompiled((db: DbOrTx, _dialect: Dialect, practiceId: string) => db.selectFrom('practices').select('clients_version').where('id', '=', practiceId));

export async function clientsVersion(db: DbOrTx, dialect: Dialect, practiceId: string): Promise<number> {
  const row = (await clientsVersionOf(db, dialect, practiceId))[0];
  if (!row) throw new Error(`no practice ${practiceId}`);
  return Number(row.clients_version);
}

/** Moves the practice's client version on; returns the new value. Inside the writing transaction. */
export async function bumpClientsVersion(db: DbOrTx, practiceId: string): Promise<number> {
  const row = await db
    .updateTable('practices')
    .set({ clients_version: sql<number>`clients_version + 1` })
    .where('id', '=', practiceId)
    .returning('clients_version')
    .executeTakeFirstOrThrow();
  return Number(row.clients_version);
}
