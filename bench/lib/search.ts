// `BENCH_ONLY=search npm run bench`: client name search over 10,000 encrypted clients (the issue's
// row "client search", goal p50 <= 10 ms and >= 1,000 req/s), beside the plain first list page
// measured in the same run (the same session, audit and unread markers, no search).
//
// A fresh database (SQLite in a temp dir, or a fresh PostgreSQL database when
// DATABASE_URL=postgres://…), the app in this process on 127.0.0.1, a practice signed up with its
// owner enrolled in TOTP (lib/owner.ts), run.ts's 10,000 clients imported by CSV (lib/clients.ts:
// "mar" matches about half). Each search's total is checked against a count over the names the
// CSV holds before it is loaded for BENCH_DURATION s with BENCH_CONNECTIONS connections (run.ts's
// load generator, its own process). Prints req/s, p50/p99/max, errors and non-2xx per route, the
// time of the first search after the import (prefix structures built) and after one edit (built
// again), and the search audit rows written during the "mar" run against the answers counted.
import { mkdtempSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildApp } from '../../src/server/app.js';
import { loadConfig } from '../../src/server/config.js';
import { openDatabase } from '../../src/server/db/index.js';
import { migrateToLatest } from '../../src/server/db/migrate.js';
import { createLogger } from '../../src/server/lib/logger.js';
import { nameWords } from '../../src/server/modules/clients/index.js';
import { freshPostgresDatabase } from '../../src/server/testing/dialects.js';
import { benchClientName, clientCsv } from './clients.js';
import type { LoadResult } from './load.js';
import { benchOwner } from './owner.js';
import { loadHeader, loadRow, printTable, type RunLoad } from './table.js';

const CLIENTS = 10_000;
const CONNECTIONS = Number.parseInt(process.env.BENCH_CONNECTIONS ?? '10', 10);

/** What the table reads: the plain first page (the same-run baseline) and q=mar under load. */
export interface SearchFigures {
  ok: boolean;
  baseline: LoadResult;
  mar: LoadResult;
}

/** How many of the bench's clients match every word of `q` at the start of a word of their names. */
function expectedTotal(q: string, status?: string): number {
  if (status && status !== 'active') return 0;
  const words = nameWords(q);
  let n = 0;
  for (let i = 0; i < CLIENTS; i++) {
    const { first, last } = benchClientName(i);
    const own = [first, last].flatMap(nameWords);
    if (words.every((w) => own.some((o) => o.startsWith(w)))) n++;
  }
  return n;
}

/** Measures and prints; the figures for the table (ok: false on a wrong total, an error or an audit mismatch). */
export async function benchSearch(pgAdmin: string | undefined, runLoad: RunLoad): Promise<SearchFigures> {
  const dir = mkdtempSync(path.join(tmpdir(), 'hearth-bench-search-'));
  const fresh = pgAdmin ? await freshPostgresDatabase(pgAdmin, 'hearth_bench_search') : undefined;
  const masterKey = randomBytes(32);
  const env = {
    NODE_ENV: 'test',
    PUBLIC_URL: 'http://127.0.0.1',
    DATA_DIR: dir,
    DATABASE_URL: fresh?.url ?? `sqlite:${path.join(dir, 'hearth.db')}`,
    MASTER_KEY: masterKey.toString('base64'),
    LOG_LEVEL: 'silent',
    RATE_LIMIT_PER_MINUTE: '100000000',
    DISPATCHER: 'external',
    WEB_DIST_DIR: path.join(dir, 'no-web'),
  };
  const config = loadConfig(env);
  const database = openDatabase(config.database);
  let app: Awaited<ReturnType<typeof buildApp>> | undefined;
  try {
    await migrateToLatest(database.db, database.dialect);
    app = await buildApp(config, { database, masterKey, mailer: { send: async () => undefined, close: () => undefined }, logger: createLogger({ level: 'silent' }) });
    const server = app;
    await app.listen({ host: '127.0.0.1', port: 0 });
    const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    const { cookie, headers } = await benchOwner(app);
    const importStart = performance.now();
    for (let from = 0; from < CLIENTS; from += 5000) {
      const res = await app.inject({ method: 'POST', url: '/api/clients/import', headers: { ...headers, 'content-type': 'text/csv' }, payload: clientCsv(from, 5000) });
      if (res.statusCode !== 201) throw new Error(`client import: ${res.statusCode} ${res.body}`);
    }
    const importSeconds = (performance.now() - importStart) / 1000;
    const timed = async (url: string) => {
      const t = performance.now();
      const res = await server.inject({ method: 'GET', url, headers: { cookie } });
      if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body}`);
      return { ms: performance.now() - t, total: (res.json() as { total: number }).total };
    };
    const list = await timed('/api/clients?limit=25');
    const cold = await timed('/api/clients?limit=25&q=mar');
    const warm = await timed('/api/clients?limit=25&q=mar');

    const deep = Buffer.from(JSON.stringify({ o: 2000 })).toString('base64url');
    const routes: [label: string, url: string, expected: number][] = [
      ['GET /api/clients (page 1, no search: same-run baseline)', '/api/clients?limit=25', CLIENTS],
      ['GET /api/clients?q=mar (name prefix search)', '/api/clients?limit=25&q=mar', expectedTotal('mar')],
      ['GET /api/clients?q=m (one letter)', '/api/clients?limit=25&q=m', expectedTotal('m')],
      ['GET /api/clients?q=maria%20gar (two words)', '/api/clients?limit=25&q=maria%20gar', expectedTotal('maria gar')],
      ['GET /api/clients?q=mar&status=active&limit=10 (scheduling picker)', '/api/clients?limit=10&status=active&q=mar', expectedTotal('mar', 'active')],
      ['GET /api/clients?q=mar&sort=-lastName (page 81)', `/api/clients?limit=25&sort=-lastName&q=mar&cursor=${deep}`, expectedTotal('mar')],
    ];
    const problems: string[] = [];
    for (const [label, url, expected] of routes) {
      const got = (await timed(url)).total;
      if (got !== expected) problems.push(`${label}: total ${got}, expected ${expected}`);
    }
    const searchAudits = async () =>
      Number(
        (await database.db.selectFrom('audit_log').select((eb) => eb.fn.countAll().as('n')).where('action', '=', 'search').where('resource_type', '=', 'client_list').executeTakeFirstOrThrow()).n,
      );
    const results: [string, LoadResult][] = [];
    let marAudit = { written: 0, answered: 0 };
    for (const [label, url] of routes) {
      const auditBefore = await searchAudits();
      const r = await runLoad(base + url, { cookie });
      if (url === '/api/clients?limit=25&q=mar') marAudit = { written: (await searchAudits()) - auditBefore, answered: r.ok2xx };
      results.push([label, r]);
      if (r.errors + r.timeouts + r.non2xx) problems.push(`${label}: ${r.errors + r.timeouts} errors or timeouts, ${r.non2xx} non-2xx`);
    }
    // One edit drops the prefix structures (and the sort orders): the next search builds them again.
    const someone = (await app.inject({ method: 'GET', url: '/api/clients?limit=1', headers: { cookie } })).json() as { items: { id: string }[] };
    const edit = await app.inject({ method: 'PATCH', url: `/api/clients/${someone.items[0]!.id}`, headers: { ...headers, 'content-type': 'application/json' }, payload: { preferredName: 'Mo' } });
    if (edit.statusCode !== 200) problems.push(`edit: ${edit.statusCode}`);
    const afterEdit = await timed('/api/clients?limit=25&q=mar');

    const rows = [loadHeader('page 1'), ...results.map(([label, r], i) => loadRow(`${label}: ${routes[i]![2]} match`, r, results[0]![1], 0))];
    console.log('');
    console.log(`Client search bench: ${database.dialect}, Node ${process.version}; ${CLIENTS} clients imported by CSV in ${importSeconds.toFixed(1)} s; goal for q=mar: p50 <= 10 ms, >= 1,000 req/s`);
    console.log(`first list page after the import (index built): ${list.ms.toFixed(0)} ms; first search (prefix structures built): ${cold.ms.toFixed(1)} ms; the next: ${warm.ms.toFixed(1)} ms; first search after one edit: ${afterEdit.ms.toFixed(1)} ms`);
    console.log('');
    printTable(rows);
    console.log('');
    // Up to one request per connection is answered (and audited) after the load generator's deadline.
    const auditOk = marAudit.written >= marAudit.answered && marAudit.written <= marAudit.answered + CONNECTIONS;
    if (!auditOk) problems.push(`audit: ${marAudit.written} search rows for ${marAudit.answered} answers`);
    console.log(`audit 'search client_list' rows written during the q=mar run: ${marAudit.written}; 2xx answers counted: ${marAudit.answered}${auditOk ? ' OK: one per answer' : ' MISMATCH'}`);
    console.log(problems.length ? `FAILED:\n  ${problems.join('\n  ')}` : 'OK: every total as counted from the names, no errors');
    return { ok: problems.length === 0, baseline: results[0]![1], mar: results[1]![1] };
  } finally {
    await app?.close();
    await database.destroy();
    await fresh?.drop();
    rmSync(dir, { recursive: true, force: true });
  }
}
