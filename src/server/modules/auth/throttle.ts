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

  /**
   * Counts one password sign-in (staff and portal share the scheme, each under its own prefix);
   * throws 429 past a limit and otherwise answers the keys to pass to succeeded() after the right
   * password. Failures count per account *and source IP* with the account limit, so a stranger
   * who knows an address locks only their own source out of it, never the owner signing in from
   * elsewhere; per IP across accounts; and per account from all sources with a cap (at most 100,
   * NIST SP 800-63B 5.2.2) that bounds the guesses many IPs together can make at one account.
   * The all-sources count is taken only when this source is not throttled already, so one
   * source hammering on after its 429 cannot run the account's shared count up to its cap.
   */
  async takeSignIn(prefix: string, accountIdx: string, ip: string): Promise<{ clear: string[]; refund: string[] }> {
    const perSource = `${prefix}:acct-ip:${accountIdx}:${ip}`;
    const all = `${prefix}:acct:${accountIdx}`;
    const perIp = `${prefix}:ip:${ip}`;
    await this.take([this.account(perSource), this.ip(perIp)]);
    await this.take([{ key: all, limit: this.ctx.config.login.maxFailuresPerAccountAllSources }]);
    return { clear: [perSource, all], refund: [perIp] };

  }
}
