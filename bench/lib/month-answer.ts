// `BENCH_ONLY=month npm run bench`: what the calendar's month costs on the wire, all in one run.
//
// Builds the app over a fresh database (SQLite in a temp dir, or a fresh PostgreSQL database when
// DATABASE_URL=postgres://…), listens on 127.0.0.1, signs a practice up (owner enrols TOTP), books
// the bench's month of 2,000 appointments through the API (lib/calendar.ts), then asks for that
// month over HTTP, one request at a time (BENCH_MONTH_RUNS, 20, after 3 warm-ups), as:
//   the full answer and the calendar cells (view=calendar), each plain, brotli and gzip;
//   the cells again with the tag of the last answer (If-None-Match: the unchanged month, 304);
//   the same query for March 2028, which holds no appointments (the baseline).
// Prints bytes on the wire and the median and p90 of request → last byte received (the client does
// not decode: a browser does that as the bytes arrive). Then, given the load generator (run.ts's
// runLoad: its own process, BENCH_CONNECTIONS connections for BENCH_DURATION s), the month
// row under load: GET /healthz (the bare route, same run), the calendar cells as Chromium asks for
// them (Accept-Encoding: gzip, deflate, br, zstd), and the same with the tag of the last answer
// (If-None-Match → 304), with the read audit rows counted against the answers. Fails (ok: false)
// on a wrong status, a total that is not the month’s, cells that do not decode to the full answer’s rows (field for field) in
// its order, a load error or an audit row missing; a missed goal is printed, not failed.
import http from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { decodeCells } from '../../src/shared/calendar-cells.js';
import type { Appointment, AppointmentCell, AppointmentCellPage, AppointmentList } from '../../src/shared/scheduling.js';
import { startBenchApp } from './bench-app.js';
import { bookMonth, monthUrl } from './calendar.js';
import type { LoadResult } from './load.js';
import { loadHeader, loadRow, printTable, type RunLoad } from './table.js';

const RUNS = Number.parseInt(process.env.BENCH_MONTH_RUNS ?? '20', 10);
const WARMUPS = 3;
export const MONTH_GOAL = { p99Ms: 50, bytes: 300_000, connections: 10 };
const CONNECTIONS = Number.parseInt(process.env.BENCH_CONNECTIONS ?? '10', 10);
/** What Chromium sends. */
const BROWSER_ENCODINGS = 'gzip, deflate, br, zstd';

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  ms: number;
}

/** One GET over a fresh connection; the time is request → last byte received. */
function fetchRaw(base: string, url: string, headers: Record<string, string>): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const req = http.get(base + url, { headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks), ms: performance.now() - t0 }));
      res.on('error', reject);
    });
    req.on('error', reject);
  });
}

function decode(a: Answer): unknown {
  const enc = a.headers['content-encoding'];
  const raw = enc === 'br' ? brotliDecompressSync(a.body) : enc === 'gzip' ? gunzipSync(a.body) : a.body;
  return JSON.parse(raw.toString('utf8'));
}

/** The full answer's appointment as its calendar cell (the same fields, in the decoder's key order). */
const cellOf = (a: Appointment): AppointmentCell => ({
  id: a.id,
  start: a.start,
  end: a.end,
  status: a.status,
  type: a.type,
  providerId: a.providerId,
  timeZone: a.timeZone,
  clientNames: a.clients.map((x) => x.name),
  clientZones: a.clients.map((x) => x.timeZone),
});

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;

/** One way of asking for the month, one request at a time. */
export interface MonthCase {
  label: string;
  bytes: number;
  medianMs: number;
  p90Ms: number;
  status: number;
}

/** The month under load: the bare route and the calendar's cells (200, then 304) in one run. */
export interface MonthLoad {
  connections: number;
  baseline: LoadResult;
  cells: LoadResult;
  unchanged: LoadResult;
  /** The cells' answer as the browser receives it (Content-Encoding chosen for BROWSER_ENCODINGS) and uncompressed. */
  wireBytes: number;
  encoding: string;
  plainBytes: number;
  /** Read audit rows written during the 200 and the 304 runs, against the answers counted. */
  audit: { written: number; answered: number; ok: boolean };
}

export interface MonthFigures {
  ok: boolean;
  problems: string[];
  dialect: string;
  appointments: number;
  single: MonthCase[];
  load?: MonthLoad;
}

/** The month's figures; `runLoad` adds the load runs (MonthFigures.load). Prints nothing. */
export async function measureMonth(pgAdmin: string | undefined, runLoad?: RunLoad): Promise<MonthFigures> {
  const { app, database, base, owner, close } = await startBenchApp(pgAdmin, 'month');
  const problems: string[] = [];
  try {
    const inject = async (method: string, url: string, body?: unknown) => {
      const res = await app.inject({ method: method as 'GET', url, headers: { ...owner.headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, ...(body === undefined ? {} : { payload: JSON.stringify(body) }) });
      return { status: res.statusCode, json: res.body ? (res.json() as unknown) : null };
    };
    const me = (await inject('GET', '/api/me')).json as { user: { id: string } };
    const providerId = me.user.id;
    const expected = await bookMonth(inject, providerId);
    // The baseline: the same query for a month a year later, which holds no appointments.
    const emptyUrl = monthUrl(providerId).replaceAll('2027-0', '2028-0');

    const url = monthUrl(providerId);
    const cellsUrl = `${url}&view=calendar`;
    const cookie = { cookie: owner.cookie };
    const full = await fetchRaw(base, url, cookie);
    const cells = await fetchRaw(base, cellsUrl, cookie);
    const f = decode(full) as AppointmentList;
    // The cells come as rows with their repeated values written once; decoded as the SPA does.
    const c = decodeCells(decode(cells) as AppointmentCellPage);
    if (full.status !== 200 || cells.status !== 200 || f.total !== expected || c.total !== expected || f.items.length !== expected) {
      throw new Error(`month answer: ${full.status}/${cells.status}, totals ${f.total}/${c.total}, expected ${expected}`);
    }
    if (c.items.some((x, i) => JSON.stringify(x) !== JSON.stringify(cellOf(f.items[i]!)))) throw new Error('the cells are not the full answer’s rows, in its order, field for field');
    const tag = String(cells.headers.etag);

    const cases: [string, string, Record<string, string>, number][] = [
      ['a month with no appointments (baseline)', emptyUrl, cookie, 200],
      ['full answer', url, cookie, 200],
      ['full answer, brotli', url, { ...cookie, 'accept-encoding': 'br' }, 200],
      ['full answer, gzip', url, { ...cookie, 'accept-encoding': 'gzip' }, 200],
      ['calendar cells', cellsUrl, cookie, 200],
      ['calendar cells, brotli', cellsUrl, { ...cookie, 'accept-encoding': 'br' }, 200],
      ['calendar cells, gzip', cellsUrl, { ...cookie, 'accept-encoding': 'gzip' }, 200],
      ['calendar cells, unchanged (If-None-Match → 304)', cellsUrl, { ...cookie, 'accept-encoding': 'br', 'if-none-match': tag }, 304],
    ];
    const single: MonthCase[] = [];
    for (const [label, u, headers, want] of cases) single.push(await oneAtATime(base, label, u, headers, want, problems));
    const load = runLoad ? await monthUnderLoad(runLoad, base, cellsUrl, cookie, tag, database, problems) : undefined;
    return { ok: problems.length === 0, problems, dialect: database.dialect, appointments: expected, single, ...(load && { load }) };
  } finally {
    await close();
  }
}

async function oneAtATime(base: string, label: string, url: string, headers: Record<string, string>, want: number, problems: string[]): Promise<MonthCase> {
  const times: number[] = [];
  let last: Answer | undefined;
  for (let i = 0; i < WARMUPS + RUNS; i++) {
    last = await fetchRaw(base, url, headers);
    if (last.status !== want) {
      problems.push(`${label}: expected ${want}, got ${last.status}`);
      break;
    }
    if (i >= WARMUPS) times.push(last.ms);
  }
  times.sort((a, b) => a - b);
  return { label, bytes: last?.body.length ?? 0, medianMs: times.length ? pct(times, 0.5) : NaN, p90Ms: times.length ? pct(times, 0.9) : NaN, status: last?.status ?? 0 };
}

async function monthUnderLoad(
  runLoad: RunLoad,
  base: string,
  cellsUrl: string,
  cookie: { cookie: string },
  tag: string,
  database: Awaited<ReturnType<typeof startBenchApp>>['database'],
  problems: string[],
): Promise<MonthLoad> {
  const browser = { ...cookie, 'accept-encoding': BROWSER_ENCODINGS };
  const sample = await fetchRaw(base, cellsUrl, browser);
  const plain = await fetchRaw(base, cellsUrl, cookie);
  const reads = async () =>
    Number((await database.db.selectFrom('audit_log').select((eb) => eb.fn.countAll().as('n')).where('action', '=', 'read').where('resource_type', '=', 'appointment_list').executeTakeFirstOrThrow()).n);
  const baseline = await runLoad(`${base}/healthz`, {});
  const before = await reads();
  const cells = await runLoad(base + cellsUrl, browser);
  const unchanged = await runLoad(base + cellsUrl, { ...browser, 'if-none-match': tag });
  const written = (await reads()) - before;
  // autocannon counts a 304 as non-2xx: every answer of the second run must be one (a 503 from load
  // shedding is not).
  const answered = cells.ok2xx + unchanged.redirects3xx;
  // Up to one request per connection (per run) is answered, and audited, after the generator's deadline.
  const audit = { written, answered, ok: written >= answered && written <= answered + 2 * CONNECTIONS };
  for (const [label, r, non2xx] of [['GET /healthz', baseline, 0], ['the month’s cells', cells, 0], ['the unchanged month (304)', unchanged, unchanged.total]] as const) {
    if (r.errors + r.timeouts > 0 || r.non2xx !== non2xx) problems.push(`${label} under load: ${r.errors + r.timeouts} errors or timeouts, ${r.non2xx} non-2xx`);
  }
  if (unchanged.redirects3xx !== unchanged.non2xx || unchanged.ok2xx > 0) problems.push(`the unchanged month under load: ${unchanged.total - unchanged.redirects3xx} of ${unchanged.total} answers were not 304`);
  if (!audit.ok) problems.push(`audit: ${written} read rows for ${answered} answers`);
  return { connections: CONNECTIONS, baseline, cells, unchanged, wireBytes: sample.body.length, encoding: String(sample.headers['content-encoding'] ?? 'identity'), plainBytes: plain.body.length, audit };
}

const kB = (n: number) => `${(n / 1000).toFixed(1)} kB`;

export function printMonth(f: MonthFigures): void {
  console.log(`\nThe calendar month: ${f.appointments} appointments, one request at a time (${RUNS} after ${WARMUPS} warm-ups), ${f.dialect}; goal: answer ≤ ${MONTH_GOAL.bytes.toLocaleString('en-US')} bytes`);
  printTable([['GET /api/appointments (March 2027)', 'bytes', 'median ms', 'p90 ms', 'status'], ...f.single.map((c) => [c.label, String(c.bytes), c.medianMs.toFixed(1), c.p90Ms.toFixed(1), String(c.status)])]);
  const l = f.load;
  if (l) {
    console.log(`\nThe month under load: ${l.connections} connections, Accept-Encoding: ${BROWSER_ENCODINGS}; goal p99 ≤ ${MONTH_GOAL.p99Ms} ms with ${MONTH_GOAL.connections} connections`);
    printTable([
      loadHeader('/healthz'),
      loadRow('GET /healthz (bare route, same run)', l.baseline, l.baseline),
      loadRow(`GET /api/appointments?view=calendar (${f.appointments}, ${l.encoding})`, l.cells, l.baseline),
      loadRow('the same, If-None-Match (304)', l.unchanged, l.baseline),
    ]);
    console.log(`bytes on the wire: ${kB(l.wireBytes)} (${l.encoding}); ${kB(l.plainBytes)} uncompressed. p99 ${l.cells.p99} ms: ${l.cells.p99 <= MONTH_GOAL.p99Ms ? 'meets' : 'misses'} the goal; bytes ${l.wireBytes <= MONTH_GOAL.bytes ? 'meet' : 'miss'} it on the wire, ${l.plainBytes <= MONTH_GOAL.bytes ? 'meet' : 'miss'} it uncompressed`);
    console.log(`audit 'read appointment_list' rows during the two runs: ${l.audit.written}; answers counted: ${l.audit.answered}${l.audit.ok ? ' OK: one per answer' : ' MISMATCH'}`);
  }
  if (f.problems.length) console.log(`FAILED:\n  ${f.problems.join('\n  ')}`);
}

/** BENCH_ONLY=month: measures and prints; false on any problem. */
export async function benchMonthAnswer(pgAdmin: string | undefined, runLoad?: RunLoad): Promise<boolean> {
  const f = await measureMonth(pgAdmin, runLoad);
  printMonth(f);
  return f.ok;
}
