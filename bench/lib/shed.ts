// `BENCH_ONLY=shed npm run bench`: load shedding at three times capacity, beside the same load with
// shedding off.
//
// Each run builds the app over a fresh database (SQLite in a temp dir, or a fresh PostgreSQL
// database when DATABASE_URL=postgres://…), listens on 127.0.0.1, signs a practice up through the
// API (owner enrols TOTP), imports BENCH_SHED_CLIENTS (50) clients by CSV, then slows every query
// by BENCH_SHED_DELAY_MS (10 ms, the fault injector of src/server/db) and loads GET /api/clients
// (the whole list) from a separate process (shed-load.ts) that checks every answer:
//   1. capacity: shedding off, closed loop (autocannon, 16 connections), BENCH_DURATION s (10);
//   2. 3x that rate, shedding on (MAX_INFLIGHT_REQUESTS=BENCH_SHED_INFLIGHT, default 16), open
//      loop at a steady rate for BENCH_DURATION s;
//   3. the baseline: the same 3x load with shedding off (no in-flight limit, no event-loop check).
// Prints the shed rate (% 503), p50/p99/max of accepted (200) answers, partial lists (must be 0),
// other statuses, errors and timeouts. Fails (false) on a partial list, a 503 without Retry-After,
// any other status, nothing shed at 3x, or, with shedding on, an error or timeout.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startBenchApp } from './bench-app.js';
import type { ShedLoadResult } from './shed-load.js';

const num = (v: string | undefined, d: number) => (v === undefined ? d : Number.parseInt(v, 10));
const INFLIGHT = num(process.env.BENCH_SHED_INFLIGHT, 16);
const CLIENTS = num(process.env.BENCH_SHED_CLIENTS, 50);
const DELAY_MS = num(process.env.BENCH_SHED_DELAY_MS, 10);
const DURATION = num(process.env.BENCH_DURATION, 10);
const CAPACITY_CONNECTIONS = 16;
/** At most this many sockets for the open-loop runs (requests beyond wait in the generator, counted in their latency). */
const OVERLOAD_CONNECTIONS = 512;
const LIST = `/api/clients?limit=${Math.max(CLIENTS, 1)}`;

interface Server {
  base: string;
  cookie: string;
  close(): Promise<void>;
}

async function startServer(pgAdmin: string | undefined, shedding: boolean): Promise<Server> {
  const { app, database, base, owner, close } = await startBenchApp(pgAdmin, 'shed', {
    MAX_INFLIGHT_REQUESTS: shedding ? String(INFLIGHT) : '0',
    MAX_EVENT_LOOP_DELAY_MS: shedding ? '1000' : '0',
    ...(shedding ? {} : { MAX_HEAP_USED_BYTES: '0' }),
  });
  try {
    const csv = ['firstName,lastName,dateOfBirth', ...Array.from({ length: CLIENTS }, (_, i) => `Bench${i},Client${i},1980-01-01`)].join('\n');
    const imported = await app.inject({ method: 'POST', url: '/api/clients/import', headers: { ...owner.headers, 'content-type': 'text/csv' }, payload: csv });
    if (imported.statusCode !== 201) throw new Error(`import: ${imported.statusCode} ${imported.body}`);
    database.faults.delayMs = DELAY_MS;
    return { base, cookie: owner.cookie, close };
  } catch (err) {
    await close();
    throw err;
  }
}

function runLoad(server: Server, connections: number, rate: number): Promise<ShedLoadResult> {
  const file = fileURLToPath(new URL('./shed-load.ts', import.meta.url));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', file], {
      env: { ...process.env, BENCH_SHED_LOAD: JSON.stringify({ url: server.base, path: LIST, cookie: server.cookie, connections, duration: DURATION, rate, clients: CLIENTS }) },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`shed load generator exited with ${code}`));
      try {
        resolve(JSON.parse(out) as ShedLoadResult);
      } catch {
        reject(new Error(`shed load generator printed no result: ${out.slice(0, 200)}`));
      }
    });
  });
}

export async function benchShed(pgAdmin: string | undefined): Promise<boolean> {
  const dialect = pgAdmin ? 'postgres' : 'sqlite';
  const run = async (shedding: boolean, connections: number, rate: number) => {
    const server = await startServer(pgAdmin, shedding);
    try {
      return await runLoad(server, connections, rate);
    } finally {
      await server.close();
    }
  };
  // Capacity: what the server sustains, shedding off, with connections enough to keep the database busy.
  const capacity = await run(false, CAPACITY_CONNECTIONS, 0);
  const capacityRps = capacity.ok / DURATION;
  const rate = Math.max(1, Math.ceil(capacityRps * 3));
  const shed = await run(true, OVERLOAD_CONNECTIONS, rate);
  const baseline = await run(false, OVERLOAD_CONNECTIONS, rate);

  const pctShed = (r: ShedLoadResult) => (r.total ? ((r.shed / r.total) * 100).toFixed(1) : '0.0');
  const rows = [
    ['run', 'offered req/s', 'answered', '200 whole', '503', 'shed %', 'p50 200 ms', 'p99 200 ms', 'max 200 ms', 'partial', 'other', 'errors+timeouts'],
    ...(
      [
        [`capacity (closed loop, ${CAPACITY_CONNECTIONS} connections, shedding off)`, '—', capacity],
        [`3x, shedding on (MAX_INFLIGHT_REQUESTS=${INFLIGHT})`, String(rate), shed],
        ['3x, baseline: shedding off', String(rate), baseline],
      ] as const
    ).map(([label, offered, r]) => [label, offered, String(r.total), String(r.ok), String(r.shed), pctShed(r), String(r.p50ok), String(r.p99ok), String(r.maxok), String(r.partial), String(r.other), String(r.errors + r.timeouts)]),
  ];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  console.log('');
  console.log(`Load shedding bench: ${dialect}, Node ${process.version}; GET ${LIST} (${CLIENTS} clients, whole list), every query delayed ${DELAY_MS} ms; ${DURATION} s per run`);
  console.log(`capacity: ${capacityRps.toFixed(1)} req/s; 3x load: ${rate} req/s offered at a steady rate (open loop, up to ${OVERLOAD_CONNECTIONS} sockets, 10 s timeout)`);
  console.log('');
  for (const r of rows) console.log(line(r));
  console.log('');
  const problems: string[] = [];
  for (const [label, r] of [['capacity', capacity], ['shedding on', shed], ['baseline', baseline]] as const) {
    // (The baseline's timeouts are the point of it, not a failure.)
    if (r.partial) problems.push(`${label}: ${r.partial} partial lists`);
    if (r.other) problems.push(`${label}: ${r.other} answers other than 200/503`);
    if (r.shedWithoutRetryAfter) problems.push(`${label}: ${r.shedWithoutRetryAfter} 503s without Retry-After or code overloaded`);
  }
  if (shed.errors + shed.timeouts) problems.push(`shedding on: ${shed.errors + shed.timeouts} errors or timeouts`);
  if (!shed.shed) problems.push('shedding on: nothing was shed at 3x capacity');
  console.log(problems.length ? `FAILED:\n  ${problems.join('\n  ')}` : 'OK: 0 partial lists; every 503 carried Retry-After');
  return problems.length === 0;
}
