// The load generator, run in its own process by bench/run.ts so that it does not share the
// server's event loop or skew its memory figures. Reads its job from BENCH_LOAD (JSON: url,
// connections, duration, headers) rather than argv, so the session cookie never shows in `ps`.
import autocannon from 'autocannon';
import { loadJob } from './load-job.js';

interface Job {
  url: string;
  connections: number;
  duration: number;
  headers: Record<string, string>;
}

export interface LoadResult {
  requestsPerSecond: number;
  total: number;
  ok2xx: number;
  /** Of non2xx: the 3xx answers (a conditional GET's 304s). */
  redirects3xx: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  p50: number;
  p99: number;
  max: number;
}

const job = loadJob<Job>('BENCH_LOAD', 'bench/run.ts');
const r = await autocannon({ url: job.url, connections: job.connections, duration: job.duration, headers: job.headers });
const out: LoadResult = {
  requestsPerSecond: r.requests.average,
  total: r.requests.total,
  ok2xx: r['2xx'],
  redirects3xx: r['3xx'],
  non2xx: r.non2xx,
  errors: r.errors,
  timeouts: r.timeouts,
  p50: r.latency.p50,
  p99: r.latency.p99,
  max: r.latency.max,
};
process.stdout.write(JSON.stringify(out));
