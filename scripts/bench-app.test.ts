// The bench's own server (bench/lib/bench-app.ts) answers a browser at its address as the product
// answers one at PUBLIC_URL: the calendar bench's Chromium, on http://127.0.0.1:<port>, must get
// its /ws heartbeat (the header's "Online"), not the 403 that a PUBLIC_URL without the port gave.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBenchApp, type BenchApp } from '../bench/lib/bench-app.js';
import { TestSocket } from '../src/server/testing/sockets.js';

describe('the bench app', () => {
  let bench: BenchApp;
  beforeAll(async () => {
    bench = await startBenchApp(undefined, 'origin-test');
  }, 60_000);
  afterAll(async () => {
    await bench?.close();
  });

  it('opens /ws for the owner from its own origin and answers the heartbeat', async () => {
    const ws = await TestSocket.open(`${bench.base.replace('http', 'ws')}/ws`, { cookie: bench.owner.cookie, origin: bench.base });
    ws.send({ type: 'ping', id: 7 });
    expect(await ws.type('pong')).toMatchObject({ type: 'pong', id: 7 });
    await ws.close();
  });

  it('still refuses another origin (the check the bench used to trip)', async () => {
    const other = bench.base.replace(/:\d+$/, '');
    await expect(TestSocket.open(`${bench.base.replace('http', 'ws')}/ws`, { cookie: bench.owner.cookie, origin: other })).rejects.toMatchObject({ status: 403 });
  });
});
