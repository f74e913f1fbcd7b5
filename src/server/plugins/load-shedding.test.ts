// Which requests the guard may shed and the in-flight limit counts: the API and the WebSocket (they
// wait on the database), never the app's own files (a refused lazy chunk would break the page that
// says "retrying"); and how the event-loop delay it sheds on is measured.
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { eventually } from '../testing/eventually.js';
import { countedInFlight, exemptFromShedding, loopDelayMonitor, registerLoadShedding } from './load-shedding.js';

describe('load shedding: what counts', () => {
  it('counts the API and the WebSocket', () => {
    for (const url of ['/api/clients?limit=100', '/api/me', '/ws', '/ws?v=2']) expect(countedInFlight(url), url).toBe(true);
  });
  it('never counts the app’s files or its shell', () => {
    for (const url of ['/assets/ClientsPage-abc123.js', '/sw.js', '/', '/clients', '/portal/login', '/index.html', '/apiary', '/wsx']) expect(countedInFlight(url), url).toBe(false);
  });
  it('never sheds health, metrics and the status page', () => {
    for (const url of ['/healthz', '/readyz', '/metrics', '/status', '/api/status/page', '/api/v2/summary.json']) expect(exemptFromShedding(url), url).toBe(true);
    expect(exemptFromShedding('/api/clients')).toBe(false);
  });
});

/** Holds this process's event loop for `ms`: what a long synchronous step does. */
function holdLoop(ms: number) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    /* busy */
  }
}

describe('load shedding: the event-loop delay', () => {
  it('reads how long the loop was held, never Infinity, and falls back once it runs freely', async () => {
    const monitor = loopDelayMonitor(200);
    try {
      await sleep(50);
      holdLoop(700);
      const held = await eventually(() => (monitor.delayMs > 100 ? monitor.delayMs : false), { timeoutMs: 2000, intervalMs: 20, what: 'the hold measured' });
      expect(Number.isFinite(held)).toBe(true);
      expect(held).toBeLessThan(2000);
      await eventually(() => monitor.delayMs < 100, { timeoutMs: 5000, intervalMs: 50, what: 'the delay back down' });
      holdLoop(400);
      monitor.reset();
      expect(monitor.delayMs).toBe(0);
    } finally {
      monitor.stop();
    }
  });

  it('a held loop sheds the API, never the app’s files, health, or a server that has only just started', async () => {
    const app = Fastify();
    let shedCount = 0;
    await registerLoadShedding(app, { maxEventLoopDelayMs: 20, maxHeapUsedBytes: 0, maxInflightRequests: 0 }, () => shedCount++);
    app.get('/api/clients', async () => ({ ok: true }));
    app.get('/assets/Page-abc.js', async () => 'export {}');
    app.get('/healthz', async () => ({ ok: true }));
    try {
      // Start-up work before listening (migrations, loading code) is not load.
      holdLoop(1500);
      await app.listen({ port: 0, host: '127.0.0.1' });
      const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
      expect((await fetch(`${base}/api/clients`)).status).toBe(200);

      const stop = holdEventLoop();
      const seen = { api: new Set<number>(), assets: new Set<number>(), health: new Set<number>() };
      try {
        await eventually(
          async () => {
            seen.api.add((await app.inject('/api/clients')).statusCode);
            seen.assets.add((await app.inject('/assets/Page-abc.js')).statusCode);
            seen.health.add((await app.inject('/healthz')).statusCode);
            return seen.api.has(503);
          },
          { timeoutMs: 10_000, intervalMs: 50, what: 'the API shed' },
        );
      } finally {
        stop();
      }
      const shedAnswer = await app.inject('/api/clients');
      if (shedAnswer.statusCode === 503) {
        expect(shedAnswer.headers['retry-after']).toBe('5');
        expect(shedAnswer.json().error.code).toBe('overloaded');
      }
      expect(shedCount).toBeGreaterThan(0);
      expect([...seen.assets]).toEqual([200]);
      expect([...seen.health]).toEqual([200]);
    } finally {
      await app.close();
    }
  }, 30_000);
});

/** Keeps the event loop busy: 200 ms of work in every 220 ms, until stopped. */
function holdEventLoop(): () => void {
  const timer = setInterval(() => holdLoop(200), 220);
  return () => clearInterval(timer);
}
