// Reminder contracts, shared by the server (validation, OpenAPI) and the SPA: a practice's
// reminder rules and quiet hours, the per-appointment reminder ledger staff see, and the public
// confirm/cancel links a reminder carries. Channels are mail and SMS; a client's consents decide
// which of them reach that client.
import { z } from 'zod';
import { ItemList } from './api.js';
import { Appointment } from './scheduling.js';

export const CHANNELS = ['email', 'sms'] as const;
export const Channel = z.enum(CHANNELS);
export type Channel = z.infer<typeof Channel>;

/** Two weeks: the furthest ahead a reminder may be set. */
export const MAX_MINUTES_BEFORE = 14 * 24 * 60;

export const ReminderRuleInput = z.strictObject({
  channel: Channel,
  /** How long before the start the reminder goes (e.g. 2880 = 48 h). */
  minutesBefore: z
    .number({ message: 'must be a number of minutes' })
    .int({ message: 'must be a whole number of minutes' })
    .min(5, { message: 'must be at least 5 minutes' })
    .max(MAX_MINUTES_BEFORE, { message: `must be at most ${MAX_MINUTES_BEFORE} minutes (14 days)` }),
  active: z.boolean().optional(),
});
export type ReminderRuleInput = z.infer<typeof ReminderRuleInput>;

export const ReminderRule = z.object({
  id: z.string(),
  channel: Channel,
  minutesBefore: z.number(),
  active: z.boolean(),
});
export type ReminderRule = z.infer<typeof ReminderRule>;

/** HH:mm, 24-hour. */
export const ClockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'must be a time as HH:mm (24-hour)' });

/**
 * Quiet hours, in each client's own zone (the appointment's zone when the client has none): a
 * reminder due inside them goes out at their start instead (earlier, never after the visit).
 * start == end is refused; start > end spans midnight (e.g. 21:00–08:00).
 */
export const QuietHours = z
  .strictObject({ start: ClockTime, end: ClockTime })
  .refine((q) => q.start !== q.end, { message: 'must not start and end at the same time', path: ['end'] });
export type QuietHours = z.infer<typeof QuietHours>;

export const ReminderSettings = z.object({
  rules: z.array(ReminderRule),
  quietHours: QuietHours.nullable(),
  /**
   * Where texts go out from: the practice's own number (set by the operator) or the number the
   * installation shares between practices; null when texts are not set up.
   */
  textsFrom: z.object({ phone: z.string(), ownNumber: z.boolean() }).nullable(),
});
export type ReminderSettings = z.infer<typeof ReminderSettings>;

export const ReminderSettingsPatch = z.strictObject({
  /** The whole rule set, replacing the old one (at most 6 rules). */
  rules: z.array(ReminderRuleInput).max(6, { message: 'must hold at most 6 rules' }).optional(),
  quietHours: QuietHours.nullable().optional(),
});
export type ReminderSettingsPatch = z.infer<typeof ReminderSettingsPatch>;

/**
 * A ledger row's state. scheduled → sending → sent → delivered (SMS status callback), or failed
 * (permanent, or out of retries), cancelled (the visit was cancelled or moved before it went),
 * uncertain (the sender died mid-send on a channel without a provider-side idempotency key: never
 * resent by itself; staff decide), skipped (no consent, no address, opted out at send time).
 */
export const REMINDER_STATUSES = ['scheduled', 'sending', 'sent', 'delivered', 'failed', 'cancelled', 'uncertain', 'skipped'] as const;
export const ReminderStatus = z.enum(REMINDER_STATUSES);
export type ReminderStatus = z.infer<typeof ReminderStatus>;

export const REMINDER_KINDS = ['reminder', 'cancellation'] as const;
export const ReminderKind = z.enum(REMINDER_KINDS);
export type ReminderKind = z.infer<typeof ReminderKind>;

/** One ledger row as staff see it under an appointment (no address, no text). */
export const AppointmentReminder = z.object({
  id: z.string(),
  kind: ReminderKind,
  channel: Channel,
  clientId: z.string(),
  /** The rule's lead time; null for a cancellation notice. */
  minutesBefore: z.number().nullable(),
  /** The appointment start this row is for (a moved visit gets new rows). */
  occurrenceStart: z.string(),
  dueAt: z.string(),
  status: ReminderStatus,
  attempts: z.number(),
  sentAt: z.string().nullable(),
  deliveredAt: z.string().nullable(),
  /** A short, PHI-free reason (e.g. "smtp_550", "opted_out", "no_consent"). */
  failure: z.string().nullable(),
});
export type AppointmentReminder = z.infer<typeof AppointmentReminder>;
export const AppointmentReminderList = ItemList(AppointmentReminder);

/**
 * A reminder that needs staff: `uncertain` (it may or may not have gone) or `failed`, for a visit
 * still to come, not yet marked handled. With its appointment as the viewer may see it.
 */
export const AttentionReminder = AppointmentReminder.extend({ appointment: Appointment });
export type AttentionReminder = z.infer<typeof AttentionReminder>;
export const AttentionReminderList = ItemList(AttentionReminder);

// ---- the confirm/cancel link a reminder carries (public; the token is the only credential) ----

export const ReminderActionToken = z.strictObject({
  token: z.string().min(20, { message: 'is not a valid link' }).max(200, { message: 'is not a valid link' }),
});

/** What the link's page shows before the client acts: PHI-free unless the client consented to details. */
export const ReminderActionView = z.object({
  /** The practice's neutral sender name (never its clinical name). */
  senderName: z.string(),
  start: z.string(),
  timeZone: z.string(),
  /** Provider and service, only with the client's consent to details. */
  providerName: z.string().nullable(),
  status: z.enum(['scheduled', 'confirmed', 'cancelled', 'other']),
  /** Whether a cancellation now would be late (inside the practice's window). */
  lateIfCancelled: z.boolean(),
  canConfirm: z.boolean(),
  canCancel: z.boolean(),
  /**
   * What this link was already used for, null while unused. Optional: without it the page can
   * only guess why a link allows nothing (used, or a shared session the practice changes).
   */
  usedFor: z.enum(['confirm', 'cancel']).nullable().optional(),
});
export type ReminderActionView = z.infer<typeof ReminderActionView>;
