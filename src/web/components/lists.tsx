// Whole-or-error lists (clients, appointments, the calendar): the final error of a page, the
// "Couldn't load X — retrying…" notice, Previous/Next page buttons, and the BAA notice a practice
// sees before it may store client data.
import { Button } from 'react-aria-components';
import { Link } from 'react-router';
import { isApiError } from '../api/client.js';
import type { CursorPaging } from '../lib/pagination.js';
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
