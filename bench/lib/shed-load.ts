// The shed bench's load generator, in its own process (bench/lib/shed.ts runs it) so it does not
// share the server's event loop. Reads its job from BENCH_SHED_LOAD (JSON: url, path, cookie,
// connections, duration, rate, clients) and checks every answer: a 200 must be the whole list
// (items.length === total === clients), a 503 must carry Retry-After and code "overloaded".
// Prints one JSON line: counts, and p50/p99/max latency of the accepted (200) answers.
import http from 'node:http';
import autocannon from 'autocannon';
import { loadJob } from './load-job.js';

interface Job {
  url: string;
  path: string;
  cookie: string;
  connections: number;
  duration: number;
  /** Requests per second across all connections; 0: as fast as the connections allow. */
  rate: number;
  clients: number;
}

export interface ShedLoadResult {
  total: number;
  ok: number;
  shed: number;
  partial: number;
  shedWithoutRetryAfter: number;
  other: number;
  errors: number;
  timeouts: number;
  p50ok: number;
  p99ok: number;
  maxok: number;
}

const job = loadJob<Job>('BENCH_SHED_LOAD', 'bench/lib/shed.ts');
const out = { ok: 0, shed: 0, partial: 0, shedWithoutRetryAfter: 0, other: 0 };
const okLatencies: number[] = [];

function check(status: number, body: string, retryAfter: string | undefined) {
  if (status === 200) {
    const page = JSON.parse(body) as { items: unknown[]; total: number };
    if (page.items.length === page.total && page.total === job.clients) out.ok++;
    else out.partial++;
  } else if (status === 503) {
    out.shed++;
    if (!(Number(retryAfter) > 0) || (JSON.parse(body) as { error?: { code?: string } }).error?.code !== 'overloaded') out.shedWithoutRetryAfter++;
  } else out.other++;
}

let total = 0;
let errors = 0;
let timeouts = 0;
if (job.rate > 0) {
  // Open loop at a steady rate: a request every 1/rate s whatever the server does, as independent
  // visitors arrive (autocannon's overallRate sends each second's quota in a burst at the start of
  // the second, which an in-flight limit answers by shedding most of the burst).
  const agent = new http.Agent({ keepAlive: true, maxSockets: job.connections });
  const target = new URL(job.path, job.url);
  const one = () =>
    new Promise<void>((resolve) => {
      const started = performance.now();
      const req = http.get(target, { agent, headers: { cookie: job.cookie }, timeout: 10_000 }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (body += d));
        res.on('end', () => {
          total++;
          if (res.statusCode === 200) okLatencies.push(performance.now() - started);
          check(res.statusCode ?? 0, body, res.headers['retry-after']);
          resolve();
        });
      });
      req.on('timeout', () => {
        timeouts++;
        req.destroy();
      });
      req.on('error', () => {
        errors++;
        resolve();
      });
    });
  const pending: Promise<void>[] = [];
  const start = performance.now();
  const count = Math.round(job.rate * job.duration);
  for (let i = 0; i < count; i++) {
    const due = start + (i * 1000) / job.rate;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    pending.push(one());
  }
  await Promise.all(pending);
  agent.destroy();
  errors -= timeouts;
} else {
  // Closed loop (capacity): autocannon, each connection asking again as soon as it is answered.
  const r = await autocannon({
    url: job.url,
    connections: job.connections,
    duration: job.duration,
    timeout: 10,
    requests: [{ method: 'GET', path: job.path, headers: { cookie: job.cookie }, onResponse: (status, body, _ctx, headers) => check(status, body, (headers as Record<string, string | undefined>)['retry-after']) }],
    setupClient: (client) => {
      client.on('response', (status: number, _bytes: number, ms: number) => {
        if (status === 200) okLatencies.push(ms);
      });
    },
  });
  total = r.requests.total;
  errors = r.errors;
  timeouts = r.timeouts;
}
okLatencies.sort((a, b) => a - b);
const pct = (p: number) => okLatencies[Math.min(okLatencies.length - 1, Math.floor((p / 100) * okLatencies.length))] ?? NaN;
const result: ShedLoadResult = {
  total,
  ...out,
  errors,
  timeouts,
  p50ok: Math.round(pct(50)),
  p99ok: Math.round(pct(99)),
  maxok: Math.round(okLatencies.at(-1) ?? NaN),
};
process.stdout.write(JSON.stringify(result));
