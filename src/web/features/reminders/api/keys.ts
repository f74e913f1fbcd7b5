// Query keys of the reminders feature, and whether a key's last fetch failed (its refetch then
// runs in the background, like the other lists).
import { queryClient } from '../../../session/staff.js';

export const reminderKeys = {
  settings: ['practice', 'reminder-settings'] as const,
  ofAppointment: (id: string) => ['appointments', 'one', id, 'reminders'] as const,
  // Under `appointments`, so any appointment change refetches it too.
  attention: ['appointments', 'reminders-attention'] as const,
};

export const retrying = (key: readonly unknown[]) => (queryClient.getQueryState(key)?.fetchFailureCount ?? 0) > 0;
