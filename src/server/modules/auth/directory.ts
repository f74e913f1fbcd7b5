// Who the staff are: the lookups other modules make of staff accounts and their roles (users and
// user_roles are this module's tables; nobody else queries them). Plain functions taking the db or
// the caller's transaction first, like a repo, because callers use them inside their own units of
// work (a booking locks its provider's row). Names and e-mails come back sealed (name_enc,
// email_enc), to be opened with the users table's context where they are shown.
import { forUpdate, type DbOrTx, type Dialect } from '../../db/index.js';
import type { StaffRole } from '../../../shared/roles.js';
import { groupValues } from '../../lib/group.js';

export { findUserByEmailIdx, findUserById, insertUser, setRoles, updateUser, type UserRow } from './repo.js';

/** Every staff account of a practice, oldest first. */
export const practiceUsers = (db: DbOrTx, practiceId: string) =>
  db.selectFrom('users').selectAll().where('practice_id', '=', practiceId).orderBy('created_at').execute();

/** The roles of every staff account of a practice, by user id. */
export async function rolesByUser(db: DbOrTx, practiceId: string): Promise<Map<string, string[]>> {
  const rows = await db
    .selectFrom('user_roles')
    .innerJoin('users', 'users.id', 'user_roles.user_id')
    .select(['user_roles.user_id', 'user_roles.role'])
    .where('users.practice_id', '=', practiceId)
    .orderBy('user_roles.role')
    .execute();
  return groupValues(rows, (r) => r.user_id, (r) => r.role);
}

/** The staff of a practice who have a second factor (an authenticator app or a security key). */
export async function mfaEnabledUsers(db: DbOrTx, practiceId: string): Promise<Set<string>> {
  const totp = await db.selectFrom('users').select('id').where('practice_id', '=', practiceId).where('totp_secret_enc', 'is not', null).execute();
  const keys = await db
    .selectFrom('webauthn_credentials')
    .innerJoin('users', 'users.id', 'webauthn_credentials.user_id')
    .select('users.id')
    .where('users.practice_id', '=', practiceId)
    .execute();
  return new Set([...totp, ...keys].map((r) => r.id));
}

/** Active staff of the practice holding a role, oldest first (id and sealed name). */
export const usersWithRole = (db: DbOrTx, practiceId: string, role: StaffRole) =>
  db
    .selectFrom('users')
    .innerJoin('user_roles', 'user_roles.user_id', 'users.id')
    .select(['users.id', 'users.name_enc'])
    .where('users.practice_id', '=', practiceId)
    .where('users.status', '=', 'active')
    .where('user_roles.role', '=', role)
    .orderBy('users.created_at')
    .execute();

/** This user, when an active provider of the practice (id and sealed name). */
export const activeProvider = (db: DbOrTx, practiceId: string, userId: string) =>
  db
    .selectFrom('users')
    .innerJoin('user_roles', 'user_roles.user_id', 'users.id')
    .select(['users.id', 'users.name_enc'])
    .where('users.practice_id', '=', practiceId)
    .where('users.id', '=', userId)
    .where('users.status', '=', 'active')
    .where('user_roles.role', '=', 'provider')
    .executeTakeFirst();

/** The sealed names of these staff of the practice (any status). */
export const staffNames = (db: DbOrTx, practiceId: string, ids: readonly string[]) =>
  ids.length ? db.selectFrom('users').select(['id', 'name_enc']).where('practice_id', '=', practiceId).where('id', 'in', [...ids]).execute() : Promise.resolve([]);

/** Active staff of the practice (id and sealed e-mail), optionally only the given ids, oldest first. */
export function activeStaff(db: DbOrTx, practiceId: string, ids?: readonly string[]) {
  let q = db.selectFrom('users').select(['id', 'email_enc']).where('practice_id', '=', practiceId).where('status', '=', 'active');
  if (ids) {
    if (!ids.length) return Promise.resolve([]);
    q = q.where('id', 'in', [...ids]);
  }
  return q.orderBy('created_at').execute();
}

/** The status of a staff account of the practice ('active', 'disabled'), or undefined when it is not one. */
export async function staffStatus(db: DbOrTx, practiceId: string, userId: string): Promise<string | undefined> {
  const row = await db.selectFrom('users').select('status').where('id', '=', userId).where('practice_id', '=', practiceId).executeTakeFirst();
  return row?.status;
}

/** Serialises work on one staff member's calendar: a row lock on PostgreSQL; SQLite has one writer already. */
export async function lockStaff(db: DbOrTx, dialect: Dialect, userId: string): Promise<void> {
  await forUpdate(db.selectFrom('users').select('id').where('id', '=', userId), dialect).execute();
}
