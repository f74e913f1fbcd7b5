// One day's appointments, lobby and unread threads. Polled in the background (X-Hearth-Background
// once loaded, so a poll never counts as the user being active).
import { useQuery } from '@tanstack/react-query';
import { Today } from '../../../../shared/today.js';
import { api } from '../../../api/client.js';
import { backoff, transient } from '../../../api/retry.js';
import { queryClient } from '../../../session/staff.js';
import { POLL_MS, todayKeys } from './keys.js';

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
