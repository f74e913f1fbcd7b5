// All SQL for accounts and sessions. Plain functions taking the db or a transaction first.
import { sql } from 'kysely';
import { rolesCsv, type DbOrTx, type Dialect } from '../../db/index.js';
import { precompiled } from '../../db/precompiled.js';
import type { Database, RecoveryCodesTable, SessionsTable, UsersTable, WebauthnCredentialsTable } from '../../db/schema.js';

export type UserRow = UsersTable;
export type SessionRow = SessionsTable;

export const findUserById = (db: DbOrTx, id: string) => db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();

export const findUserByEmailIdx = (db: DbOrTx, emailIdx: string) =>
  db.selectFrom('users').selectAll().where('email_idx', '=', emailIdx).executeTakeFirst();

export const insertUser = (db: DbOrTx, row: UserRow) => db.insertInto('users').values(row).execute();

export const updateUser = (db: DbOrTx, id: string, patch: Partial<UserRow>) =>
  db.updateTable('users').set(patch).where('id', '=', id).execute();

export async function rolesOf(db: DbOrTx, userId: string): Promise<string[]> {
  const rows = await db.selectFrom('user_roles').select('role').where('user_id', '=', userId).orderBy('role').execute();
  return rows.map((r) => r.role);
}

export async function setRoles(db: DbOrTx, userId: string, roles: readonly string[]): Promise<void> {
  await db.deleteFrom('user_roles').where('user_id', '=', userId).execute();
  if (roles.length) await db.insertInto('user_roles').values(roles.map((role) => ({ user_id: userId, role }))).execute();
}

type SessionTable = 'sessions' | 'client_sessions';
const SESSION_OWNER = { sessions: 'user_id', client_sessions: 'account_id' } as const;

// Staff sessions (sessions, owner user_id) and portal sessions (client_sessions, owner account_id)
// have the same columns but for the owner's and the staff-only ones (role, WebAuthn challenge);
// Kysely builds SQL from the names, so the staff table's type stands for both below.
export const insertSession = <T extends SessionTable>(db: DbOrTx, table: T, row: Database[T]) => db.insertInto(table as 'sessions').values(row as SessionRow).execute();

export const findSession = <T extends SessionTable>(db: DbOrTx, table: T, id: string) =>
  db.selectFrom(table as 'sessions').selectAll().where('id', '=', id).executeTakeFirst() as Promise<Database[T] | undefined>;

export const updateSession = <T extends SessionTable>(db: DbOrTx, table: T, id: string, patch: Partial<Database[T]>) =>
  db.updateTable(table as 'sessions').set(patch as Partial<SessionRow>).where('id', '=', id).execute();

/** The staff session behind a cookie hash, with what every request checks: the user, the practice's limits, the roles. Compiled once (db/precompiled.ts): it runs on every request. */
const staffSessionByHash = precompiled((db: DbOrTx, dialect: Dialect, tokenHash: string) =>
  db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .innerJoin('practices', 'practices.id', 'sessions.practice_id')
    .selectAll('sessions')
    .select([
      'users.status as user_status',
      'users.totp_secret_enc as user_totp',
      'practices.require_mfa as practice_require_mfa',
      'practices.idle_timeout_minutes as practice_idle_minutes',
    ])
    .select((eb) =>
      eb
        .exists(eb.selectFrom('webauthn_credentials').select('webauthn_credentials.id').whereRef('webauthn_credentials.user_id', '=', 'users.id'))
        .as('has_webauthn'),
    )
    .select(rolesCsv(dialect, 'users.id').as('roles'))
    .where('sessions.token_hash', '=', tokenHash),
);

export const findStaffSessionByHash = async (db: DbOrTx, dialect: Dialect, tokenHash: string) => (await staffSessionByHash(db, dialect, tokenHash))[0];

/** The portal session behind a cookie hash, with its account's status and whether it has an app. */
const clientSessionByHash = precompiled((db: DbOrTx, _dialect: Dialect, hash: string) =>
  db
    .selectFrom('client_sessions')
    .innerJoin('client_accounts', 'client_accounts.id', 'client_sessions.account_id')
    .selectAll('client_sessions')
    .select(['client_accounts.status as account_status', 'client_accounts.totp_secret_enc as account_totp'])
    .where('client_sessions.token_hash', '=', hash),
);

export const findClientSessionByHash = async (db: DbOrTx, dialect: Dialect, hash: string) => (await clientSessionByHash(db, dialect, hash))[0];

/** The cookie hash of a session, by id (the socket sweep re-checks sessions it holds by id). */
export const sessionTokenHash = async (db: DbOrTx, table: SessionTable, id: string) =>
  (await db.selectFrom(table as 'sessions').select('token_hash').where('id', '=', id).executeTakeFirst())?.token_hash;

/** The practice settings sign-in applies: its name (passwords must not contain it), MFA rule, idle limit. */
export const practicePolicy = (db: DbOrTx, practiceId: string) =>
  db.selectFrom('practices').select(['name', 'require_mfa', 'idle_timeout_minutes']).where('id', '=', practiceId).executeTakeFirst();

/**
 * Signed-in (not pending), unrevoked sessions within their absolute limit, newest first: a staff
 * user's (sessions) or a portal account's (client_sessions).
 */
export function liveSessionsOf<T extends SessionTable>(db: DbOrTx, table: T, ownerId: string, now: number): Promise<Database[T][]> {
  return db
    .selectFrom(table as 'sessions')
    .selectAll()
    .where(SESSION_OWNER[table] as 'user_id', '=', ownerId)
    .where('revoked_at', 'is', null)
    .where('state', '=', 'active')
    .where('absolute_expires_at', '>', now)
    .orderBy('created_at', 'desc')
    .execute() as Promise<Database[T][]>;
}

/** Ends live sessions (one, or an owner's but one); returns the ids this call ended. */
export async function revokeSessions(
  db: DbOrTx,
  table: SessionTable,
  where: { ownerId: string; exceptId?: string | undefined } | { id: string },
  now: number,
  reason: string,
): Promise<string[]> {
  let q = db.selectFrom(table as 'sessions').select('id').where('revoked_at', 'is', null);
  q = 'id' in where ? q.where('id', '=', where.id) : q.where(SESSION_OWNER[table] as 'user_id', '=', where.ownerId);
  if ('ownerId' in where && where.exceptId) q = q.where('id', '!=', where.exceptId);
  const ids = (await q.execute()).map((r) => r.id);
  if (ids.length) {
    await db.updateTable(table as 'sessions').set({ revoked_at: now, revoked_reason: reason }).where('id', 'in', ids).where('revoked_at', 'is', null).execute();
  }
  return ids;
}

// ---- MFA factors ----
/** Whose factors: a staff user (users) or a client-portal account (client_accounts). */
export type FactorTable = 'users' | 'client_accounts';

// Staff recovery codes live in recovery_codes (owner column user_id), a portal account's in
// client_recovery_codes (account_id); the two tables have the same shape otherwise. Kysely builds
// SQL from the names, so the staff table's type stands for both below.
const codesOf = (table: FactorTable) =>
  (table === 'users' ? { codes: 'recovery_codes', owner: 'user_id' } : { codes: 'client_recovery_codes', owner: 'account_id' }) as { codes: 'recovery_codes'; owner: 'user_id' };

export const recoveryCodesLeft = async (db: DbOrTx, ownerId: string, table: FactorTable = 'users') => {
  const t = codesOf(table);
  return Number(
    (
      await db
        .selectFrom(t.codes)
        .select((eb) => eb.fn.countAll().as('n'))
        .where(t.owner, '=', ownerId)
        .where('used_at', 'is', null)
        .executeTakeFirstOrThrow()
    ).n,
  );
};

export async function replaceRecoveryCodes(db: DbOrTx, ownerId: string, rows: { id: string; code_hash: string }[], table: FactorTable = 'users'): Promise<void> {
  const t = codesOf(table);
  await db.deleteFrom(t.codes).where(t.owner, '=', ownerId).execute();
  if (rows.length) await db.insertInto(t.codes).values(rows.map((r) => ({ ...r, [t.owner]: ownerId, used_at: null }) as RecoveryCodesTable)).execute();
}

/** Marks the code used if it exists and is unused; true when this call consumed it. */
export async function consumeRecoveryCode(db: DbOrTx, ownerId: string, codeHash: string, now: number, table: FactorTable = 'users'): Promise<boolean> {
  const t = codesOf(table);
  const res = await db
    .updateTable(t.codes)
    .set({ used_at: now })
    .where(t.owner, '=', ownerId)
    .where('code_hash', '=', codeHash)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

/** Advances the last used TOTP step only forwards (staff users or portal accounts): a concurrent replay of the same code loses. */
export async function claimTotpStep(db: DbOrTx, userId: string, step: number, table: FactorTable = 'users'): Promise<boolean> {
  const res = await db
    .updateTable(table)
    .set({ totp_last_step: step })
    .where('id', '=', userId)
    .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', step)]))
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

export const webauthnCredentialsOf = (db: DbOrTx, userId: string) =>
  db.selectFrom('webauthn_credentials').selectAll().where('user_id', '=', userId).orderBy('created_at').execute();

export const insertWebauthnCredential = (db: DbOrTx, row: WebauthnCredentialsTable) => db.insertInto('webauthn_credentials').values(row).execute();

export const updateWebauthnCredential = (db: DbOrTx, id: string, patch: Partial<WebauthnCredentialsTable>) =>
  db.updateTable('webauthn_credentials').set(patch).where('id', '=', id).execute();

export const deleteWebauthnCredential = (db: DbOrTx, id: string) => db.deleteFrom('webauthn_credentials').where('id', '=', id).execute();

// ---- password resets ----
export const insertReset = (db: DbOrTx, row: { id: string; user_id: string; token_hash: string; created_at: number; expires_at: number }) =>
  db.insertInto('password_resets').values({ ...row, used_at: null }).execute();

export const findReset = (db: DbOrTx, tokenHash: string) =>
  db.selectFrom('password_resets').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();

export async function consumeReset(db: DbOrTx, id: string, now: number): Promise<boolean> {
  const res = await db.updateTable('password_resets').set({ used_at: now }).where('id', '=', id).where('used_at', 'is', null).executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

// ---- throttling ----
/**
 * Adds one attempt to a key in a single statement (a fresh window when the old one has passed)
 * and returns the count, so concurrent attempts are each counted.
 */
export async function countAttempt(db: DbOrTx, key: string, now: number, windowMs: number): Promise<{ failures: number; window_start: number }> {
  const expired = sql<boolean>`throttles.window_start <= ${now - windowMs}`;
  return db
    .insertInto('throttles')
    .values({ key, failures: 1, window_start: now })
    .onConflict((oc) =>
      oc.column('key').doUpdateSet({
        failures: sql<number>`case when ${expired} then 1 else throttles.failures + 1 end`,
        window_start: sql<number>`case when ${expired} then ${now} else throttles.window_start end`,
      }),
    )
    .returning(['failures', 'window_start'])
    .executeTakeFirstOrThrow();
}

export async function refundAttempt(db: DbOrTx, key: string): Promise<void> {
  await db.updateTable('throttles').set({ failures: sql<number>`failures - 1` }).where('key', '=', key).where('failures', '>', 0).execute();
}

export const clearThrottle = (db: DbOrTx, key: string) => db.deleteFrom('throttles').where('key', '=', key).execute();

export const findThrottle = (db: DbOrTx, key: string) => db.selectFrom('throttles').select(['failures', 'window_start']).where('key', '=', key).executeTakeFirst();
