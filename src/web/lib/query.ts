// TanStack Query, the one way: each principal's query client (its defaults), the retry policy of
// every query (../api/retry.ts: transient failures retried with backoff that honours Retry-After,
// a final 4xx not), and the helpers a feature's api/<action>.ts uses to read.
import { type QueryClient, QueryClient as TanStackQueryClient } from '@tanstack/react-query';
import { backoff, transient } from '../api/retry.js';

export { backoff, transient };

export function createQueryClient(): QueryClient {
  return new TanStackQueryClient({
    defaultOptions: {
      queries: {
        // Refetching on focus would count as user activity and keep idle sessions alive.
        refetchOnWindowFocus: false,
        refetchOnReconnect: false,
        staleTime: 15_000,
        gcTime: 5 * 60_000,
        // Every query, lists or not: a transient failure (503 overloaded, a lost connection) is
        // retried with backoff that honours Retry-After; a final 4xx is not.
        retry: (count, err) => transient(err) && count < 8,
        retryDelay: backoff,
      },
    },
  });
}

/** The retry options a list names explicitly: transient failures retried with backoff, without the count cap. */
export const retryTransient = {
  retry: (_count: number, err: Error) => transient(err),
  retryDelay: (attempt: number, err: Error) => backoff(attempt, err),
};

/**
 * True once the query has failed at least once: its next tries are the app's doing, not the
 * person's, so they go as background requests that must not keep an idle session alive.
 */
export const isRetrying = (queryClient: QueryClient, key: readonly unknown[]) => (queryClient.getQueryState(key)?.fetchFailureCount ?? 0) > 0;
