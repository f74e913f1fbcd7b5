import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { uuid7 } from './uuid7.js';

describe('uuid7', () => {
  it('is an RFC 9562 version 7 UUID carrying the millisecond time', () => {
    const ms = Date.UTC(2026, 11, 6, 15, 30, 0, 123);
    const id = uuid7(ms);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(z.uuid().safeParse(id).success).toBe(true);
    expect(Number.parseInt(id.slice(0, 8) + id.slice(9, 13), 16)).toBe(ms);
  });

  it('sorts by time as text, and differs within one millisecond', () => {
    const ids = [0, 1, 255, 256, 1_000_000, Date.UTC(2026, 0, 1), Date.UTC(2099, 0, 1), 2 ** 48 - 1].map((ms) => uuid7(ms));
    expect([...ids].sort()).toEqual(ids);
    const same = new Set(Array.from({ length: 1000 }, () => uuid7(1_765_000_000_000)));
    expect(same.size).toBe(1000);
    // The random part is not constant: most of its hex digits vary across those ids.
    const tails = [...same].map((id) => id.slice(15));
    for (const pos of [0, 1, 2, 5, 10, 20]) expect(new Set(tails.map((t) => t[pos])).size).toBeGreaterThan(1);
  });

  it('refuses a time it cannot carry', () => {
    for (const ms of [-1, 2 ** 48, 1.5, Number.NaN]) expect(() => uuid7(ms)).toThrow(RangeError);
  });
});
