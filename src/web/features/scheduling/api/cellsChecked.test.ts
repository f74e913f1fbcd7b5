// A calendar range's cells checked in slices (cellsChecked): every cell back in order, parsed by
// the contract, a yield to the event loop between slices, and a drift logged
// with the answer kept.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cellsChecked, CHECK_SLICE } from './cellsChecked.js';

// A row as view=calendar sends it: [id, start, minutes, status, type, provider, zone, clients].
const raw = (i: number): unknown[] => [`a${i}`, Date.parse('2027-03-01T11:00:00.000Z'), 15, 'scheduled', 'video', 0, 0, [i]];

afterEach(() => vi.restoreAllMocks());

describe('cellsChecked', () => {
  it('returns every cell in order, as the contract parses them, yielding between slices', async () => {
    const n = CHECK_SLICE * 2 + 7;
    let timers = 0;
    const real = globalThis.setTimeout;
    vi.spyOn(globalThis, 'setTimeout').mockImplementation(((fn: () => void, ms?: number) => {
      timers++;
      return real(fn, ms);
    }) as typeof setTimeout);
    const out = await cellsChecked(Array.from({ length: n }, (_, i) => raw(i)));
    expect(out.map((c) => c[0])).toEqual(Array.from({ length: n }, (_, i) => `a${i}`));
    expect(out[1]).toEqual(raw(1));
    // Three slices: a yield before the second and the third.
    expect(timers).toBe(2);
    expect(await cellsChecked([])).toEqual([]);
  });

  it('keeps a slice that drifts from the contract and says so', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const bad = [...raw(1)];
    bad[3] = 42;
    const out = await cellsChecked([raw(0), bad]);
    expect(out).toHaveLength(2);
    expect(out[1]).toBe(bad);
    expect(warn).toHaveBeenCalledTimes(1);
  });
});
