// Each principal's query client, with the defaults every query shares: the retry policy of
// ../api/retry.ts (transient failures retried with backoff that honours Retry-After, a final 4xx
// not) and no refetch on focus. A list's own retry options and Retry button: ./retry.ts.
import { type QueryClient, QueryClient as TanStackQueryClient } from '@tanstack/react-query';
import { backoff, transient } from '../api/retry.js';

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
