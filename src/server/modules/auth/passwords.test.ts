import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { checkPassword, commonPasswords, hashPassword, isCommonPassword, passwordRefused, PasswordList, verifyPassword, type PasswordRule } from './passwords.js';

describe('password rules (NIST SP 800-63B as SECURITY.md states them)', () => {
  const ctx = { practiceName: 'Bright Path Counseling', userName: 'Morgan Okafor', email: 'morgan.okafor@example.com' };
  const table: [string, boolean, string | null, string][] = [
    // password, MFA on, expected reason (null = accepted), why
    ['short but ok w mfa', true, null, '8+ characters is enough with MFA'],
    ['seven77', true, 'at least 8', 'under 8 even with MFA'],
    ['fourteen chars', false, 'at least 15', '15 needed as the only factor'],
    ['fifteen chars!!', false, null, 'exactly 15 as the only factor'],
    ['ünïcødé pässwörd ✓', false, null, 'any Unicode'],
    ['日本語のパスワードです', true, null, 'CJK, 11 code points, with MFA'],
    ['alllowercasenocomposition', false, null, 'no composition rules'],
    ['river stones '.repeat(5).slice(0, 64), false, null, 'at least 64 allowed'],
    ['river stones and moss '.repeat(12).slice(0, 256), false, null, 'up to 256 allowed'],
    ['password1234567', false, 'common or breached', 'a common password with digits added to reach 15'],
    ['Password1234567', false, 'common or breached', 'the same, capitalised'],
    ['!!sunshine2024!!', false, 'common or breached', 'a common word wrapped in digits and symbols'],
    ['123456789012345', false, 'common or breached', 'a common number run, lengthened'],
    ['x'.repeat(20), false, 'common or breached', 'one character repeated'],
    ['abababababababab', false, 'common or breached', 'two characters repeated'],
    ['password garden 17', false, null, 'a common word inside a longer passphrase is fine'],
    ['x'.repeat(257), false, 'at most 256', 'over the cap'],
    ['1qaz2wsx3edc4rfv', false, 'common or breached', 'in the breached list'],
    ['iloveyou', true, 'common or breached', 'in the list, with MFA'],
    ['1QAZ2WSX3EDC4RFV', false, 'common or breached', 'list check ignores case'],
    ['my brightpath secret', false, 'practice name', 'a word of the practice name inside another word'],
    ['river stones and moss', false, null, 'no names, no list entry'],
    ['counseling is my job', false, 'practice name', 'contains a word of the practice name'],
    ['okafor family rules', false, 'your name', 'contains the user name'],
    ['morgan.okafor 2026!!', false, 'your name', 'contains the user name via email'],
  ];
  it.each(table)('%j (mfa=%s) -> %s', (password, mfa, reason) => {
    const verdict = checkPassword(password, { mfa, ...ctx });
    if (reason === null) expect(verdict).toEqual({ ok: true });
    else {
      expect(verdict.ok).toBe(false);
      if (!verdict.ok) expect(verdict.reason).toContain(reason);
    }
  });

  it('treats trivial variants of a listed password as common, not good passphrases', () => {
    expect(isCommonPassword('password1234567')).toBe(true);
    expect(isCommonPassword('qwerty 123456789')).toBe(true);
    expect(isCommonPassword('tidepools and lanterns 7')).toBe(false);
    expect(isCommonPassword('willow creek evening 12')).toBe(false);
  });

  it('refuses in the language of the page asking, every rule, with the English it always had', () => {
    const refused: [string, boolean, PasswordRule][] = [
      ['seven77', true, 'short'],
      ['fourteen chars', false, 'shortSingleFactor'],
      ['x'.repeat(257), false, 'long'],
      ['password1234567', false, 'common'],
      ['counseling is my job', false, 'practiceName'],
      ['okafor family rules', false, 'userName'],
    ];
    const byEmail = checkPassword('my morgan.okafor days', { mfa: false, email: 'morgan.okafor@example.com' });
    const verdicts = [...refused.map(([password, mfa, rule]) => ({ rule, verdict: checkPassword(password, { mfa, ...ctx }) })), { rule: 'email', verdict: byEmail }];
    const spanish = new Set<string>();
    for (const { rule, verdict } of verdicts) {
      if (verdict.ok) throw new Error(`${rule}: accepted`);
      expect(verdict.rule).toBe(rule);
      const e = passwordRefused(verdict, 'password');
      expect([e.status, e.code, e.field, e.message]).toEqual([422, 'password_rejected', 'password', `Password ${verdict.reason}`]);
      expect(passwordRefused(verdict, 'newPassword').message).toBe(`New password ${verdict.reason}`);
      expect(e.in('es')).toMatch(/^La contraseña /);
      expect(passwordRefused(verdict, 'newPassword').in('es')).toMatch(/^La nueva contraseña /);
      spanish.add(e.in('es'));
    }
    expect(spanish.size).toBe(verdicts.length);
    const short = checkPassword('fourteen chars', { mfa: false });
    if (!short.ok) expect(passwordRefused(short, 'password').in('es')).toBe('La contraseña debe tener al menos 15 caracteres (o 8 si tiene activada la verificación en dos pasos).');
  });

  it('checks every practice and name a portal account is linked to', () => {
    const words = { practiceNames: ['Quiet Harbor Counseling', 'Riverbend Recovery'], userNames: ['Rowan', 'Hale'] };
    expect(checkPassword('riverbend is where i heal', { mfa: false, ...words })).toMatchObject({ ok: false, reason: expect.stringContaining('practice name') });
    expect(checkPassword('rowan walks the long road', { mfa: false, ...words })).toMatchObject({ ok: false, reason: expect.stringContaining('your name') });
    expect(checkPassword('copper kettle evening song', { mfa: false, ...words })).toEqual({ ok: true });
  });

  it('ships a list of at least 100,000 common passwords', () => {
    expect(commonPasswords().size).toBeGreaterThanOrEqual(100_000);
    expect(commonPasswords().has('123456')).toBe(true);
  });

  it('hashes with argon2id and verifies', async () => {
    const hash = await hashPassword('correct horse battery staple');
    expect(hash.startsWith('$argon2id$')).toBe(true);
    expect(await verifyPassword(hash, 'correct horse battery staple')).toBe(true);
    expect(await verifyPassword(hash, 'correct horse battery stapler')).toBe(false);
  });
});

// The list used to be a Set of every entry, built at first use; it is now a sorted buffer searched
// by halves (PasswordList). These compare the two over the whole list and over strings not in it.
describe('the compact common-password list gives the verdicts the Set gave', () => {
  const text = gunzipSync(readFileSync(new URL('./common-passwords.txt.gz', import.meta.url))).toString('utf8');
  const reference = new Set(text.split('\n').map((l) => l.trim().toLowerCase()).filter(Boolean));
  const entries = [...reference];

  // A seeded generator (mulberry32): the same strings every run, so a failure can be replayed.
  function random(seed: number) {
    return () => {
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }
  const next = random(16);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!;
  const alphabets = [
    'abcdefghijklmnopqrstuvwxyz',
    'abcdefghijklmnopqrstuvwxyz0123456789',
    '0123456789',
    'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghij!@#$%^&*()_+-= ',
    'äöüßéèñçøåłżśćдлявыхぁあいう日本語한국어',
    'a1\u{1F600}\u{1F44D}\u{10400}\uFFFD\uE000\uFF41',
  ].map((a) => [...a]);
  const randomString = () => {
    const alphabet = pick(alphabets);
    return Array.from({ length: 1 + Math.floor(next() * 20) }, () => pick(alphabet)).join('');
  };
  const variants = (e: string) => [e, e + 'x', e + '1', e.slice(0, -1), e.slice(1), e.toUpperCase(), ` ${e}`, `${e}\u0000`, `${e}\uD800`, `!!${e}2024!!`];

  it('holds exactly the entries the Set held', () => {
    const list = commonPasswords();
    expect(list.size).toBe(reference.size);
    for (const e of entries) if (!list.has(e)) expect.fail(`missing ${JSON.stringify(e)}`);
  }, 60_000);

  /** Every probe answered alike by both; how many were true and how many false. */
  function agree(probes: Iterable<string>, what: string, got: (p: string) => boolean, want: (p: string) => boolean) {
    const counts = { yes: 0, no: 0 };
    for (const p of probes) {
      const w = want(p);
      if (got(p) !== w) expect.fail(`${what}(${JSON.stringify(p)}) should be ${w}`);
      counts[w ? 'yes' : 'no']++;
    }
    return counts;
  }

  it('answers has() as the Set did for variants of every entry and 50,000 random strings', () => {
    const list = commonPasswords();
    const probes = [...entries.flatMap(variants), ...Array.from({ length: 50_000 }, randomString), '', ' ', '\uD800', '\uDC00a', '\u{10FFFF}'];
    const counts = agree(probes, 'has', (p) => list.has(p), (p) => reference.has(p));
    // Both kinds were really probed.
    expect(counts.yes).toBeGreaterThan(100_000);
    expect(counts.no).toBeGreaterThan(500_000);
  }, 120_000);

  it('gives isCommonPassword the verdict it gave over the Set for every entry, variants of them and 20,000 random strings', () => {
    const probes = [...entries.flatMap((e) => [e, `${e} lantern`, `!!${e}2024!!`, e.toUpperCase()]), ...Array.from({ length: 20_000 }, randomString)];
    const counts = agree(probes, 'isCommonPassword', (p) => isCommonPassword(p), (p) => isCommonPassword(p, reference));
    expect(counts.yes).toBeGreaterThan(200_000);
    expect(counts.no).toBeGreaterThan(50_000);
  }, 120_000);

  it('works on lists it is handed: duplicates kept once, order and Unicode beyond the BMP respected', () => {
    const list = new PasswordList(['b', 'a', 'b', '\u{1F600}', '\uFFFD', 'é', '']);
    expect(list.size).toBe(6);
    for (const e of ['a', 'b', '\u{1F600}', '\uFFFD', 'é', '']) expect(list.has(e)).toBe(true);
    for (const e of ['c', 'ab', '\uD83D', '\uDE00', 'e', 'A']) expect(list.has(e)).toBe(false);
    expect(new PasswordList([]).has('')).toBe(false);
    // UTF-8 could not give a lone surrogate back: such a list is refused rather than half-kept.
    expect(() => new PasswordList(['ok', 'bad\uD800'])).toThrow(/well-formed/);
  });
});
