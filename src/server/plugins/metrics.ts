// Prometheus metrics at GET /metrics, from a registry of this app's own (never prom-client's global
// one, so several apps in one process — tests, the bench — keep their counts apart).
//
// Labels are route patterns (`/api/clients/:id`), methods and status classes only: never a raw URL,
// which may carry ids or search terms. No metric carries PHI.
//
// Access: a request bearing `Authorization: Bearer <METRICS_TOKEN>` (compared in constant time), or
// from an address in METRICS_ALLOW (default: this host only). Anyone else gets the same 404 as an
// unknown route, so the endpoint is not advertised.
import { createHash, timingSafeEqual } from 'node:crypto';
import { BlockList, isIPv4 } from 'node:net';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Config } from '../config.js';
import type { Clock } from '../lib/clock.js';
import type { ShedReason } from './load-shedding.js';

/** Where the gauges read from, at scrape time. */
export interface MetricsSources {
  clock: Clock;
  /** Open WebSockets: staff and portal sockets, and call signaling connections. */
  sockets: () => { app: number; signaling: number };
  inflight: () => number;
  /** Due time (epoch ms) of the oldest reminder / notification still waiting to be sent; null: none. */
  reminderOldestDue: () => Promise<number | null>;
  notificationOldestDue: () => Promise<number | null>;
  /** The outbox consumers, and when the oldest event each has not finished was emitted. */
  outboxConsumers: () => { name: string; oldestPending: () => Promise<number | null> }[];
}

/** A small read API over the same figures, for the status page and other in-process readers. */
export interface MetricsSnapshot {
  requests: number;
  errors5xx: number;
  shed: number;
  inflight: number;
  sockets: { app: number; signaling: number };
  /** Event-loop delay p99 (ms) since the process started; null before the first sample. */
  eventLoopDelayP99Ms: number | null;
  /** Seconds the oldest due item has waited; 0: none waiting; null: could not be read in time. */
  lagSeconds: { reminders: number | null; notifications: number | null; outbox: number | null };
}

export interface Metrics {
  registry: Registry;
  /** Counts one shed request (the load-shedding plugin calls it). */
  shed(reason: ShedReason): void;
  /** Counts one answered request (the onResponse hook below calls it). */
  observe(method: string, route: string, status: number, seconds: number): void;
  snapshot(): Promise<MetricsSnapshot>;
}

/** A lag query must answer within this, or its gauge keeps its last value (a scrape never hangs). */
const LAG_QUERY_TIMEOUT_MS = 500;

export function statusClass(code: number): string {
  return `${Math.floor(code / 100)}xx`;
}

async function within<T>(p: Promise<T>, ms: number): Promise<T | typeof TIMED_OUT> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([p, new Promise<typeof TIMED_OUT>((r) => (timer = setTimeout(() => r(TIMED_OUT), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}
const TIMED_OUT = Symbol('timed out');

export function createMetrics(sources: MetricsSources): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: 10 });
  const requests = new Counter({ name: 'http_requests_total', help: 'HTTP requests answered, by route pattern and status class', labelNames: ['method', 'route', 'status_class'] as const, registers: [registry] });
  const duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Time from request to answer, by route pattern',
    labelNames: ['method', 'route'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const errors = new Counter({ name: 'http_errors_total', help: 'HTTP answers with a 5xx status, by route pattern', labelNames: ['method', 'route', 'status'] as const, registers: [registry] });
  const shed = new Counter({ name: 'shed_requests_total', help: 'Requests refused with 503 overloaded by load shedding, by reason', labelNames: ['reason'] as const, registers: [registry] });
  new Gauge({ name: 'http_requests_in_flight', help: 'Requests being answered now (exempt routes not counted)', registers: [registry], collect() { this.set(sources.inflight()); } });
  new Gauge({
    name: 'websocket_connections',
    help: 'Open WebSockets: kind=app (staff and portal sockets), kind=signaling (call signaling connections)',
    labelNames: ['kind'] as const,
    registers: [registry],
    collect() {
      const s = sources.sockets();
      this.set({ kind: 'app' }, s.app);
      this.set({ kind: 'signaling' }, s.signaling);
    },
  });
  const lag = { reminders: null as number | null, notifications: null as number | null, outbox: null as number | null };
  const lagOf = async (oldest: () => Promise<number | null>): Promise<number | null> => {
    try {
      const at = await within(oldest(), LAG_QUERY_TIMEOUT_MS);
      if (at === TIMED_OUT) return null;
      return at === null ? 0 : Math.max(0, (sources.clock.now() - at) / 1000);
    } catch {
      return null;
    }
  };
  new Gauge({
    name: 'queue_lag_seconds',
    help: 'Age of the oldest due item not yet handled: queue=reminders|notifications (due and unsent), queue=outbox (events a consumer has not finished)',
    labelNames: ['queue'] as const,
    registers: [registry],
    async collect() {
      const [reminders, notifications, outbox] = await Promise.all([
        lagOf(sources.reminderOldestDue),
        lagOf(sources.notificationOldestDue),
        (async () => {
          const each = await Promise.all(sources.outboxConsumers().map((c) => lagOf(c.oldestPending)));
          return each.some((v) => v === null) ? null : Math.max(0, ...(each as number[]));
        })(),
      ]);
      // A query that did not answer in time leaves the last value standing.
      if (reminders !== null) this.set({ queue: 'reminders' }, (lag.reminders = reminders));
      if (notifications !== null) this.set({ queue: 'notifications' }, (lag.notifications = notifications));
      if (outbox !== null) this.set({ queue: 'outbox' }, (lag.outbox = outbox));
    },
  });

  const metrics: Metrics = {
    registry,
    shed: (reason) => shed.inc({ reason }),
    observe(method, route, status, seconds) {
      requests.inc({ method, route, status_class: statusClass(status) });
      duration.observe({ method, route }, seconds);
      if (status >= 500) errors.inc({ method, route, status: String(status) });
    },
    async snapshot() {
      const sum = async (c: Counter) => (await c.get()).values.reduce((n, v) => n + v.value, 0);
      const loop = (await registry.getSingleMetric('nodejs_eventloop_lag_p99_seconds')?.get())?.values[0]?.value;
      const [reminders, notifications, outboxEach] = await Promise.all([
        lagOf(sources.reminderOldestDue),
        lagOf(sources.notificationOldestDue),
        Promise.all(sources.outboxConsumers().map((c) => lagOf(c.oldestPending))),
      ]);
      return {
        requests: await sum(requests),
        errors5xx: await sum(errors),
        shed: await sum(shed),
        inflight: sources.inflight(),
        sockets: sources.sockets(),
        eventLoopDelayP99Ms: loop === undefined || !Number.isFinite(loop) ? null : loop * 1000,
        lagSeconds: { reminders, notifications, outbox: outboxEach.some((v) => v === null) ? null : Math.max(0, ...(outboxEach as number[])) },
      };
    },
  };
  return metrics;
}

/** Constant-time comparison of a presented bearer token with the configured one. */
function tokenMatches(header: string | undefined, token: string | undefined): boolean {
  if (!token || !header) return false;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!m) return false;
  // Hashing first makes both sides the same length, so the comparison leaks no length either.
  const a = createHash('sha256').update(m[1]!).digest();
  const b = createHash('sha256').update(token).digest();
  return timingSafeEqual(a, b);
}

function allowList(entries: Config['metrics']['allow']): BlockList {
  const list = new BlockList();
  for (const e of entries) list.addSubnet(e.address, e.prefix, e.family);
  return list;
}

/** The address as the allow-list sees it: IPv4-mapped IPv6 (::ffff:10.0.0.1) as plain IPv4. */
function allowed(list: BlockList, ip: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip)?.[1];
  const address = mapped ?? ip;
  try {
    return list.check(address, isIPv4(address) ? 'ipv4' : 'ipv6');
  } catch {
    return false;
  }
}

/** Times every request and serves GET /metrics to the allowed. */
export function registerMetrics(app: FastifyInstance, config: Pick<Config, 'metrics'>, metrics: Metrics): void {
  app.addHook('onResponse', async (req: FastifyRequest, reply: FastifyReply) => {
    // The route pattern, never the URL; requests that matched no route share one label.
    const route = req.routeOptions.url ?? 'unmatched';
    metrics.observe(req.method, req.is404 ? 'unmatched' : route, reply.statusCode, reply.elapsedTime / 1000);
  });

  const list = allowList(config.metrics.allow);
  app.get('/metrics', { config: { public: true }, schema: { hide: true } }, async (req, reply) => {
    if (!tokenMatches(req.headers.authorization, config.metrics.token) && !allowed(list, req.ip)) {
      return reply.code(404).send({ error: { code: 'not_found', message: `No route GET /metrics` } });
    }
    const text = await metrics.registry.metrics();
    return reply.header('content-type', metrics.registry.contentType).header('cache-control', 'no-store').send(text);
  });
}
