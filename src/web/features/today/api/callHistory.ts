// Call history between two dates, page by page, optionally by mode and provider.
import { useInfiniteQuery } from '@tanstack/react-query';
import { CallHistory } from '../../../../shared/today.js';
import { api } from '../../../api/client.js';
import { backoff, transient } from '../../../api/retry.js';
import { todayKeys } from './keys.js';

export function useCallHistory(q: { from: string; to: string; mode: string; providerId: string }) {
  const params: Record<string, string> = { from: q.from, to: q.to, ...(q.mode ? { mode: q.mode } : {}), ...(q.providerId ? { providerId: q.providerId } : {}) };
  return useInfiniteQuery({
    queryKey: todayKeys.history(params),
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) => api.get(`/api/calls/history?${new URLSearchParams({ ...params, ...(pageParam ? { cursor: pageParam } : {}) }).toString()}`, CallHistory, { signal }),
    getNextPageParam: (last) => last.nextCursor,
    retry: (_n, err) => transient(err),
    retryDelay: backoff,
  });
}
