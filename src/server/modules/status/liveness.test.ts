// The status page sees the server's own downtime: each web process records its start, a heartbeat
// and its clean stop; time when no web process ran counts as a major outage of what they serve.
// On both databases with an injected clock: a clean stop and a 30 s gap; a crash (no stop) counted
// from the last heartbeat; two instances overlapping give no downtime.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../lib/clock.js';
import { testDialects } from '../../testing/dialects.js';
import { createHarness, type Harness } from '../../testing/harness.js';
import { downIntervals, ProcessLiveness, STALE_AFTER_MS, upInterval } from './liveness.js';

const S = 1000;

describe('process runs in words of up and down', () => {
  const run = (startedAt: number, heartbeatAt: number, stoppedAt: number | null = null) => ({ id: String(startedAt), startedAt, heartbeatAt, stoppedAt });

  it('a run is up to its stop; without one, to now while its heartbeat is fresh, else to its last heartbeat', () => {
    expect(upInterval(run(0, 50 * S, 60 * S), 100 * S)).toEqual({ from: 0, to: 60 * S });
    expect(upInterval(run(0, 100 * S - STALE_AFTER_MS), 100 * S)).toEqual({ from: 0, to: 100 * S });
    expect(upInterval(run(0, 100 * S - STALE_AFTER_MS - 1), 100 * S)).toEqual({ from: 0, to: 100 * S - STALE_AFTER_MS - 1 });
  });

  it('down is only when no run was up, after the first start, within the window', () => {
    const runs = [run(10 * S, 20 * S, 20 * S), run(50 * S, 100 * S), run(15 * S, 30 * S, 30 * S)];
    expect(downIntervals(runs, 10 * S, 0, 100 * S, 100 * S)).toEqual([{ from: 30 * S, to: 50 * S }]);
    // Nothing before the first start is known: not downtime.
    expect(downIntervals([], null, 0, 100 * S, 100 * S)).toEqual([]);
    // A window that starts inside a gap, and a gap still open at its end.
    expect(downIntervals([run(0, 10 * S, 10 * S)], 0, 5 * S, 40 * S, 40 * S)).toEqual([{ from: 10 * S, to: 40 * S }]);
    expect(downIntervals([run(0, 10 * S, 10 * S), run(20 * S, 40 * S)], 0, 12 * S, 40 * S, 40 * S)).toEqual([{ from: 12 * S, to: 20 * S }]);
  });
});

describe.each(testDialects())('server downtime on the status page (%s)', (dialect) => {
  let h: Harness;
  // Saturday 5/16/2026 12:00 PDT.
  const clock = new ManualClock(Date.parse('2026-05-16T19:00:00Z'));
  const dayStart = Date.parse('2026-05-16T07:00:00Z');
  const t0 = clock.now();
  const instance = (id: string) => new ProcessLiveness(h.app.services.ctx, id, 0);
  const today = async (component: string) => {
    const res = await h.app.inject({ method: 'GET', url: '/api/status/page' });
    expect(res.statusCode, res.body).toBe(200);
    const c = (res.json().components as { id: string; uptime90: number; days: { date: string; uptime: number | null; worst: string }[] }[]).find((x) => x.id === component)!;
    return { ...c.days.at(-1)!, uptime90: c.uptime90 };
  };
  const expectedUptime = (downMs: number) => Math.floor((1 - downMs / (clock.now() - dayStart)) * 10000) / 100; // rounded down, as the page does

  beforeAll(async () => {
    h = await createHarness(dialect, { clock, env: { STATUS_PROBE_INTERVAL_MS: '0', STATUS_TIME_ZONE: 'America/Los_Angeles', DISPATCHER: 'external' } });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('before any process run is recorded, nothing is counted as down', async () => {
    expect(await h.app.services.status.service.serverDowntime(dayStart, clock.now())).toEqual([]);
    expect((await today('web-app')).uptime).toBe(100);
  });

  it('start, heartbeat, clean stop, 30 s with nothing running, start: exactly 30 s of downtime today', async () => {
    const a = instance('run-a');
    await a.start();
    clock.advance(10 * S);
    await a.beat();
    clock.advance(10 * S);
    await a.stop();
    clock.advance(30 * S);
    const b = instance('run-b');
    await b.start();
    clock.advance(10 * S);
    await b.beat();

    expect(await h.app.services.status.service.serverDowntime(dayStart, clock.now())).toEqual([{ from: t0 + 20 * S, to: t0 + 50 * S }]);
    const web = await today('web-app');
    expect(web.date).toBe('2026-05-16');
    expect(web.uptime).toBeLessThan(100);
    expect(web.uptime).toBe(expectedUptime(30 * S));
    expect(web.worst).toBe('major_outage');
    expect(web.uptime90).toBeLessThan(100);
    expect((await today('messaging')).uptime).toBe(expectedUptime(30 * S));
    // Reminders go out from a separate dispatcher here (DISPATCHER=external): not the web's downtime.
    expect((await today('reminders')).uptime).toBe(100);

    // A crash: b writes no stop; the gap counts from its last heartbeat (t0 + 60 s) to the next start.
    clock.advance(45 * S);
    const c = instance('run-c');
    await c.start();
    expect(await h.app.services.status.service.serverDowntime(dayStart, clock.now())).toEqual([
      { from: t0 + 20 * S, to: t0 + 50 * S },
      { from: t0 + 60 * S, to: t0 + 105 * S },
    ]);
    expect((await today('web-app')).uptime).toBe(expectedUptime(75 * S));

    // Two instances overlapping: c stops while d runs, then d carries on alone: no new downtime.
    clock.advance(5 * S);
    const d = instance('run-d');
    await d.start();
    clock.advance(5 * S);
    await c.stop();
    for (let i = 0; i < 6; i++) {
      clock.advance(10 * S);
      await d.beat();
    }
    expect(await h.app.services.status.service.serverDowntime(dayStart, clock.now())).toEqual([
      { from: t0 + 20 * S, to: t0 + 50 * S },
      { from: t0 + 60 * S, to: t0 + 105 * S },
    ]);
    expect((await today('web-app')).uptime).toBe(expectedUptime(75 * S));
    await d.stop();
  });
});
