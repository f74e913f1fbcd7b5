// `BENCH_ONLY=table npm run bench` (and the end of the default run): issue 16's table, measured now.
// Runs each part (each prints its own section first), then prints one row per line of the issue —
// | what | baseline (same run) | now | goal | met? | — every figure beside the baseline its part
// measured in the same run:
//   the month's answer under 10 connections (month-answer.ts)  beside GET /healthz, the bare route
//   the month rendered in Chromium (calendar.ts benchRender)   beside a static page
//   client search q=mar (search.ts)                            beside the plain first list page
//   the audited list (list-tail.ts benchListTail)              beside the raw better-sqlite3 50-row select route
//   restart → first /healthz, idle RSS (startup.ts)            beside a bare `node -e` http server
// The render and list parts come from other branches of issue 16: when this checkout's module does
// not export the function yet (or, for list-tail.ts, does not exist), its row says so ("not
// measured") rather than guessing a figure.
// Returns false when a part failed (an error, a wrong answer, an audit row missing); a missed
// goal is shown as "no", not failed.
import * as calendar from './calendar.js';
import type { LoadResult } from './load.js';
import { measureMonth, MONTH_GOAL } from './month-answer.js';
import { benchSearch } from './search.js';
import { measureStartup } from './startup.js';
import type { RunLoad } from './table.js';

/** calendar.ts (lane calendar): Chromium's month view of the 2,000 appointments, data → painted, beside a static page. */
export type BenchRender = (pgUrl?: string) => Promise<{ dataToPaintedMs: number; longestTaskMs: number; baselineMs: number; events: number }>;
/** list-tail.ts (lane listtail): the audited 50-client page beside the raw better-sqlite3 select route, same run. */
export type BenchListTail = (pgUrl?: string) => Promise<{ raw: LoadResult; audited: LoadResult; ratio: number; auditOk: boolean }>;

type Row = [what: string, baseline: string, now: string, goal: string, met: string];

/** The function `name` of a bench module, when this checkout's module exports it. */
function exported<F>(module: object, name: string): F | undefined {
  const f = (module as Record<string, unknown>)[name];
  return typeof f === 'function' ? (f as F) : undefined;
}

/** The function `name` of bench/lib/`file`, or undefined when this checkout has no such file or export. */
async function exportedBy<F>(file: string, name: string): Promise<F | undefined> {
  try {
    // A specifier in a variable: the file may not exist in this checkout, which is not an error here.
    const specifier = `./${file}`;
    return exported<F>((await import(specifier)) as object, name);
  } catch (err) {
    const e = err as { code?: string; message?: string };
    if (e.code === 'ERR_MODULE_NOT_FOUND' && e.message?.includes(file.replace(/\.js$/, ''))) return undefined;
    throw err;
  }
}

const yes = (ok: boolean) => (ok ? 'yes' : 'no');
const ms = (n: number) => `${Math.round(n).toLocaleString('en-US')} ms`;
const kB = (bytes: number) => `${(bytes / 1000).toFixed(0)} kB`;
const rps = (r: LoadResult) => `${Math.round(r.requestsPerSecond).toLocaleString('en-US')} req/s`;
const notMeasured = (what: string, file: string, fn: string): Row => [what, '-', `not measured: bench/lib/${file} exports no ${fn} in this checkout`, '', '-'];

export async function benchIssue16Table(pgUrl: string | undefined, runLoad: RunLoad): Promise<boolean> {
  const rows: Row[] = [];
  let ok = true;

  const month = await measureMonth(pgUrl, runLoad);
  ok &&= month.ok;
  const load = month.load!;
  rows.push([
    `calendar month, ${month.appointments.toLocaleString('en-US')} appointments: GET /api/appointments?view=calendar, ${load.connections} connections`,
    `GET /healthz: p50 ${load.baseline.p50} / p99 ${load.baseline.p99} ms`,
    `p50 ${load.cells.p50} / p99 ${load.cells.p99} ms; ${kB(load.wireBytes)} on the wire (${load.encoding}), ${kB(load.plainBytes)} plain; 304: p99 ${load.unchanged.p99} ms`,
    `≤ ${MONTH_GOAL.p99Ms} ms p99 with ${MONTH_GOAL.connections} connections, ≤ ${kB(MONTH_GOAL.bytes)}`,
    `p99 ${yes(load.cells.p99 <= MONTH_GOAL.p99Ms && load.connections >= MONTH_GOAL.connections)}, bytes ${yes(load.wireBytes <= MONTH_GOAL.bytes)} (plain ${yes(load.plainBytes <= MONTH_GOAL.bytes)})`,
  ]);

  const benchRender = exported<BenchRender>(calendar, 'benchRender');
  if (benchRender) {
    const r = await benchRender(pgUrl);
    rows.push([
      `the same month rendered in Chromium's month view (${r.events.toLocaleString('en-US')} events)`,
      `a static page: ${ms(r.baselineMs)}`,
      `data → painted ${ms(r.dataToPaintedMs)}; longest task ${ms(r.longestTaskMs)}`,
      '≤ 300 ms data → painted, no task over 50 ms',
      yes(r.dataToPaintedMs <= 300 && r.longestTaskMs <= 50),
    ]);
  } else rows.push(notMeasured("the same month rendered in Chromium's month view", 'calendar.ts', 'benchRender'));

  const search = await benchSearch(pgUrl, runLoad);
  ok &&= search.ok;
  rows.push([
    'client search over 10,000 encrypted clients ("mar", ~half match)',
    `first list page, no search: p50 ${search.baseline.p50} ms, ${rps(search.baseline)}`,
    `p50 ${search.mar.p50} ms, ${rps(search.mar)}`,
    'p50 ≤ 10 ms, ≥ 1,000 req/s',
    yes(search.mar.p50 <= 10 && search.mar.requestsPerSecond >= 1000),
  ]);

  const benchListTail = await exportedBy<BenchListTail>('list-tail.js', 'benchListTail');
  if (benchListTail) {
    const l = await benchListTail(pgUrl);
    ok &&= l.auditOk;
    rows.push([
      'audited, decrypting 50-client page vs a raw better-sqlite3 50-row select',
      `raw select route: ${rps(l.raw)}, p99 ${l.raw.p99} ms`,
      `${l.ratio.toFixed(2)}× the raw route's req/s (${rps(l.audited)}); p99 ${l.audited.p99} ms${l.auditOk ? '' : '; AUDIT MISMATCH'}`,
      '≥ 0.6×, p99 ≤ 15 ms',
      yes(l.ratio >= 0.6 && l.audited.p99 <= 15),
    ]);
  } else rows.push(notMeasured('audited, decrypting 50-client page vs a raw better-sqlite3 50-row select', 'list-tail.ts', 'benchListTail'));

  const start = await measureStartup();
  ok &&= start.ok;
  rows.push(['restart of a running installation to first /healthz', `bare node http server: ${ms(start.baselineMs)}`, ms(start.restartMs), '≤ 1 s', yes(start.restartMs <= 1000)]);
  rows.push(['idle RSS of one web process', `bare node http server: ${start.baselineRssMb.toFixed(0)} MB`, `${start.idleRssMb.toFixed(0)} MB`, '≤ 120 MB', yes(start.idleRssMb <= 120)]);

  console.log(`\nIssue 16, measured now (${month.dialect}, Node ${process.version}; each beside its baseline from the same run):\n`);
  // As the issue writes its table (Markdown), so the lines paste into it; columns padded to read here too.
  const all: string[][] = [['what', 'baseline (same run)', 'now', 'goal', 'met?'], ...rows];
  const widths = all[0]!.map((_, i) => Math.max(...all.map((r) => r[i]!.length)));
  const line = (r: readonly string[]) => `| ${r.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  console.log([line(all[0]!), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n'));
  if (!ok) console.log('\nFAILED: a part had errors, a wrong answer or an audit mismatch (see its section above)');
  return ok;
}
