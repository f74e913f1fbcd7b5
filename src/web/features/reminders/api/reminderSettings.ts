// The practice's reminder rules and quiet hours. Whole or visibly failed (retried with backoff in
// the background, like the other lists).
import { useQuery } from '@tanstack/react-query';
import { ReminderSettings } from '../../../../shared/reminders.js';
import { api } from '../../../api/client.js';
import { backoff, transient } from '../../../api/retry.js';
import { reminderKeys, retrying } from './keys.js';

export function useReminderSettings() {
  const key = reminderKeys.settings;
  return useQuery({
    queryKey: key,
    queryFn: ({ signal }) => api.get('/api/practice/reminder-settings', ReminderSettings, { signal, background: retrying(key) }),
    retry: (_n: number, err: Error) => transient(err),
    retryDelay: (n: number, err: Error) => backoff(n, err),
  });
}
