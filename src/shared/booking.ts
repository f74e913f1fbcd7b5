// Client booking contracts, shared by the server and the SPA: what a portal client may book
// (services and their own providers), requests for an open slot (pending staff approval or booked
// at once, per service), the client's own appointments, cancelling them, the waitlist and the
// offers of freed slots it leads to; and the staff side of requests.
import { z } from 'zod';
import { ItemList, Named, Page, TimeRange } from './api.js';
import { AppointmentStatus, AppointmentType, Instant, appointmentTime } from './scheduling.js';
import { id, pageLimit, text } from './strings.js';


export const REQUEST_STATUSES = ['pending', 'approved', 'declined', 'cancelled', 'expired'] as const;
export const RequestStatus = z.enum(REQUEST_STATUSES);
export type RequestStatus = z.infer<typeof RequestStatus>;

// ---- portal ----

export const BookingOptions = z.object({
  services: z.array(z.object({ id: z.string(), name: z.string(), defaultMinutes: z.number(), requiresApproval: z.boolean() })),
  /** The client's assigned providers: the only ones they may book or wait for. */
  providers: z.array(Named),
  /** The client's own zone when the practice recorded one (else the browser's is used). */
  clientTimeZone: z.string().nullable(),
  minNoticeHours: z.number(),
  cancellationWindowHours: z.number(),
});
export type BookingOptions = z.infer<typeof BookingOptions>;

export const AppointmentRequestInput = z.strictObject({
  providerId: id,
  serviceId: id,
  /** One of the open slots' starts. */
  start: Instant,
  type: AppointmentType.optional(),
});
export type AppointmentRequestInput = z.infer<typeof AppointmentRequestInput>;

export const AppointmentRequestResult = z.object({
  /** pending: waits for the practice; booked: the appointment exists now. */
  outcome: z.enum(['pending', 'booked']),
  requestId: z.string().nullable(),
  appointmentId: z.string().nullable(),
});

/** The time a request asks for, and where it stands: the same for its client and for staff. */
const requestedTime = {
  ...TimeRange.shape,
  timeZone: z.string(),
  type: AppointmentType,
  status: RequestStatus,
};

/** A request as its client sees it. */
export const PortalAppointmentRequest = z.object({
  id: z.string(),
  providerName: z.string(),
  serviceName: z.string(),
  ...requestedTime,
  /** The practice's reason when it declined (optional). */
  declineReason: z.string().nullable(),
  createdAt: z.string(),
  decidedAt: z.string().nullable(),
});
export const PortalRequestList = ItemList(PortalAppointmentRequest);

/** An appointment as its client sees it: no staff note, no other client of a group. */
export const PortalAppointment = z.object({
  id: z.string(),
  ...appointmentTime,
  serviceName: z.string().nullable(),
  providerName: z.string(),
  status: AppointmentStatus,
  cancellation: z.object({ by: z.enum(['practice', 'client']), at: z.string(), late: z.boolean() }).nullable(),
  /** The client may cancel it from the portal (upcoming, not yet settled, theirs alone). */
  canCancel: z.boolean(),
  /** Cancelling now would be inside the practice's cancellation window. */
  lateIfCancelledNow: z.boolean(),
});
export type PortalAppointment = z.infer<typeof PortalAppointment>;
export const PortalAppointmentList = z.object({ items: z.array(PortalAppointment), clientTimeZone: z.string().nullable() });

export const WaitlistInput = z.strictObject({ providerId: id, serviceId: id.optional() });
export const WaitlistEntry = z.object({
  id: z.string(),
  providerId: z.string(),
  providerName: z.string(),
  serviceId: z.string().nullable(),
  serviceName: z.string().nullable(),
  createdAt: z.string(),
});
export const WaitlistList = ItemList(WaitlistEntry);

export const OFFER_STATUSES = ['open', 'taken', 'expired', 'withdrawn'] as const;
/** A freed slot offered to a waiting client. Seen only inside the portal, never in mail. */
export const WaitlistOffer = z.object({
  id: z.string(),
  clientId: z.string(),
  ...TimeRange.shape,
  timeZone: z.string(),
  durationMinutes: z.number(),
  providerName: z.string(),
  serviceName: z.string().nullable(),
  expiresAt: z.string(),
  status: z.enum(OFFER_STATUSES),
  /** This client took it. */
  takenByYou: z.boolean(),
});
export type WaitlistOffer = z.infer<typeof WaitlistOffer>;
export const WaitlistOfferList = ItemList(WaitlistOffer);
export const OfferAccepted = z.object({ appointmentId: z.string() });
export const OfferParams = z.strictObject({ offerId: id });
export const ClientOfferParams = z.strictObject({ id, offerId: id });
export const ClientRequestParams = z.strictObject({ id, requestId: id });
export const ClientAppointmentParams = z.strictObject({ id, appointmentId: id });
export const ClientWaitlistParams = z.strictObject({ id, entryId: id });

// ---- staff ----

export const StaffAppointmentRequest = z.object({
  id: z.string(),
  clientId: z.string(),
  /** Null when the caller may not see this client. */
  clientName: z.string().nullable(),
  providerId: z.string(),
  providerName: z.string(),
  serviceId: z.string(),
  serviceName: z.string(),
  ...requestedTime,
  appointmentId: z.string().nullable(),
  declineReason: z.string().nullable(),
  createdAt: z.string(),
  decidedAt: z.string().nullable(),
});
export type StaffAppointmentRequest = z.infer<typeof StaffAppointmentRequest>;

/** Default: pending requests whose time has not passed, oldest request first. */
export const RequestQuery = z.strictObject({
  status: RequestStatus.optional(),
  providerId: id.optional(),
  limit: pageLimit(500),
  cursor: z.string().max(200).optional(),
});
export const RequestList = Page(StaffAppointmentRequest);
export type RequestList = z.infer<typeof RequestList>;

export const RequestDecline = z.strictObject({
  /** Shown to the client in the portal (never mailed); keep it free of clinical detail. */
  reason: text({ max: 300 }).optional(),
});
export const RequestApproved = z.object({ id: z.string(), appointmentId: z.string() });

// ---- staff: a provider's waitlist ----

export const StaffWaitlistQuery = z.strictObject({ providerId: id });
/** An offer of a freed slot made to one waiting client, as staff see it. */
export const StaffWaitlistOffer = z.object({
  id: z.string(),
  ...TimeRange.shape,
  timeZone: z.string(),
  /** expired: open past its expiry; withdrawn: the slot was booked otherwise. */
  status: z.enum(OFFER_STATUSES),
  /** This client took it (taken by someone else reads taken with false). */
  takenByClient: z.boolean(),
  expiresAt: z.string(),
  /** A mail went to the client (they have an address and gave e-mail consent). */
  mailed: z.boolean(),
});
export const StaffWaitlistEntry = z.object({
  id: z.string(),
  clientId: z.string(),
  /** Null when the caller may not see this client. */
  clientName: z.string().nullable(),
  providerId: z.string(),
  /** Null: any service. */
  serviceId: z.string().nullable(),
  serviceName: z.string().nullable(),
  /** Waiting since. */
  createdAt: z.string(),
  /** Offers made to this entry in the last 30 days, newest first (at most 5). */
  offers: z.array(StaffWaitlistOffer),
});
export type StaffWaitlistEntry = z.infer<typeof StaffWaitlistEntry>;
/** Everyone waiting for one provider, first come first; total is exact (the list is never cut). */
export const StaffWaitlist = z.object({ providerId: z.string(), items: z.array(StaffWaitlistEntry), total: z.number() });
export type StaffWaitlist = z.infer<typeof StaffWaitlist>;
