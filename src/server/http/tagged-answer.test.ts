// A pre-rendered answer's encoding is chosen from Accept-Encoding as app.ts's compression chooses it:
// brotli or gzip by the client's q-values, brotli on a tie, nothing for identity or a refusal; each
// compressed form is made once and kept, small answers go as they are, and the tag is etag.ts's.
// (Sending one, 304 and headers included, is exercised through the calendar's route: month.test.ts.)
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { answerTag } from './etag.js';
import { COMPRESSION, preferredEncoding, taggedAnswer } from './tagged-answer.js';

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

describe('taggedAnswer', () => {
  const json = JSON.stringify({ items: Array.from({ length: 200 }, (_, i) => ({ id: `a${i}`, status: 'scheduled' })) });

  it('is tagged for its principal as a conditional GET tags the same answer', () => {
    expect(taggedAnswer('u1:owner', json).tag).toBe(answerTag('u1:owner', json));
    expect(taggedAnswer('u2:owner', json).tag).not.toBe(answerTag('u1:owner', json));
  });

  it('compresses each encoding once, on first use, and keeps it; the forms decode to the body', () => {
    const grown: number[] = [];
    const a = taggedAnswer('u1:owner', json, (n) => grown.push(n));
    expect(a.compressedBytes()).toBe(0);
    const br = a.bytes('br');
    expect(br.encoding).toBe('br');
    expect(brotliDecompressSync(br.body).toString('utf8')).toBe(json);
    expect(a.bytes('br').body).toBe(br.body);
    const gz = a.bytes('gzip');
    expect(gunzipSync(gz.body).toString('utf8')).toBe(json);
    expect(grown).toEqual([br.body.length, gz.body.length]);
    expect(a.compressedBytes()).toBe(br.body.length + gz.body.length);
    expect(a.bytes(null)).toEqual({ encoding: null, body: Buffer.from(json) });
  });

  it('sends an answer under the threshold as it is', () => {
    const small = JSON.stringify({ items: [], total: 0 });
    expect(Buffer.byteLength(small)).toBeLessThan(COMPRESSION.threshold);
    const a = taggedAnswer('u1:owner', small, () => expect.unreachable());
    expect(a.bytes('br')).toEqual({ encoding: null, body: Buffer.from(small) });
    expect(a.compressedBytes()).toBe(0);
  });
});
