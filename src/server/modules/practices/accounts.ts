// Practices: the checks before a staff account is made (sign-up, an accepted invitation).
import type { DbOrTx } from '../../db/index.js';
import { AppError } from '../../errors.js';
import { checkPassword, identity, passwordRefused } from '../auth/index.js';

export function passwordOrThrow(password: string, c: { mfa: boolean; practiceName: string; userName: string; email: string }) {
  const verdict = checkPassword(password, c);
  if (!verdict.ok) throw passwordRefused(verdict, 'password');
}

export async function assertEmailFree(db: DbOrTx, emailIdx: string) {
  if (await identity.findUserByEmailIdx(db, emailIdx)) {
    throw new AppError('email_taken', 409, 'An account with this email already exists; sign in or reset the password', 'email');
  }
}
