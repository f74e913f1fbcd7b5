// When to try a dropped connection again (the call's signaling socket, the app's /ws heartbeat).
//
// Full jitter: each wait is random between 0 and a cap, so the clients of a restarted server do
// not all come back at the same instants. The cap starts low (a brief blip or a quick restart is
// bridged in well under a second) and grows to MAX after a few failures; a connection that held
// for a while starts the sequence over (the next drop is a new outage, not more of the old one).
// An event that says the network is back (`online`, the page visible again) calls `now()`: the
// next try goes at once instead of waiting out the current delay.

/** Caps of the first attempts, in order; every later attempt uses the last (the maximum). */
// Issue 19 "Reconnection": a server back from a restart must be found again within 2 s. Where a
// try lands is random in [0, cap], so once the server answers the next try comes at most one cap
// later: the caps stay at 1 s (not 2 s) through the first ~20 s of an outage (a restart or a
// deploy; 40 tries, at least 15 s in all but ~0.3% of outages), and only then grow to 8 s.
// e2e/calls/resilience.e2e.ts measures it.
// Request rate per socket (full jitter: the mean wait is half the cap; tries are one at a time):
// on average ~2 tries/s in the 1 s stretch, 1/s in the 2 s one (5 tries, ~5 s), then 0.25/s for
// as long as the outage lasts.
export const RESTART_CAP_MS = 1000;
export const BACKOFF_CAPS_MS = [250, 500, ...Array<number>(40).fill(RESTART_CAP_MS), ...Array<number>(5).fill(2000), 4000, 8000] as const;
/** A connection open at least this long counts as one that held: the caps start over. */
export const HELD_MS = 5000;

export interface BackoffOptions {
  caps?: readonly number[];
  heldMs?: number;
  random?: () => number;
  now?: () => number;
}

export class Backoff {
  private attempt = 0;
  private openedAt: number | null = null;
  private readonly caps: readonly number[];
  private readonly heldMs: number;
  private readonly random: () => number;
  private readonly clock: () => number;

  constructor(opts: BackoffOptions = {}) {
    this.caps = opts.caps ?? BACKOFF_CAPS_MS;
    this.heldMs = opts.heldMs ?? HELD_MS;
    this.random = opts.random ?? Math.random;
    this.clock = opts.now ?? Date.now;
  }

  /** Failed tries since the last connection that held. */
  get attempts(): number {
    return this.attempt;
  }

  /** The wait before the next try: random in [0, cap of this attempt]. */
  next(): number {
    const cap = this.caps[Math.min(this.attempt, this.caps.length - 1)] ?? 0;
    this.attempt++;
    return Math.floor(this.random() * cap);
  }

  /** The connection opened (it has not held yet). */
  opened(): void {
    this.openedAt = this.clock();
  }

  /** The connection closed: if it had held, the caps start over. */
  closed(): void {
    if (this.openedAt !== null && this.clock() - this.openedAt >= this.heldMs) this.attempt = 0;
    this.openedAt = null;
  }

  /** Proof the connection works (a pong, a join): the caps start over. */
  reset(): void {
    this.attempt = 0;
  }
}

/**
 * Calls `retry` when the browser says the network is back or the page becomes visible again
 * (a phone unlocked, a tab brought back): the moment a dead socket is most likely to work again.
 * Returns the unsubscribe.
 */
export function onChanceToReconnect(retry: () => void): () => void {
  if (typeof window === 'undefined') return () => undefined;
  const visible = () => {
    if (document.visibilityState === 'visible') retry();
  };
  window.addEventListener('online', retry);
  document.addEventListener('visibilitychange', visible);
  return () => {
    window.removeEventListener('online', retry);
    document.removeEventListener('visibilitychange', visible);
  };
}
