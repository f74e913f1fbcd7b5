// Small pieces shared by the clients pages (and the scheduling pages, which page and fail alike).
import { useState, useSyncExternalStore } from 'react';
import { Button } from 'react-aria-components';
import { RetryNotice } from '../../components/RetryNotice.js';
import { Link } from 'react-router';
import { isApiError } from '../../api/client.js';
import { transient } from './api.js';

/** The practice must accept its BAA before any client data is stored: say so, and where to do it. */
export function isBaaRequired(err: unknown): boolean {
  return isApiError(err) && err.code === 'baa_required';
}

export function BaaRequiredNotice({ error, testId = 'baa-required' }: { error: unknown; testId?: string }) {
  const message = isApiError(error) ? error.message : 'The practice has not accepted its Business Associate Agreement.';
  return (
    <div role="alert" className="notice warn" data-testid={testId}>
      <p>{message}</p>
      <p>
        <Link to="/practice">Go to practice settings</Link> to review and accept the Business Associate Agreement.
      </p>
    </div>
  );
}

/** A final (non-retried) error answer for a page: BAA, permission or not-found. */
export function FinalError({ error, what }: { error: unknown; what: string }) {
  if (isBaaRequired(error)) return <BaaRequiredNotice error={error} />;
  const status = isApiError(error) ? error.status : 0;
  return (
    <div role="alert" className="query-error" data-testid="final-error" data-ready="false" data-error="true">
      <p>
        {status === 404
          ? `This ${what} does not exist, or you may not see it.`
          : status === 403
            ? `You don't have permission to see this ${what}.`
            : isApiError(error)
              ? error.message
              : `Couldn't load ${what}.`}
      </p>
      <p>
        <Link to="/clients">Back to clients</Link>
      </p>
    </div>
  );
}

const NARROW = '(max-width: 640px)';

function subscribeNarrow(cb: () => void) {
  const mq = window.matchMedia(NARROW);
  mq.addEventListener('change', cb);
  return () => mq.removeEventListener('change', cb);
}

/** True on small screens, where tables become stacked lists. */
export function useNarrow(): boolean {
  return useSyncExternalStore(subscribeNarrow, () => window.matchMedia(NARROW).matches);
}

// ---- Whole-or-error lists (clients, appointments, the calendar) ----

interface ListQuery {
  isError: boolean;
  isSuccess: boolean;
  isFetching: boolean;
  isPlaceholderData: boolean;
  failureCount: number;
  error: unknown;
}

/**
 * How a list query stands: failing (an error, or retrying after one: then no rows are shown at
 * all, never stale or partial ones), a final error (not retried), showing its data, settled.
 */
export function listState<T>(q: ListQuery & { data: T | undefined }) {
  const failing = q.isError || (q.failureCount > 0 && q.isFetching);
  const finalError = q.isError && !transient(q.error) && !q.isFetching;
  const showing = q.isSuccess && !failing;
  /** The data to show: only while showing. */
  const shown = showing ? q.data : undefined;
  return { failing, finalError, showing, shown, settled: showing && !q.isPlaceholderData && !q.isFetching };
}

/** "Couldn't load X — retrying…" with the attempts and a Retry button; `testId`-error and `testId`-retry. */
export function RetryingError({ what, fetching, onRetry, testId, extra, failureCount = 1, error }: { what: string; fetching: boolean; onRetry: () => void; testId: string; extra?: string; failureCount?: number; error?: unknown }) {
  return <RetryNotice what={what} retrying={fetching} onRetry={onRetry} testId={testId} failureCount={failureCount} error={error} {...(extra ? { extra } : {})} />;
}

/** Cursor paging: a stack of the cursors of the pages visited; a new `filterKey` starts over. */
export function useCursorPaging(filterKey: string) {
  const [paging, setPaging] = useState<{ key: string; stack: (string | null)[] }>({ key: filterKey, stack: [null] });
  const stack = paging.key === filterKey ? paging.stack : [null];
  return {
    cursor: stack[stack.length - 1] ?? null,
    pageIndex: stack.length - 1,
    previous: () => setPaging({ key: filterKey, stack: stack.slice(0, -1) }),
    next: (cursor: string) => setPaging({ key: filterKey, stack: [...stack, cursor] }),
  };
}

/** Previous/Next page buttons, shown when there is more than one page. */
export function Pager({
  label,
  paging,
  nextCursor,
  fetching,
  stale,
}: {
  label: string;
  paging: ReturnType<typeof useCursorPaging>;
  nextCursor: string | null;
  fetching: boolean;
  stale: boolean;
}) {
  if (paging.pageIndex === 0 && !nextCursor) return null;
  return (
    <nav aria-label={label} className="actions pager">
      <Button className="btn" isDisabled={paging.pageIndex === 0 || fetching} onPress={paging.previous} data-testid="page-previous">
        Previous page
      </Button>
      <Button className="btn" isDisabled={!nextCursor || fetching || stale} onPress={() => nextCursor && paging.next(nextCursor)} data-testid="page-next">
        Next page
      </Button>
    </nav>
  );
}
