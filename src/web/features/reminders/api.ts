// Reminders over the API: the practice's rules and quiet hours, and one appointment's reminder
// ledger as staff see it. Lists are whole or visibly failed (retried with backoff in the
// background, like the other lists).
import { useQuery } from '@tanstack/react-query';
import { AppointmentReminderList, type Channel, type ReminderStatus, ReminderSettings } from '../../../shared/reminders.js';
import { api } from '../../api/client.js';
import { queryClient } from '../../session/session.js';
import { backoff, transient } from '../clients/api.js';

export const reminderKeys = {
  settings: ['practice', 'reminder-settings'] as const,
  ofAppointment: (id: string) => ['appointments', 'one', id, 'reminders'] as const,
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

export const CHANNEL_LABELS: Record<Channel, string> = { email: 'Mail', sms: 'Text message' };

export const REMINDER_STATUS_LABELS: Record<ReminderStatus, string> = {
  scheduled: 'Scheduled',
  sending: 'Sending',
  sent: 'Sent',
  delivered: 'Delivered',
  failed: 'Failed',
  cancelled: 'Cancelled',
  uncertain: 'Uncertain',
  skipped: 'Skipped',
};

export const UNCERTAIN_EXPLANATION = 'The sender stopped mid-send; it may or may not have gone out. It is not resent automatically.';

/** The ledger's short reason codes in words (unknown codes are shown as they are: they are PHI-free). */
const REASONS: Record<string, string> = {
  no_consent: 'the client has not agreed to this channel',
  no_address: 'no address on file for this channel',
  no_client: 'the client is no longer on this appointment',
  opted_out: 'the client opted out of text messages',
  sms_not_configured: 'text messages are not set up for this installation',
  too_late: 'booked too close to the start for this reminder',
  quiet_hours: 'it would have fallen in quiet hours',
  moved: 'the appointment was moved or cancelled',
  smtp_interrupted: 'the mail server connection broke off',
  sms_interrupted: 'the text provider connection broke off',
};

export function reasonText(code: string | null): string | null {
  if (!code) return null;
  return REASONS[code] ?? code.replace(/_/g, ' ');
}

export type LeadUnit = 'minutes' | 'hours' | 'days';
export const UNIT_MINUTES: Record<LeadUnit, number> = { minutes: 1, hours: 60, days: 1440 };

/** A lead time in the unit people would say: whole days from a week up, else whole hours, else minutes. */
export function leadParts(minutes: number): { amount: number; unit: LeadUnit } {
  if (minutes % 1440 === 0 && minutes >= 7 * 1440) return { amount: minutes / 1440, unit: 'days' };
  if (minutes % 60 === 0) return { amount: minutes / 60, unit: 'hours' };
  return { amount: minutes, unit: 'minutes' };
}

/** "48 hours before", "1 hour before", "90 minutes before", "7 days before". */
export function leadText(minutes: number): string {
  const { amount, unit } = leadParts(minutes);
  const word = amount === 1 ? unit.slice(0, -1) : unit;
  return `${amount} ${word} before`;
}
