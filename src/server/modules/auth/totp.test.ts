// TOTP codes: accepted within a step either side of now, each step once; a clock that stepped back
// behind the last used step refuses the code rather than failing (otplib throws on such a step).
import { generate } from 'otplib';
import { beforeAll, describe, expect, it } from 'vitest';
import { newTotpSecret, totpUri, verifyTotp } from './totp.js';

describe('verifyTotp', () => {
  let secret = '';
  beforeAll(async () => {
    secret = await newTotpSecret();
  });
  const now = Date.UTC(2026, 10, 28, 12, 0, 10);
  const step = Math.floor(now / 30_000);

  it('accepts the current code once, and refuses it after its step was used', async () => {
    const code = await generate({ secret, epoch: Math.floor(now / 1000) });
    expect(await verifyTotp(secret, code, now, null)).toBe(step);
    expect(await verifyTotp(secret, code, now, step)).toBeNull();
  });

  it('refuses (no exception) when the clock is behind the last used step', async () => {
    const earlier = now - 10 * 60_000;
    const code = await generate({ secret, epoch: Math.floor(earlier / 1000) });
    await expect(verifyTotp(secret, code, earlier, step)).resolves.toBeNull();
  });

  it('makes a fresh 20-byte base32 secret and its otpauth URI (otplib loaded on first use)', async () => {
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(await newTotpSecret()).not.toBe(secret);
    const uri = new URL(await totpUri(secret, 'pat@example.test'));
    expect(uri.protocol).toBe('otpauth:');
    expect(uri.searchParams.get('secret')).toBe(secret);
    expect(uri.searchParams.get('issuer')).toBe('Hearth');
  });

  it('refuses malformed codes', async () => {
    expect(await verifyTotp(secret, '12345', now, null)).toBeNull();
    expect(await verifyTotp(secret, 'abcdef', now, null)).toBeNull();
  });
});
