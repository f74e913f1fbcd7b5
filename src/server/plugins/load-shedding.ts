// Load shedding: when this process is past what it can answer well, a request is refused at once
// with 503, `Retry-After` and `{ error: { code: 'overloaded' } }`, before its session is looked up,
// rather than queued until every request is slow. Three signals, any of which sheds:
//   - event-loop delay (loopDelayMonitor below): CPU-bound;
//   - V8 heap in use (@fastify/under-pressure): memory-bound;
//   - requests in flight (MAX_INFLIGHT_REQUESTS): a slow database keeps the event loop idle while
//     requests pile up waiting on it, which the loop delay never shows. Only the API and the
//     WebSocket count: the app's files never wait on the database.
// Only the API and the WebSocket are ever shed. Health, metrics and status routes never are: a load
// balancer and the status page must still see the instance while it protects itself. Nor are the
// app's own files: they cost a file read, and a refused lazy chunk would leave a blank page where
// the page should be saying "retrying".
import { monitorEventLoopDelay } from 'node:perf_hooks';
import underPressure from '@fastify/under-pressure';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../config.js';

export const RETRY_AFTER_SECONDS = 5;

const EXEMPT = new Set(['/healthz', '/readyz', '/metrics', '/status', '/api/status/page', '/api/status/active', '/status/history.atom']);
const EXEMPT_PREFIXES = ['/api/v2/'];

/** Paths never shed (matched on the path without its query). */
export function exemptFromShedding(url: string): boolean {
  const q = url.indexOf('?');
  const pathname = q === -1 ? url : url.slice(0, q);
  return EXEMPT.has(pathname) || pathname === '/api/v2' || EXEMPT_PREFIXES.some((p) => pathname.startsWith(p));
}

/**
 * Requests the guard may shed, and the in-flight limit counts: the API and the WebSocket, which
 * wait on the database. The app's code and its shell (hashed files and HTML read from disk) never
 * do: refusing a page's lazy chunk would break the page that should be saying "retrying" instead.
 */
export function countedInFlight(url: string): boolean {
  return url.startsWith('/api/') || url === '/ws' || url.startsWith('/ws?');
}

/** How far behind this process's event loop runs, in ms: what the loop-delay guard reads. */
export interface LoopDelayMonitor {
  readonly delayMs: number;
  /** Forget what was measured so far (the server starts listening: start-up work is not load). */
  reset(): void;
  stop(): void;
}

/**
 * Samples the event-loop delay every `sampleMs`: the mean lateness of a `resolution`-ms timer over
 * the last sample (node:perf_hooks monitorEventLoopDelay, as @fastify/under-pressure measures it).
 * When the loop was held the whole sample, no timer fired and there is no mean: under-pressure then
 * reads Infinity and refuses everything for a second more, even after one long start-up step (a
 * CI run lost a scenario to it right after a restart). Here the delay is then how late the sample
 * itself came, which is how long the loop was held, at least.
 */
export function loopDelayMonitor(sampleMs = 1000, resolution = 10): LoopDelayMonitor {
  const histogram = monitorEventLoopDelay({ resolution });
  histogram.enable();
  let delayMs = 0;
  let last = performance.now();
  const timer = setInterval(() => {
    const now = performance.now();
    const late = Math.max(0, now - last - sampleMs);
    last = now;
    delayMs = histogram.count > 0 ? Math.max(0, histogram.mean / 1e6 - resolution) : late;
    histogram.reset();
  }, sampleMs);
  timer.unref();
  return {
    get delayMs() {
      return delayMs;
    },
    reset() {
      histogram.reset();
      last = performance.now();
      delayMs = 0;
    },
    stop() {
      clearInterval(timer);
      histogram.disable();
    },
  };
}

export type ShedReason = 'event_loop_delay' | 'heap' | 'inflight' | 'other';

export interface LoadShedding {
  /** Requests being answered now (not counting exempt routes). */
  readonly inflight: number;
  readonly maxInflight: number;
}

export const OVERLOADED_BODY = { error: { code: 'overloaded', message: 'Hearth is busy; retrying shortly will work' } } as const;

function shed(reply: FastifyReply) {
  return reply.code(503).header('retry-after', String(RETRY_AFTER_SECONDS)).header('cache-control', 'no-store');
}

export async function registerLoadShedding(
  app: FastifyInstance,
  config: Pick<Config, 'maxEventLoopDelayMs' | 'maxHeapUsedBytes' | 'maxInflightRequests'>,
  onShed: (reason: ShedReason) => void = () => undefined,
): Promise<LoadShedding> {
  const state = { inflight: 0 };
  const maxInflight = config.maxInflightRequests;

  const loop = config.maxEventLoopDelayMs > 0 ? loopDelayMonitor() : null;
  if (loop) {
    app.addHook('onListen', async () => loop.reset());
    app.addHook('onClose', async () => loop.stop());
  }

  // First: a request over either limit costs nothing more than this check.
  app.addHook('onRequest', async (req: FastifyRequest, reply: FastifyReply) => {
    if (exemptFromShedding(req.url) || !countedInFlight(req.url)) return;
    if (maxInflight > 0 && state.inflight >= maxInflight) {
      onShed('inflight');
      return shed(reply).send(OVERLOADED_BODY);
    }
    if (loop && loop.delayMs > config.maxEventLoopDelayMs) {
      onShed('event_loop_delay');
      return shed(reply).send(OVERLOADED_BODY);
    }
    state.inflight++;
    let counted = true;
    // 'close' comes once the answer is written or the connection is gone, whichever is first.
    reply.raw.once('close', () => {
      if (counted) state.inflight--;
      counted = false;
    });
  });

  // The heap: under-pressure samples it (its loop-delay check is off: the monitor above reads it).
  await app.register(underPressure, {
    maxEventLoopDelay: 0,
    maxHeapUsedBytes: config.maxHeapUsedBytes,
    retryAfter: RETRY_AFTER_SECONDS,
    pressureHandler: (req, reply, type) => {
      if (exemptFromShedding(req.url) || !countedInFlight(req.url)) return undefined;
      onShed(type === 'heapUsedBytes' ? 'heap' : 'other');
      shed(reply);
      // A value returned is sent by under-pressure, which then ends the hook chain (no session
      // lookup follows); its types only allow void, though the code sends any non-null result.
      return OVERLOADED_BODY as unknown as undefined;
    },
  });

  return {
    get inflight() {
      return state.inflight;
    },
    maxInflight,
  };
}
