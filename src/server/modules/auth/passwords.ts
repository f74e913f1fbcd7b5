// Password rules from NIST SP 800-63B as SECURITY.md states them: length only (15+ as the only
// factor, 8+ with MFA), up to 256, any Unicode, no composition rules, no expiry; rejected when in
// the shipped list of 100,000 common/breached passwords or containing the practice or user name.
import { hash, verify } from '@node-rs/argon2';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';

const ARGON2 = { algorithm: 2 /* Argon2id */, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const MIN_SINGLE_FACTOR = 15;
export const MIN_WITH_MFA = 8;
export const MAX_LENGTH = 256;

let common: Set<string> | undefined;
/** The list ships as common-passwords.txt.gz (top 100,000 of a public breach corpus, see NOTICE). */
export function commonPasswords(): Set<string> {
  if (!common) {
    const file = new URL('./common-passwords.txt.gz', import.meta.url);
    const text = gunzipSync(readFileSync(file)).toString('utf8');
    common = new Set(text.split('\n').map((l) => l.trim().toLowerCase()).filter(Boolean));
  }
  return common;
}

export type PasswordVerdict = { ok: true } | { ok: false; reason: string };

export function checkPassword(
  password: string,
  ctx: { mfa: boolean; practiceName?: string | undefined; userName?: string | undefined; email?: string | undefined },
): PasswordVerdict {
  const length = [...password].length;
  const min = ctx.mfa ? MIN_WITH_MFA : MIN_SINGLE_FACTOR;
  if (length < min) {
    return {
      ok: false,
      reason: ctx.mfa
        ? `must be at least ${MIN_WITH_MFA} characters`
        : `must be at least ${MIN_SINGLE_FACTOR} characters (or ${MIN_WITH_MFA} once two-factor sign-in is on)`,
    };
  }
  if (length > MAX_LENGTH) return { ok: false, reason: `must be at most ${MAX_LENGTH} characters` };
  const lower = password.normalize('NFKC').toLowerCase();
  if (commonPasswords().has(lower) || commonPasswords().has(password)) {
    return { ok: false, reason: 'is on a list of common or breached passwords; choose another' };
  }
  const contains = (name: string | undefined) => {
    if (!name) return false;
    const parts = [name, ...name.split(/[\s@._-]+/)].map((p) => p.normalize('NFKC').toLowerCase().trim()).filter((p) => [...p].length >= 4);
    return parts.some((p) => lower.includes(p));
  };
  if (contains(ctx.practiceName)) return { ok: false, reason: 'must not contain the practice name' };
  if (contains(ctx.userName)) return { ok: false, reason: 'must not contain your name' };
  if (ctx.email && contains(ctx.email.split('@')[0])) return { ok: false, reason: 'must not contain your email address' };
  return { ok: true };
}

export const hashPassword = (password: string): Promise<string> => hash(password, ARGON2);

/** The stored form of a new password (staff users and portal accounts alike). */
export async function passwordColumns(password: string): Promise<{ password_hash: string; password_single_factor_ok: 0 | 1 }> {
  return { password_hash: await hashPassword(password), password_single_factor_ok: [...password].length >= MIN_SINGLE_FACTOR ? 1 : 0 };
}

export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}

// Verifying against this when the account does not exist keeps response times alike,
// so timing does not reveal which e-mail addresses have accounts.
let dummy: Promise<string> | undefined;
export async function burnVerify(password: string): Promise<void> {
  dummy ??= hashPassword('hearth-timing-equaliser-not-a-password');
  await verifyPassword(await dummy, password);
}
