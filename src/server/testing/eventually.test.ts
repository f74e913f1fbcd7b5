import { describe, expect, it } from 'vitest';
import { eventually } from './eventually.js';

describe('eventually', () => {
  it('returns as soon as the function passes, with its result', async () => {
    let calls = 0;
    const started = Date.now();
    const got = await eventually(() => (++calls >= 3 ? 'done' : false), { intervalMs: 10 });
    expect(got).toBe('done');
    expect(calls).toBe(3);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('retries while an assertion throws', async () => {
    let n = 0;
    await eventually(() => expect(++n).toBeGreaterThan(2), { intervalMs: 5 });
    expect(n).toBe(3);
  });

  it('throws the last error after the timeout', async () => {
    await expect(eventually(() => expect(1).toBe(2), { timeoutMs: 50, intervalMs: 10 })).rejects.toThrow(/expected 1 to be 2/);
  });

  it('says what stayed false', async () => {
    await expect(eventually(() => false, { timeoutMs: 30, intervalMs: 10, what: 'the row sent' })).rejects.toThrow('eventually: the row sent still false after 30 ms');
  });

  it('treats undefined (an assertion that returned) as passing', async () => {
    await expect(eventually(() => undefined)).resolves.toBeUndefined();
  });
});
