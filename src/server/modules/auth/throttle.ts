// Login throttling per account and per IP, kept in the database so every instance sees the same
// counts. An attempt is reserved *before* the password is checked, with one atomic upsert, so a
// burst of parallel guesses cannot slip past the limit while earlier ones are still verifying.
// Past the limit, the key is refused until its window ends (429 with Retry-After).
import type { AppContext } from '../../context.js';
import { AppError } from '../../errors.js';
import * as repo from './repo.js';

export interface ThrottleKey {
  key: string;
  limit: number;
}

export class Throttle {
  constructor(private readonly ctx: AppContext) {}

  private get window() {
    return this.ctx.config.login.windowSeconds * 1000;
  }

  /** Counts one attempt against every key; throws 429 if any key is over its limit. */
  async take(keys: ThrottleKey[]): Promise<void> {
    const now = this.ctx.clock.now();
    let retryAt = 0;
    for (const { key, limit } of keys) {
      const row = await repo.countAttempt(this.ctx.db, key, now, this.window);
      if (row.failures > limit) retryAt = Math.max(retryAt, row.window_start + this.window);
    }
    if (retryAt > now) {
      const retry = Math.max(1, Math.ceil((retryAt - now) / 1000));
      throw new AppError('too_many_requests', 429, `Too many attempts. Try again in ${retry} seconds.`, undefined, {
        'retry-after': String(retry),
      });
    }
  }

  /**
   * Throws 429 when any key is already over its limit, without counting an attempt: for checks
   * that must refuse before looking anything up and count only the misses (take() on a miss).
   */
  async check(keys: ThrottleKey[]): Promise<void> {
    const now = this.ctx.clock.now();
    let retryAt = 0;
    for (const { key, limit } of keys) {
      const row = await repo.findThrottle(this.ctx.db, key);
      if (row && row.failures > limit && row.window_start + this.window > now) retryAt = Math.max(retryAt, row.window_start + this.window);
    }
    if (retryAt > now) {
      const retry = Math.max(1, Math.ceil((retryAt - now) / 1000));
      throw new AppError('too_many_requests', 429, `Too many attempts. Try again in ${retry} seconds.`, undefined, { 'retry-after': String(retry) });
    }
  }

  /** After a success: the account starts afresh; the IP gets its attempt back. */
  async succeeded(clearKeys: string[], refundKeys: string[] = []): Promise<void> {
    for (const key of clearKeys) await repo.clearThrottle(this.ctx.db, key);
    for (const key of refundKeys) await repo.refundAttempt(this.ctx.db, key);
  }

  account = (key: string): ThrottleKey => ({ key, limit: this.ctx.config.login.maxFailuresPerAccount });
  ip = (key: string): ThrottleKey => ({ key, limit: this.ctx.config.login.maxFailuresPerIp });
}
