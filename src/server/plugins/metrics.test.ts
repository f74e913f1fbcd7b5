// GET /metrics on every test database: counts move with requests, routes are labelled by their
// pattern (never the URL with its ids), the endpoint answers only allowed addresses or the token
// (404 to anyone else, like a route that does not exist), and no client id or name ever shows.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPractice, type PracticeFixture } from '../testing/actors.js';
import { testDialects } from '../testing/dialects.js';
import { createHarness, type Harness } from '../testing/harness.js';

const TOKEN = 'metrics-token-0123456789abcdef';

describe.each(testDialects())('metrics on %s', (dialect) => {
  let h: Harness;
  let p: PracticeFixture;
  const scrape = (remoteAddress = '127.0.0.1', headers: Record<string, string> = {}) => h.app.inject({ method: 'GET', url: '/metrics', remoteAddress, headers });
  /** The value of one sample line, e.g. sample(text, 'http_requests_total{method="GET",route="/healthz",status_class="2xx"}'). */
  const sample = (text: string, series: string) => {
    const line = text.split('\n').find((l) => l.startsWith(series + ' '));
    return line ? Number(line.slice(series.length + 1)) : 0;
  };

  beforeAll(async () => {
    h = await createHarness(dialect, { env: { METRICS_TOKEN: TOKEN, METRICS_ALLOW: '127.0.0.1,::1,10.1.0.0/16' } });
    p = await createPractice(h);
  });
  afterAll(async () => h?.close());

  it('counts requests by route pattern and status class, and times them', async () => {
    const series = 'http_requests_total{method="GET",route="/healthz",status_class="2xx"}';
    const before = sample((await scrape()).body, series);
    for (let i = 0; i < 3; i++) expect((await h.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    const res = await scrape();
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/plain');
    expect(sample(res.body, series) - before).toBe(3);
    expect(res.body).toMatch(/http_request_duration_seconds_bucket\{le="0\.005",method="GET",route="\/healthz"\}/);
    // 404s share one label: a URL nobody routes never becomes a series of its own.
    await h.app.inject({ method: 'GET', url: '/api/no-such-thing/12345' });
    const after = (await scrape()).body;
    expect(after).toContain('route="unmatched"');
    expect(after).not.toContain('12345');
  });

  it('serves the process, socket, in-flight, shed and queue-lag figures', async () => {
    const text = (await scrape()).body;
    for (const name of ['nodejs_eventloop_lag_p99_seconds', 'process_resident_memory_bytes', 'websocket_connections{kind="app"}', 'websocket_connections{kind="signaling"}', 'http_requests_in_flight', 'queue_lag_seconds{queue="reminders"}', 'queue_lag_seconds{queue="notifications"}', 'queue_lag_seconds{queue="outbox"}']) {
      expect(text, name).toContain(name);
    }
    expect(text).toContain('# TYPE shed_requests_total counter');
    expect(text).toContain('# TYPE http_errors_total counter');
    const snap = await h.app.services.metrics.snapshot();
    expect(snap.requests).toBeGreaterThan(0);
    expect(snap.lagSeconds).toEqual({ reminders: 0, notifications: 0, outbox: expect.any(Number) as number });
  });

  it('answers 404 to a disallowed address, and 200 to it with the token', async () => {
    const away = await scrape('203.0.113.9');
    expect(away.statusCode).toBe(404);
    expect(away.json()).toEqual({ error: { code: 'not_found', message: 'No route GET /metrics' } });
    // Exactly what a route that does not exist answers.
    expect((await h.app.inject({ method: 'GET', url: '/metricz', remoteAddress: '203.0.113.9' })).json().error.code).toBe('not_found');
    expect((await scrape('203.0.113.9', { authorization: 'Bearer wrong-token-0123456789abcdef' })).statusCode).toBe(404);
    expect((await scrape('203.0.113.9', { authorization: TOKEN })).statusCode).toBe(404);
    const withToken = await scrape('203.0.113.9', { authorization: `Bearer ${TOKEN}` });
    expect(withToken.statusCode).toBe(200);
    expect(withToken.body).toContain('http_requests_total');
    // An allowed CIDR block, and IPv6 loopback.
    expect((await scrape('10.1.200.3')).statusCode).toBe(200);
    expect((await scrape('10.2.0.1')).statusCode).toBe(404);
    expect((await scrape('::1')).statusCode).toBe(200);
    expect((await scrape('::ffff:127.0.0.1')).statusCode).toBe(200);
  });

  it('carries no client id or name', async () => {
    const canary = `Zanzibarquux${dialect}`;
    const created = await p.owner.post('/api/clients', { firstName: canary, lastName: 'Canaryson', dateOfBirth: '1980-05-06' });
    expect(created.statusCode).toBe(201);
    const id = (created.json() as { id: string }).id;
    expect((await p.owner.get(`/api/clients/${id}`)).statusCode).toBe(200);
    expect((await p.owner.get(`/api/clients?q=${canary}`)).statusCode).toBe(200);
    await p.owner.get(`/api/clients/${id}x`);
    const text = (await scrape()).body;
    expect(text).toContain('route="/api/clients/:id"');
    expect(text).not.toContain(id);
    expect(text.toLowerCase()).not.toContain(canary.toLowerCase());
    expect(text).not.toContain('Canaryson');
  });

  it('counts 5xx answers as errors', async () => {
    const series = 'http_errors_total{method="GET",route="/api/clients",status="503"}';
    const before = sample((await scrape()).body, series);
    // A database that refuses in the middle of a list: 503 overloaded with Retry-After, counted.
    h.database.faults.delayMs = 0;
    const busy = Object.assign(new Error('canceling statement due to statement timeout'), { code: dialect === 'postgres' ? '57014' : 'SQLITE_BUSY' });
    const original = h.app.services.clients.list.bind(h.app.services.clients);
    h.app.services.clients.list = () => Promise.reject(busy);
    try {
      const res = await p.owner.get('/api/clients');
      expect(res.statusCode).toBe(503);
      expect(res.headers['retry-after']).toBe('5');
      expect(res.json().error.code).toBe('overloaded');
    } finally {
      h.app.services.clients.list = original;
    }
    expect(sample((await scrape()).body, series) - before).toBe(1);
  });
});
