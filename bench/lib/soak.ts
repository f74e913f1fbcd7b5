// The soak part of `npm run bench` (BENCH_ONLY=soak): is anything retained per request under the
// kind of traffic a fuzzer sends?
//
// The server is the real one (`src/server/main.ts`, SQLite in a temp dir, 127.0.0.1 only) in a
// child process of its own, started through this file (BENCH_SOAK_SERVER=1) so that it can answer
// the parent's "mem" over IPC with its process.memoryUsage() after a full GC (--expose-gc), and,
// when BENCH_SOAK_SNAPSHOTS=1, "snap" with a heap snapshot (v8.writeHeapSnapshot) whose objects the
// parent counts by constructor. The load comes from this (the parent) process over loopback.
//
// An owner signs up and enrols TOTP through the API and adds one client; then BENCH_SOAK_REQUESTS
// (100,000) requests, BENCH_SOAK_CONNECTIONS (16) at a time, in a fixed deterministic mix:
// authenticated reads (the client list with distinct search terms and cursors, the client's record,
// /api/me), writes (PATCH of that client), and bad input of many shapes: malformed JSON, unknown
// fields, huge strings, invalid UTF-8 (body and URL), unknown routes and static files under
// distinct paths, distinct query strings, bad and forged session cookies, missing and wrong CSRF
// tokens, oversized bodies, wrong content types, bad logins under distinct e-mail addresses, and
// WebSocket handshakes (staff sockets opened and closed at once, refused ones on /ws and /portal/ws).
// The server's RSS, heapUsed and external are sampled every 10,000 requests; the figure is RSS
// after all requests over RSS after the first 10,000 (goal ≤ 1.2), printed beside heapUsed.
// Any 5xx answer fails the run, as does a ratio over the goal.
import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeHeapSnapshot } from 'node:v8';
import { generate } from 'otplib';
import WebSocket from 'ws';
import { freePort, ROOT } from '../../e2e/fixtures/server.js';
import { CURRENT_BAA_VERSION } from '../../src/server/modules/practices/index.js';
import { forkedServerEnv, superviseForkedServer } from './forked-server.js';
import { startSmtpReceiver, type SmtpReceiver } from '../../src/server/testing/smtp.js';

// ---- the child: the real server, plus IPC answers with its memory and heap snapshots ----
if (process.env.BENCH_SOAK_SERVER === '1') {
  const gc = (globalThis as { gc?: () => void }).gc;
  process.on('message', (m: unknown) => {
    if (m === 'mem') {
      gc?.();
      gc?.();
      process.send?.({ mem: process.memoryUsage() });
    } else if (typeof m === 'object' && m !== null && 'snap' in m) {
      gc?.();
      process.send?.({ snapped: writeHeapSnapshot((m as { snap: string }).snap) });
    }
  });
  process.on('disconnect', () => process.kill(process.pid, 'SIGTERM'));
  await import('../../src/server/main.js');
}

function boundedInt(raw: string | undefined, fallback: number, min: number, max: number): number {
  const n = raw === undefined ? fallback : Number.parseInt(raw, 10);
  if (!Number.isFinite(n) || n < min || n > max) throw new Error(`expected an integer in ${min}..${max}, got ${raw}`);
  return n;
}

const GOAL = 1.2;
const STEP = 10_000;

export interface MemorySample {
  rss: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
}

interface Server {
  child: ChildProcess;
  base: string;
  dataDir: string;
  mem: () => Promise<MemorySample>;
  snap: (file: string) => Promise<string>;
  /** Where the server's mail goes (the sign-up link). */
  mailbox: SmtpReceiver;
  stop: () => Promise<void>;
}

function ask<T>(child: ChildProcess, message: unknown, pick: (m: unknown) => T | undefined, what: string, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => {
      child.off('message', on);
      reject(new Error(`soak: the server did not report ${what} within ${ms / 1000} s`));
    }, ms);
    const on = (m: unknown) => {
      const v = pick(m);
      if (v === undefined) return;
      clearTimeout(t);
      child.off('message', on);
      resolve(v);
    };
    child.on('message', on);
    child.send(message as string);
  });
}

async function startServer(): Promise<Server> {
  const port = await freePort();
  const mailbox = await startSmtpReceiver();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'hearth-bench-soak-'));
  // A small SPA build of its own, so the static and fallback routes answer as in production.
  const web = path.join(dataDir, 'web');
  mkdirSync(path.join(web, 'assets'), { recursive: true });
  writeFileSync(path.join(web, 'index.html'), '<!doctype html><title>Hearth</title><div id="root"></div>');
  writeFileSync(path.join(web, 'assets', 'app-abc123.js'), 'console.log(1)');
  const base = `http://127.0.0.1:${port}`;
  const child = fork(fileURLToPath(import.meta.url), [], {
    cwd: ROOT,
    execArgv: ['--import', 'tsx', '--expose-gc', ...(process.env.BENCH_SOAK_NODE_ARGS ?? '').split(' ').filter(Boolean)],
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    env: {
      ...process.env,
      BENCH_SOAK_SERVER: '1',
      // The limiter is lifted there (its store is a bounded LRU either way).
      ...forkedServerEnv({ port, dataDir, smtpUrl: mailbox.url }),
      WEB_DIST_DIR: web,
      LOG_LEVEL: process.env.BENCH_SOAK_LOG_LEVEL ?? 'warn',
    },
  });
  const server = await superviseForkedServer(child, { base, dataDir, name: 'soak' }).catch(async (e: unknown) => {
    await mailbox.close();
    throw e;
  });
  const stop = async () => {
    await server.stop();
    await mailbox.close();
  };
  const mem = () =>
    ask(
      child,
      'mem',
      (m) => {
        const u = (m as { mem?: NodeJS.MemoryUsage }).mem;
        return u && { rss: u.rss, heapUsed: u.heapUsed, heapTotal: u.heapTotal, external: u.external };
      },
      'its memory',
      10_000,
    );
  const snap = (file: string) => ask(child, { snap: file }, (m) => (m as { snapped?: string }).snapped, 'a heap snapshot', 120_000);
  return { child, base, dataDir, mem, snap, mailbox, stop };
}

interface Owner {
  cookie: string;
  csrf: string;
  clientId: string;
}

async function setUp(base: string, mailbox: SmtpReceiver): Promise<Owner> {
  const json = async (method: string, url: string, body: unknown, h: Record<string, string> = {}) => {
    const res = await fetch(base + url, { method, headers: { 'content-type': 'application/json', ...h }, body: JSON.stringify(body) });
    return { res, body: (await res.json()) as Record<string, unknown> };
  };
  const signup = await json('POST', '/api/practices', {
    practiceName: 'Lakeside Family Counseling',
    ownerName: 'Robin Alvarez',
    email: 'owner@lakeside.soak.test',
    password: 'velvet orchard compass 7',
    baa: { accepted: true, version: CURRENT_BAA_VERSION, signerName: 'Robin Alvarez', signerTitle: 'Clinical Director' },
  });
  if (signup.res.status !== 202) throw new Error(`soak sign-up: ${signup.res.status} ${JSON.stringify(signup.body)}`);
  // Sign-up finishes from the mailed link (the same answer for a taken address: no enumeration).
  const link = await mailbox.waitFor((m) => m.to.includes('owner@lakeside.soak.test') && /\/signup\/verify#token=/.test(m.text), 30_000);
  const token = /\/signup\/verify#token=([\w-]+)/.exec(link.text)?.[1];
  const verified = await json('POST', '/api/practices/verify', { token });
  if (verified.res.status !== 201) throw new Error(`soak sign-up link: ${verified.res.status} ${JSON.stringify(verified.body)}`);
  const cookie = /^((?:__Host-)?hearth_sid=[^;]+)/.exec(verified.res.headers.get('set-cookie') ?? '')?.[1] ?? '';
  const csrf = verified.body.csrfToken as string;
  const h = { cookie, 'x-csrf-token': csrf };
  const start = await json('POST', '/api/auth/mfa/totp', {}, h);
  const code = await generate({ secret: start.body.secret as string });
  const verify = await json('POST', '/api/auth/mfa/totp/verify', { code }, h);
  if (verify.res.status !== 200) throw new Error(`soak TOTP: ${verify.res.status}`);
  const client = await json('POST', '/api/clients', { firstName: 'Maria', lastName: 'Garcia', dateOfBirth: '1980-04-02' }, h);
  if (client.res.status !== 201) throw new Error(`soak client: ${client.res.status} ${JSON.stringify(client.body)}`);
  return { cookie, csrf, clientId: client.body.id as string };
}

interface Req {
  kind: string;
  /** A WebSocket handshake instead of a request: `open` sockets are closed as soon as they open. */
  socket?: 'open' | 'refused';
  method: string;
  url: string;
  headers?: Record<string, string>;
  body?: string | Uint8Array<ArrayBuffer>;
}

const HUGE = 'x'.repeat(60_000);
const OVERSIZED = new Uint8Array(200 * 1024).fill(0x61);
const INVALID_UTF8 = new Uint8Array([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xc3, 0x28, 0xff, 0xfe, 0x22, 0x7d]);

/** Request number `i` of the mix: deterministic, every shape in turn, most URLs distinct. */
export function soakRequest(i: number, o: Owner): Req {
  const auth = { cookie: o.cookie, 'x-csrf-token': o.csrf };
  const json = { ...auth, 'content-type': 'application/json' };
  const r = i.toString(36);
  const uuid = `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
  switch (i % 26) {
    case 0:
      return { kind: 'read', method: 'GET', url: `/api/clients?limit=25&q=${r}`, headers: auth };
    case 1:
      return { kind: 'read', method: 'GET', url: `/api/clients/${o.clientId}`, headers: auth };
    case 2:
      return { kind: 'read', method: 'GET', url: `/api/me?_=${r}`, headers: auth };
    case 3:
      return { kind: 'write', method: 'PATCH', url: `/api/clients/${o.clientId}`, headers: json, body: JSON.stringify({ preferredName: `Mari ${i % 100}` }) };
    case 4:
      return { kind: 'malformed JSON', method: 'PATCH', url: `/api/clients/${o.clientId}`, headers: json, body: `{"preferredName": "${r}"` };
    case 5:
      return { kind: 'unknown field', method: 'PATCH', url: `/api/clients/${o.clientId}`, headers: json, body: JSON.stringify({ [`f${r}`]: r, preferredName: 'A' }) };
    case 6:
      return { kind: 'huge string', method: 'PATCH', url: `/api/clients/${o.clientId}`, headers: json, body: JSON.stringify({ preferredName: HUGE + r }) };
    case 7:
      return { kind: 'invalid UTF-8', method: 'PATCH', url: `/api/clients/${o.clientId}`, headers: json, body: INVALID_UTF8 };
    case 8:
      return { kind: 'unknown API route', method: 'GET', url: `/api/${r}/${i % 7}/x${r}`, headers: auth };
    case 9:
      return { kind: 'unknown path', method: 'GET', url: `/${r}/page-${i}` };
    case 10:
      return { kind: 'missing file', method: 'GET', url: `/assets/${r}.js?v=${i}` };
    case 11:
      return { kind: 'bad cookie', method: 'GET', url: `/api/clients?limit=${1 + (i % 50)}`, headers: { cookie: `hearth_sid=${randomBytes(24).toString('base64url')}` } };
    case 12:
      return { kind: 'garbage cookie', method: 'GET', url: '/api/me', headers: { cookie: `hearth_sid=%ff%${r};;=;${'a'.repeat(i % 300)}=b` } };
    case 13:
      return { kind: 'wrong CSRF', method: 'PATCH', url: `/api/clients/${o.clientId}`, headers: { ...json, 'x-csrf-token': r }, body: '{"preferredName":"B"}' };
    case 14:
      return { kind: 'no CSRF', method: 'POST', url: '/api/clients', headers: { cookie: o.cookie, 'content-type': 'application/json' }, body: '{}' };
    case 15:
      return { kind: 'oversized body', method: 'PATCH', url: `/api/clients/${o.clientId}`, headers: json, body: OVERSIZED };
    case 16:
      return { kind: 'unknown id', method: 'GET', url: `/api/clients/${uuid}`, headers: auth };
    case 17:
      return { kind: 'bad id', method: 'GET', url: `/api/clients/${r}%20${i}`, headers: auth };
    case 18:
      return { kind: 'bad query', method: 'GET', url: `/api/clients?limit=${r}&sort=${r}&cursor=${r}&${r}=${i}`, headers: auth };
    case 19:
      return { kind: 'invalid URL encoding', method: 'GET', url: `/%E0%A4%A${i % 10}/${r}%ff`, headers: auth };
    case 20:
      return { kind: 'wrong content type', method: 'PATCH', url: `/api/clients/${o.clientId}`, headers: { ...auth, 'content-type': `application/x-${r}` }, body: 'a=b' };
    case 21:
      return { kind: 'unknown method', method: i % 2 ? 'PUT' : 'DELETE', url: `/api/me/${r}`, headers: json, body: '{}' };
    case 22:
      // A bad login under a distinct address now and then (each costs a password hash).
      return i % 480 === 22
        ? { kind: 'bad login', method: 'POST', url: '/api/auth/login', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: `nobody-${r}@soak.test`, password: 'wrong wrong wrong 1' }) }
        : { kind: 'bad login shape', method: 'POST', url: '/api/auth/login', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: r, password: [i] }) };
    case 23:
      return { kind: 'no session', method: 'GET', url: `/api/clients/${o.clientId}?x=${r}` };
    case 24:
      // A socket on the staff session, opened and closed; and one refused (forged cookie, or none on the portal).
      return { kind: 'socket, closed at once', method: 'GET', url: '/ws', headers: { cookie: o.cookie }, socket: 'open' };
    default:
      return i % 2
        ? { kind: 'socket refused', method: 'GET', url: `/ws?${r}`, headers: { cookie: `hearth_sid=${r}` }, socket: 'refused' }
        : { kind: 'socket refused', method: 'GET', url: `/portal/ws?${r}`, socket: 'refused' };
  }
}

/** One WebSocket handshake: 101 (then closed at once by this side) or the refusal's status. */
function handshake(base: string, q: Req): Promise<number | string> {
  return new Promise((resolve) => {
    const ws = new WebSocket(base.replace('http', 'ws') + q.url, { headers: { origin: base, ...q.headers }, handshakeTimeout: 30_000 });
    let done = false;
    const end = (v: number | string) => {
      if (done) return;
      done = true;
      resolve(v);
    };
    ws.on('open', () => {
      ws.close(1000);
      end(101);
    });
    ws.on('unexpected-response', (_req, res) => {
      res.resume();
      end(res.statusCode ?? 'no status');
      ws.terminate();
    });
    ws.on('error', (err) => end(`error: ${err.message}`));
  });
}

/** Objects in a heap snapshot, counted by constructor (node name) for objects, closures, arrays and strings. */
export function countHeap(file: string): Map<string, { count: number; size: number }> {
  const snap = JSON.parse(readFileSync(file, 'utf8')) as { snapshot: { meta: { node_fields: string[]; node_types: [string[]] } }; nodes: number[]; strings: string[] };
  const fields = snap.snapshot.meta.node_fields;
  const types = snap.snapshot.meta.node_types[0];
  const width = fields.length;
  const [typeAt, nameAt, sizeAt] = [fields.indexOf('type'), fields.indexOf('name'), fields.indexOf('self_size')];
  const out = new Map<string, { count: number; size: number }>();
  for (let n = 0; n < snap.nodes.length; n += width) {
    const type = types[snap.nodes[n + typeAt]!]!;
    if (type === 'hidden' || type === 'code' || type === 'synthetic' || type === 'number') continue;
    const name = type === 'object' || type === 'closure' ? `${type === 'closure' ? 'ƒ ' : ''}${snap.strings[snap.nodes[n + nameAt]!]!}` : `(${type})`;
    const e = out.get(name) ?? { count: 0, size: 0 };
    e.count++;
    e.size += snap.nodes[n + sizeAt]!;
    out.set(name, e);
  }
  return out;
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

export async function benchSoak(): Promise<boolean> {
  const total = boundedInt(process.env.BENCH_SOAK_REQUESTS, 100_000, STEP, 1_000_000);
  const connections = boundedInt(process.env.BENCH_SOAK_CONNECTIONS, 16, 1, 128);
  const snapshots = process.env.BENCH_SOAK_SNAPSHOTS === '1';
  const server = await startServer();
  const snapDir = snapshots ? mkdtempSync(path.join(os.tmpdir(), 'hearth-soak-heap-')) : undefined;
  try {
    const owner = await setUp(server.base, server.mailbox);
    const start = await server.mem();
    const samples: { at: number; mem: MemorySample; seconds: number }[] = [];
    const statuses = new Map<string, Map<number | string, number>>();
    const fives: string[] = [];
    const snaps: string[] = [];
    let next = 0;
    const t0 = performance.now();
    const one = async (i: number) => {
      const q = soakRequest(i, owner);
      let status: number | string;
      if (q.socket) {
        status = await handshake(server.base, q);
        const byKind = statuses.get(q.kind) ?? new Map<number | string, number>();
        byKind.set(status, (byKind.get(status) ?? 0) + 1);
        statuses.set(q.kind, byKind);
        if (typeof status === 'number' && status >= 500 && fives.length < 20) fives.push(`${status} ${q.url} (${q.kind})`);
        return;
      }
      try {
        const res = await fetch(server.base + q.url, { method: q.method, headers: { 'user-agent': 'hearth-soak', ...q.headers }, body: q.body, signal: AbortSignal.timeout(30_000) });
        status = res.status;
        await res.arrayBuffer();
      } catch (err) {
        // An oversized body may be refused before it is all sent: the connection closes under it.
        status = q.kind === 'oversized body' ? 'closed' : `error: ${(err as Error).cause ?? (err as Error).message}`;
      }
      const byKind = statuses.get(q.kind) ?? new Map<number | string, number>();
      byKind.set(status, (byKind.get(status) ?? 0) + 1);
      statuses.set(q.kind, byKind);
      if (typeof status === 'number' && status >= 500 && fives.length < 20) fives.push(`${status} ${q.method} ${q.url.slice(0, 80)} (${q.kind})`);
    };
    for (let upTo = STEP; upTo <= total; upTo += STEP) {
      const worker = async () => {
        while (next < upTo) await one(next++);
      };
      await Promise.all(Array.from({ length: connections }, worker));
      samples.push({ at: upTo, mem: await server.mem(), seconds: (performance.now() - t0) / 1000 });
      const s = samples.at(-1)!;
      console.log(`  ${String(upTo).padStart(7)} requests  ${s.seconds.toFixed(0).padStart(4)} s  RSS ${mb(s.mem.rss).padStart(9)}  heapUsed ${mb(s.mem.heapUsed).padStart(8)}  external ${mb(s.mem.external).padStart(8)}`);
      if (snapDir && (upTo === STEP || upTo === total)) {
        snaps.push(await server.snap(path.join(snapDir, `after-${upTo}.heapsnapshot`)));
        // Writing a snapshot stalls the event loop for seconds: let load shedding settle first.
        for (const until = Date.now() + 30_000; Date.now() < until; await new Promise((r) => setTimeout(r, 250))) {
          if ((await fetch(`${server.base}/api/me`)).status !== 503) break;
        }
      }
    }
    const first = samples[0]!.mem;
    const last = samples.at(-1)!.mem;
    const ratio = last.rss / first.rss;
    const heapRatio = last.heapUsed / first.heapUsed;
    const seconds = samples.at(-1)!.seconds;
    console.log('');
    console.log(`Hearth soak: SQLite (temp dir), Node ${process.version}, ${total} mixed requests over loopback, ${connections} at a time, ${seconds.toFixed(0)} s (${(total / seconds).toFixed(0)} req/s)`);
    console.log(`server before the soak (after setup, full GC): RSS ${mb(start.rss)}, heapUsed ${mb(start.heapUsed)}`);
    console.log(`after ${STEP}: RSS ${mb(first.rss)}, heapUsed ${mb(first.heapUsed)}; after ${total}: RSS ${mb(last.rss)}, heapUsed ${mb(last.heapUsed)}`);
    console.log(`RSS ratio ${total}/${STEP}: ${ratio.toFixed(3)} (goal ≤ ${GOAL}) ${snapshots ? 'not judged' : ratio <= GOAL ? 'OK' : 'OVER'}; heapUsed ratio ${heapRatio.toFixed(3)}; highest RSS sampled ${mb(Math.max(...samples.map((x) => x.mem.rss)))}`);
    console.log('answers by kind:');
    for (const [kind, by] of [...statuses].sort()) console.log(`  ${kind.padEnd(22)} ${[...by].map(([s, n]) => `${s}×${n}`).join('  ')}`);
    if (fives.length) console.log(`5xx answers (first ${fives.length}):\n  ${fives.join('\n  ')}`);
    if (snaps.length === 2) {
      const [a, b] = [countHeap(snaps[0]!), countHeap(snaps[1]!)];
      const diff = [...new Set([...a.keys(), ...b.keys()])]
        .map((k) => ({ k, dc: (b.get(k)?.count ?? 0) - (a.get(k)?.count ?? 0), ds: (b.get(k)?.size ?? 0) - (a.get(k)?.size ?? 0), n: b.get(k)?.count ?? 0 }))
        .sort((x, y) => y.ds - x.ds)
        .slice(0, 25);
      console.log(`heap snapshots after ${STEP} and ${total} (${snapDir}): largest growth by constructor`);
      for (const d of diff) console.log(`  ${d.k.slice(0, 50).padEnd(50)} ${(d.dc >= 0 ? '+' : '') + d.dc} objects (now ${d.n}), ${(d.ds >= 0 ? '+' : '') + (d.ds / 1024).toFixed(0)} KB`);
    }
    const errors = [...statuses.values()].flatMap((by) => [...by]).filter(([s]) => typeof s === 'string' && s.startsWith('error')).reduce((n, [, c]) => n + c, 0);
    // A heap snapshot costs the server about its heap again in RSS: with snapshots the ratio is not judged.
    if (snapshots) console.log('(heap snapshots were taken: RSS after them is inflated by the snapshot itself; run without BENCH_SOAK_SNAPSHOTS for the figure)');
    const failed = fives.length > 0 || errors > 0 || (!snapshots && ratio > GOAL);
    if (failed) console.log(`\nFAILED: ${[fives.length ? '5xx answers' : '', errors ? `${errors} request errors` : '', ratio > GOAL ? `RSS ratio ${ratio.toFixed(3)} over ${GOAL}` : ''].filter(Boolean).join(', ')}`);
    return !failed;
  } finally {
    await server.stop();
    if (snapDir && process.env.BENCH_SOAK_KEEP_SNAPSHOTS !== '1') rmSync(snapDir, { recursive: true, force: true });
  }
}
