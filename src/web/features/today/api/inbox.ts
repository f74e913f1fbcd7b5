// The inbox, page by page (newest first), optionally unread threads only.
import { useInfiniteQuery } from '@tanstack/react-query';
import { Inbox } from '../../../../shared/today.js';
import { api } from '../../../api/client.js';
import { backoff, transient } from '../../../api/retry.js';
import { todayKeys } from './keys.js';

export function useInbox(unreadOnly: boolean) {
  return useInfiniteQuery({
    queryKey: todayKeys.inbox(unreadOnly),
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) => {
      const q = new URLSearchParams({ ...(pageParam ? { cursor: pageParam } : {}), ...(unreadOnly ? { unread: 'true' } : {}) });
      return api.get(`/api/inbox${q.size ? `?${q.toString()}` : ''}`, Inbox, { signal });
    },
    getNextPageParam: (last) => last.nextCursor,
    staleTime: 0,
    retry: (_n, err) => transient(err),
    retryDelay: backoff,
  });
}
