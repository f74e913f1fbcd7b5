import { describe, expect, it } from 'vitest';
import { uptimePercent } from './uptime.js';

describe('uptime in percent', () => {
  it('never reads 100 with any downtime, however long the day', () => {
    expect(uptimePercent(5_000, 23 * 3_600_000)).toBe(99.99);
    expect(uptimePercent(1, 24 * 3_600_000)).toBeLessThan(100);
  });
  it('is 100 with none, and two decimals rounded down otherwise', () => {
    expect(uptimePercent(0, 3_600_000)).toBe(100);
    expect(uptimePercent(36_000, 3_600_000)).toBe(99);
    expect(uptimePercent(1_800_000, 3_600_000)).toBe(50);
  });
});
