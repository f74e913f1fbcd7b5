// The one way a test waits for an outcome: ask again until it holds, then go on at once. A fixed
// sleep either waits too long on a fast machine or too little on a loaded one; this waits exactly
// as long as the outcome takes, up to a deadline that says what did not happen. Sleeps that ARE
// the behaviour under test (time passing for a rate limit, a dispatcher left running for a while)
// stay sleeps. Shared by the server suites and the e2e scenarios (e2e/fixtures).

export interface EventuallyOptions {
  /** Give up after this long (default 10 s). */
  timeoutMs?: number;
  /** Ask again after this long (default 50 ms). */
  intervalMs?: number;
  /** What was awaited, for the error when it never happened. */
  what?: string;
}

/**
 * Calls `fn` until it passes: it returns without throwing, and what it returns is not `false`.
 * Resolves with that result (so `fn` may be an assertion, a predicate or a look-up). On timeout
 * it throws the last error `fn` threw, or says that the condition stayed false.
 */
export async function eventually<T>(fn: () => T | Promise<T>, opts: EventuallyOptions = {}): Promise<Exclude<T, false>> {
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const intervalMs = opts.intervalMs ?? 50;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    let failure: unknown;
    try {
      const result = await fn();
      if (result !== false) return result as Exclude<T, false>;
      failure = new Error(`eventually: ${opts.what ?? 'the condition'} still false after ${timeoutMs} ms`);
    } catch (e) {
      failure = e;
    }
    if (Date.now() >= deadline) throw failure;
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
