// Scheduling contracts, shared by the server (validation, OpenAPI) and the SPA: appointment
// services, appointments (single and recurring), the list/calendar range query and practice
// scheduling settings. Instants travel as ISO 8601 strings with an offset; every appointment
// also carries the IANA zone it was booked in, so "4 pm weekly" stays 4 pm local across DST.
import { z } from 'zod';
import { ItemList, Page, TimeRange } from './api.js';
import { CptCode } from './billing-codes.js';
import { id, pageLimit, text } from './strings.js';
import { TimeZone } from './time-zone.js';

export { isTimeZone, TimeZone } from './time-zone.js';

export const APPOINTMENT_TYPES = ['video', 'audio', 'in_person'] as const;
export const AppointmentType = z.enum(APPOINTMENT_TYPES);
export type AppointmentType = z.infer<typeof AppointmentType>;

/** Place of service for billing (CMS POS codes 10, 02 and 11). */
export const PLACES_OF_SERVICE = ['telehealth_home', 'telehealth_other', 'office'] as const;
export const PlaceOfService = z.enum(PLACES_OF_SERVICE);
export type PlaceOfService = z.infer<typeof PlaceOfService>;
export const POS_CODES: Record<PlaceOfService, string> = { telehealth_home: '10', telehealth_other: '02', office: '11' };

export const APPOINTMENT_FORMATS = ['individual', 'couple', 'family', 'group'] as const;
export const AppointmentFormat = z.enum(APPOINTMENT_FORMATS);
export type AppointmentFormat = z.infer<typeof AppointmentFormat>;

export const APPOINTMENT_STATUSES = ['scheduled', 'confirmed', 'checked_in', 'completed', 'cancelled', 'no_show'] as const;
export const AppointmentStatus = z.enum(APPOINTMENT_STATUSES);
export type AppointmentStatus = z.infer<typeof AppointmentStatus>;

/** Which occurrences of a series a change applies to. */
export const EDIT_SCOPES = ['this', 'following', 'all'] as const;
export const EditScope = z.enum(EDIT_SCOPES);
export type EditScope = z.infer<typeof EditScope>;

export const MAX_DURATION_MINUTES = 12 * 60;

/** An instant: ISO 8601 with a Z or an explicit offset, so it means one moment. */
export const Instant = z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time with a time zone offset (e.g. 2026-12-01T16:00:00-08:00)' });

const Duration = z
  .number({ message: 'must be a number of minutes' })
  .int({ message: 'must be a whole number of minutes' })
  .positive({ message: 'must be more than zero' })
  .max(MAX_DURATION_MINUTES, { message: `must be at most ${MAX_DURATION_MINUTES} minutes` });

/**
 * An RFC 5545 recurrence rule (the RRULE value, with or without the "RRULE:" prefix), e.g.
 * FREQ=WEEKLY;INTERVAL=2;COUNT=10 or FREQ=MONTHLY;BYDAY=2TU;UNTIL=20270601T000000Z. It must
 * end (COUNT or UNTIL) and expand to no more occurrences than the practice allows.
 */
export const Recurrence = z.string().min(1, { message: 'is required' }).max(500, { message: 'must be at most 500 characters' });

// ---- appointment services (per practice) ----

export const AppointmentServiceInput = z.strictObject({
  name: text({ min: 1, max: 100 }),
  cptCode: CptCode.nullable().optional(),
  defaultMinutes: Duration,
  rateCents: z.number().int({ message: 'must be a whole number of cents' }).min(0, { message: 'cannot be negative' }).max(100_000_00),
  /** Appointments of this service may overlap others of the same provider (e.g. groups). */
  allowOverlap: z.boolean().optional(),
  /** A client's request for this service waits for staff approval (otherwise it books at once). */
  requiresApproval: z.boolean().optional(),
  active: z.boolean().optional(),
});
export type AppointmentServiceInput = z.infer<typeof AppointmentServiceInput>;
export const AppointmentServicePatch = AppointmentServiceInput.partial();

export const AppointmentService = z.object({
  id: z.string(),
  name: z.string(),
  cptCode: z.string().nullable(),
  defaultMinutes: z.number(),
  rateCents: z.number(),
  allowOverlap: z.boolean(),
  requiresApproval: z.boolean(),
  active: z.boolean(),
});
export type AppointmentService = z.infer<typeof AppointmentService>;
export const AppointmentServiceList = ItemList(AppointmentService);

// ---- practice scheduling settings ----

export const SchedulingSettings = z.object({
  /** Cancellations closer than this to the start are marked late. */
  cancellationWindowHours: z.number(),
  /** The most occurrences one recurring series may expand to. */
  maxSeriesOccurrences: z.number(),
  /** Booking a new appointment needs at least this much notice when a client books it. */
  clientMinNoticeHours: z.number(),
});
export type SchedulingSettings = z.infer<typeof SchedulingSettings>;
export const SchedulingSettingsPatch = z.strictObject({
  cancellationWindowHours: z.number().int({ message: 'must be a whole number of hours' }).min(0).max(24 * 14, { message: 'must be at most 336 hours' }).optional(),
  maxSeriesOccurrences: z.number().int({ message: 'must be a whole number' }).min(1).max(520, { message: 'must be at most 520' }).optional(),
  clientMinNoticeHours: z.number().int({ message: 'must be a whole number of hours' }).min(0).max(24 * 14).optional(),
});

// ---- appointments ----

export const AppointmentCreate = z.strictObject({
  clientIds: z.array(id).min(1, { message: 'must name at least one client' }).max(20, { message: 'must name at most 20 clients' }),
  providerId: id,
  start: Instant,
  durationMinutes: Duration,
  timeZone: TimeZone,
  type: AppointmentType,
  serviceId: id.optional(),
  placeOfService: PlaceOfService.optional(),
  format: AppointmentFormat.optional(),
  note: text({ max: 1000, multiline: true }).optional(),
  recurrence: Recurrence.optional(),
});
export type AppointmentCreate = z.infer<typeof AppointmentCreate>;

export const AppointmentCreated = z.object({
  id: z.string(),
  seriesId: z.string().nullable(),
  /** Ids of every occurrence created (one for a single appointment), in time order. */
  occurrenceIds: z.array(z.string()),
  /** Booked for a time already past (staff only; flagged on the appointment). */
  bookedInPast: z.boolean(),
});

export const AppointmentPatch = z.strictObject({
  start: Instant.optional(),
  durationMinutes: Duration.optional(),
  timeZone: TimeZone.optional(),
  providerId: id.optional(),
  type: AppointmentType.optional(),
  serviceId: id.nullable().optional(),
  placeOfService: PlaceOfService.optional(),
  status: z.enum(['scheduled', 'confirmed', 'checked_in', 'completed', 'no_show'], { message: 'must be scheduled, confirmed, checked_in, completed or no_show (cancel with POST /cancel)' }).optional(),
  note: text({ max: 1000, multiline: true }).nullable().optional(),
  /** For an occurrence of a series: this one, this and following, or all. */
  scope: EditScope.optional(),
  /** The version read; a change made meanwhile answers 409 instead of being overwritten. */
  version: z.number().int().positive().optional(),
});
export type AppointmentPatch = z.infer<typeof AppointmentPatch>;

export const AppointmentCancel = z.strictObject({
  scope: EditScope.optional(),
  /** Who asked for the cancellation: the practice, or the client (late if inside the window). */
  by: z.enum(['practice', 'client']).optional(),
  reason: text({ max: 500 }).optional(),
});

export const AppointmentClient = z.object({
  id: z.string(),
  /** Display name (preferred or first, and last); null when the caller may not see this client. */
  name: z.string().nullable(),
  /** The client's own zone, when known, so both local times can be shown. */
  timeZone: z.string().nullable(),
});

/** When and how an appointment happens: the same fields for staff (Appointment) and its client (PortalAppointment). */
export const appointmentTime = {
  ...TimeRange.shape,
  durationMinutes: z.number(),
  timeZone: z.string(),
  type: AppointmentType,
  format: AppointmentFormat,
};

export const Appointment = z.object({
  id: z.string(),
  seriesId: z.string().nullable(),
  providerId: z.string(),
  providerName: z.string(),
  clients: z.array(AppointmentClient),
  ...appointmentTime,
  serviceId: z.string().nullable(),
  serviceName: z.string().nullable(),
  placeOfService: PlaceOfService,
  status: AppointmentStatus,
  cancellation: z
    .object({ by: z.enum(['practice', 'client']), at: z.string(), late: z.boolean(), reason: z.string().nullable() })
    .nullable(),
  bookedInPast: z.boolean(),
  /** Non-clinical note; null when empty or when the caller's role may not read it. */
  note: z.string().nullable(),
  version: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Appointment = z.infer<typeof Appointment>;

/**
 * What one answer carries: every field (`full`, the default) or only what a calendar cell draws
 * (`calendar`, AppointmentCell). The rows, their order and the total are the same either way.
 */
export const APPOINTMENT_VIEWS = ['full', 'calendar'] as const;
export const AppointmentView = z.enum(APPOINTMENT_VIEWS, { message: `must be one of ${APPOINTMENT_VIEWS.join(', ')}` });
export type AppointmentView = z.infer<typeof AppointmentView>;

/** Statuses may be filtered one or several at a time: status=scheduled,confirmed. */
export const AppointmentQuery = z.strictObject({
  from: Instant,
  to: Instant,
  providerId: id.optional(),
  clientId: id.optional(),
  status: z
    .string()
    .max(200)
    .refine((s) => s.split(',').every((x) => (APPOINTMENT_STATUSES as readonly string[]).includes(x)), { message: `must be one or more of ${APPOINTMENT_STATUSES.join(', ')}` })
    .optional(),
  limit: pageLimit(5000),
  cursor: z.string().max(200).optional(),
  view: AppointmentView.optional(),
});
export type AppointmentQuery = z.infer<typeof AppointmentQuery>;

/**
 * Appointments overlapping the half-open range [from, to): start < to and end > from. The list
 * and the calendar both read this, so they always show the same set.
 */
export const AppointmentList = Page(Appointment);
export type AppointmentList = z.infer<typeof AppointmentList>;

/**
 * One appointment as a calendar cell draws it (view=calendar sends it as an AppointmentCellRow,
 * which the SPA decodes into this): each field is the full answer's
 * field of the same name, `clientNames` is its clients' names in the same order (null where
 * the caller may not see the client) and `clientZones` their own zones (null when not recorded),
 * so a cell can show a client's local time where it differs. Everything else comes from GET /api/appointments/:id.
 */
export const AppointmentCell = z.object({
  id: z.string(),
  ...TimeRange.shape,
  status: AppointmentStatus,
  type: AppointmentType,
  providerId: z.string(),
  /** The zone it was booked in (the calendar shows its local time where it differs). */
  timeZone: z.string(),
  clientNames: z.array(z.string().nullable()),
  clientZones: z.array(z.string().nullable()),
});
export type AppointmentCell = z.infer<typeof AppointmentCell>;
export const AppointmentCellList = Page(AppointmentCell);
export type AppointmentCellList = z.infer<typeof AppointmentCellList>;

const index = (of: string) => z.number().int().min(0).describe(`an index into ${of}`);

/**
 * One cell as view=calendar sends it, a row of eight: [id, start (Unix time in milliseconds),
 * minutes from start to end, status, type, provider (index into `providers`), the zone it was
 * booked in (index into `zones`), its clients in order (indexes into `clients`)].
 * shared/calendar-cells.ts turns these back into AppointmentCell, field for field.
 */
export const AppointmentCellRow = z.tuple([
  z.string().describe('id'),
  z.number().int().describe('start: Unix time in milliseconds'),
  z.number().positive().describe('minutes from start to end'),
  AppointmentStatus,
  AppointmentType,
  index('providers'),
  index('zones'),
  z.array(index('clients')).describe("the appointment's clients, in its order"),
]).describe('[id, start, minutes, status, type, provider, zone, clients]');
export type AppointmentCellRow = z.infer<typeof AppointmentCellRow>;

/**
 * A page of view=calendar: the rows, order, total and cursor of the full answer, each row an
 * AppointmentCellRow whose repeated values (provider ids, zone names, clients) are written once
 * in this page's `providers`, `zones` and `clients` ([name or null, index into `zones` or null]).
 */
export const AppointmentCellPage = Page(AppointmentCellRow).extend({
  providers: z.array(z.string()),
  zones: z.array(z.string()),
  clients: z.array(z.tuple([z.string().nullable(), index('zones').nullable()]).describe("[name, or null where the caller may not see the client; the client's own zone, or null when not recorded]")),
});
export type AppointmentCellPage = z.infer<typeof AppointmentCellPage>;

/** The answer of GET /api/appointments: the full list, or with view=calendar a page of cells. */
export const AppointmentRangeAnswer = z.union([AppointmentList, AppointmentCellPage]);

/** Longest range one query may span. */
export const MAX_RANGE_DAYS = 400;
