// Rate-limit counters in Redis (REDIS_URL), so every instance behind the load balancer counts
// against the same limit: a client spreading requests over N instances gets the limit once, not N
// times. One fixed window per key, counted atomically by a Lua script (INCR, and PEXPIRE on the
// window's first request).
//
// Keys are `hearth:rate:` + (for a route with its own limit) the route's pattern + a hash of the
// client's address: Redis holds no addresses. When Redis cannot be reached (down, restarting,
// slower than a second) each instance counts in its own memory until it is back, so a Redis outage
// neither opens the limits nor fails requests; the switch both ways is logged once.
import { createHash } from 'node:crypto';
import type { FastifyRateLimitStore, FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import type * as IoRedis from 'ioredis';
import type { Redis } from 'ioredis';
import type { FastifyBaseLogger } from 'fastify';
import { lazyRequire } from '../lib/lazy.js';

const NAMESPACE = 'hearth:rate:';

const INCR_IN_WINDOW = `
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return {n, ttl}
`;

type Counted = { current: number; ttl: number };
/** What the plugin hands child() at run time: the route's merged limit options, the route itself under routeInfo. */
export type RouteLimit = { routeInfo?: { method?: string | string[]; url?: string } };
type Callback = (error: Error | null, result?: Counted) => void;
export type RedisWithCounter = Redis & { hearthRateIncr(key: string, windowMs: number): Promise<[number, number]> };

/** This process's fixed-window counters: the fallback while Redis is away. Bounded; the oldest key goes first. */
export class LocalCounters {
  private readonly windows = new Map<string, { count: number; resetAt: number }>();
  constructor(
    private readonly maxKeys = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  incr(key: string, windowMs: number): Counted {
    const now = this.now();
    let w = this.windows.get(key);
    if (!w || w.resetAt <= now) {
      this.windows.delete(key);
      if (this.windows.size >= this.maxKeys) this.windows.delete(this.windows.keys().next().value as string);
      w = { count: 0, resetAt: now + windowMs };
      this.windows.set(key, w);
    }
    w.count++;
    return { current: w.count, ttl: w.resetAt - now };
  }

  get size(): number {
    return this.windows.size;
  }
}

/** Whether Redis answers; one warning when it stops, one note when it is back (shared by every route's store). */
export class RedisHealth {
  degraded = false;
  constructor(private readonly log: FastifyBaseLogger) {}
  failed(err: Error): void {
    if (this.degraded) return;
    this.degraded = true;
    this.log.warn({ err: { type: err.name, message: err.message } }, 'rate limits: Redis unreachable; each instance counts on its own until it is back');
  }
  ok(): void {
    if (!this.degraded) return;
    this.degraded = false;
    this.log.info('rate limits: Redis reachable again; counters shared');
  }
}

export class RedisRateLimitStore implements FastifyRateLimitStore {
  constructor(
    private readonly redis: RedisWithCounter,
    private readonly health: RedisHealth,
    private readonly prefix = NAMESPACE,
    private readonly local = new LocalCounters(),
  ) {}

  incr(key: string, callback: Callback, timeWindow?: number): void {
    const windowMs = typeof timeWindow === 'number' && timeWindow > 0 ? Math.trunc(timeWindow) : 60_000;
    const id = `${this.prefix}${createHash('sha256').update(key).digest('base64url').slice(0, 22)}`;
    this.redis.hearthRateIncr(id, windowMs).then(
      ([current, ttl]) => {
        this.health.ok();
        callback(null, { current: Number(current), ttl: Number(ttl) });
      },
      (err: Error) => {
        this.health.failed(err);
        callback(null, this.local.incr(id, windowMs));
      },
    );
  }

  /** A route with its own limit: its own counters (the plugin hands the merged options, the route under `routeInfo`). */
  child(routeOptions: Parameters<FastifyRateLimitStore['child']>[0]): FastifyRateLimitStore {
    const route = (routeOptions as unknown as RouteLimit).routeInfo;
    const method = [route?.method ?? ''].flat().join(',');
    return new RedisRateLimitStore(this.redis, this.health, `${this.prefix}${method}${route?.url ?? ''}:`);
  }
}

// ioredis is loaded only by a process that is given REDIS_URL (its CommonJS build).
const ioredis = lazyRequire<typeof IoRedis>('ioredis');

/** A Redis client that fails fast and knows the counting script. */
export function counterClient(url: string): RedisWithCounter {
  const redis = new (ioredis().Redis)(url, { enableOfflineQueue: false, maxRetriesPerRequest: 1, commandTimeout: 1000, connectTimeout: 2000 }) as RedisWithCounter;
  redis.defineCommand('hearthRateIncr', { numberOfKeys: 1, lua: INCR_IN_WINDOW });
  redis.on('error', () => undefined); // reported once per outage by RedisHealth, not per reconnect attempt
  return redis;
}

export interface SharedRateLimits {
  /** For @fastify/rate-limit's `store` option. */
  Store: FastifyRateLimitStoreCtor;
  redis: Redis;
  close(): Promise<void>;
}

/**
 * A Redis client for the counters and the store class over it. Commands fail fast (no offline
 * queue, a one-second timeout) so a request never waits on an absent Redis; it reconnects by itself.
 * Waits up to `readyMs` for the first connection, then starts either way (counting locally until then).
 */
export async function sharedRateLimits(url: string, log: FastifyBaseLogger, readyMs = 3000): Promise<SharedRateLimits> {
  const redis = counterClient(url);
  const health = new RedisHealth(log);
  await new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(timer);
      redis.off('ready', done);
      resolve();
    };
    const timer = setTimeout(() => {
      health.failed(new Error(`not connected within ${readyMs} ms`));
      done();
    }, readyMs);
    if (redis.status === 'ready') done();
    else redis.on('ready', done);
  });
  // The plugin constructs the store with its options (ignored: the window and limit come with each count).
  class Store extends RedisRateLimitStore {
    constructor() {
      super(redis, health);
    }
  }
  return {
    Store,
    redis,
    async close() {
      if (redis.status === 'ready') await redis.quit().catch(() => redis.disconnect());
      else redis.disconnect();
    },
  };
}
