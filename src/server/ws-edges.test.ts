// The socket's edges: an upgrade anywhere but /ws and /portal/ws is refused before it happens
// (never a 101), and what a client can provoke at will (oversize messages, malformed frames) is
// logged by type and code at info level, without message or stack, at most a few lines a minute.
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { request } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { ManualClock } from './lib/clock.js';
import { LOG_SERIALIZERS, REDACT_PATHS } from './lib/logger.js';
import { createPractice, type PracticeFixture } from './testing/actors.js';
import { testDialects } from './testing/dialects.js';
import { createHarness, type Harness } from './testing/harness.js';
import { SOCKET_ERROR_LOG_LINES_PER_MINUTE } from './ws.js';

interface LogLine {
  level: number;
  msg: string;
  errType?: string;
  errCode?: string;
  notLogged?: number;
  [k: string]: unknown;
}

describe.each(testDialects())('socket edges on %s', (dialect) => {
  let h: Harness;
  let base: string;
  let p: PracticeFixture;
  const clock = new ManualClock(Date.UTC(2026, 11, 7, 15));
  const dir = mkdtempSync(path.join(tmpdir(), 'hearth-ws-edges-'));
  const logFile = path.join(dir, 'server.log');
  const logger = pino({ level: 'trace', redact: { paths: REDACT_PATHS, censor: '[redacted]' }, serializers: LOG_SERIALIZERS }, pino.destination({ dest: logFile, sync: true }));
  const lines = (): LogLine[] =>
    readFileSync(logFile, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as LogLine);

  beforeAll(async () => {
    // A built SPA, so its catch-all route (public, every path) exists as in production.
    const web = path.join(dir, 'web');
    mkdirSync(web);
    writeFileSync(path.join(web, 'index.html'), '<!doctype html><title>Hearth</title>');
    h = await createHarness(dialect, { clock, logger, env: { WEB_DIST_DIR: web } });
    await h.app.listen({ host: '127.0.0.1', port: 0 });
    base = `127.0.0.1:${(h.app.server.address() as AddressInfo).port}`;
    p = await createPractice(h);
  });
  afterAll(async () => {
    await h?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** A raw HTTP/1.1 upgrade request: the status the server answered, and whether it upgraded. */
  const upgrade = (url: string, cookie?: string) =>
    new Promise<{ status: number; upgraded: boolean }>((resolve, reject) => {
      const req = request({
        host: '127.0.0.1',
        port: Number(base.split(':')[1]),
        path: url,
        // A connection of its own: the server closes a refused upgrade's connection.
        agent: false,
        headers: {
          connection: 'Upgrade',
          upgrade: 'websocket',
          'sec-websocket-version': '13',
          'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==',
          origin: h.config.publicUrl,
          ...(cookie ? { cookie } : {}),
        },
      });
      req.on('upgrade', (res: IncomingMessage, socket: Socket) => {
        socket.destroy();
        resolve({ status: res.statusCode ?? 0, upgraded: true });
      });
      req.on('response', (res: IncomingMessage) => {
        res.resume();
        resolve({ status: res.statusCode ?? 0, upgraded: false });
      });
      req.on('error', reject);
      req.end();
    });

  it('refuses an upgrade on any path but the two sockets, before upgrading, with or without a session', async () => {
    const paths = ['/', '/nope', '/today', '/api/legal/baa', '/healthz', '/api/me', '/api/nope', '/ws/extra', '/portal/ws2'];
    for (const url of paths) {
      for (const cookie of [undefined, p.owner.cookie!]) {
        const r = await upgrade(url, cookie);
        expect({ url, signedIn: !!cookie, ...r }).toMatchObject({ upgraded: false });
        expect([401, 404], `${url} ${cookie ? 'signed in' : 'anonymous'}: ${r.status}`).toContain(r.status);
      }
    }
    // The real sockets still work: refused without a session, upgraded with one.
    expect(await upgrade('/ws')).toEqual({ status: 401, upgraded: false });
    expect(await upgrade('/ws', p.owner.cookie!)).toEqual({ status: 101, upgraded: true });
  });

  const signedIn = async () => {
    const ws = new WebSocket(`ws://${base}/ws`, { headers: { origin: h.config.publicUrl, cookie: p.owner.cookie! } });
    ws.on('error', () => undefined);
    await once(ws, 'open');
    return ws;
  };
  /** Writes raw bytes under the client: a frame no conforming client would send. */
  const rawWrite = (ws: WebSocket, bytes: Buffer) => (ws as unknown as { _socket: Socket })._socket.write(bytes);
  // A masked text frame with the reserved opcode 0x3 (and a zero mask key, empty payload).
  const BAD_OPCODE = Buffer.from([0x83, 0x80, 0, 0, 0, 0]);
  const closedWith = async (ws: WebSocket) => ((await once(ws, 'close')) as [number])[0];

  const protocolLines = () => lines().filter((l) => l.msg === 'socket protocol error');

  it('an oversize message and a malformed frame close the socket and log type and code at info, no message or stack', async () => {
    const big = await signedIn();
    const bigClosed = closedWith(big);
    big.send('x'.repeat(64 * 1024));
    expect(await bigClosed).toBe(1009);

    const bad = await signedIn();
    const badClosed = closedWith(bad);
    rawWrite(bad, BAD_OPCODE);
    expect(await badClosed).toBe(1002);

    // ws reports the error before the close: both are logged by now.
    const all = lines();
    expect(all.filter((l) => l.level >= 50)).toEqual([]);
    expect(all.filter((l) => JSON.stringify(l).includes('"stack"'))).toEqual([]);
    expect(all.filter((l) => JSON.stringify(l).includes('Max payload size exceeded'))).toEqual([]);
    expect(protocolLines().map(({ level, errType, errCode }) => ({ level, errType, errCode }))).toEqual([
      { level: 30, errType: 'RangeError', errCode: 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH' },
      { level: 30, errType: 'RangeError', errCode: 'WS_ERR_INVALID_OPCODE' },
    ]);
  });

  it('a flood of 1,000 bad frames logs at most the cap per minute, then how many were not logged', async () => {
    clock.advance(61_000);
    const before = protocolLines().length;
    const FLOOD = 1000;
    for (let i = 0; i < FLOOD; i += 50) {
      await Promise.all(
        Array.from({ length: 50 }, async () => {
          const ws = await signedIn();
          const closed = closedWith(ws);
          rawWrite(ws, BAD_OPCODE);
          expect(await closed).toBe(1002);
        }),
      );
    }
    const flood = protocolLines().slice(before);
    expect(flood.length).toBe(SOCKET_ERROR_LOG_LINES_PER_MINUTE);
    expect(lines().filter((l) => l.level >= 50)).toEqual([]);

    // The next minute's first error says how many of the last window's were left out.
    clock.advance(61_000);
    const one = await signedIn();
    const closed = closedWith(one);
    rawWrite(one, BAD_OPCODE);
    await closed;
    await expect.poll(() => lines().filter((l) => l.msg === 'socket protocol errors not logged').length).toBe(1);
    const summary = lines().find((l) => l.msg === 'socket protocol errors not logged')!;
    expect(summary).toMatchObject({ level: 30, notLogged: FLOOD - SOCKET_ERROR_LOG_LINES_PER_MINUTE });
    expect(protocolLines().length).toBe(before + SOCKET_ERROR_LOG_LINES_PER_MINUTE + 1);
    // A thousand frames through the socket: past the default 30 s once, beside three CI jobs.
  }, 90_000);
});
