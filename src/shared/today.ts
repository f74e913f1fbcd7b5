// Today, the messages inbox and call history: contracts shared by the server (validation, OpenAPI)
// and the SPA. Today is a read model over other modules (scheduling, reminders, calls, messages,
// booking, notifications); what each role sees of it is filtered on the server.
import { z } from 'zod';
import { Named, Page, TimeRange } from './api.js';
import { CallKind, CallMode, CallParticipant } from './calls.js';
import { AppointmentFormsStatus } from './forms.js';
import { AppointmentFormat, AppointmentStatus, AppointmentType, Instant } from './scheduling.js';
import { TimeZone } from './time-zone.js';
import { id, pageLimit } from './strings.js';

const cursor = z.string().max(200, { message: 'is not a cursor this API gave out' });

// ---- Today ----

export const TodayQuery = z.strictObject({
  /** The day to show, in `timeZone` (default: today there). */
  date: z.iso.date({ message: 'must be a date as YYYY-MM-DD' }).optional(),
  /** The viewer's IANA zone, which decides where the day starts and ends (default UTC). */
  timeZone: TimeZone.optional(),
  /** Practice-wide viewers may narrow the day to one provider (a provider always sees their own). */
  providerId: id.optional(),
});
export type TodayQuery = z.infer<typeof TodayQuery>;

/** What the reminders module knows about one appointment's reminders (for its current start). */
export const TodayReminders = z.object({
  sent: z.number(),
  pending: z.number(),
  failed: z.number(),
  /** Uncertain or failed and not yet marked handled: someone should check. */
  needsAttention: z.number(),
});
export type TodayReminders = z.infer<typeof TodayReminders>;

/** The appointment's open call room and who waits in its lobby (every role but billing). */
export const TodayCall = z.object({
  callId: z.string(),
  status: z.enum(['ringing', 'active', 'ended']),
  /** Clients in the lobby, not yet admitted. */
  waiting: z.array(z.object({ clientId: z.string(), name: z.string() })),
});
export type TodayCall = z.infer<typeof TodayCall>;

export const TodayAppointment = z.object({
  id: z.string(),
  ...TimeRange.shape,
  durationMinutes: z.number(),
  timeZone: z.string(),
  providerId: z.string(),
  providerName: z.string(),
  /** A name is null when this viewer may not see the client. */
  clients: z.array(z.object({ id: z.string(), name: z.string().nullable() })),
  type: AppointmentType,
  format: AppointmentFormat,
  serviceName: z.string().nullable(),
  status: AppointmentStatus,
  /** The staff note: only for owners and providers (null otherwise, and when there is none). */
  note: z.string().nullable(),
  /** Null for roles that do not handle reminders (billing). */
  reminders: TodayReminders.nullable(),
  /** Null unless the visit is video or audio with a room open now (and always for billing). */
  call: TodayCall.nullable(),
  /** True when the viewer may open this visit's call room (video or audio, role may start calls, not cancelled). */
  joinable: z.boolean(),
  /** Its intake and consent forms (issue 18): how many wait and how many are complete; null when none were sent for it. Status only, every role. */
  forms: AppointmentFormsStatus.nullable(),
});
export type TodayAppointment = z.infer<typeof TodayAppointment>;

export const TodayAttention = z.object({
  /** Reminders uncertain or failed, for visits still to come; null for roles that do not handle reminders (billing). */
  reminders: z.number().nullable(),
  /** Notifications of the practice that failed or may not have gone (owners and compliance). Null when not shown to this role. */
  notifications: z.number().nullable(),
});

export const Today = z.object({
  date: z.string(),
  timeZone: z.string(),
  from: z.string(),
  to: z.string(),
  /** 'own' for a provider, 'practice' for practice-wide roles. */
  scope: z.enum(['own', 'practice']),
  providerId: z.string().nullable(),
  appointments: z.array(TodayAppointment),
  /** Threads waiting for an answer; null when this role does not read messages (billing). */
  unreadMessages: z.number().nullable(),
  /** Appointment requests from clients waiting for a decision; null when not shown to this role. */
  requestsWaiting: z.number().nullable(),
  attention: TodayAttention,
  /** Providers a practice-wide viewer may filter by. Empty for a provider. */
  providers: z.array(Named),
});
export type Today = z.infer<typeof Today>;

// ---- the messages inbox ----

export const InboxQuery = z.strictObject({
  cursor: cursor.optional(),
  limit: pageLimit(100, { wholeNumberMessage: 'must be a whole number' }),
  /** Only threads waiting for an answer. */
  unread: z.enum(['true', 'false']).optional(),
});
export type InboxQuery = z.infer<typeof InboxQuery>;

export const InboxItem = z.object({
  clientId: z.string(),
  clientName: z.string(),
  /** True until a colleague replies or closes the thread. */
  unread: z.boolean(),
  /** Client messages since the last answer. */
  unreadCount: z.number(),
  lastMessageAt: z.string(),
  lastAuthor: z.enum(['client', 'staff']),
  /** The start of the newest message (at most 140 characters); "(attachment)" for a file alone. */
  preview: z.string(),
  closedAt: z.string().nullable(),
});
export type InboxItem = z.infer<typeof InboxItem>;

export const Inbox = z.object({
  items: z.array(InboxItem),
  /** Threads this viewer may see that wait for an answer (all pages). */
  unread: z.number(),
  nextCursor: z.string().nullable(),
});
export type Inbox = z.infer<typeof Inbox>;

/** The navigation badge: the unread count alone (cheap; polled in the background). */
export const InboxCount = z.object({ unread: z.number() });
export type InboxCount = z.infer<typeof InboxCount>;

// ---- call history ----

/** Longest range one history query may span. */
export const MAX_HISTORY_DAYS = 400;

export const CallHistoryQuery = z.strictObject({
  from: Instant,
  to: Instant,
  providerId: id.optional(),
  mode: CallMode.optional(),
  cursor: cursor.optional(),
  limit: pageLimit(200, { wholeNumberMessage: 'must be a whole number' }),
});
export type CallHistoryQuery = z.infer<typeof CallHistoryQuery>;

export const CallHistoryItem = z.object({
  id: z.string(),
  kind: CallKind,
  /** The mode it was booked or started in. */
  mode: CallMode,
  /** The mode it was billed in (audio once anyone switched to audio only). */
  billedMode: CallMode,
  appointmentId: z.string().nullable(),
  providerId: z.string(),
  providerName: z.string(),
  startedAt: z.string().nullable(),
  endedAt: z.string(),
  /** From when both sides were in to the end; null when it never started (nobody answered). */
  durationSeconds: z.number().nullable(),
  /** Who was in the call (without when each joined and left). */
  participants: z.array(CallParticipant.pick({ role: true, id: true, name: true })),
});
export type CallHistoryItem = z.infer<typeof CallHistoryItem>;

export const CallHistory = Page(CallHistoryItem);
export type CallHistory = z.infer<typeof CallHistory>;
