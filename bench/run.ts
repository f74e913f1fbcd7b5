// `npm run bench`: the cost of an authenticated, audited PHI read against a bare route.
//
// Builds the app in this process over a fresh database (SQLite in a temp dir; or, when
// DATABASE_URL=postgres://..., a fresh database created on that server for the run and dropped
// after), listens on 127.0.0.1 port 0, signs a practice up through POST /api/practices, enrols the
// owner's authenticator app through the API (new practices require two-factor sign-in), invites
// four colleagues, then loads each route for BENCH_DURATION seconds (default 10) with
// BENCH_CONNECTIONS connections (default 10) from a separate autocannon process:
//   GET /healthz             bare route: no session, no database
//   GET /api/practice/users  session lookup, role check, 5 users x 2 decrypted fields, one audit row
// Prints req/s, p50/p99 latency, errors and non-2xx, the ratio to the baseline, audit rows
// written (one per answered request: at least the 2xx count, at most that plus the requests still
// in flight at the deadline), the audit chain verdict, and the server process's RSS. Exits 1 on any error,
// non-2xx, audit mismatch or broken chain.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import { generate } from 'otplib';
import { buildApp } from '../src/server/app.js';
import { freshPostgresDatabase } from '../src/server/testing/dialects.js';
import { loadConfig } from '../src/server/config.js';
import { openDatabase } from '../src/server/db/index.js';
import { migrateToLatest } from '../src/server/db/migrate.js';
import { createLogger } from '../src/server/lib/logger.js';
import { verifyAuditChain } from '../src/server/modules/audit/index.js';
import type { Mail, Mailer } from '../src/server/modules/mail/index.js';
import { CURRENT_BAA_VERSION } from '../src/server/modules/practices/index.js';
import { benchRender, bookMonth, MONTH, monthUrl, printRender, renderMonth } from './lib/calendar.js';
import type { LoadResult } from './lib/load.js';
import { runCallsBench } from './lib/calls-baseline.js';
import { clientCsv } from './lib/clients.js';
import { benchReminders } from './lib/reminders.js';
import { benchMonthAnswer } from './lib/month-answer.js';
import { benchSearch } from './lib/search.js';
import { benchShed } from './lib/shed.js';
import { benchSoak } from './lib/soak.js';
import { loadHeader, loadRow, printTable } from './lib/table.js';
import { benchStartup } from './lib/startup.js';
import { benchIssue16Table } from './lib/issue16-table.js';
import { benchListTail } from './lib/list-tail.js';
import { benchBilling } from './lib/billing.js';

/** The PostgreSQL server each part makes its fresh databases on (DATABASE_URL=postgres://…); undefined: SQLite in temp dirs. */
const pgUrl = process.env.DATABASE_URL?.startsWith('postgres') ? process.env.DATABASE_URL : undefined;
const DURATION = boundedInt(process.env.BENCH_DURATION, 10, 1, 120);
const CONNECTIONS = boundedInt(process.env.BENCH_CONNECTIONS, 10, 1, 200);
// A hard ceiling on the whole run, whatever happens.
// (Seven load runs, the bookings, and four Chromium renders of a 2,000-event month; then, on
// PostgreSQL, two runs of 100,000 reminders; then issue 16's table: about twelve more load runs, two
// more bookings of the month, 10,000 clients, Chromium renders and the start-up builds.)
// (And the billing part: 2,000 invoices issued over HTTP, 10,000 invoices written, two load runs.)
const HARD_LIMIT_MS = (DURATION * 21 + 2400 + (pgUrl ? 900 : 0)) * 1000;
/** BENCH_ONLY=search: name search over 10,000 clients beside the plain list page (lib/search.ts). BENCH_ONLY=shed: load shedding at 3x capacity beside shedding off (lib/shed.ts). BENCH_ONLY=reminders runs the reminders part alone; BENCH_ONLY=calls the calls part: the bare WebRTC baseline, a Hearth call, 5,000 signaling sockets and the network profiles (in a network namespace: lib/calls-baseline.ts). BENCH_ONLY=network: each network profile, bare baseline beside a Hearth call (lib/calls-network.ts). BENCH_ONLY=soak: 100,000 mixed and hostile requests, the server's RSS and heap every 10,000 (lib/soak.ts). BENCH_ONLY=month: the 2,000-appointment month's bytes and one-request time, full vs calendar cells, plain vs compressed, and the 304 (lib/month-answer.ts). BENCH_ONLY=startup: restart of an existing installation → first /healthz, and idle RSS, of `node dist/server/main.js` beside a bare node server (lib/startup.ts). BENCH_ONLY=render: the calendar's month in Chromium, data arrived → painted and the longest task, 2,000 appointments beside none (lib/calendar.ts). BENCH_ONLY=table: issue 16's table, each row beside its same-run baseline (lib/issue16-table.ts; also the end of the default run). BENCH_ONLY=billing: invoicing a month of 2,000 appointments and the aging report over 10,000 invoices, each beside the audited baseline route (lib/billing.ts; also in the default run). */
const ONLY = process.env.BENCH_ONLY;

function boundedInt(raw: string | undefined, fallback: number, min: number, max: number): number {
  const n = raw === undefined ? fallback : Number.parseInt(raw, 10);
  if (!Number.isFinite(n) || n < min || n > max) throw new Error(`expected an integer in ${min}..${max}, got ${raw}`);
  return n;
}

const CLIENTS = 10_000;

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** Keeps mail in memory: the invitation links are read from here. */
class MemoryMailer implements Mailer {
  readonly sent: Mail[] = [];
  async send(mail: Mail) {
    this.sent.push(mail);
  }
  close() {}
}


function runLoad(url: string, headers: Record<string, string>): Promise<LoadResult> {
  const file = fileURLToPath(new URL('./lib/load.ts', import.meta.url));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', file], {
      env: { ...process.env, BENCH_LOAD: JSON.stringify({ url, connections: CONNECTIONS, duration: DURATION, headers }) },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`load generator exited with ${code}`));
      try {
        resolve(JSON.parse(out) as LoadResult);
      } catch {
        reject(new Error(`load generator printed no result: ${out.slice(0, 200)}`));
      }
    });
  });
}

interface Client {
  cookie: string;
  csrf: string;
}

async function call(base: string, method: string, url: string, body?: unknown, as?: Client): Promise<{ status: number; json: unknown; setCookie: string | null }> {
  const res = await fetch(base + url, {
    method,
    headers: {
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(as ? { cookie: as.cookie, 'x-csrf-token': as.csrf } : {}),
      'user-agent': 'hearth-bench',
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : null, setCookie: res.headers.get('set-cookie') };
}

function expectStatus(what: string, got: { status: number; json: unknown }, want: number) {
  if (got.status !== want) throw new Error(`${what}: expected ${want}, got ${got.status} ${JSON.stringify(got.json)}`);
}

const WEB_DIST = fileURLToPath(new URL('../dist/web', import.meta.url));

/** The calendar is measured on the real SPA: built here when this checkout has no build yet. */
function ensureWebBuild() {
  if (existsSync(path.join(WEB_DIST, 'index.html'))) return;
  console.log('building the web app (npx vite build) for the calendar render figures…');
  const r = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn'], { stdio: 'inherit', cwd: fileURLToPath(new URL('..', import.meta.url)) });
  if (r.status !== 0) throw new Error('vite build failed');
}

async function main(): Promise<number> {
  if (ONLY === 'reminders') return (await benchReminders(pgUrl)) ? 0 : 1;
  if (ONLY === 'calls') return runCallsBench();
  if (ONLY === 'network') {
    // The calls part's network profiles alone (re-executed in a namespace with this environment).
    process.env.BENCH_CALLS_PARTS = 'network';
    return runCallsBench();
  }
  if (ONLY === 'shed') return (await benchShed(pgUrl)) ? 0 : 1;
  if (ONLY === 'soak') return (await benchSoak()) ? 0 : 1;
  if (ONLY === 'month') return (await benchMonthAnswer(pgUrl, runLoad)) ? 0 : 1;
  if (ONLY === 'search') return (await benchSearch(pgUrl, runLoad)).ok ? 0 : 1;
  if (ONLY === 'startup') return (await benchStartup()) ? 0 : 1;
  if (ONLY === 'list') return (await benchListTail(pgUrl)).auditOk ? 0 : 1;
  if (ONLY === 'render') return printRender(await benchRender(pgUrl)) ? 0 : 1;
  if (ONLY === 'table') return (await benchIssue16Table(pgUrl, runLoad)) ? 0 : 1;
  if (ONLY === 'billing') return (await benchBilling(pgUrl, runLoad)) ? 0 : 1;
  if (ONLY !== undefined) throw new Error(`BENCH_ONLY: unknown part "${ONLY}" (reminders, calls, network, shed, soak, month, search, startup, render, list, table, billing)`);
  ensureWebBuild();
  const dir = mkdtempSync(path.join(tmpdir(), 'hearth-bench-'));
    const fresh = pgUrl ? await freshPostgresDatabase(pgUrl, 'hearth_bench') : undefined;
  const masterKey = randomBytes(32);
  const config = loadConfig({
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: '0',
    PUBLIC_URL: 'http://127.0.0.1',
    DATA_DIR: dir,
    DATABASE_URL: fresh ? fresh.url : `sqlite:${path.join(dir, 'hearth.db')}`,
    MASTER_KEY: masterKey.toString('base64'),
    LOG_LEVEL: 'silent',
    RATE_LIMIT_PER_MINUTE: '100000000',
    WEB_DIST_DIR: WEB_DIST,
  });
  const database = openDatabase(config.database);
  const mailer = new MemoryMailer();
  let app: Awaited<ReturnType<typeof buildApp>> | undefined;
  try {
    await migrateToLatest(database.db, database.dialect);
    app = await buildApp(config, { database, masterKey, mailer, logger: createLogger({ level: 'silent' }) });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;

    // ---- a practice, its owner with an authenticator app, and four colleagues ----
    const signup = await call(base, 'POST', '/api/practices', {
      practiceName: 'Lakeside Family Counseling',
      ownerName: 'Robin Alvarez',
      email: 'owner@lakeside.bench.test',
      password: 'velvet orchard compass 7',
      baa: { accepted: true, version: CURRENT_BAA_VERSION, signerName: 'Robin Alvarez', signerTitle: 'Clinical Director' },
    });
    expectStatus('sign-up', signup, 202);
    const signupToken = /\/signup\/verify#token=([\w-]+)/.exec(mailer.sent.at(-1)?.text ?? '')?.[1];
    if (!signupToken) throw new Error('no sign-up link was mailed');
    const verified = await call(base, 'POST', '/api/practices/verify', { token: signupToken });
    expectStatus('sign-up link', verified, 201);
    const owner: Client = {
      cookie: /^((?:__Host-)?hearth_sid=[^;]+)/.exec(verified.setCookie ?? '')?.[1] ?? '',
      csrf: (verified.json as { csrfToken: string }).csrfToken,
    };
    if (!owner.cookie) throw new Error('sign-up set no session cookie');
    const start = await call(base, 'POST', '/api/auth/mfa/totp', {}, owner);
    expectStatus('start TOTP enrolment', start, 200);
    const code = await generate({ secret: (start.json as { secret: string }).secret });
    expectStatus('confirm TOTP enrolment', await call(base, 'POST', '/api/auth/mfa/totp/verify', { code }, owner), 200);
    const colleagues = [
      { name: 'Sam Okafor', roles: ['provider'] },
      { name: 'Jordan Kim', roles: ['provider'] },
      { name: 'Taylor Brooks', roles: ['front_desk'] },
      { name: 'Casey Nguyen', roles: ['billing'] },
    ];
    for (const [i, c] of colleagues.entries()) {
      expectStatus('invite', await call(base, 'POST', '/api/practice/invitations', { email: `staff${i}@lakeside.bench.test`, name: c.name, roles: c.roles }, owner), 201);
      const token = /#token=([\w-]+)/.exec(mailer.sent.at(-1)?.text ?? '')?.[1];
      if (!token) throw new Error('no invitation link was mailed');
      expectStatus('accept invitation', await call(base, 'POST', '/api/invitations/accept', { token, name: c.name, password: `granite lantern ${randomUUID().slice(0, 8)}` }), 201);
    }
    const users = await call(base, 'GET', '/api/practice/users', undefined, owner);
    expectStatus('list users', users, 200);
    const listed = (users.json as { users: unknown[] }).users.length;

    // ---- load ----
    // The read records of the user list: one per answered request.
    const countAudit = async () =>
      Number(
        (
          await database.db
            .selectFrom('audit_log')
            .select((eb) => eb.fn.countAll().as('n'))
            .where('action', '=', 'read')
            .where('resource_type', '=', 'user_list')
            .executeTakeFirstOrThrow()
        ).n,
      );
    const rssStart = process.memoryUsage().rss;
    const baseline = await runLoad(`${base}/healthz`, {});
    const rssAfterBaseline = process.memoryUsage().rss;
    const auditBefore = await countAudit();
    const authed = await runLoad(`${base}/api/practice/users`, { cookie: owner.cookie });
    const auditAfter = await countAudit();

    // ---- 10,000 clients: imported by CSV (all-or-nothing batches), then list, search and sort ----
    const importStart = performance.now();
    for (let batch = 0; batch < CLIENTS / 5000; batch++) {
      const res = await fetch(`${base}/api/clients/import`, {
        method: 'POST',
        headers: { 'content-type': 'text/csv', cookie: owner.cookie, 'x-csrf-token': owner.csrf },
        body: clientCsv(batch * 5000, 5000),
      });
      if (res.status !== 201) throw new Error(`client import: ${res.status} ${await res.text()}`);
    }
    const importSeconds = (performance.now() - importStart) / 1000;
    const coldStart = performance.now();
    const first = await call(base, 'GET', '/api/clients?limit=25', undefined, owner);
    const coldMs = performance.now() - coldStart;
    expectStatus('first client list page', first, 200);
    const total = (first.json as { total: number }).total;
    if (total !== CLIENTS) throw new Error(`client list total ${total}, expected ${CLIENTS}`);
    const deep = Buffer.from(JSON.stringify({ o: 5000 })).toString('base64url');
    const clientRuns = [
      ['GET /api/clients (page 1 of 400, by last name)', '/api/clients?limit=25'],
      ['GET /api/clients?q=mar (name prefix search)', '/api/clients?limit=25&q=mar'],
      ['GET /api/clients?sort=-lastName (page 201)', `/api/clients?limit=25&sort=-lastName&cursor=${deep}`],
    ] as const;
    const clientResults: (readonly [string, LoadResult])[] = [];
    for (const [label, url] of clientRuns) clientResults.push([label, await runLoad(base + url, { cookie: owner.cookie })]);

    // ---- scheduling: one provider's month of 2,000 appointments ----
    const me = await call(base, 'GET', '/api/me', undefined, owner);
    expectStatus('me', me, 200);
    const ownerId = (me.json as { user: { id: string } }).user.id;
    const providerList = await call(base, 'GET', '/api/practice/providers', undefined, owner);
    expectStatus('providers', providerList, 200);
    const emptyProvider = (providerList.json as { providers: { id: string; name: string }[] }).providers.find((p) => p.name === 'Jordan Kim')?.id;
    if (!emptyProvider) throw new Error('no second provider to measure the empty month against');
    const bookStart = performance.now();
    const monthCount = await bookMonth((m, u, b) => call(base, m, u, b, owner), ownerId);
    const bookSeconds = (performance.now() - bookStart) / 1000;
    const probe = await call(base, 'GET', monthUrl(ownerId), undefined, owner);
    expectStatus('month', probe, 200);
    const probed = probe.json as { items: unknown[]; total: number };
    if (probed.total !== monthCount || probed.items.length !== monthCount) throw new Error(`month answer: ${probed.items.length} items, total ${probed.total}; expected ${monthCount}`);
    const monthBytes = Buffer.byteLength(JSON.stringify(probe.json));
    const monthResults: (readonly [string, LoadResult])[] = [
      ['GET /api/appointments (a month, no appointments)', await runLoad(base + monthUrl(emptyProvider), { cookie: owner.cookie })],
      [`GET /api/appointments (a month, ${monthCount} appointments)`, await runLoad(base + monthUrl(ownerId), { cookie: owner.cookie })],
    ];
    // What one person opening the calendar waits: 20 requests one after another.
    const single: number[] = [];
    for (let i = 0; i < 20; i++) {
      const t = performance.now();
      expectStatus('month', await call(base, 'GET', monthUrl(ownerId), undefined, owner), 200);
      single.push(performance.now() - t);
    }
    single.sort((a, b) => a - b);
    const renderEmpty = await renderMonth(base, owner.cookie, emptyProvider, 0);
    const renderFull = await renderMonth(base, owner.cookie, ownerId, monthCount);
    const rssEnd = process.memoryUsage().rss;
    const written = auditAfter - auditBefore;
    const verdict = await verifyAuditChain(database.db, { key: await app.services.ctx.crypto.auditKey() });

    // ---- report ----
    const rows = [
      loadHeader('baseline'),
      ...([['GET /healthz', baseline], ['GET /api/practice/users', authed], ...clientResults, ...monthResults] as const).map(([route, r]) => loadRow(route, r, baseline)),
    ];
    console.log('');
    console.log(`Hearth bench: ${database.dialect}${fresh ? ' (fresh database, dropped after)' : ' (temp dir)'}, Node ${process.version}, ${CONNECTIONS} connections, ${DURATION} s per route`);
    console.log('MFA: owner enrolled TOTP through the API (POST /api/auth/mfa/totp, then /verify); require_mfa stays on');
    console.log(`Data: 1 practice, ${listed} users (each answer decrypts ${listed * 2} fields); request logging off (LOG_LEVEL=silent); rate limit lifted`);
    console.log('');
    printTable(rows);
    console.log('');
    // autocannon stops counting at the deadline; up to one request per connection is still in
    // flight then, answered (and audited) by the server but not counted by the client.
    const auditOk = written >= authed.ok2xx && written <= authed.ok2xx + CONNECTIONS;
    console.log(
      `audit 'read user_list' rows written during the users run: ${written}; 2xx answers counted: ${authed.ok2xx}` +
        ` (+${written - authed.ok2xx} answered after the client's deadline) ${auditOk ? 'OK: one per request' : 'MISMATCH'}`,
    );
    console.log(verdict.ok ? `audit chain OK: ${verdict.rows} rows` : `audit chain BROKEN at row ${verdict.seq}: ${verdict.problem} — ${verdict.message}`);
    console.log(`clients: ${CLIENTS} imported by CSV in ${importSeconds.toFixed(1)} s; first list page after import (index built from the database): ${coldMs.toFixed(0)} ms`);
    console.log(
      `appointments: ${monthCount} in ${MONTH.date.slice(0, 7)} for one provider (65 daily series of 15 min across the DST change, 15 cancelled), booked through the API in ${bookSeconds.toFixed(1)} s; the month's answer is ${mb(monthBytes)}`,
    );
    console.log(`the same month, one request at a time (no other load): p50 ${single[9]!.toFixed(0)} ms, max ${single[19]!.toFixed(0)} ms over 20 requests`);
    const ms = (r: { runsMs: number[]; medianMs: number }) => `median ${(r.medianMs / 1000).toFixed(2)} s (runs ${r.runsMs.map((x) => (x / 1000).toFixed(2)).join(', ')} s)`;
    console.log(`calendar month view in Chromium, data arrived → month painted: ${ms(renderFull)} with ${renderFull.events} appointments; baseline, the same month with none: ${ms(renderEmpty)}`);
    console.log(`RSS: ${mb(rssStart)} before, ${mb(rssAfterBaseline)} after /healthz, ${mb(rssEnd)} at the end (${rssEnd >= rssStart ? '+' : ''}${mb(rssEnd - rssStart)})`);
    // The reminders part uses fresh databases of its own; the app above is closed first.
    await app.close();
    app = undefined;
    const remindersOk = await benchReminders(pgUrl);
    const billingOk = await benchBilling(pgUrl, runLoad);
    // Last, issue 16's table: each of its parts on its own fresh database, beside its same-run baseline.
    const tableOk = await benchIssue16Table(pgUrl, runLoad);
    const failed = [baseline, authed, ...clientResults.map(([, r]) => r), ...monthResults.map(([, r]) => r)].some((r) => r.errors + r.timeouts + r.non2xx > 0) || !auditOk || !verdict.ok || !remindersOk || !billingOk || !tableOk;
    console.log(failed ? '\nFAILED: errors, non-2xx answers, an audit mismatch, a broken chain, a duplicate reminder or a wrong billing figure (see above)' : '');
    return failed ? 1 : 0;
  } finally {
    await app?.close();
    await database.destroy();
    await fresh?.drop();
    rmSync(dir, { recursive: true, force: true });
  }
}

setTimeout(() => {
  console.error(`bench exceeded its ${HARD_LIMIT_MS / 1000} s limit`);
  process.exit(1);
}, HARD_LIMIT_MS).unref();

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error('bench failed:', err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
