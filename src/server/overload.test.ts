// Overload at 3x capacity, on every test database: a slow database (every query delayed), a small
// in-flight limit (so "capacity" is small and the test quick), and autocannon on the client list at
// three times the rate the server sustains. Every answer must be whole — a 200 whose items are the
// entire list with its total — or a 503 with Retry-After; never a partial list, never another 5xx,
// never a timeout. Shedding must have happened, and so must real answers.
import type { AddressInfo } from 'node:net';
import autocannon from 'autocannon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPractice, type PracticeFixture } from './testing/actors.js';
import { testDialects } from './testing/dialects.js';
import { createHarness, type Harness } from './testing/harness.js';

const MAX_INFLIGHT = 4;
const CLIENTS = 30;
const DB_DELAY_MS = 20;
const LIST = '/api/clients?limit=100';

interface Tally {
  ok: number;
  shed: number;
  partial: number;
  shedWithoutRetryAfter: number;
  other: string[];
}

/** Loads LIST at `rate` req/s (0: as fast as `connections` allow) and checks every answer. */
async function load(url: string, cookie: string, o: { connections: number; rate?: number; seconds: number }): Promise<{ tally: Tally; result: autocannon.Result }> {
  const tally: Tally = { ok: 0, shed: 0, partial: 0, shedWithoutRetryAfter: 0, other: [] };
  const result = await autocannon({
    url,
    connections: o.connections,
    duration: o.seconds,
    ...(o.rate ? { overallRate: o.rate } : {}),
    timeout: 10,
    requests: [
      {
        method: 'GET',
        path: LIST,
        headers: { cookie },
        onResponse: (status, body, _ctx, headers) => {
          if (status === 200) {
            const page = JSON.parse(body) as { items: unknown[]; total: number };
            if (page.items.length === page.total && page.total === CLIENTS) tally.ok++;
            else tally.partial++;
          } else if (status === 503) {
            tally.shed++;
            const retryAfter = (headers as Record<string, string | undefined>)['retry-after'];
            if (!retryAfter || !(Number(retryAfter) > 0) || (JSON.parse(body) as { error: { code: string } }).error.code !== 'overloaded') tally.shedWithoutRetryAfter++;
          } else {
            tally.other.push(`${status} ${body.slice(0, 200)}`);
          }
        },
      },
    ],
  });
  return { tally, result };
}

describe.each(testDialects())('overload at 3x capacity on %s', (dialect) => {
  let h: Harness;
  let p: PracticeFixture;
  let base: string;

  beforeAll(async () => {
    h = await createHarness(dialect, { env: { MAX_INFLIGHT_REQUESTS: String(MAX_INFLIGHT) } });
    p = await createPractice(h);
    const csv = ['firstName,lastName,dateOfBirth', ...Array.from({ length: CLIENTS }, (_, i) => `Client${i},Overload${i},1980-01-${String(1 + (i % 28)).padStart(2, '0')}`)].join('\n');
    const imported = await p.owner.request('POST', '/api/clients/import', csv, { 'content-type': 'text/csv' });
    expect(imported.statusCode, imported.body).toBe(201);
    await h.app.listen({ host: '127.0.0.1', port: 0 });
    base = `http://127.0.0.1:${(h.app.server.address() as AddressInfo).port}`;
    h.database.faults.delayMs = DB_DELAY_MS;
  });
  afterAll(async () => {
    if (h) h.database.faults.delayMs = 0;
    await h?.close();
  });

  it('answers every request whole (200 with the entire list) or 503 with Retry-After; never partial', async () => {
    const cookie = p.owner.cookie!;
    // Capacity: as many connections as the in-flight limit, so nothing is shed. Measured on this
    // machine as it is now: beside CI's other jobs it has been as low as 2 req/s (4 answers in 2 s),
    // so over 3 s, and the overload below is three times whatever it is.
    const cap = await load(base, cookie, { connections: MAX_INFLIGHT, seconds: 3 });
    expect(cap.tally.other).toEqual([]);
    expect(cap.tally.partial).toBe(0);
    const capacity = cap.tally.ok / 3;
    expect(capacity).toBeGreaterThan(0);

    // Three times that rate, with connections enough to keep it up while answers are slow.
    const over = await load(base, cookie, { connections: MAX_INFLIGHT * 4, rate: Math.ceil(capacity * 3), seconds: 4 });
    const { tally, result } = over;
    const summary = `capacity ${capacity.toFixed(0)} req/s; at 3x: ${tally.ok} whole 200s, ${tally.shed} 503s, ${tally.partial} partial, ${tally.other.length} other`;
    expect(tally.other, summary).toEqual([]);
    expect(tally.partial, summary).toBe(0);
    expect(tally.shedWithoutRetryAfter, summary).toBe(0);
    expect(result.errors + result.timeouts, summary).toBe(0);
    expect(tally.ok, summary).toBeGreaterThan(0);
    expect(tally.shed, summary).toBeGreaterThan(0);
    // Whatever was not shed was answered: every request autocannon counted is one of the above.
    expect(tally.ok + tally.shed).toBe(result.requests.total);

    // The shed requests were counted, and the process is back to nothing in flight.
    const snap = await h.app.services.metrics.snapshot();
    expect(snap.shed).toBeGreaterThanOrEqual(tally.shed);
    await expect.poll(() => h.app.services.metrics.snapshot().then((s) => s.inflight)).toBe(0);
    // Health and metrics are never shed, even at the limit.
    expect((await h.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
  }, 30_000);
});
