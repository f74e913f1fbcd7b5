// One appointment's reminder ledger as staff see it. Whole or visibly failed (retried with
// backoff in the background, like the other lists).
import { useQuery } from '@tanstack/react-query';
import { AppointmentReminderList } from '../../../../shared/reminders.js';
import { api } from '../../../api/client.js';
import { backoff, transient } from '../../../api/retry.js';
import { reminderKeys, retrying } from './keys.js';

export function useAppointmentReminders(appointmentId: string) {
  const key = reminderKeys.ofAppointment(appointmentId);
  return useQuery({
    queryKey: key,
    queryFn: ({ signal }) => api.get(`/api/appointments/${encodeURIComponent(appointmentId)}/reminders`, AppointmentReminderList, { signal, background: retrying(key) }),
    retry: (_n: number, err: Error) => transient(err),
    retryDelay: (n: number, err: Error) => backoff(n, err),
  });
}
