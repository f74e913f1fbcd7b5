// Reminders over the API: the practice's rules and quiet hours, and one appointment's reminder
// ledger as staff see it. Lists are whole or visibly failed (retried with backoff in the
// background, like the other lists).
import { useQuery } from '@tanstack/react-query';
import { AppointmentReminderList, AttentionReminderList, ReminderSettings } from '../../../../shared/reminders.js';
import { api } from '../../../api/client.js';
import { queryClient } from '../../../session/staff.js';
import { backoff, transient } from '../../../api/retry.js';

export const reminderKeys = {
  settings: ['practice', 'reminder-settings'] as const,
  ofAppointment: (id: string) => ['appointments', 'one', id, 'reminders'] as const,
  // Under `appointments`, so any appointment change refetches it too.
  attention: ['appointments', 'reminders-attention'] as const,
};

const retrying = (key: readonly unknown[]) => (queryClient.getQueryState(key)?.fetchFailureCount ?? 0) > 0;

export function useReminderSettings() {
  const key = reminderKeys.settings;
  return useQuery({
    queryKey: key,
    queryFn: ({ signal }) => api.get('/api/practice/reminder-settings', ReminderSettings, { signal, background: retrying(key) }),
    retry: (_n: number, err: Error) => transient(err),
    retryDelay: (n: number, err: Error) => backoff(n, err),
  });
}

export function useAppointmentReminders(appointmentId: string) {
  const key = reminderKeys.ofAppointment(appointmentId);
  return useQuery({
    queryKey: key,
    queryFn: ({ signal }) => api.get(`/api/appointments/${encodeURIComponent(appointmentId)}/reminders`, AppointmentReminderList, { signal, background: retrying(key) }),
    retry: (_n: number, err: Error) => transient(err),
    retryDelay: (n: number, err: Error) => backoff(n, err),
  });
}

/** Uncertain or failed reminders for visits to come, not yet marked handled (checked every 2 minutes). */
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

export async function acknowledgeReminder(id: string): Promise<void> {
  await api.post(`/api/reminders/${encodeURIComponent(id)}/acknowledge`, {});
  await queryClient.invalidateQueries({ queryKey: reminderKeys.attention });
}

export * from '../components/labels.js';
