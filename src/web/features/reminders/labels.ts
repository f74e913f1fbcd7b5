// Reminders in words: channels, ledger states and their reasons, and lead times as people say them.
import type { Channel, ReminderStatus } from '../../../shared/reminders.js';

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
  const known = REASONS[code];
  if (known) return known;
  const smtp = /^smtp_([45])(\d\d)$/.exec(code);
  if (smtp) return smtp[1] === '5' ? `the mail server refused it for good (SMTP ${smtp[1]}${smtp[2]})` : `the mail server kept asking to try later (SMTP ${smtp[1]}${smtp[2]})`;
  const sms = /^sms_(\d+)$/.exec(code);
  if (sms) return `the text provider refused it (error ${sms[1]})`;
  return code.replace(/_/g, ' ');
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
