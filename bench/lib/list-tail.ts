// `BENCH_ONLY=list npm run bench`: the audited list's tail (issue 16's row "audited, decrypting
// 50-client page vs a raw better-sqlite3 50-row select (same run)": goal >= 0.6x the raw route's
// req/s, p99 <= 15 ms).
//
// One process: the app over a fresh database (bench-app.ts: SQLite in a temp dir, or a fresh
// PostgreSQL database when DATABASE_URL=postgres://…), a practice whose owner is enrolled in TOTP,
// and run.ts's 10,000 clients imported by CSV. Beside it, on its own Fastify instance (bench code
// only, never shipped), the raw baseline: one prepared `SELECT * FROM clients WHERE practice_id = ?
// LIMIT 50` over the same database (better-sqlite3 on the same file; on PostgreSQL, pg on the
// same database), answered as JSON with no session, audit or decryption. Then, with
// BENCH_CONNECTIONS (10) connections for BENCH_DURATION s (10) each from a separate load process:
// raw, audited, raw, audited, back to back. Each side's figure is its better run (the one with the
// higher req/s, with that run's p50/p99). Checks that the audited runs wrote one 'read
// client_list' audit row per answered request (at least the 2xx count, at most that plus one per
// connection still in flight at the deadline) and that the chain verifies.
import Database from 'better-sqlite3';
import Fastify, { type FastifyInstance } from 'fastify';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { verifyAuditChain } from '../../src/server/modules/audit/index.js';
import { startBenchApp, type BenchApp } from './bench-app.js';
import { runJsonChild } from './child-json.js';
import { clientCsv } from './clients.js';
import type { LoadResult } from './load.js';
import { watchLoop, type LoopStats } from './loop-stats.js';
import { loadHeader, loadRow, printTable } from './table.js';

const CLIENTS = 10_000;
const PAGE = 50;
const num = (v: string | undefined, d: number) => (v === undefined ? d : Number.parseInt(v, 10));
const CONNECTIONS = num(process.env.BENCH_CONNECTIONS, 10);
const DURATION = num(process.env.BENCH_DURATION, 10);
export const LIST_TAIL_GOAL = { ratio: 0.6, p99Ms: 15 };

export interface ListTailResult {
  raw: LoadResult;
  audited: LoadResult;
  /** audited req/s over raw req/s, from the better run of each. */
  ratio: number;
  /** One audit row per answered audited request, and the chain verifies. */
  auditOk: boolean;
}

/** A load run, and this process's CPU time per answered request meanwhile (both servers live here, one is loaded at a time): a figure the shared machine's noise moves less than req/s. */
async function load(label: string, url: string, headers: Record<string, string>): Promise<LoadResult & { cpuMsPerRequest: number; loop: LoopStats }> {
  const stop = await watchLoop(label);
  const cpu = process.cpuUsage();
  const r = await runJsonChild<LoadResult>(new URL('./load.ts', import.meta.url), 'BENCH_LOAD', { url, connections: CONNECTIONS, duration: DURATION, headers });
  const used = process.cpuUsage(cpu);
  return { ...r, cpuMsPerRequest: (used.user + used.system) / 1000 / Math.max(r.total, 1), loop: await stop() };
}

/** The raw baseline: a bare Fastify server answering the first 50 client rows of the practice from one prepared statement. */
async function startRawServer(bench: BenchApp, practiceId: string): Promise<{ base: string; close(): Promise<void> }> {
  const config = bench.app.services.ctx.config.database;
  const raw: FastifyInstance = Fastify({ logger: false });
  let closeDb: () => Promise<void>;
  if (config.dialect === 'sqlite') {
    const db = new Database(config.file, { readonly: true, fileMustExist: true });
    const select = db.prepare(`SELECT * FROM clients WHERE practice_id = ? LIMIT ${PAGE}`);
    raw.get('/raw/clients', async () => ({ items: select.all(practiceId) }));
    closeDb = async () => void db.close();
  } else {
    const pool = new pg.Pool({ connectionString: config.url, max: CONNECTIONS });
    const select = { name: 'bench-raw-clients', text: `SELECT * FROM clients WHERE practice_id = $1 LIMIT ${PAGE}`, values: [practiceId] };
    raw.get('/raw/clients', async () => ({ items: (await pool.query(select)).rows }));
    closeDb = () => pool.end();
  }
  await raw.listen({ host: '127.0.0.1', port: 0 });
  return {
    base: `http://127.0.0.1:${(raw.server.address() as AddressInfo).port}`,
    close: async () => {
      await raw.close();
      await closeDb();
    },
  };
}

const better = (a: LoadResult, b: LoadResult) => (b.requestsPerSecond > a.requestsPerSecond ? b : a);

export async function benchListTail(pgUrl?: string): Promise<ListTailResult> {
  const bench = await startBenchApp(pgUrl, 'listtail');
  let raw: Awaited<ReturnType<typeof startRawServer>> | undefined;
  try {
    const { app, database, owner } = bench;
    for (let from = 0; from < CLIENTS; from += 5000) {
      const res = await app.inject({ method: 'POST', url: '/api/clients/import', headers: { ...owner.headers, 'content-type': 'text/csv' }, payload: clientCsv(from, 5000) });
      if (res.statusCode !== 201) throw new Error(`client import: ${res.statusCode} ${res.body}`);
    }
    const practiceId = (await database.db.selectFrom('practices').select('id').executeTakeFirstOrThrow()).id;
    raw = await startRawServer(bench, practiceId);
    const auditedUrl = `${bench.base}/api/clients?limit=${PAGE}`;
    const rawUrl = `${raw.base}/raw/clients`;
    // Both answer a full page before any load (the audited one also builds its sort index here).
    const probe = await app.inject({ method: 'GET', url: `/api/clients?limit=${PAGE}`, headers: { cookie: owner.cookie } });
    const page = probe.json() as { items: unknown[]; total: number };
    if (probe.statusCode !== 200 || page.items.length !== PAGE || page.total !== CLIENTS) throw new Error(`audited probe: ${probe.statusCode}, ${page.items?.length} items of ${page.total}`);
    const rawProbe = (await (await fetch(rawUrl)).json()) as { items: unknown[] };
    if (rawProbe.items.length !== PAGE) throw new Error(`raw probe: ${rawProbe.items.length} rows`);

    const countAudit = async () =>
      Number(
        (await database.db.selectFrom('audit_log').select((eb) => eb.fn.countAll().as('n')).where('action', '=', 'read').where('resource_type', '=', 'client_list').executeTakeFirstOrThrow()).n,
      );
    const runs: { label: string; r: Awaited<ReturnType<typeof load>>; audit?: { written: number; answered: number } }[] = [];
    for (let round = 1; round <= 2; round++) {
      runs.push({ label: `raw select, run ${round}`, r: await load(`raw-${round}`, rawUrl, {}) });
      const before = await countAudit();
      const r = await load(`audited-${round}`, auditedUrl, { cookie: owner.cookie });
      runs.push({ label: `audited list, run ${round}`, r, audit: { written: (await countAudit()) - before, answered: r.ok2xx } });
    }
    const rawRuns = runs.filter((x) => !x.audit).map((x) => x.r);
    const auditedRuns = runs.filter((x) => x.audit);
    const bestRaw = better(rawRuns[0]!, rawRuns[1]!);
    const bestAudited = better(auditedRuns[0]!.r, auditedRuns[1]!.r);
    const ratio = bestAudited.requestsPerSecond / bestRaw.requestsPerSecond;
    const chain = await verifyAuditChain(database.db, { key: await app.services.ctx.crypto.auditKey() });
    const auditsOk = auditedRuns.every(({ audit: a }) => a!.written >= a!.answered && a!.written <= a!.answered + CONNECTIONS);
    const clean = runs.every(({ r }) => r.errors + r.timeouts + r.non2xx === 0);

    console.log('');
    console.log(`Audited list tail: ${database.dialect}, Node ${process.version}; ${CLIENTS} clients; ${CONNECTIONS} connections, ${DURATION} s a run; goal >= ${LIST_TAIL_GOAL.ratio}x the raw route, p99 <= ${LIST_TAIL_GOAL.p99Ms} ms`);
    console.log(`raw: GET /raw/clients (prepared SELECT * ... LIMIT ${PAGE}, own Fastify, no session/audit/decrypt); audited: GET /api/clients?limit=${PAGE} as the owner`);
    console.log('');
    printTable([[...loadHeader('better raw'), 'CPU ms/req'], ...runs.map(({ label, r }) => [...loadRow(label, r, bestRaw), r.cpuMsPerRequest.toFixed(2)])]);
    console.log('');
    // The server's event loop meanwhile (both servers run in this process): what a tail is made of.
    const f = (n: number) => n.toFixed(1);
    printTable([
      ['route', 'loop delay p50 ms', 'p99 ms', 'max ms', 'GCs', 'GC total ms', 'GC max ms', 'major GCs', 'major total ms'],
      ...runs.map(({ label, r: { loop: l } }) => [label, f(l.delayP50), f(l.delayP99), f(l.delayMax), String(l.gcCount), f(l.gcTotalMs), f(l.gcMaxMs), String(l.majorCount), f(l.majorTotalMs)]),
    ]);
    console.log('');
    for (const { label, audit: a } of auditedRuns) console.log(`${label}: ${a!.written} 'read client_list' audit rows for ${a!.answered} 2xx answers`);
    console.log(`audit chain: ${chain.ok ? `OK (${chain.rows} rows)` : `BROKEN ${JSON.stringify(chain)}`}`);
    console.log(
      `better of two: raw ${bestRaw.requestsPerSecond.toFixed(0)} req/s (p99 ${bestRaw.p99} ms), audited ${bestAudited.requestsPerSecond.toFixed(0)} req/s (p50 ${bestAudited.p50} ms, p99 ${bestAudited.p99} ms): ratio ${ratio.toFixed(2)}x`,
    );
    const auditOk = auditsOk && chain.ok;
    if (!clean) console.log('FAILED: errors, timeouts or non-2xx answers (see the table)');
    if (!auditOk) console.log('FAILED: audit rows do not match the answers, or the chain does not verify');
    return { raw: bestRaw, audited: bestAudited, ratio, auditOk: auditOk && clean };
  } finally {
    await raw?.close();
    await bench.close();
  }
}
