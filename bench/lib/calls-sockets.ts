// The calls part of `npm run bench` (BENCH_ONLY=calls): 5,000 concurrent signaling sockets on one
// instance. The server is the real one (`src/server/main.ts`, SQLite, in-process rooms) in a child
// process of its own, started through this file (BENCH_SOCKETS_SERVER=1) so it can answer the
// parent's "memory?" over IPC with its process.memoryUsage() after a full GC (--expose-gc). The
// sockets are `ws` clients in this (the parent) process, so client and server do not share an
// event loop.
//
//  1. a practice owner and a portal client set up through the API (lib/calls-hearth.ts), and
//     ROOMS (200) Call Now calls with that client;
//  2. per room, the owner's socket (/ws) and the client's socket (/portal/ws) both `call.join`
//     (a Call Now admits the client), and send `call.heartbeat` every 5 s from then on;
//  3. baseline: chat fan-out latency with only these 2 × ROOMS sockets connected — `call.chat`
//     sent on the owner's socket of a room → received on the client's socket of that room,
//     SAMPLES (1,000) messages paced evenly over the rooms at RATE (200/s), after one uncounted
//     message per room;
//  4. IDLE (4,600) more sockets on /ws (sharing the owner's session cookie), each sending a
//     `ping` every 5 s, as an idle open call page's socket would;
//  5. the same fan-out latency with all 5,000 connected.
// Server RSS and heap are read with no sockets, with the room sockets, and with all 5,000. Every
// socket must still be open at the end, and every chat message must arrive.
import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import { startMailbox, type Mailbox } from '../../e2e/fixtures/mailbox.js';
import { freePort, ROOT } from '../../e2e/fixtures/server.js';
import { callNow, setUpAccounts } from './calls-hearth.js';
import { forkedServerEnv, superviseForkedServer } from './forked-server.js';

const ROOMS = 200;
const TOTAL = 5_000;
const SAMPLES = 1_000;
const RATE = 200;
const WARMUP = ROOMS;
const HEARTBEAT_MS = 5_000;

// ---- the child: the real server, plus an IPC answer with its memory ----
if (process.env.BENCH_SOCKETS_SERVER === '1') {
  process.on('message', (m: unknown) => {
    if (m !== 'mem') return;
    const gc = (globalThis as { gc?: () => void }).gc;
    gc?.();
    gc?.();
    process.send?.({ mem: process.memoryUsage() });
  });
  // Leave with the parent, whatever happens to it.
  process.on('disconnect', () => process.kill(process.pid, 'SIGTERM'));
  await import('../../src/server/main.js');
}

export interface MemorySample {
  rss: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
}
export interface LatencyResult {
  sockets: number;
  samples: number;
  p50: number;
  p99: number;
  max: number;
}
export interface SocketsBench {
  rooms: number;
  total: number;
  memNone: MemorySample;
  memRooms: MemorySample;
  memAll: MemorySample;
  memAfter: MemorySample;
  baseline: LatencyResult;
  loaded: LatencyResult;
  openRoomsMs: number;
  openIdleMs: number;
  rate: number;
}

interface Server {
  child: ChildProcess;
  base: string;
  output: () => string;
  mem: () => Promise<MemorySample>;
  stop: () => Promise<void>;
}

async function startServer(smtpPort: number): Promise<Server> {
  const port = await freePort();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'hearth-bench-sockets-'));
  const base = `http://127.0.0.1:${port}`;
  const child = fork(fileURLToPath(import.meta.url), [], {
    cwd: ROOT,
    execArgv: ['--import', 'tsx', '--expose-gc'],
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    env: {
      ...process.env,
      BENCH_SOCKETS_SERVER: '1',
      ...forkedServerEnv({ port, dataDir, smtpUrl: `smtp://127.0.0.1:${smtpPort}` }),
      CALL_PRESENCE_TTL_MS: '15000',
      LOG_LEVEL: 'warn',
    },
  });
  const { output, stop } = await superviseForkedServer(child, { base, dataDir, name: 'sockets bench' });
  const mem = () =>
    new Promise<MemorySample>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error('sockets bench: the server did not report its memory within 10 s')), 10_000);
      const on = (m: unknown) => {
        const mem = (m as { mem?: NodeJS.MemoryUsage }).mem;
        if (!mem) return;
        clearTimeout(t);
        child.off('message', on);
        resolve({ rss: mem.rss, heapUsed: mem.heapUsed, heapTotal: mem.heapTotal, external: mem.external });
      };
      child.on('message', on);
      child.send('mem');
    });
  return { child, base, output, mem, stop };
}

type Msg = { type: string; [k: string]: unknown };

/** A signaling socket: opened with a session cookie and the app's Origin; `onMessage` sees every message. */
class Sock {
  closed: { code: number; reason: string } | null = null;
  onMessage: (m: Msg) => void = () => undefined;
  private timer: NodeJS.Timeout | null = null;
  private constructor(readonly ws: WebSocket) {
    ws.on('message', (raw) => this.onMessage(JSON.parse(String(raw)) as Msg));
    ws.on('close', (code, reason) => {
      this.closed = { code, reason: reason.toString() };
      if (this.timer) clearInterval(this.timer);
    });
    ws.on('error', () => undefined);
  }
  static open(url: string, cookie: string, origin: string): Promise<Sock> {
    const ws = new WebSocket(url, { headers: { origin, cookie } });
    const s = new Sock(ws);
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve(s));
      ws.once('unexpected-response', (_req, res) => {
        ws.terminate();
        reject(new Error(`upgrade of ${url} refused: ${res.statusCode}`));
      });
      ws.once('error', (e) => reject(e));
    });
  }
  send(m: unknown) {
    this.ws.send(JSON.stringify(m));
  }
  /** The next message of `type` (optionally matching `pred`). */
  next(type: string, pred: (m: Msg) => boolean = () => true, timeoutMs = 15_000): Promise<Msg> {
    return new Promise((resolve, reject) => {
      const prev = this.onMessage;
      const t = setTimeout(() => {
        this.onMessage = prev;
        reject(new Error(`no ${type} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.onMessage = (m) => {
        if (m.type === 'call.error') {
          clearTimeout(t);
          this.onMessage = prev;
          reject(new Error(`call.error ${String(m.code)}: ${String(m.message)}`));
        } else if (m.type === type && pred(m)) {
          clearTimeout(t);
          this.onMessage = prev;
          resolve(m);
        } else prev(m);
      };
    });
  }
  /** Sends `make()` every HEARTBEAT_MS, starting at a random point of the first period. */
  heartbeat(make: () => unknown) {
    const first = setTimeout(() => {
      if (this.closed) return;
      this.send(make());
      this.timer = setInterval(() => this.ws.readyState === WebSocket.OPEN && this.send(make()), HEARTBEAT_MS);
    }, Math.random() * HEARTBEAT_MS);
    first.unref();
    this.timer = first;
  }
  terminate() {
    if (this.timer) clearInterval(this.timer);
    this.ws.terminate();
  }
}

/** Runs `fn` over `items` with at most `limit` at a time. */
async function pool<T, R>(items: T[], limit: number, fn: (t: T, i: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i]!, i);
      }
    }),
  );
  return out;
}

interface Room {
  callId: string;
  staff: Sock;
  client: Sock;
  staffPeer: string;
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

/** SAMPLES chat messages, staff → client, paced at RATE/s round-robin over the rooms. */
async function chatLatency(rooms: Room[], sockets: number): Promise<LatencyResult> {
  const sent = new Map<string, number>();
  const lat: number[] = [];
  let done: () => void = () => undefined;
  const all = new Promise<void>((r) => (done = r));
  const run = randomBytes(4).toString('hex');
  for (const room of rooms) {
    room.client.onMessage = (m) => {
      if (m.type !== 'call.chat' || m.from !== room.staffPeer) return;
      const at = sent.get(String(m.text));
      if (at === undefined) return;
      lat.push(performance.now() - at);
      sent.delete(String(m.text));
      if (lat.length === SAMPLES) done();
    };
  }
  const start = performance.now();
  // The first WARMUP messages (one per room) are sent the same way but not counted.
  for (let i = -WARMUP; i < SAMPLES; i++) {
    // Open loop: message i leaves at start + i/RATE, whatever happened to the earlier ones.
    const wait = start + ((i + WARMUP) * 1000) / RATE - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    const room = rooms[(i + WARMUP) % rooms.length]!;
    const text = `bench ${run} ${i}`;
    if (i >= 0) sent.set(text, performance.now());
    room.staff.send({ type: 'call.chat', callId: room.callId, text });
  }
  const timeout = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 30_000).unref());
  if ((await Promise.race([all, timeout])) === 'timeout') throw new Error(`sockets bench: ${SAMPLES - lat.length} of ${SAMPLES} chat messages never arrived (with ${sockets} sockets)`);
  for (const room of rooms) room.client.onMessage = () => undefined;
  lat.sort((a, b) => a - b);
  return { sockets, samples: lat.length, p50: pct(lat, 50), p99: pct(lat, 99), max: lat.at(-1)! };
}

/** Runs inside the loopback-only namespace. Cleans up the sockets, the server and the mailbox whatever happens. */
export async function benchSignalingSockets(): Promise<SocketsBench> {
  let mailbox: Mailbox | undefined;
  let server: Server | undefined;
  const socks: Sock[] = [];
  try {
    mailbox = await startMailbox();
    server = await startServer(mailbox.port);
    const base = server.base;
    const wsBase = base.replace(/^http/, 'ws');
    const accounts = await setUpAccounts(base, mailbox);
    const callIds = await pool(Array.from({ length: ROOMS }), 4, () => callNow(base, accounts.owner, accounts.client.clientId));
    const memNone = await server.mem();

    // ---- the rooms: the owner and the client join each ----
    const t0 = performance.now();
    const rooms = await pool(callIds, 50, async (callId) => {
      const staff = await Sock.open(`${wsBase}/ws`, accounts.owner.cookie, base);
      socks.push(staff);
      const joined = staff.next('call.joined', (m) => m.callId === callId);
      staff.send({ type: 'call.join', callId });
      const self = (await joined).self as { peerId: string };
      const client = await Sock.open(`${wsBase}/portal/ws`, accounts.client.cookie, base);
      socks.push(client);
      const cj = client.next('call.joined', (m) => m.callId === callId);
      client.send({ type: 'call.join', callId });
      await cj;
      staff.heartbeat(() => ({ type: 'call.heartbeat', callId }));
      client.heartbeat(() => ({ type: 'call.heartbeat', callId }));
      return { callId, staff, client, staffPeer: self.peerId };
    });
    const openRoomsMs = performance.now() - t0;
    const memRooms = await server.mem();
    const baseline = await chatLatency(rooms, socks.length);

    // ---- the idle sockets ----
    const t1 = performance.now();
    let ping = 0;
    await pool(Array.from({ length: TOTAL - socks.length }), 100, async () => {
      const s = await Sock.open(`${wsBase}/ws`, accounts.owner.cookie, base);
      socks.push(s);
      s.heartbeat(() => ({ type: 'ping', id: ping++ }));
    });
    const openIdleMs = performance.now() - t1;
    if (socks.length !== TOTAL) throw new Error(`sockets bench: ${socks.length} sockets open, expected ${TOTAL}`);
    // Their heartbeats are running (spread over 5 s); let the last opened settle.
    await new Promise((r) => setTimeout(r, 2_000));
    const memAll = await server.mem();
    const loaded = await chatLatency(rooms, socks.length);
    const memAfter = await server.mem();
    const dropped = socks.filter((s) => s.closed);
    if (dropped.length) throw new Error(`sockets bench: ${dropped.length} sockets were closed by the server (first: ${JSON.stringify(dropped[0]!.closed)})`);
    return { rooms: ROOMS, total: TOTAL, memNone, memRooms, memAll, memAfter, baseline, loaded, openRoomsMs, openIdleMs, rate: RATE };
  } catch (err) {
    if (server) console.error(`sockets bench: server output (tail):\n${server.output().slice(-2000)}`);
    throw err;
  } finally {
    for (const s of socks) s.terminate();
    await server?.stop().catch(() => undefined);
    await mailbox?.close().catch(() => undefined);
  }
}
