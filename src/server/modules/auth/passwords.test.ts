import { describe, expect, it } from 'vitest';
import { checkPassword, commonPasswords, hashPassword, isCommonPassword, verifyPassword } from './passwords.js';

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
