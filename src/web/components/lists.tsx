// Whole-or-error lists (clients, appointments, the calendar): the final error of a page, the
// "Couldn't load X — retrying…" notice, Previous/Next page buttons, a paged list's body with them,
// and the BAA notice a practice sees before it may store client data.
import { Button } from 'react-aria-components';
import { Link } from 'react-router';
import { isApiError } from '../api/client.js';
import type { ReactNode } from 'react';
import { type CursorPaging, listState } from '../lib/pagination.js';
import { RetryNotice } from './RetryNotice.js';

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

/** "Couldn't load X — retrying…" with the attempts and a Retry button; `testId`-error and `testId`-retry. */
export function RetryingError({ what, fetching, onRetry, testId, extra, failureCount = 1, error }: { what: string; fetching: boolean; onRetry: () => void; testId: string; extra?: string; failureCount?: number; error?: unknown }) {
  return <RetryNotice what={what} retrying={fetching} onRetry={onRetry} testId={testId} failureCount={failureCount} error={error} {...(extra ? { extra } : {})} />;
}

/** Previous/Next page buttons, shown when there is more than one page. */
export function Pager({ label, paging, nextCursor, fetching, stale }: { label: string; paging: CursorPaging; nextCursor: string | null; fetching: boolean; stale: boolean }) {
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

/** A list query as a paged list shows it (TanStack Query's result has all of these). */
interface PagedQuery<T> {
  data: T | undefined;
  isError: boolean;
  isSuccess: boolean;
  isFetching: boolean;
  isPlaceholderData: boolean;
  failureCount: number;
  failureReason: unknown;
  error: unknown;
}

/**
 * A paged list's body (clients, appointments): a region whose data-* say how the list stands (ready,
 * error, total, and the filters `attrs` adds) holding its final error, the retrying notice, its
 * rows or "Loading X…"; then the Previous/Next buttons.
 */
export function PagedList<T extends { total: number; nextCursor: string | null }>(p: {
  list: PagedQuery<T>;
  /** "clients": the region is clients-list, the retrying notice clients-error and clients-retry. */
  name: string;
  /** The list as a final error names it ("client list"). */
  what: string;
  attrs: Record<`data-${string}`, string | number | undefined>;
  onRetry: () => void;
  paging: CursorPaging;
  pagerLabel: string;
  children: (shown: T) => ReactNode;
}) {
  const { list } = p;
  const { failing, finalError, shown, settled } = listState(list);
  return (
    <>
      <div data-testid={`${p.name}-list`} data-ready={settled ? 'true' : 'false'} data-error={failing ? 'true' : undefined} {...p.attrs} data-total={shown?.total} aria-busy={list.isFetching && !failing}>
        {finalError ? (
          <FinalError error={list.error} what={p.what} />
        ) : failing ? (
          <RetryingError failureCount={list.failureCount} error={list.failureReason} what={p.name} fetching={list.isFetching} onRetry={p.onRetry} testId={p.name} />
        ) : shown ? (
          p.children(shown)
        ) : (
          <p role="status" className="loading">
            Loading {p.name}…
          </p>
        )}
      </div>

      {shown ? <Pager label={p.pagerLabel} paging={p.paging} nextCursor={shown.nextCursor} fetching={list.isFetching} stale={list.isPlaceholderData} /> : null}
    </>
  );
}
