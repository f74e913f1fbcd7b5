// A list is whole or visibly failed: while loading say so, on failure say "Couldn't load",
// show that retries are happening, and offer a Retry button. Never a partial list.
import { useQueryClient, type QueryClient, type UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { FormattedMessage } from 'react-intl';
import { transient } from '../api/retry.js';
import { RetryNotice } from './RetryNotice.js';

export function QueryState<T>({
  query,
  what,
  children,
  testId,
}: {
  query: UseQueryResult<T>;
  what: string;
  children: (data: T) => ReactNode;
  testId?: string;
}) {
  const retry = useRetryNow(query);
  if (query.isSuccess) {
    return (
      <div data-testid={testId} data-ready="true">
        {children(query.data)}
      </div>
    );
  }
  const retrying = query.isFetching && query.failureCount > 0;
  if (query.isError || retrying) {
    return (
      <div data-testid={testId} data-ready="false" data-error="true">
        <RetryNotice what={what} failureCount={query.failureCount} error={query.failureReason} retrying={query.isFetching || (query.isError && transient(query.error) && query.failureCount < 8)} onRetry={retry} {...(testId ? { testId } : {})} />
      </div>
    );
  }
  return (
    <p role="status" className="loading" data-testid={testId} data-ready="false">
      <FormattedMessage id="components.query.loading" defaultMessage="Loading {what}…" values={{ what }} />
    </p>
  );
}

/** What a query's retrying notice reads (any TanStack query result has it). */
interface RetriedQuery {
  isError: boolean;
  failureCount: number;
  failureReason: unknown;
  isFetching: boolean;
  refetch: () => Promise<unknown>;
}

/** A failed query's retrying notice: its attempts and error, retrying while it fetches, and a Retry that asks again. */
export function QueryRetryNotice({ query, what, testId }: { query: RetriedQuery; what: string; testId?: string }) {
  const retry = useRetryNow(query);
  return <RetryNotice what={what} failureCount={query.failureCount} error={query.failureReason} retrying={query.isFetching} onRetry={retry} {...(testId ? { testId } : {})} />;
}

/**
 * Retry now, skipping the backoff's wait (which may be a server's Retry-After of a minute). A
 * plain refetch of a query that has no data yet only joins the retry already sleeping, so the
 * query behind this result (the one whose last failure is this very error object) is cancelled
 * and asked again; a query with data refetches as usual.
 */
export function useRetryNow(query: RetriedQuery): () => void {
  const client = useQueryClient();
  return () => void retryFailing(client, query);
}

export async function retryFailing(client: QueryClient, query: RetriedQuery): Promise<void> {
  const reason = query.failureReason;
  const failing = reason ? client.getQueryCache().findAll({ predicate: (q) => q.state.fetchFailureReason === reason || q.state.error === reason }) : [];
  if (failing.length === 0) {
    await query.refetch();
    return;
  }
  for (const q of failing) await client.cancelQueries({ queryKey: q.queryKey, exact: true });
  await Promise.all(failing.map((q) => client.refetchQueries({ queryKey: q.queryKey, exact: true, type: 'active' })));
}

/**
 * Before a query's first data, where the page lays out the data itself (an infinite list): the
 * retrying notice once it has failed, else "Loading X…".
 */
export function QueryPending({ query, what, testId }: { query: RetriedQuery; what: string; testId: string }) {
  return query.isError || query.failureCount > 0 ? (
    <QueryRetryNotice query={query} what={what} testId={testId} />
  ) : (
    <p role="status" className="loading">
      <FormattedMessage id="components.query.loading" defaultMessage="Loading {what}…" values={{ what }} />
    </p>
  );
}
