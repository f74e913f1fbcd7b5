// Second factors shared by staff users and client-portal accounts: checking a code at sign-in (an
// authenticator code, each 30-second step once, or an unused recovery code) and issuing recovery
// codes, which are stored only as hashes and shown once. Staff rows live in users/recovery_codes,
// portal rows in client_accounts/client_recovery_codes; the rules are the same for both.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { AppContext } from '../../context.js';
import type { DbOrTx } from '../../db/index.js';
import * as repo from './repo.js';
import { verifyTotp } from './totp.js';

export const RECOVERY_CODE_COUNT = 10;

export const hashRecoveryCode = (code: string) =>
  createHash('sha256').update(code.replace(/[\s-]/g, '').toLowerCase()).digest('base64url');

function newRecoveryCode(): string {
  // 10 characters from a 32-letter alphabet: 50 bits; shown as xxxxx-xxxxx.
  const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
  const bytes = randomBytes(10);
  const chars = [...bytes].map((b) => alphabet[b % alphabet.length]).join('');
  return `${chars.slice(0, 5)}-${chars.slice(5)}`;
}

/** Replaces the holder's recovery codes with a fresh set; the plain codes are returned, to show once. */
export async function issueRecoveryCodes(db: DbOrTx, holderId: string, table: repo.FactorTable = 'users'): Promise<string[]> {
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
  await repo.replaceRecoveryCodes(db, holderId, codes.map((c) => ({ id: randomUUID(), code_hash: hashRecoveryCode(c) })), table);
  return codes;
}

/** The row fields a code check needs (a users or client_accounts row). */
export interface FactorHolder {
  id: string;
  totp_secret_enc: string | null;
  totp_last_step: number | null;
}

/**
 * A 6-digit code is checked against the authenticator app (a step used once is refused, even by a
 * concurrent replay); anything else is tried as an unused recovery code, which this call consumes.
 */
export async function checkSecondFactor(ctx: AppContext, holder: FactorHolder, code: string, table: repo.FactorTable = 'users'): Promise<'totp' | 'recovery' | null> {
  const trimmed = code.trim();
  if (/^\d{6}$/.test(trimmed) && holder.totp_secret_enc) {
    const secret = await ctx.crypto.decrypt({ table, column: 'totp_secret_enc', rowId: holder.id }, holder.totp_secret_enc);
    const step = await verifyTotp(secret, trimmed, ctx.clock.now(), holder.totp_last_step);
    if (step !== null && (await repo.claimTotpStep(ctx.db, holder.id, step, table))) return 'totp';
    return null;
  }
  if (await repo.consumeRecoveryCode(ctx.db, holder.id, hashRecoveryCode(trimmed), ctx.clock.now(), table)) return 'recovery';
  return null;
}
