// Reminders in words: channels, ledger states and their reasons, and lead times as people say them.
import type { Channel, ReminderStatus } from '../../../../shared/reminders.js';

export const CHANNEL_LABELS: Record<Channel, string> = { email: 'Email', sms: 'Text message' };

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

const capitalise = (s: string) => (s ? s[0]!.toUpperCase() + s.slice(1) : s);

/** Channels as a phrase: "Email", "Email and text message" (Intl.ListFormat; each channel once, in the order given). */
export function channelsText(channels: readonly Channel[], locale = 'en'): string {
  const names = [...new Set(channels)].map((c, i) => (i === 0 ? CHANNEL_LABELS[c] : CHANNEL_LABELS[c].toLowerCase()));
  return capitalise(new Intl.ListFormat(locale, { style: 'long', type: 'conjunction' }).format(names));
}

/** One rule in words: "Email, 48 hours before". */
export function ruleText(rule: { channel: Channel; minutesBefore: number }): string {
  return `${channelsText([rule.channel])}, ${leadText(rule.minutesBefore)}`;
}

/**
 * A set of rules as people say it, one phrase per lead time, longest first, channels joined:
 * ["Email and text message, 48 hours before", "Email, 2 hours before"]. Rules turned off are left
 * out; no rules give an empty list (the caller says "no reminders").
 */
export function rulesSummary(rules: readonly { channel: Channel; minutesBefore: number; active?: boolean }[], locale = 'en'): string[] {
  const byLead = new Map<number, Channel[]>();
  for (const r of rules) {
    if (r.active === false) continue;
    byLead.set(r.minutesBefore, [...(byLead.get(r.minutesBefore) ?? []), r.channel]);
  }
  return [...byLead.entries()]
    .sort((a, b) => b[0] - a[0])
    .map(([minutes, channels]) => `${channelsText([...channels].sort(), locale)}, ${leadText(minutes)}`);
}

/** One reminder of an appointment: "Email, 48 hours before", "Text message: cancellation notice", or just the channel when it has no lead time. */
export function reminderWhat(r: { kind: string; channel: Channel; minutesBefore: number | null }): string {
  if (r.kind === 'cancellation') return `${channelsText([r.channel])}: cancellation notice`;
  return r.minutesBefore === null ? channelsText([r.channel]) : ruleText({ channel: r.channel, minutesBefore: r.minutesBefore });
}
