// Memory under hostile traffic (issue 14, item 7): what a fuzzer varies per request — the path,
// the query string, the session cookie, the body — must not become a key of anything the process
// keeps. Thousands of distinct unknown paths, query strings, forged cookies and bad bodies leave
// the metrics registry with the same series (labels are route patterns, 404s share one), and the
// heap after a full GC where it was (nothing retained per request). The 100,000-request soak with
// the server's RSS is `BENCH_ONLY=soak npm run bench` (bench/lib/soak.ts).
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from './testing/dialects.js';
import { practiceSuite } from './testing/suite.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

describe.each(testDialects())('hostile traffic on %s', (dialect) => {
  const { h, p } = practiceSuite(dialect);
  let clientId: string;

  beforeAll(async () => {
    const res = await p.owner.post('/api/clients', { firstName: 'Maria', lastName: 'Garcia', dateOfBirth: '1980-04-02' });
    expect(res.statusCode).toBe(201);
    clientId = res.json().id;
  });

  /** Request `i` of a fuzzer's mix: every one under a path, query or cookie never seen before. */
  const hostile = async (i: number) => {
    const r = `z${i.toString(36)}q`;
    switch (i % 8) {
      case 0:
        return h.app.inject({ method: 'GET', url: `/api/${r}/x/${i}?${r}=${i}` });
      case 1:
        return p.owner.get(`/api/clients?limit=${r}&q=${r}&${r}=1`);
      case 2:
        return h.app.inject({ method: 'GET', url: `/api/me?${r}`, headers: { cookie: `hearth_sid=${r}${'a'.repeat(40)}` } });
      case 3:
        return p.owner.patch(`/api/clients/${clientId}`, `{"${r}": `);
      case 4:
        return p.owner.patch(`/api/clients/${clientId}`, { [r]: r });
      case 5:
        return p.owner.get(`/api/clients/${r}`);
      case 6:
        return h.app.inject({ method: 'POST', url: `/api/${r}`, headers: { 'content-type': 'application/json' }, payload: '{}' });
      default:
        return h.app.inject({ method: 'GET', url: `/%E0%A4%A${i % 10}/${r}%ff?${r}` });
    }
  };
  const series = async () => (await h.app.services.metrics.registry.metrics()).split('\n').filter((l) => /^http_/.test(l));
  const heapUsed = () => {
    gc();
    gc();
    return process.memoryUsage().heapUsed;
  };

  it('keeps no per-URL, per-cookie or per-body state: the metric series and the heap stay put over 5,000 distinct bad requests', async () => {
    // Warm-up: the first few thousand requests grow the heap by about 1 MB (compiled code, inline
    // caches, pools) and then it stays flat; measured from there.
    for (let i = 0; i < 2500; i++) expect((await hostile(i)).statusCode, `warm-up ${i}`).toBeLessThan(500);
    const before = await series();
    const heapBefore = heapUsed();
    for (let i = 2500; i < 7500; i++) {
      const res = await hostile(i);
      expect(res.statusCode, `request ${i}`).toBeGreaterThanOrEqual(400);
      expect(res.statusCode, `request ${i}`).toBeLessThan(500);
    }
    const heapAfter = heapUsed();
    const after = await series();
    // The same series (their counts moved, their number did not), and no URL fragment in any label.
    expect(after.map((l) => l.replace(/ [\d.e+-]+$/, ''))).toEqual(before.map((l) => l.replace(/ [\d.e+-]+$/, '')));
    expect(after.join('\n')).not.toMatch(/z[0-9a-z]+q/);
    // Nothing retained per request: 5,000 requests holding even 400 bytes each would be 2 MB. (The
    // drift measured with nothing retained was 0.02–0.22 MB per 2,500 requests; a shared CI machine
    // needs that margin, and a leak keyed by URL or address holds far more than 400 bytes a request.)
    expect(heapAfter - heapBefore).toBeLessThan(2 * 1024 * 1024);
    // 7,500 requests: 8 s alone on SQLite, over 30 s on PostgreSQL while CI's build and the other
    // suites share two cores, and once past 120 s. The time is not what this test measures.
  }, 240_000);
});
