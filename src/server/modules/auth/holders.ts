// An account of either principal as the credential code sees it: the columns passwords and second
// factors use, where its practice-scoped audit goes, and which key seals its secrets.
import type { AppContext } from '../../context.js';
import { PLATFORM } from '../../crypto/envelope.js';
import type { DbOrTx } from '../../db/index.js';
import { AppError } from '../../errors.js';
import * as clientRepo from './client-repo.js';
import { PRINCIPALS, type PrincipalKind } from './principal.js';
import * as repo from './repo.js';

export interface Holder {
  kind: PrincipalKind;
  id: string;
  /** The practice an event about this account is filed under (none for a portal account: it spans practices). */
  practiceId: string | null;
  /** Whose key seals this account's secrets: its practice's, or the platform's (PLATFORM) for a portal account. */
  keyScope: string | typeof PLATFORM;
  email_enc: string;
  password_hash: string;
  password_single_factor_ok: number;
  totp_secret_enc: string | null;
  totp_pending_secret_enc: string | null;
  totp_last_step: number | null;
  status: string;
}

export type CredentialPatch = Partial<Pick<Holder, 'password_hash' | 'password_single_factor_ok' | 'totp_secret_enc' | 'totp_pending_secret_enc' | 'totp_last_step'>> & {
  updated_at?: number;
  password_changed_at?: number;
};

export async function findHolder(db: DbOrTx, kind: PrincipalKind, id: string): Promise<Holder | undefined> {
  if (kind === 'staff') {
    const u = await repo.findUserById(db, id);
    return u && { ...u, kind, practiceId: u.practice_id, keyScope: u.practice_id };
  }
  const a = await clientRepo.findAccount(db, id);
  return a && { ...a, kind, practiceId: null, keyScope: PLATFORM };
}

/** The account behind a live session; gone means the session is no longer good for anything. */
export async function requireHolder(db: DbOrTx, kind: PrincipalKind, id: string): Promise<Holder> {
  const h = await findHolder(db, kind, id);
  if (!h) throw new AppError('unauthenticated', 401, 'Sign in again');
  return h;
}

export function updateHolder(db: DbOrTx, kind: PrincipalKind, id: string, patch: CredentialPatch) {
  if (kind === 'staff') return repo.updateUser(db, id, patch);
  const { password_changed_at: _staffOnly, ...rest } = patch;
  return clientRepo.updateAccount(db, id, rest);
}

/** Seals a secret of the account under its scope's key, bound to its row and column. */
export function sealFor(ctx: AppContext, h: Holder, column: 'totp_secret_enc' | 'totp_pending_secret_enc', value: string, tx?: DbOrTx) {
  return ctx.crypto.encrypt(h.keyScope, { table: PRINCIPALS[h.kind].accounts, column, rowId: h.id }, value, tx);
}

export function openFor(ctx: AppContext, h: Holder, column: 'totp_pending_secret_enc' | 'email_enc', value: string) {
  return ctx.crypto.decrypt({ table: PRINCIPALS[h.kind].accounts, column, rowId: h.id }, value);
}
