// Password rules from NIST SP 800-63B as SECURITY.md states them: length only (15+ as the only
// factor, 8+ with MFA), up to 256, any Unicode, no composition rules, no expiry; rejected when in
// the shipped list of 100,000 common/breached passwords or containing the practice or user name.
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { ClientError } from '../../i18n/errors.js';

// argon2 (a native addon) is loaded with the first hash or verify, not at start-up.
const importArgon2 = () => import('@node-rs/argon2');
let argon2Lib: ReturnType<typeof importArgon2> | undefined;
const argon2 = () => (argon2Lib ??= importArgon2());

const ARGON2 = { algorithm: 2 /* Argon2id */, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const MIN_SINGLE_FACTOR = 15;
export const MIN_WITH_MFA = 8;
export const MAX_LENGTH = 256;

/** With the u flag a surrogate range matches only a surrogate that is not half of a pair. */
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

/**
 * The common-password list in a compact, read-only form: every entry (trimmed, lower-cased, no
 * duplicates) sorted in JavaScript string order, stored back to back as UTF-8 in one buffer with an
 * offset table, and looked up by binary search: about 1.2 MB (the UTF-8 text and 4 bytes an entry)
 * rather than a Set of 100,000 heap strings, built only when a password is first checked (never at
 * start-up).
 */
export class PasswordList {
  readonly size: number;
  private readonly bytes: Buffer;
  /** Entry i is bytes[starts[i], starts[i + 1]). */
  private readonly starts: Uint32Array;

  constructor(entries: Iterable<string>) {
    // The default sort orders strings by UTF-16 code units: the order of `<` used by has().
    const sorted = [...new Set(entries)].sort();
    // UTF-8 gives back exactly what it was given only for well-formed text (a lone surrogate would
    // come back as U+FFFD); the shipped list is decoded from UTF-8, so it always is.
    const malformed = sorted.find((e) => LONE_SURROGATE.test(e));
    if (malformed !== undefined) throw new Error('a password list entry is not well-formed Unicode (a lone surrogate)');
    const encoded = sorted.map((e) => Buffer.from(e, 'utf8'));
    this.size = sorted.length;
    this.bytes = Buffer.concat(encoded);
    this.starts = new Uint32Array(sorted.length + 1);
    let at = 0;
    for (const [i, b] of encoded.entries()) {
      this.starts[i] = at;
      at += b.length;
    }
    this.starts[sorted.length] = at;
  }

  private entry(i: number): string {
    return this.bytes.toString('utf8', this.starts[i], this.starts[i + 1]);
  }

  /** Exactly Set.prototype.has over the entries: compared as JavaScript strings, not bytes. */
  has(value: string): boolean {
    let lo = 0;
    let hi = this.size - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const e = this.entry(mid);
      if (e === value) return true;
      if (e < value) lo = mid + 1;
      else hi = mid - 1;
    }
    return false;
  }
}

/** The shipped list's entries as they are matched: trimmed, lower-cased, blank lines dropped. */
function commonPasswordEntries(): string[] {
  const file = new URL('./common-passwords.txt.gz', import.meta.url);
  const text = gunzipSync(readFileSync(file)).toString('utf8');
  return text.split('\n').map((l) => l.trim().toLowerCase()).filter(Boolean);
}

let common: PasswordList | undefined;
/** The list ships as common-passwords.txt.gz (top 100,000 of a public breach corpus, see NOTICE). */
export function commonPasswords(): PasswordList {
  common ??= new PasswordList(commonPasswordEntries());
  return common;
}

/**
 * Which rule a refused password broke: the server's catalog words it in the reader's language
 * (errors.password.<rule>, src/server/i18n); `reason` is the English, for staff and logs.
 */
export type PasswordRule = 'short' | 'shortSingleFactor' | 'long' | 'common' | 'practiceName' | 'userName' | 'email';
export type PasswordVerdict = { ok: true } | { ok: false; rule: PasswordRule; reason: string };
export type PasswordField = 'password' | 'newPassword';

/** The 422 for a refused password, on its field, in the language of the page asking (English: "Password " + reason). */
export function passwordRefused(verdict: Extract<PasswordVerdict, { ok: false }>, field: PasswordField): ClientError {
  const values = { field, min: verdict.rule === 'short' ? MIN_WITH_MFA : MIN_SINGLE_FACTOR, mfaMin: MIN_WITH_MFA, max: MAX_LENGTH };
  return new ClientError('password_rejected', 422, `errors.password.${verdict.rule}`, values, field);
}

/**
 * Whether a password is a common one or a trivial variant of one: the list is matched in lower
 * case, and also after taking off what people add to a common word to pass a length rule (digits
 * and punctuation before or after it: "password1234567", "!!monkey2024"). A password of one
 * character repeated, or nearly (fewer than 4 different characters), counts as common too.
 * `list`: the shipped list unless given (a test compares the verdicts over another form of it).
 */
export function isCommonPassword(password: string, list: { has(entry: string): boolean } = commonPasswords()): boolean {
  const lower = password.normalize('NFKC').toLowerCase();
  if (list.has(lower) || list.has(password)) return true;
  if (new Set(lower.replace(/\s+/g, '')).size < 4) return true;
  const core = lower.replace(/^[\d\p{P}\p{S}\s]+/u, '').replace(/[\d\p{P}\p{S}\s]+$/u, '');
  if (core !== lower && core.length > 0 && (list.has(core) || list.has(core.replace(/\s+/g, '')))) return true;
  // Only digits and symbols: a common one with more digits added ("12345678" + "9012345").
  if (core.length === 0) {
    const digits = lower.replace(/[^\d]/g, '');
    for (let n = digits.length - 1; n >= 6; n--) if (list.has(digits.slice(0, n))) return true;
  }
  return false;
}

export function checkPassword(
  password: string,
  ctx: {
    mfa: boolean;
    practiceName?: string | undefined;
    userName?: string | undefined;
    email?: string | undefined;
    /** A portal account may be linked to several practices, under several names. */
    practiceNames?: readonly string[];
    userNames?: readonly string[];
  },
): PasswordVerdict {
  const length = [...password].length;
  const min = ctx.mfa ? MIN_WITH_MFA : MIN_SINGLE_FACTOR;
  if (length < min) {
    return {
      ok: false,
      rule: ctx.mfa ? 'short' : 'shortSingleFactor',
      reason: ctx.mfa
        ? `must be at least ${MIN_WITH_MFA} characters`
        : `must be at least ${MIN_SINGLE_FACTOR} characters (or ${MIN_WITH_MFA} once two-factor sign-in is on)`,
    };
  }
  if (length > MAX_LENGTH) return { ok: false, rule: 'long', reason: `must be at most ${MAX_LENGTH} characters` };
  const lower = password.normalize('NFKC').toLowerCase();
  if (isCommonPassword(password)) {
    return { ok: false, rule: 'common', reason: 'is a common or breached password, or one with a few characters added; choose another (a few unrelated words work well)' };
  }
  const contains = (name: string | undefined) => {
    if (!name) return false;
    const parts = [name, ...name.split(/[\s@._-]+/)].map((p) => p.normalize('NFKC').toLowerCase().trim()).filter((p) => [...p].length >= 4);
    return parts.some((p) => lower.includes(p));
  };
  if ([ctx.practiceName, ...(ctx.practiceNames ?? [])].some(contains)) return { ok: false, rule: 'practiceName', reason: 'must not contain the practice name' };
  if ([ctx.userName, ...(ctx.userNames ?? [])].some(contains)) return { ok: false, rule: 'userName', reason: 'must not contain your name' };
  if (ctx.email && contains(ctx.email.split('@')[0])) return { ok: false, rule: 'email', reason: 'must not contain your email address' };
  return { ok: true };
}

export const hashPassword = async (password: string): Promise<string> => (await argon2()).hash(password, ARGON2);

/** The stored form of a new password (staff users and portal accounts alike). */
export async function passwordColumns(password: string): Promise<{ password_hash: string; password_single_factor_ok: 0 | 1 }> {
  return { password_hash: await hashPassword(password), password_single_factor_ok: [...password].length >= MIN_SINGLE_FACTOR ? 1 : 0 };
}

export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  const { verify } = await argon2();
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
