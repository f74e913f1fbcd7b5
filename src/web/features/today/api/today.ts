// Today, the inbox and call history: query keys and fetchers. Background polls (the badge, the
// lobby on Today) send X-Hearth-Background so they never count as the user being active.
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { CallHistory, Inbox, InboxCount, Today } from '../../../../shared/today.js';
import { api } from '../../../api/client.js';
import { backoff, transient } from '../../../api/retry.js';
import { queryClient } from '../../../session/staff.js';

export const todayKeys = {
  day: (date: string, zone: string, providerId: string) => ['today', date, zone, providerId] as const,
  inbox: (unreadOnly: boolean) => ['inbox', 'list', unreadOnly] as const,
  inboxCount: ['inbox', 'count'] as const,
  history: (q: Record<string, string>) => ['calls', 'history', q] as const,
};

/** How often Today and the badge look again (a client may enter the lobby or write at any time). */
export const POLL_MS = 20_000;

export function useToday(date: string, zone: string, providerId: string) {
  return useQuery<Today, Error>({
    queryKey: todayKeys.day(date, zone, providerId),
    queryFn: ({ signal }) => {
      const q = new URLSearchParams({ date, timeZone: zone, ...(providerId ? { providerId } : {}) });
      const polling = queryClient.getQueryData(todayKeys.day(date, zone, providerId)) !== undefined;
      return api.get(`/api/today?${q.toString()}`, Today, { signal, background: polling });
    },
    refetchInterval: POLL_MS,
    retry: (_n, err) => transient(err),
    retryDelay: backoff,
  });
}

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

/** The navigation badge: polled in the background, refreshed at once after a reply or a close. */
export function useInboxCount(enabled: boolean) {
  return useQuery({
    queryKey: todayKeys.inboxCount,
    queryFn: ({ signal }) => api.get('/api/inbox/count', InboxCount, { signal, background: true }),
    refetchInterval: POLL_MS,
    enabled,
    retry: (_n, err) => transient(err),
    retryDelay: backoff,
  });
}

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

/** After a reply or a close: the inbox and its badge are out of date. */
export async function afterInboxChange() {
  await queryClient.invalidateQueries({ queryKey: ['inbox'] });
  await queryClient.invalidateQueries({ queryKey: ['today'] });
}
