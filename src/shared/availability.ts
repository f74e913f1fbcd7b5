// Provider availability contracts, shared by the server (validation, OpenAPI) and the SPA:
// working hours per weekday in the provider's own IANA zone, a buffer between sessions, blocked
// time, and the open slots computed from them. Weekdays are ISO 8601: 1 = Monday … 7 = Sunday.
import { z } from 'zod';
import { TimeRange } from './api.js';
import type { StaffRole } from './roles.js';
import { Instant } from './scheduling.js';
import { id, text } from './strings.js';
import { TimeZone } from './time-zone.js';


/** The longest range one open-slot query may span. */
export const MAX_SLOT_RANGE_DAYS = 31;
/** Slots start on this grid of local wall-clock minutes from the start of each working interval. */
export const SLOT_GRID_MINUTES = 30;
export const MAX_BUFFER_MINUTES = 120;
/** The longest one blocked range may be. */
export const MAX_BLOCK_DAYS = 366;

/** Roles that edit anyone's availability (with appointments.write); a provider edits their own. */
export const AVAILABILITY_EDIT_ANY: readonly StaffRole[] = ['owner', 'front_desk'];

export const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;
export const WEEKDAY_NAMES: Record<number, string> = { 1: 'Monday', 2: 'Tuesday', 3: 'Wednesday', 4: 'Thursday', 5: 'Friday', 6: 'Saturday', 7: 'Sunday' };

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;
/** A local time of day, HH:mm (24-hour). */
export const ClockTime = z.string().regex(HHMM, { message: 'must be a time of day as HH:mm (e.g. 09:00)' });
/** An interval's end: HH:mm, or 24:00 for midnight at the end of the day. */
export const ClockEnd = z.string().refine((s) => s === '24:00' || HHMM.test(s), { message: 'must be a time of day as HH:mm (e.g. 17:00, or 24:00 for midnight)' });

export const minutesOf = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

export const WorkingInterval = z.strictObject({
  weekday: z.number({ message: 'must be a weekday number, 1 (Monday) to 7 (Sunday)' }).int({ message: 'must be a whole number, 1 (Monday) to 7 (Sunday)' }).min(1, { message: 'must be 1 (Monday) to 7 (Sunday)' }).max(7, { message: 'must be 1 (Monday) to 7 (Sunday)' }),
  start: ClockTime,
  end: ClockEnd,
});
export type WorkingInterval = z.infer<typeof WorkingInterval>;

export const AvailabilityInput = z
  .strictObject({
    timeZone: TimeZone,
    bufferMinutes: z
      .number({ message: 'must be a number of minutes' })
      .int({ message: 'must be a whole number of minutes' })
      .min(0, { message: 'cannot be negative' })
      .max(MAX_BUFFER_MINUTES, { message: `must be at most ${MAX_BUFFER_MINUTES} minutes` }),
    hours: z.array(WorkingInterval).max(70, { message: 'must have at most 70 intervals' }),
  })
  .superRefine((v, ctx) => {
    const checked: { weekday: number; start: number; end: number; n: number }[] = [];
    v.hours.forEach((h, n) => {
      if (!HHMM.test(h.start) || !(h.end === '24:00' || HHMM.test(h.end))) return;
      const start = minutesOf(h.start);
      const end = minutesOf(h.end);
      if (end <= start) {
        ctx.addIssue({ code: 'custom', path: ['hours', n, 'end'], message: 'must be after start' });
        return;
      }
      const clash = checked.find((c) => c.weekday === h.weekday && c.start < end && c.end > start);
      if (clash) ctx.addIssue({ code: 'custom', path: ['hours', n], message: `overlaps hours.${clash.n} on the same weekday` });
      checked.push({ weekday: h.weekday, start, end, n });
    });
  });
export type AvailabilityInput = z.infer<typeof AvailabilityInput>;

export const Availability = z.object({
  providerId: z.string(),
  /** False until the provider's hours are first saved: then there are no open slots. */
  configured: z.boolean(),
  timeZone: z.string().nullable(),
  bufferMinutes: z.number(),
  /** Sorted by weekday, then start. */
  hours: z.array(z.object({ weekday: z.number(), start: z.string(), end: z.string() })),
  updatedAt: z.string().nullable(),
});
export type Availability = z.infer<typeof Availability>;

export const BlockedTimeInput = z
  .strictObject({
    start: Instant,
    end: Instant,
    /** Non-clinical, optional (e.g. "Vacation"); stored encrypted, as it may still say too much. */
    label: text({ max: 200 }).optional(),
  })
  .superRefine((v, ctx) => {
    const s = Date.parse(v.start);
    const e = Date.parse(v.end);
    if (Number.isNaN(s) || Number.isNaN(e)) return;
    if (e <= s) ctx.addIssue({ code: 'custom', path: ['end'], message: 'must be after start' });
    else if (e - s > MAX_BLOCK_DAYS * 86_400_000) ctx.addIssue({ code: 'custom', path: ['end'], message: `must be at most ${MAX_BLOCK_DAYS} days after start` });
  });
export type BlockedTimeInput = z.infer<typeof BlockedTimeInput>;

export const BlockedTime = z.object({
  id: z.string(),
  providerId: z.string(),
  ...TimeRange.shape,
  /** Shown to the provider and to those who may edit their availability; null otherwise. */
  label: z.string().nullable(),
  createdAt: z.string(),
});
export type BlockedTime = z.infer<typeof BlockedTime>;

/** Blocked ranges overlapping [from, to) (default: from now on). */
export const BlockedTimeQuery = z.strictObject({ from: Instant.optional(), to: Instant.optional() });
export const BlockedTimeList = z.object({ items: z.array(BlockedTime), total: z.number() });

export const ProviderParams = z.strictObject({ id });
export const BlockedTimeParams = z.strictObject({ id, blockId: id });

function checkRange(v: { from: string; to: string }, ctx: z.RefinementCtx) {
  const from = Date.parse(v.from);
  const to = Date.parse(v.to);
  if (Number.isNaN(from) || Number.isNaN(to)) return;
  if (to <= from) ctx.addIssue({ code: 'custom', path: ['to'], message: 'must be after from' });
  else if (to - from > MAX_SLOT_RANGE_DAYS * 86_400_000) ctx.addIssue({ code: 'custom', path: ['to'], message: `the range may span at most ${MAX_SLOT_RANGE_DAYS} days` });
}

/** Open slots of one provider for one service, starting in [from, to). */
export const OpenSlotsQuery = z.strictObject({ serviceId: id, from: Instant, to: Instant }).superRefine(checkRange);
/** The portal's form of the query: the provider is one of the client's own. */
export const PortalOpenSlotsQuery = z.strictObject({ providerId: id, serviceId: id, from: Instant, to: Instant }).superRefine(checkRange);

export const Slot = TimeRange;
export type Slot = z.infer<typeof Slot>;
export const OpenSlots = z.object({
  providerId: z.string(),
  serviceId: z.string(),
  /** The provider's zone (the slots are laid out on its wall clock); null when hours are not set. */
  timeZone: z.string().nullable(),
  durationMinutes: z.number(),
  slots: z.array(Slot),
});
export type OpenSlots = z.infer<typeof OpenSlots>;
