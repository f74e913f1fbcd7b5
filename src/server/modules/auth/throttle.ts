// Login throttling per account and per IP, kept in the database so every instance sees the same
// counts. After too many failures in the window the key is blocked until the window ends.
import type { AppContext } from '../../context.js';
import { AppError } from '../../errors.js';
import * as repo from './repo.js';

export class Throttle {
  constructor(private readonly ctx: AppContext) {}

  private get window() {
    return this.ctx.config.login.windowSeconds * 1000;
  }

  /** Throws 429 with Retry-After when any of the keys is blocked. */
  async check(keys: string[]): Promise<void> {
    const now = this.ctx.clock.now();
    for (const key of keys) {
      const row = await repo.getThrottle(this.ctx.db, key);
      if (row?.blocked_until && row.blocked_until > now) {
        const retry = Math.max(1, Math.ceil((row.blocked_until - now) / 1000));
        throw new AppError('too_many_requests', 429, `Too many attempts. Try again in ${retry} seconds.`, undefined, {
          'retry-after': String(retry),
        });
      }
    }
  }

  async fail(key: string, limit: number): Promise<void> {
    const now = this.ctx.clock.now();
    const row = await repo.getThrottle(this.ctx.db, key);
    const fresh = !row || now - row.window_start >= this.window;
    const failures = fresh ? 1 : row.failures + 1;
    const windowStart = fresh ? now : row.window_start;
    await repo.putThrottle(this.ctx.db, {
      key,
      failures,
      window_start: windowStart,
      blocked_until: failures >= limit ? windowStart + this.window : null,
    });
  }

  accountLimit = () => this.ctx.config.login.maxFailuresPerAccount;
  ipLimit = () => this.ctx.config.login.maxFailuresPerIp;

  clear = (key: string) => repo.clearThrottle(this.ctx.db, key);
}
