// lazyRequire: nothing is loaded until the first call, then the one module is kept.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { lazyRequire } from './lazy.js';

describe('lazyRequire', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'hearth-lazy-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('loads the package on the first call only, and hands back the same exports each time', () => {
    const file = path.join(dir, 'counted.cjs');
    writeFileSync(file, 'globalThis.hearthLazyLoads = (globalThis.hearthLazyLoads ?? 0) + 1; module.exports = { answer: () => 42 };');
    const g = globalThis as { hearthLazyLoads?: number };
    const counted = lazyRequire<{ answer: () => number }>(file);
    expect(g.hearthLazyLoads).toBeUndefined();
    const first = counted();
    expect(g.hearthLazyLoads).toBe(1);
    expect(first.answer()).toBe(42);
    expect(counted()).toBe(first);
    expect(g.hearthLazyLoads).toBe(1);
  });

  it('throws on the first call, not before, when the package is missing', () => {
    const missing = lazyRequire(path.join(dir, 'missing.cjs'));
    expect(() => missing()).toThrow(/Cannot find module/);
  });
});
