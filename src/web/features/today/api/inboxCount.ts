// The unread count behind the inbox's navigation badge.
import { useQuery } from '@tanstack/react-query';
import { InboxCount } from '../../../../shared/today.js';
import { api } from '../../../api/client.js';
import { backoff, transient } from '../../../api/retry.js';
import { POLL_MS, todayKeys } from './keys.js';

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
