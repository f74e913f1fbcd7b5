// The shed bench's load generator, in its own process (bench/lib/shed.ts runs it) so it does not
// share the server's event loop. Reads its job from BENCH_SHED_LOAD (JSON: url, path, cookie,
// connections, duration, rate, clients) and checks every answer: a 200 must be the whole list
// (items.length === total === clients), a 503 must carry Retry-After and code "overloaded".
// Prints one JSON line: counts, and p50/p99/max latency of the accepted (200) answers.
import autocannon from 'autocannon';

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

const job = JSON.parse(process.env.BENCH_SHED_LOAD ?? 'null') as Job | null;
if (!job) {
  console.error('BENCH_SHED_LOAD is not set; this file is run by bench/lib/shed.ts');
  process.exit(2);
}
if (new URL(job.url).hostname !== '127.0.0.1') {
  console.error('The bench only loads 127.0.0.1');
  process.exit(2);
}
const out = { ok: 0, shed: 0, partial: 0, shedWithoutRetryAfter: 0, other: 0 };
const okLatencies: number[] = [];
const r = await autocannon({
  url: job.url,
  connections: job.connections,
  duration: job.duration,
  timeout: 10,
  ...(job.rate > 0 ? { overallRate: job.rate } : {}),
  requests: [
    {
      method: 'GET',
      path: job.path,
      headers: { cookie: job.cookie },
      onResponse: (status, body, _ctx, headers) => {
        if (status === 200) {
          const page = JSON.parse(body) as { items: unknown[]; total: number };
          if (page.items.length === page.total && page.total === job.clients) out.ok++;
          else out.partial++;
        } else if (status === 503) {
          out.shed++;
          const retryAfter = (headers as Record<string, string | undefined>)['retry-after'];
          if (!(Number(retryAfter) > 0) || (JSON.parse(body) as { error?: { code?: string } }).error?.code !== 'overloaded') out.shedWithoutRetryAfter++;
        } else out.other++;
      },
    },
  ],
  setupClient: (client) => {
    client.on('response', (status: number, _bytes: number, ms: number) => {
      if (status === 200) okLatencies.push(ms);
    });
  },
});
okLatencies.sort((a, b) => a - b);
const pct = (p: number) => okLatencies[Math.min(okLatencies.length - 1, Math.floor((p / 100) * okLatencies.length))] ?? NaN;
const result: ShedLoadResult = {
  total: r.requests.total,
  ...out,
  errors: r.errors,
  timeouts: r.timeouts,
  p50ok: Math.round(pct(50)),
  p99ok: Math.round(pct(99)),
  maxok: Math.round(okLatencies.at(-1) ?? NaN),
};
process.stdout.write(JSON.stringify(result));
