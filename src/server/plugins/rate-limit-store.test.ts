// The rate-limit counters: shared through Redis by every store over it (as by every instance), one
// window per key and route, no client address in Redis; and counted in the process's own memory
// while Redis cannot be reached, with one warning per outage. With CI=true a missing Redis fails.
import { randomBytes } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireRedis, TEST_REDIS_URL } from '../testing/redis.js';
import { counterClient, LocalCounters, RedisHealth, RedisRateLimitStore, type RedisWithCounter } from './rate-limit-store.js';

function recordingLog() {
  const lines: { level: string; msg: string }[] = [];
  const log = {
    warn: (_obj: unknown, msg: string) => lines.push({ level: 'warn', msg }),
    info: (msg: string) => lines.push({ level: 'info', msg }),
  } as unknown as FastifyBaseLogger;
  return { log, lines };
}

const count = (store: RedisRateLimitStore, key: string, windowMs = 60_000) =>
  new Promise<{ current: number; ttl: number }>((resolve, reject) => store.incr(key, (err, res) => (err ? reject(err) : resolve(res!)), windowMs));

const routeOf = (method: string, url: string) => ({ routeInfo: { method, url } }) as unknown as Parameters<RedisRateLimitStore['child']>[0];

describe('local counters', () => {
  it('count in a fixed window per key, start again once it has passed, and hold a bounded number of keys', () => {
    let now = 1_000_000;
    const c = new LocalCounters(3, () => now);
    expect(c.incr('a', 60_000)).toEqual({ current: 1, ttl: 60_000 });
    now += 10_000;
    expect(c.incr('a', 60_000)).toEqual({ current: 2, ttl: 50_000 });
    expect(c.incr('b', 60_000).current).toBe(1);
    now += 50_000;
    expect(c.incr('a', 60_000)).toEqual({ current: 1, ttl: 60_000 });
    c.incr('c', 60_000);
    c.incr('d', 60_000);
    expect(c.size).toBe(3);
  });
});

describe('counters while Redis cannot be reached', () => {
  it('count in this process instead (the limit still holds, no request fails) and warn once', async () => {
    const dead = counterClient('redis://127.0.0.1:1');
    const { log, lines } = recordingLog();
    try {
      const store = new RedisRateLimitStore(dead, new RedisHealth(log));
      const route = store.child(routeOf('POST', '/api/calls/join-link')) as RedisRateLimitStore;
      expect((await count(store, '203.0.113.5')).current).toBe(1);
      expect((await count(store, '203.0.113.5')).current).toBe(2);
      expect((await count(route, '203.0.113.5')).current).toBe(1);
      expect(lines.filter((l) => l.level === 'warn')).toHaveLength(1);
      expect(lines[0]!.msg).toMatch(/Redis unreachable/);
    } finally {
      dead.disconnect();
    }
  });
});

describe('counters in Redis', () => {
  let a: RedisWithCounter | undefined;
  let b: RedisWithCounter | undefined;
  let plain: Redis | undefined;

  beforeAll(async () => {
    if (!(await requireRedis())) return;
    a = counterClient(TEST_REDIS_URL);
    b = counterClient(TEST_REDIS_URL);
    plain = new Redis(TEST_REDIS_URL);
    await Promise.all([a, b, plain].map((c) => (c.status === 'ready' ? undefined : new Promise((res) => c.once('ready', res)))));
  });
  afterAll(async () => {
    for (const c of [a, b, plain]) c?.disconnect();
  });

  it('two stores over two connections (two instances) count one window per key and route, and Redis holds no address', async (ctx) => {
    if (!a || !b || !plain) return ctx.skip();
    const { log, lines } = recordingLog();
    const onA = new RedisRateLimitStore(a, new RedisHealth(log));
    const onB = new RedisRateLimitStore(b, new RedisHealth(log));
    const ip = `2001:db8::${randomBytes(4).toString('hex')}`;

    expect((await count(onA, ip)).current).toBe(1);
    expect((await count(onB, ip)).current).toBe(2);
    const third = await count(onA, ip);
    expect(third.current).toBe(3);
    expect(third.ttl).toBeGreaterThan(50_000);
    expect(third.ttl).toBeLessThanOrEqual(60_000);

    // A route with its own limit counts apart from the global one, and across both stores too.
    const routeA = onA.child(routeOf('POST', '/api/calls/join-link')) as RedisRateLimitStore;
    const routeB = onB.child(routeOf('POST', '/api/calls/join-link')) as RedisRateLimitStore;
    expect((await count(routeA, ip)).current).toBe(1);
    expect((await count(routeB, ip)).current).toBe(2);
    expect((await count(onB, ip)).current).toBe(4);

    // A window of its own length, then a fresh count.
    const other = `2001:db8::${randomBytes(4).toString('hex')}`;
    expect((await count(onA, other, 300)).current).toBe(1);
    await new Promise((res) => setTimeout(res, 450));
    expect((await count(onB, other, 300)).current).toBe(1);

    const keys = await plain.keys('hearth:rate:*');
    expect(keys.length).toBeGreaterThan(0);
    expect(keys.some((k) => k.includes(ip) || k.includes('2001:db8'))).toBe(false);
    expect(keys.some((k) => k.startsWith('hearth:rate:POST/api/calls/join-link:'))).toBe(true);
    expect(lines).toEqual([]);
  });
});
