// TOTP codes: accepted within a step either side of now, each step once; a clock that stepped back
// behind the last used step refuses the code rather than failing (otplib throws on such a step).
import { generate } from 'otplib';
import { describe, expect, it } from 'vitest';
import { newTotpSecret, verifyTotp } from './totp.js';

describe('verifyTotp', () => {
  const secret = newTotpSecret();
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

  it('refuses malformed codes', async () => {
    expect(await verifyTotp(secret, '12345', now, null)).toBeNull();
    expect(await verifyTotp(secret, 'abcdef', now, null)).toBeNull();
  });
});
