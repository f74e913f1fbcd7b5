// Load shedding: when this process is past what it can answer well, a request is refused at once
// with 503, `Retry-After` and `{ error: { code: 'overloaded' } }`, before its session is looked up,
// rather than queued until every request is slow. Three signals, any of which sheds:
//   - event-loop delay and V8 heap in use (@fastify/under-pressure): CPU-bound or memory-bound;
//   - requests in flight (MAX_INFLIGHT_REQUESTS): a slow database keeps the event loop idle while
//     requests pile up waiting on it, which the loop delay never shows. Only the API and the
//     WebSocket count: the app's files never wait on the database.
// Health, metrics and status routes are never shed: a load balancer and the status page must
// still see the instance while it protects itself.
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
 * Requests the in-flight limit counts: the API and the WebSocket, which wait on the database. The
 * app's code and its shell (hashed files and HTML read from disk) never do: refusing a page's lazy
 * chunk would break the page that should be saying "retrying" instead.
 */
export function countedInFlight(url: string): boolean {
  return url.startsWith('/api/') || url === '/ws' || url.startsWith('/ws?');
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

  // First: a request over the in-flight limit costs nothing more than this check.
  app.addHook('onRequest', async (req: FastifyRequest, reply: FastifyReply) => {
    if (exemptFromShedding(req.url) || !countedInFlight(req.url)) return;
    if (maxInflight > 0 && state.inflight >= maxInflight) {
      onShed('inflight');
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

  await app.register(underPressure, {
    maxEventLoopDelay: config.maxEventLoopDelayMs,
    maxHeapUsedBytes: config.maxHeapUsedBytes,
    retryAfter: RETRY_AFTER_SECONDS,
    pressureHandler: (req, reply, type) => {
      if (exemptFromShedding(req.url)) return undefined;
      onShed(type === 'eventLoopDelay' ? 'event_loop_delay' : type === 'heapUsedBytes' ? 'heap' : 'other');
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
