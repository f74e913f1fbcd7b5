// The signed-in provider's calendar subscriptions (ICS feeds) over the API. The list never holds
// a URL: the URL (with its secret) is only in the answer to the create request, shown once. The
// list is retried with backoff on server errors, as background requests (a retry is not activity).
import { useQuery } from '@tanstack/react-query';
import { CalendarFeedList } from '../../../../shared/calendar-feeds.js';
import { api } from '../../../api/client.js';
import { queryClient } from '../../../session/staff.js';
import { backoff, transient } from '../../../api/retry.js';

export const calendarFeedKeys = { all: ['me', 'calendar-feeds'] as const };

const retrying = (key: readonly unknown[]) => (queryClient.getQueryState(key)?.fetchFailureCount ?? 0) > 0;

export function useCalendarFeeds() {
  const key = calendarFeedKeys.all;
  return useQuery({
    queryKey: key,
    queryFn: ({ signal }) => api.get('/api/calendar-feeds', CalendarFeedList, { background: retrying(key), signal }),
    retry: (_n: number, err: Error) => transient(err),
    retryDelay: backoff,
  });
}

export const invalidateCalendarFeeds = () => queryClient.invalidateQueries({ queryKey: calendarFeedKeys.all });
