// "Couldn't load X — retrying": what every list (and every other load) shows while its query fails
// and is retried, instead of any rows. A polite live region (not an alert: it repeats with each
// attempt and must not interrupt), with the attempt count and when the next try comes, and a
// Retry button that asks at once.
import type { ReactNode } from 'react';
import { FormattedMessage } from 'react-intl';
import { backoff } from '../api/retry.js';

export interface RetryNoticeProps {
  what: string;
  /** Failed attempts so far (TanStack Query's failureCount). */
  failureCount: number;
  /** The last failure (for Retry-After). */
  error: unknown;
  /** A retry is under way or scheduled (false: retries gave up, only the button is left). */
  retrying: boolean;
  onRetry: () => void;
  testId?: string;
  extra?: string;
  children?: ReactNode;
}

/** Seconds until the next automatic try after `failureCount` failures. */
export function nextTryInSeconds(failureCount: number, error: unknown): number {
  return Math.max(1, Math.round(backoff(Math.max(0, failureCount - 1), error) / 1000));
}

export function RetryNotice({ what, failureCount, error, retrying, onRetry, testId, extra, children }: RetryNoticeProps) {
  const attempts = Math.max(1, failureCount);
  return (
    <div role="status" aria-live="polite" className="query-error" data-testid={testId ? `${testId}-error` : undefined} data-ready="false" data-error="true" data-attempts={attempts}>
      <p>
        {retrying ? (
          <FormattedMessage id="components.retry.retrying" defaultMessage="Couldn't load {what} — retrying…" values={{ what }} />
        ) : (
          <FormattedMessage id="components.retry.failed" defaultMessage="Couldn't load {what}." values={{ what }} />
        )}
        {extra ? <> {extra}</> : null}
      </p>
      {retrying ? (
        <p className="hint" data-testid={testId ? `${testId}-attempts` : undefined}>
          <FormattedMessage
            id="components.retry.attempts"
            defaultMessage="{attempts, plural, one {# attempt failed} other {# attempts failed}}; trying again within {seconds} s."
            values={{ attempts, seconds: nextTryInSeconds(failureCount, error) }}
          />
        </p>
      ) : null}
      {children}
      {/* A plain button (React Aria's is not on a client's first screen: issue 19's budget). */}
      <button type="button" className="btn" onClick={() => onRetry()} data-testid={testId ? `${testId}-retry` : undefined}>
        <FormattedMessage id="components.retry.retry" defaultMessage="Retry" />
      </button>
    </div>
  );
}
