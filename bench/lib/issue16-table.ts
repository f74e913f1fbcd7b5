// `BENCH_ONLY=table npm run bench` (and the end of the default run): issue 16's table, measured now.
// Runs each part (each prints its own section first), then prints one row per line of the issue —
// | what | baseline (same run) | now | goal | met? | — every figure beside the baseline its part
// measured in the same run:
//   the month's answer under 10 connections (month-answer.ts)  beside GET /healthz, the bare route
//   the month rendered in Chromium (calendar.ts benchRender)   beside the same month with no appointments (a static page)
//   client search q=mar (search.ts)                            beside the plain first list page
//   the audited list (list-tail.ts benchListTail)              beside the raw better-sqlite3 50-row select route
//   restart → first /healthz, idle RSS (startup.ts)            beside a bare `node -e` http server
// Returns false when a part failed (an error, a wrong answer, an audit row missing); a missed
// goal is shown as "no", not failed.
import { benchRender } from './calendar.js';
import { benchListTail } from './list-tail.js';
import type { LoadResult } from './load.js';
import { measureMonth, MONTH_GOAL } from './month-answer.js';
import { benchSearch } from './search.js';
import { measureStartup } from './startup.js';
import type { RunLoad } from './table.js';

type Row = [what: string, baseline: string, now: string, goal: string, met: string];

const yes = (ok: boolean) => (ok ? 'yes' : 'no');
const ms = (n: number) => `${Math.round(n).toLocaleString('en-US')} ms`;
const kB = (bytes: number) => `${(bytes / 1000).toFixed(0)} kB`;
const rps = (r: LoadResult) => `${Math.round(r.requestsPerSecond).toLocaleString('en-US')} req/s`;

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

  {
    const r = await benchRender(pgUrl);
    rows.push([
      `the same month rendered in Chromium's month view (${r.events.toLocaleString('en-US')} events)`,
      `the same month, no appointments: ${ms(r.baselineMs)}`,
      `data → painted ${ms(r.dataToPaintedMs)}; longest task ${ms(r.longestTaskMs)}`,
      '≤ 300 ms data → painted, no task over 50 ms',
      yes(r.dataToPaintedMs <= 300 && r.longestTaskMs <= 50),
    ]);
  }

  const search = await benchSearch(pgUrl, runLoad);
  ok &&= search.ok;
  rows.push([
    'client search over 10,000 encrypted clients ("mar", ~half match)',
    `first list page, no search: p50 ${search.baseline.p50} ms, ${rps(search.baseline)}`,
    `p50 ${search.mar.p50} ms, ${rps(search.mar)}`,
    'p50 ≤ 10 ms, ≥ 1,000 req/s',
    yes(search.mar.p50 <= 10 && search.mar.requestsPerSecond >= 1000),
  ]);

  {
    const l = await benchListTail(pgUrl);
    ok &&= l.auditOk;
    rows.push([
      'audited, decrypting 50-client page vs a raw better-sqlite3 50-row select',
      `raw select route: ${rps(l.raw)}, p99 ${l.raw.p99} ms`,
      `${l.ratio.toFixed(2)}× the raw route's req/s (${rps(l.audited)}); p99 ${l.audited.p99} ms${l.auditOk ? '' : '; AUDIT MISMATCH'}`,
      '≥ 0.6×, p99 ≤ 15 ms',
      yes(l.ratio >= 0.6 && l.audited.p99 <= 15),
    ]);
  }

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
