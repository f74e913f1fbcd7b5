// How a list query retries and how a person skips the wait: shared by every feature's list hooks,
// and the staff read built on them. The policy itself (what is transient, how long to wait) is
// the API client's (../api/retry.ts).
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import { api } from '../api/client.js';
import { queryClient } from '../session/staff.js';
import { backoff, transient } from '../api/retry.js';

export { backoff, transient };

/** Retry a query while its failure is transient, with the shared backoff. */
export const listRetry = { retry: (_n: number, err: Error) => transient(err), retryDelay: backoff };

/** Whether a query is being retried: a retry is the app's doing, never the person's activity. */
export function isRetrying(queryKey: readonly unknown[]): boolean {
  return (queryClient.getQueryState(queryKey)?.fetchFailureCount ?? 0) > 0;
}

/**
 * A staff read of one resource or page: a failure worth retrying is retried with the shared
 * backoff, as background requests (a retry is the app's doing, not the person's: it must not keep
 * an idle session alive). `paged`: the previous page stays on screen while the next one loads.
 */
export function useStaffRead<T>(key: readonly unknown[], path: string, schema: z.ZodType<T>, opts: { paged?: boolean; staleTime?: number; enabled?: boolean } = {}) {
  return useQuery({
    queryKey: key,
    queryFn: ({ signal }) => api.get(path, schema, { signal, background: isRetrying(key) }),
    placeholderData: opts.paged ? keepPreviousData : undefined,
    ...(opts.staleTime === undefined ? {} : { staleTime: opts.staleTime }),
    enabled: opts.enabled ?? true,
    ...listRetry,
  });
}

/**
 * A Retry button: stop waiting out the backoff (which may be a server's Retry-After of a minute)
 * and ask again now. A plain refetch of a query that has no data yet would only join the retry
 * already sleeping.
 */
export async function retryNow(queryKey: readonly unknown[]): Promise<void> {
  await queryClient.cancelQueries({ queryKey });
  await queryClient.refetchQueries({ queryKey, type: 'active' });
}
