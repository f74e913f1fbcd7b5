// The calendar answer's encoding is chosen from Accept-Encoding as app.ts's compression chooses it:
// brotli or gzip by the client's q-values, brotli on a tie, nothing for identity or a refusal.
import { describe, expect, it } from 'vitest';
import { preferredEncoding } from './calendar-answers.js';

describe('preferredEncoding', () => {
  it.each([
    [undefined, null],
    ['', null],
    ['identity', null],
    ['deflate', null],
    ['br', 'br'],
    ['gzip', 'gzip'],
    ['x-gzip', 'gzip'],
    ['gzip, deflate, br, zstd', 'br'],
    ['GZIP, BR', 'br'],
    ['br;q=0.5, gzip', 'gzip'],
    ['br;q=0, gzip;q=0', null],
    ['br;q=0', null],
    ['*', 'br'],
    ['*;q=0.2, gzip;q=0.8', 'gzip'],
    ['br;q=0, *', 'gzip'],
    ['gzip;q=nonsense, br;q=0.1', 'br'],
  ] as const)('%s → %s', (header, want) => {
    expect(preferredEncoding(header)).toBe(want);
  });
});
