// The Redis the suites that span instances use: TEST_REDIS_URL, by default the local server CI
// starts (.ci/run). A suite that needs it fails under CI=true when it cannot be reached, and is
// skipped elsewhere (requireRedis).
import { Redis } from 'ioredis';

export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** The test Redis URL with another database number (a keyspace of the suite's own). */
export function redisDatabase(db: number, url: string = TEST_REDIS_URL): string {
  const u = new URL(url);
  u.pathname = `/${db}`;
  return u.toString();
}

export async function redisReachable(url: string = TEST_REDIS_URL): Promise<boolean> {
  const r = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, connectTimeout: 2000, retryStrategy: () => null });
  r.on('error', () => undefined);
  try {
    await r.connect();
    return (await r.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    r.disconnect();
  }
}

/** True when Redis answers; false (the suite skips) when not, except under CI=true, where it throws. */
export async function requireRedis(url: string = TEST_REDIS_URL): Promise<boolean> {
  if (await redisReachable(url)) return true;
  if (process.env.CI === 'true') throw new Error(`Redis is not reachable at ${url} (CI starts it: see .ci/run)`);
  return false;
}
