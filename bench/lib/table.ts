// A bench's figures as a plain text table: the first column left-aligned, the others right-aligned.
import type { LoadResult } from './load.js';

export function printTable(rows: readonly (readonly string[])[]): void {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  for (const r of rows) console.log(r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  '));
}

/** The header of a table of load runs (loadRow's cells); `versus` names what the last column compares with. */
export const loadHeader = (versus: string) => ['route', 'req/s', 'p50 ms', 'p99 ms', 'max ms', 'requests', 'errors', 'non-2xx', `vs ${versus}`];

/** One load run's cells: req/s, latency, counts, and its req/s as a share of `base`'s. */
export function loadRow(label: string, r: LoadResult, base: LoadResult, digits = 1): string[] {
  return [
    label,
    r.requestsPerSecond.toFixed(0),
    String(r.p50),
    String(r.p99),
    String(r.max),
    String(r.total),
    String(r.errors + r.timeouts),
    String(r.non2xx),
    `${((r.requestsPerSecond / base.requestsPerSecond) * 100).toFixed(digits)}%`,
  ];
}

/** run.ts's load generator (lib/load.ts in its own process): `url` for BENCH_DURATION s with BENCH_CONNECTIONS connections. */
export type RunLoad = (url: string, headers: Record<string, string>) => Promise<LoadResult>;
