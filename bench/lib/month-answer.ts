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
// not decode: a browser does that as the bytes arrive). Fails (false) on a wrong status, a total
// that is not the month's, or cells that are not the full answer's rows in its order.
import http from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { startBenchApp } from './bench-app.js';
import { bookMonth, monthUrl } from './calendar.js';

const RUNS = Number.parseInt(process.env.BENCH_MONTH_RUNS ?? '20', 10);
const WARMUPS = 3;
const GOAL_BYTES = 300_000;

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

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;

export async function benchMonthAnswer(pgAdmin: string | undefined): Promise<boolean> {
  const { app, database, base, owner, close } = await startBenchApp(pgAdmin, 'month');
  let ok = true;
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
    const f = decode(full) as { items: { id: string; start: string; status: string }[]; total: number };
    const c = decode(cells) as { items: { id: string; start: string; status: string }[]; total: number };
    if (full.status !== 200 || cells.status !== 200 || f.total !== expected || c.total !== expected || f.items.length !== expected) {
      throw new Error(`month answer: ${full.status}/${cells.status}, totals ${f.total}/${c.total}, expected ${expected}`);
    }
    if (c.items.some((x, i) => x.id !== f.items[i]!.id || x.start !== f.items[i]!.start || x.status !== f.items[i]!.status)) throw new Error('the cells are not the full answer’s rows in its order');
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
    const rows: string[][] = [['GET /api/appointments (March 2027)', 'bytes', 'median ms', 'p90 ms', 'status']];
    for (const [label, u, headers, want] of cases) {
      const times: number[] = [];
      let last: Answer | undefined;
      for (let i = 0; i < WARMUPS + RUNS; i++) {
        last = await fetchRaw(base, u, headers);
        if (last.status !== want) {
          ok = false;
          console.error(`${label}: expected ${want}, got ${last.status}`);
          break;
        }
        if (i >= WARMUPS) times.push(last.ms);
      }
      times.sort((a, b) => a - b);
      rows.push([label, String(last?.body.length ?? 0), times.length ? pct(times, 0.5).toFixed(1) : '-', times.length ? pct(times, 0.9).toFixed(1) : '-', String(last?.status ?? '-')]);
    }
    console.log(`\nThe calendar month: ${expected} appointments, one request at a time (${RUNS} after ${WARMUPS} warm-ups), ${database.dialect}; goal: answer ≤ ${GOAL_BYTES.toLocaleString('en-US')} bytes`);
    const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
    for (const r of rows) console.log(r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  '));
    return ok;
  } finally {
    await close();
  }
}
