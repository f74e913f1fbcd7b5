// Notification ledger contracts, shared by the server (validation, OpenAPI) and the SPA: the rows
// staff see (no address, no text) — which alert, offer or invitation went, failed, was skipped, or
// is uncertain (it may or may not have gone, and is never resent by itself).
import { z } from 'zod';
import { ItemList } from './api.js';
import { Channel, REMINDER_STATUSES } from './reminders.js';
import { pageLimit } from './strings.js';

/** The same statuses as a reminder's. */
export const NotificationStatus = z.enum(REMINDER_STATUSES);
export type NotificationStatus = z.infer<typeof NotificationStatus>;

/** Newest first; default every status, 100 rows. */
export const NotificationQuery = z.strictObject({
  status: NotificationStatus.optional(),
  limit: pageLimit(500),
});
export type NotificationQuery = z.infer<typeof NotificationQuery>;

export const PracticeNotification = z.object({
  id: z.string(),
  /** e.g. "message_alert", "document_alert", "waitlist_offer", "calendar_invitation". */
  kind: z.string(),
  channel: Channel,
  recipientType: z.enum(['client', 'user']),
  recipientId: z.string(),
  status: NotificationStatus,
  attempts: z.number(),
  /** A short, PHI-free reason (e.g. "smtp_550", "no_consent", "interrupted"). */
  failure: z.string().nullable(),
  createdAt: z.string(),
  nextAttemptAt: z.string(),
  sentAt: z.string().nullable(),
});
export type PracticeNotification = z.infer<typeof PracticeNotification>;
export const PracticeNotificationList = ItemList(PracticeNotification);
export type PracticeNotificationList = z.infer<typeof PracticeNotificationList>;
