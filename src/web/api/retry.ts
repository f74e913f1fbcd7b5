// When and how soon a failed load is tried again: one policy for every query (the query client's
// defaults in ../session/lifecycle.ts use it, and list hooks name it explicitly). Server errors
// (503 overloaded included), lost connections and throttling are retried with exponential backoff,
// waiting at least what the server's Retry-After asked; other 4xx answers are final.
import { isApiError } from './factory.js';

export function transient(err: unknown): boolean {
  if (!isApiError(err)) return true;
  return err.status === 0 || err.status === 429 || err.status >= 500;
}

const MAX_DELAY_MS = 30_000;

/** Delay before retry number `attempt` (0-based, as TanStack Query counts) after `err`. */
export function backoff(attempt: number, err: unknown): number {
  const exponential = Math.min(MAX_DELAY_MS, 1_000 * 2 ** attempt);
  if (isApiError(err) && err.retryAfterSeconds && Number.isFinite(err.retryAfterSeconds)) {
    // The server's word is a floor: never sooner than it asked, capped at two minutes.
    return Math.min(MAX_DELAY_MS * 4, Math.max(err.retryAfterSeconds * 1000, exponential));
  }
  return exponential;
}
