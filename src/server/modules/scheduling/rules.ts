// The rules every appointment change shares: format and place checks, the provider's overlap check,
// the event payload and its emission, and the shapes other modules read (state, calendar entry).
import type { RequestMeta } from '../../context.js';
import type { DbOrTx, Tx } from '../../db/index.js';
import { conflict, invalid } from '../../errors.js';
import { clientConflict } from '../../i18n/errors.js';
import { iso } from '../../lib/clock.js';
import { describeLocal } from '../../lib/zones.js';
import type { Appointment, AppointmentFormat, AppointmentType, PlaceOfService } from '../../../shared/scheduling.js';
import type { AuditEvent } from '../audit/index.js';
import type { ResolvedSession } from '../auth/index.js';
import type { EventType, Outbox } from '../outbox/index.js';
import * as repo from './repo.js';

export const DEFAULTS = { cancellationWindowMinutes: 24 * 60, maxSeriesOccurrences: 104, clientMinNoticeMinutes: 24 * 60 };
export const MIN = 60_000;

/** Statuses an occurrence may still be moved or cancelled from as part of a series change. */
export const MOVABLE = new Set(['scheduled', 'confirmed']);

export interface Interval {
  start: number;
  end: number;
}

export function staffActor(s: ResolvedSession, meta: RequestMeta): Pick<AuditEvent, 'actor' | 'practiceId' | 'ip' | 'userAgent'> {
  return { actor: { type: 'user', id: s.user.id }, practiceId: s.user.practiceId, ip: meta.ip, userAgent: meta.userAgent };
}

export type AppointmentEvent = ReturnType<typeof eventPayload>;

export function checkFormat(format: AppointmentFormat, clients: number) {
  const ok = format === 'individual' ? clients === 1 : format === 'couple' ? clients === 2 : clients >= 2;
  if (!ok) throw invalid('format', format === 'individual' ? 'an individual appointment has exactly one client' : format === 'couple' ? 'a couple appointment has exactly two clients' : `a ${format} appointment has two or more clients`);
}

export function checkPlace(type: AppointmentType, place: PlaceOfService) {
  if (fits(type, place)) return;
  throw invalid('placeOfService', type === 'in_person' ? 'an in-person appointment takes place at the office' : 'a video or audio appointment is telehealth (telehealth_home or telehealth_other)');
}

/** Throws 409 naming the first new interval that overlaps a live appointment of the provider. */
export async function assertFree(tx: Tx, providerId: string, intervals: Interval[], allowOverlap: boolean, exclude: string[], zone: string) {
  if (!intervals.length) return;
  const from = Math.min(...intervals.map((i) => i.start));
  const to = Math.max(...intervals.map((i) => i.end));
  const taken = await repo.busy(tx, providerId, from, to, exclude);
  for (const [n, i] of intervals.entries()) {
    const clash = taken.find((t) => Number(t.start_at) < i.end && Number(t.end_at) > i.start && !(allowOverlap && t.allow_overlap === 1));
    if (clash) {
      // A series' occurrence is named as the practice reads it: in the appointment's own zone, never
      // a UTC timestamp. A client's booking (one occurrence) meets this too, in the page's language.
      const series: Record<string, string> = intervals.length > 1 ? { series: 'yes', n: String(n + 1), when: describeLocal(i.start, zone) } : { series: 'no' };
      throw clientConflict('errors.appointment.providerBusy', 'start', series);
    }
  }
  // New occurrences of one change must not overlap each other either.
  const sorted = [...intervals].sort((a, b) => a.start - b.start);
  for (let k = 1; k < sorted.length; k++) if (sorted[k]!.start < sorted[k - 1]!.end && !allowOverlap) throw conflict('The occurrences of this series overlap each other', 'recurrence');
}

export function eventPayload(row: Pick<repo.AppointmentRow, 'id' | 'series_id' | 'provider_id' | 'start_at' | 'end_at' | 'time_zone' | 'type' | 'status'>, clientIds: string[], extra: Record<string, string | null> = {}) {
  return {
    appointmentId: row.id,
    seriesId: row.series_id,
    providerId: row.provider_id,
    clientIds,
    start: iso(Number(row.start_at)),
    end: iso(Number(row.end_at)),
    timeZone: row.time_zone,
    type: row.type,
    status: row.status,
    ...extra,
  };
}

/**
 * Every appointment write (a booking, a change, a cancellation, a confirmation; by staff or a
 * client) emits its event here, in its transaction: so this is also where the practice's
 * appointments watermark moves on, committed or rolled back with the write (calendar-answers.ts).
 */
export async function emitAppointmentEvent(outbox: Outbox, tx: Tx, practiceId: string, type: EventType, payload: AppointmentEvent) {
  await repo.bumpRevision(tx, practiceId);
  await outbox.emit(tx, { practiceId, type, aggregateType: 'appointment', aggregateId: payload.appointmentId, payload });
}

/** What reminders need to know of an appointment now. */
export interface AppointmentState {
  id: string;
  practiceId: string;
  providerId: string;
  serviceId: string | null;
  start: number;
  timeZone: string;
  status: Appointment['status'];
}

export function stateOf(r: Awaited<ReturnType<typeof repo.states>>[number]): AppointmentState {
  return { id: r.id, practiceId: r.practice_id, providerId: r.provider_id, serviceId: r.service_id, start: Number(r.start_at), timeZone: r.time_zone, status: r.status as Appointment['status'] };
}

/** An appointment as billing prices it (scheduling's billingFacts): no names, no notes. */
export interface AppointmentBillingFacts {
  id: string;
  providerId: string;
  clientIds: string[];
  start: number;
  durationMinutes: number;
  type: AppointmentType;
  status: Appointment['status'];
  /** Set on a cancelled appointment: who cancelled it and whether it was late. */
  cancellation: { by: 'practice' | 'client'; late: boolean } | null;
  service: { id: string; name: string; cptCode: string | null; rateCents: number } | null;
}

/** The most appointments one calendar file lists (a provider's feed window). */
export const CALENDAR_LIMIT = 10_000;

export interface CalendarEntry {
  id: string;
  seriesId: string | null;
  providerId: string;
  clientIds: string[];
  start: number;
  end: number;
  timeZone: string;
  type: AppointmentType;
  serviceId: string | null;
  status: Appointment['status'];
  version: number;
  createdAt: number;
  updatedAt: number;
}

export const fits = (type: AppointmentType, place: PlaceOfService) => (type === 'in_person') === (place === 'office');
export const defaultPlace = (type: AppointmentType): PlaceOfService => (type === 'in_person' ? 'office' : 'telehealth_home');

/** Whether appointments of this service may overlap others (none: no); 400 naming serviceId when it is not offered. */
export async function serviceAllowsOverlap(db: DbOrTx, practiceId: string, serviceId: string | null | undefined): Promise<boolean> {
  if (!serviceId) return false;
  const svc = await repo.findService(db, practiceId, serviceId);
  if (!svc) throw invalid('serviceId', 'is not a service of this practice');
  if (svc.active !== 1) throw invalid('serviceId', 'is no longer offered');
  return svc.allow_overlap === 1;
}

/** A new appointment row: scheduled, version 1, not cancelled; the caller gives the rest. */
export function newAppointmentRow(
  r: Pick<repo.AppointmentRow, 'id' | 'practice_id' | 'series_id' | 'series_index' | 'provider_id' | 'start_at' | 'end_at' | 'time_zone' | 'type' | 'format' | 'service_id' | 'allow_overlap' | 'place_of_service' | 'booked_in_past' | 'note_enc' | 'created_by' | 'created_at'>,
): repo.AppointmentRow {
  return { ...r, status: 'scheduled', cancelled_by: null, cancelled_by_id: null, cancelled_at: null, late_cancel: 0, cancel_reason_enc: null, version: 1, updated_at: r.created_at };
}
