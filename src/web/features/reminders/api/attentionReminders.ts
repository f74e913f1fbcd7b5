// Uncertain or failed reminders for visits to come, not yet marked handled.
import { useQuery } from '@tanstack/react-query';
import { AttentionReminderList } from '../../../../shared/reminders.js';
import { api } from '../../../api/client.js';
import { backoff, transient } from '../../../api/retry.js';
import { reminderKeys, retrying } from './keys.js';

/** Checked every 2 minutes. */
export function useAttentionReminders(enabled: boolean) {
  const key = reminderKeys.attention;
  return useQuery({
    queryKey: key,
    queryFn: ({ signal }) => api.get('/api/reminders/attention', AttentionReminderList, { signal, background: retrying(key) }),
    enabled,
    refetchInterval: 120_000,
    retry: (_n: number, err: Error) => transient(err),
    retryDelay: (n: number, err: Error) => backoff(n, err),
  });
}
