// Appointments: booking (single or a recurring series), the range query that both the list and
// the calendar read, reschedules and status changes (this one, this and following, or all of a
// series), cancellations (by whom, and whether late), appointment services and practice
// scheduling settings. A provider is never double-booked: the overlap check and the insert run in
// one transaction holding the provider's lock. Every change writes its domain events to the outbox
// in the same transaction, and every read and change is audited.
//
// This class is the module's facade: staff booking and changes live here; settings and services
// (catalog.ts), reading and calendar facts (reader.ts), what is done for clients (client-bookings.ts)
// and the rules they share (rules.ts) sit beside it.
import { randomUUID } from 'node:crypto';
import type { AppContext, RequestMeta } from '../../context.js';
import type { DbOrTx, Tx } from '../../db/index.js';
import { AppError, conflict, forbidden, invalid, notFound } from '../../errors.js';
import { iso } from '../../lib/clock.js';
import type { StaffRole } from '../../../shared/roles.js';
import {
  type Appointment,
  type AppointmentCreate,
  type AppointmentCellList,
  type AppointmentList,
  type AppointmentPatch,
  type AppointmentQuery,
  type AppointmentService,
  type AppointmentServiceInput,
  type AppointmentType,
  type EditScope,
  type PlaceOfService,
  type SchedulingSettings,
} from '../../../shared/scheduling.js';
import type { z } from 'zod';
import type { AppointmentCancel, AppointmentCreated, AppointmentServicePatch, SchedulingSettingsPatch } from '../../../shared/scheduling.js';
import type { ResolvedSession } from '../auth/index.js';
import type { ClientService } from '../clients/index.js';
import type { Outbox } from '../outbox/index.js';
import type { PracticeService } from '../practices/index.js';
import { expand, parseRule } from './recurrence.js';
import { ClientBookings, type ClientBookingPlan, type ClientBookingRequest } from './client-bookings.js';
import { SchedulingCatalog } from './catalog.js';
import { AppointmentReader } from './reader.js';
import { RangeReads, type CalendarAnswer } from './calendar-answers.js';
import * as repo from './repo.js';
import { billableInRange, type BillableAppointment } from './billing-reads.js';
import { assertFree, checkFormat, checkPlace, defaultPlace, emitAppointmentEvent, eventPayload, fits, MIN, MOVABLE, newAppointmentRow, serviceAllowsOverlap, staffActor, type AppointmentBillingFacts, type AppointmentState, type CalendarEntry, type Interval } from './rules.js';
import { addDays, daysBetween, fromLocal, instantMs, toLocal } from '../../lib/zones.js';

export class SchedulingService {
  constructor(
    private readonly ctx: AppContext,
    private readonly clients: ClientService,
    private readonly practices: PracticeService,
    readonly outbox: Outbox,
  ) {
    this.catalog = new SchedulingCatalog(ctx);
    this.reader = new AppointmentReader(ctx, clients);
    this.ranges = new RangeReads(ctx, practices, (s) => this.onlyProvider(s));
    this.forClients = new ClientBookings(ctx, clients, practices, outbox, {
      settings: (practiceId) => this.settings(practiceId),
      present: (practiceId, rows, clientId) => this.reader.present(practiceId, rows, { clientId }),
    });
  }

  /** Appointments as the API shows them, and the PHI-free facts of calendar files (reader.ts). */
  private readonly reader: AppointmentReader;
  /** The range query behind the list and the calendar, and the calendar's kept answers (calendar-answers.ts). */
  private readonly ranges: RangeReads;
  /** Settings and appointment services (catalog.ts). */
  private readonly catalog: SchedulingCatalog;
  /** What a client does to their own appointments, and bookings made for them (client-bookings.ts). */
  private readonly forClients: ClientBookings;

  private role(s: ResolvedSession): StaffRole {
    return s.session.active_role as StaffRole;
  }

  /** Providers see their own appointments only, unless the practice lets them see every client. */
  private onlyProvider(s: ResolvedSession): Promise<string | null> {
    return this.clients.restrictedTo(s);
  }

  // ---- settings and appointment services (catalog.ts) ----

  settings(practiceId: string): Promise<SchedulingSettings> {
    return this.catalog.settings(practiceId);
  }

  updateSettings(s: ResolvedSession, patch: z.infer<typeof SchedulingSettingsPatch>, meta: RequestMeta): Promise<SchedulingSettings> {
    return this.catalog.updateSettings(s, patch, meta);
  }

  listServices(practiceId: string): Promise<AppointmentService[]> {
    return this.catalog.listServices(practiceId);
  }

  createService(s: ResolvedSession, input: AppointmentServiceInput, meta: RequestMeta): Promise<AppointmentService> {
    return this.catalog.createService(s, input, meta);
  }

  updateService(s: ResolvedSession, id: string, patch: z.infer<typeof AppointmentServicePatch>, meta: RequestMeta): Promise<AppointmentService> {
    return this.catalog.updateService(s, id, patch, meta);
  }

  // ---- booking ----

  private async assertProvider(s: ResolvedSession, providerId: string, field = 'providerId') {
    if (this.role(s) === 'provider' && providerId !== s.user.id) throw forbidden('Providers book and change only their own appointments');
    if (!(await repo.activeProvider(this.ctx.db, s.user.practiceId, providerId))) throw invalid(field, 'is not an active provider of this practice');
  }

  async create(s: ResolvedSession, input: AppointmentCreate, meta: RequestMeta): Promise<z.infer<typeof AppointmentCreated>> {
    const pid = s.user.practiceId;
    await this.practices.assertBaaAccepted(pid);
    const now = this.ctx.clock.now();
    const clientIds = [...new Set(input.clientIds)];
    if (clientIds.length !== input.clientIds.length) throw invalid('clientIds', 'names a client twice');
    const format = input.format ?? (clientIds.length === 1 ? 'individual' : 'group');
    checkFormat(format, clientIds.length);
    const place = input.placeOfService ?? defaultPlace(input.type);
    checkPlace(input.type, place);
    await this.assertProvider(s, input.providerId);
    // Every client must exist in this practice and be visible to the caller (404 otherwise).
    for (const [n, id] of clientIds.entries()) {
      try {
        await this.clients.assertVisible(s, id);
      } catch (err) {
        if (err instanceof AppError && err.status === 404) throw new AppError('not_found', 404, `clientIds.${n}: no such client`, `clientIds.${n}`);
        throw err;
      }
    }
    const statuses = await this.clients.statuses(pid, clientIds);
    const discharged = clientIds.findIndex((id) => statuses.find((r) => r.id === id)?.status === 'discharged');
    if (discharged >= 0) throw conflict(`clientIds.${discharged}: the client is discharged; make them active before booking`, `clientIds.${discharged}`);
    const allowOverlap = await serviceAllowsOverlap(this.ctx.db, pid, input.serviceId);
    const start = instantMs(input.start);
    const durationMs = input.durationMinutes * MIN;
    const settings = await this.settings(pid);
    let occurrences: { start: number }[] = [{ start }];
    let rule: ReturnType<typeof parseRule> | null = null;
    if (input.recurrence !== undefined) {
      rule = parseRule(input.recurrence);
      occurrences = expand(rule, toLocal(start, input.timeZone), input.timeZone, settings.maxSeriesOccurrences);
    }
    const bookedInPast = start < now;
    const seriesId = rule ? randomUUID() : null;
    const ids = occurrences.map(() => randomUUID());
    const intervals = occurrences.map((o) => ({ start: o.start, end: o.start + durationMs }));

    await this.ctx.db.transaction().execute(async (tx) => {
      await repo.lockProvider(tx, this.ctx.dialect, input.providerId);
      await assertFree(tx, input.providerId, intervals, allowOverlap, [], input.timeZone);
      if (rule && seriesId) {
        const first = toLocal(start, input.timeZone);
        await tx
          .insertInto('appointment_series')
          .values({ id: seriesId, practice_id: pid, rrule: rule.text, local_start: `${first.date}T${first.time}`, time_zone: input.timeZone, created_by: s.user.id, created_at: now })
          .execute();
      }
      for (const [n, interval] of intervals.entries()) {
        const id = ids[n]!;
        const row = newAppointmentRow({
          id,
          practice_id: pid,
          series_id: seriesId,
          series_index: seriesId ? n : null,
          provider_id: input.providerId,
          start_at: interval.start,
          end_at: interval.end,
          time_zone: input.timeZone,
          type: input.type,
          format,
          service_id: input.serviceId ?? null,
          allow_overlap: allowOverlap ? 1 : 0,
          place_of_service: place,
          booked_in_past: interval.start < now ? 1 : 0,
          note_enc: input.note?.trim() ? await this.ctx.crypto.encrypt(pid, { table: 'appointments', column: 'note_enc', rowId: id }, input.note.trim(), tx) : null,
          created_by: s.user.id,
          created_at: now,
        });
        await tx.insertInto('appointments').values(row).execute();
        await tx
          .insertInto('appointment_clients')
          .values(clientIds.map((client_id) => ({ appointment_id: id, client_id, practice_id: pid })))
          .execute();
        await emitAppointmentEvent(this.outbox, tx, pid, 'appointment.created', eventPayload(row, clientIds));
        await this.ctx.audit.record(
          {
            ...staffActor(s, meta),
            action: 'create',
            resource: { type: 'appointment', id },
            outcome: 'success',
            details: { seriesId, clientIds, bookedInPast: row.booked_in_past === 1 },
          },
          tx,
        );
      }
    });
    return { id: ids[0]!, seriesId, occurrenceIds: ids, bookedInPast };
  }

  // ---- reading ----

  /** The full answer: every field of each appointment overlapping [from, to). */
  list(s: ResolvedSession, q: AppointmentQuery, meta: RequestMeta): Promise<AppointmentList> {
    return this.ranges.read(s, q, meta, 'full', repo.pageRange, (pid, rows) => this.reader.present(pid, rows, { staff: s }));
  }

  /**
   * The same rows, order and total as list() for the same query, each as a calendar cell draws it
   * (view=calendar); read, checked and audited the same way.
   */
  cells(s: ResolvedSession, q: AppointmentQuery, meta: RequestMeta): Promise<AppointmentCellList> {
    return this.ranges.read(s, q, meta, 'calendar', repo.pageRangeCells, (pid, rows) => this.reader.cells(pid, rows, s));
  }

  /** cells() as `render` serializes it, with its tag; kept until an appointment or client changes (calendar-answers.ts). */
  calendar(s: ResolvedSession, q: AppointmentQuery, meta: RequestMeta, render: (answer: AppointmentCellList) => string): Promise<CalendarAnswer> {
    return this.ranges.calendar(s, q, meta, (pid, rows) => this.reader.cells(pid, rows, s), render);
  }

  private async visible(s: ResolvedSession, id: string): Promise<repo.AppointmentRow> {
    const row = await repo.findAppointment(this.ctx.db, s.user.practiceId, id);
    if (!row) throw notFound('Appointment');
    const only = await this.onlyProvider(s);
    if (only && row.provider_id !== only) throw notFound('Appointment');
    return row;
  }

  async get(s: ResolvedSession, id: string, meta: RequestMeta): Promise<Appointment> {
    const row = await this.visible(s, id);
    await this.ctx.audit.record({ ...staffActor(s, meta), action: 'read', resource: { type: 'appointment', id }, outcome: 'success' });
    return (await this.reader.present(s.user.practiceId, [row], { staff: s }))[0]!;
  }

  // ---- changing ----

  /** The occurrences a change addressed to `row` applies to. */
  private async scoped(row: repo.AppointmentRow, scope: EditScope, now: number): Promise<repo.AppointmentRow[]> {
    if (scope === 'this' || !row.series_id) return [row];
    const from = scope === 'following' ? (row.series_index ?? 0) : 0;
    const all = await repo.seriesOccurrences(this.ctx.db, row.series_id, from);
    // A series change leaves the past and settled occurrences as they were.
    return all.filter((r) => r.id === row.id || (MOVABLE.has(r.status) && Number(r.start_at) >= now));
  }

  async update(s: ResolvedSession, id: string, patch: AppointmentPatch, meta: RequestMeta): Promise<Appointment> {
    const pid = s.user.practiceId;
    await this.practices.assertBaaAccepted(pid);
    const now = this.ctx.clock.now();
    const row = await this.visible(s, id);
    if (this.role(s) === 'provider' && row.provider_id !== s.user.id) throw forbidden('Providers change only their own appointments');
    if (patch.version !== undefined && patch.version !== row.version) throw conflict('The appointment changed since you read it; reload and try again', 'version');
    if (row.status === 'cancelled') throw conflict('A cancelled appointment cannot be changed; book a new one', 'status');
    const scope = patch.scope ?? 'this';
    if (scope !== 'this' && !row.series_id) throw invalid('scope', 'only an occurrence of a recurring series can change following or all occurrences');
    if (patch.status !== undefined && scope !== 'this') throw invalid('scope', 'a status change applies to one appointment');
    if (patch.providerId !== undefined) await this.assertProvider(s, patch.providerId);
    const type = (patch.type ?? row.type) as AppointmentType;
    const current = row.place_of_service as PlaceOfService;
    const place = patch.placeOfService ?? (fits(type, current) ? current : defaultPlace(type));
    checkPlace(type, place);
    let allowOverlap = row.allow_overlap === 1;
    if (patch.serviceId) {
      const svc = await repo.findService(this.ctx.db, pid, patch.serviceId);
      if (!svc) throw invalid('serviceId', 'is not a service of this practice');
      allowOverlap = svc.allow_overlap === 1;
    } else if (patch.serviceId === null) allowOverlap = false;

    const targets = await this.scoped(row, scope, now);
    const timeChange = patch.start !== undefined || patch.durationMinutes !== undefined || patch.timeZone !== undefined;
    const zone = patch.timeZone ?? row.time_zone;
    const oldLocal = toLocal(Number(row.start_at), row.time_zone);
    const newStart = patch.start !== undefined ? instantMs(patch.start) : fromLocal(oldLocal, zone);
    const newLocal = toLocal(newStart, zone);
    const dayShift = daysBetween(oldLocal.date, newLocal.date);
    const providerId = patch.providerId ?? row.provider_id;

    const planned = targets.map((t) => {
      const duration = patch.durationMinutes !== undefined ? patch.durationMinutes * MIN : Number(t.end_at) - Number(t.start_at);
      let start = Number(t.start_at);
      if (timeChange) {
        if (t.id === row.id) start = newStart;
        else {
          // Same wall-clock move for every occurrence, in the series' zone: DST never shifts the hour.
          const local = toLocal(Number(t.start_at), t.time_zone);
          start = fromLocal({ date: addDays(local.date, dayShift), time: newLocal.time }, zone);
        }
      }
      return { row: t, start, end: start + duration };
    });
    const moved = timeChange || patch.providerId !== undefined;
    const clientIds = (await repo.clientsOf(this.ctx.db, targets.map((t) => t.id)));
    const clientsOf = (aid: string) => clientIds.filter((c) => c.appointment_id === aid).map((c) => c.client_id);
    const note = patch.note === undefined ? undefined : patch.note?.trim() || null;

    await this.ctx.db.transaction().execute(async (tx) => {
      await repo.lockProvider(tx, this.ctx.dialect, providerId);
      if (moved || patch.serviceId !== undefined) {
        await assertFree(
          tx,
          providerId,
          planned.filter((p) => p.row.status !== 'cancelled').map((p) => ({ start: p.start, end: p.end })),
          allowOverlap,
          planned.map((p) => p.row.id),
          zone,
        );
      }
      for (const p of planned) {
        const set: Partial<repo.AppointmentRow> = { updated_at: now };
        if (timeChange) Object.assign(set, { start_at: p.start, end_at: p.end, time_zone: zone });
        if (patch.providerId !== undefined) set.provider_id = patch.providerId;
        if (patch.type !== undefined || patch.placeOfService !== undefined) Object.assign(set, { type, place_of_service: place });
        if (patch.serviceId !== undefined) Object.assign(set, { service_id: patch.serviceId, allow_overlap: allowOverlap ? 1 : 0 });
        if (patch.status !== undefined) set.status = patch.status;
        if (note !== undefined) set.note_enc = note === null ? null : await this.ctx.crypto.encrypt(pid, { table: 'appointments', column: 'note_enc', rowId: p.row.id }, note, tx);
        const res = await repo.touch(tx, p.row.id, p.row.version, set);
        if (Number(res.numUpdatedRows) !== 1) throw conflict('The appointment changed while this change was being made; reload and try again', 'version');
        const after = { ...p.row, ...set, start_at: timeChange ? p.start : p.row.start_at, end_at: timeChange ? p.end : p.row.end_at };
        const rescheduled = moved && (Number(p.row.start_at) !== p.start || Number(p.row.end_at) !== p.end || after.provider_id !== p.row.provider_id);
        await emitAppointmentEvent(
          this.outbox,
          tx,
          pid,
          rescheduled ? 'appointment.rescheduled' : 'appointment.updated',
          eventPayload(after, clientsOf(p.row.id), rescheduled ? { previousStart: iso(Number(p.row.start_at)), previousEnd: iso(Number(p.row.end_at)), previousProviderId: p.row.provider_id } : {}),
        );
        await this.ctx.audit.record(
          { ...staffActor(s, meta), action: 'update', resource: { type: 'appointment', id: p.row.id }, outcome: 'success', details: { fields: Object.keys(patch).filter((k) => k !== 'version'), scope } },
          tx,
        );
      }
    });
    return this.get(s, id, meta);
  }

  async cancel(s: ResolvedSession, id: string, body: z.infer<typeof AppointmentCancel>, meta: RequestMeta): Promise<Appointment> {
    const pid = s.user.practiceId;
    const now = this.ctx.clock.now();
    const row = await this.visible(s, id);
    if (this.role(s) === 'provider' && row.provider_id !== s.user.id) throw forbidden('Providers cancel only their own appointments');
    if (row.status === 'cancelled') throw conflict('The appointment is already cancelled', 'status');
    if (row.status === 'completed' || row.status === 'no_show') throw conflict(`A ${row.status === 'completed' ? 'completed' : 'no-show'} appointment cannot be cancelled`, 'status');
    const scope = body.scope ?? 'this';
    if (scope !== 'this' && !row.series_id) throw invalid('scope', 'only an occurrence of a recurring series can cancel following or all occurrences');
    const targets = (await this.scoped(row, scope, now)).filter((t) => t.status !== 'cancelled');
    const windowMs = (await this.settings(pid)).cancellationWindowHours * 60 * MIN;
    const by = body.by ?? 'practice';
    const links = await repo.clientsOf(this.ctx.db, targets.map((t) => t.id));
    await this.ctx.db.transaction().execute(async (tx) => {
      for (const t of targets) {
        const late = Number(t.start_at) - now < windowMs ? 1 : 0;
        const set: Partial<repo.AppointmentRow> = {
          status: 'cancelled',
          cancelled_by: by,
          cancelled_by_id: s.user.id,
          cancelled_at: now,
          late_cancel: late,
          cancel_reason_enc: body.reason?.trim() ? await this.ctx.crypto.encrypt(pid, { table: 'appointments', column: 'cancel_reason_enc', rowId: t.id }, body.reason.trim(), tx) : null,
          updated_at: now,
        };
        const res = await repo.touch(tx, t.id, t.version, set);
        if (Number(res.numUpdatedRows) !== 1) throw conflict('The appointment changed while it was being cancelled; reload and try again', 'version');
        const after = { ...t, ...set } as repo.AppointmentRow;
        await emitAppointmentEvent(this.outbox, tx, pid, 'appointment.cancelled', eventPayload(after, links.filter((l) => l.appointment_id === t.id).map((l) => l.client_id), { cancelledBy: by, late: late ? 'true' : 'false' }));
        await this.ctx.audit.record({ ...staffActor(s, meta), action: 'update', resource: { type: 'appointment', id: t.id }, outcome: 'success', details: { status: 'cancelled', by, late: late === 1, scope } }, tx);
      }
    });
    return this.get(s, id, meta);
  }

  /** A client's own appointments from `from` on, for the portal (the caller checked the link). */
  async forClient(practiceId: string, clientId: string, from: number, to: number): Promise<Appointment[]> {
    const rows = await repo.pageRange(this.ctx.db, { practiceId, from, to, clientId }, 0, 500);
    return this.reader.present(practiceId, rows, { clientId });
  }

  // ---- for availability, client requests and the waitlist ----

  /** The provider's live appointments overlapping [from, to); pass the transaction when inside one. */
  async busy(providerId: string, from: number, to: number, db: DbOrTx = this.ctx.db): Promise<Interval[]> {
    return (await repo.busy(db, providerId, from, to, [])).map((r) => ({ start: Number(r.start_at), end: Number(r.end_at) }));
  }

  /** The clients of an appointment (ids only). */
  async clientIdsOf(appointmentId: string): Promise<string[]> {
    return (await repo.clientsOf(this.ctx.db, [appointmentId])).map((l) => l.client_id);
  }

  /** The display name of an active provider of the practice, or with 'any' of any staff, active or not (users are never deleted); null when there is none. */
  async providerName(practiceId: string, userId: string, who: 'active' | 'any' = 'active'): Promise<string | null> {
    const row = who === 'any' ? (await repo.userNames(this.ctx.db, practiceId, [userId]))[0] : await repo.activeProvider(this.ctx.db, practiceId, userId);
    return row ? this.ctx.crypto.decrypt({ table: 'users', column: 'name_enc', rowId: row.id }, row.name_enc) : null;
  }

  // ---- for clients (client-bookings.ts) ----

  /** The checks of a client booking before its transaction; the plan names the new appointment's id. */
  planClientBooking(b: ClientBookingRequest): Promise<ClientBookingPlan> {
    return this.forClients.plan(b);
  }

  /** In the caller's transaction: the provider's lock, and the overlap check of the planned time. */
  holdClientBooking(tx: Tx, plan: ClientBookingPlan): Promise<void> {
    return this.forClients.hold(tx, plan);
  }

  /** In the caller's transaction, after holdClientBooking: the appointment, its event and its audit row. */
  insertClientBooking(tx: Tx, plan: ClientBookingPlan): Promise<void> {
    return this.forClients.insert(tx, plan);
  }

  cancelForClient(...args: Parameters<ClientBookings['cancel']>): Promise<Appointment> {
    return this.forClients.cancel(...args);
  }

  confirmForClient(...args: Parameters<ClientBookings['confirm']>): Promise<{ status: 'confirmed'; changed: boolean }> {
    return this.forClients.confirm(...args);
  }

  /** Throws not_found unless this caller may see the appointment (for modules showing what hangs off one). */
  async assertVisible(s: ResolvedSession, id: string): Promise<void> {
    await this.visible(s, id);
  }

  /**
   * Appointments by id as this staff session sees them, leaving out the ones it may not see (for
   * lists built elsewhere, e.g. reminders needing attention). Not audited: the caller audits.
   */
  async visibleMany(s: ResolvedSession, ids: readonly string[]): Promise<Map<string, Appointment>> {
    const only = await this.onlyProvider(s);
    const rows = (await repo.findAppointments(this.ctx.db, s.user.practiceId, ids)).filter((r) => !only || r.provider_id === only);
    return new Map((await this.reader.present(s.user.practiceId, rows, { staff: s })).map((a) => [a.id, a]));
  }

  /** The current state of appointments by id, in one query (reader.ts; the caller checks access). */
  states(ids: readonly string[]): Promise<Map<string, AppointmentState>> {
    return this.reader.states(ids);
  }

  /** Inside the caller's transaction: locks one appointment against changes until it commits (reader.ts). */
  lockState(tx: Tx, id: string): Promise<AppointmentState | undefined> {
    return this.reader.lockState(tx, id);
  }

  /** An appointment's clients with their own zones (ids only). */
  async clientsWithZones(appointmentId: string): Promise<{ clientId: string; timeZone: string | null }[]> {
    return (await this.reader.clientLinksWithZones([appointmentId])).map((l) => ({ clientId: l.client_id, timeZone: l.time_zone }));
  }

  /** The practice's cancellation window in ms (whether a cancellation now would be late). */
  async cancellationWindowMs(practiceId: string): Promise<number> {
    return (await this.settings(practiceId)).cancellationWindowHours * 60 * MIN;
  }

  /**
   * What billing needs to price appointments of this practice (ids, codes, amounts; nothing
   * decrypted), by id; ids of another practice are left out. The caller checks access and audits.
   */
  async billingFacts(practiceId: string, ids: readonly string[]): Promise<Map<string, AppointmentBillingFacts>> {
    const rows = await repo.findAppointments(this.ctx.db, practiceId, ids);
    if (!rows.length) return new Map();
    const links = await repo.clientsOf(this.ctx.db, rows.map((r) => r.id));
    const services = new Map((await repo.services(this.ctx.db, practiceId)).map((r) => [r.id, r]));
    const out = new Map<string, AppointmentBillingFacts>();
    for (const r of rows) {
      const svc = r.service_id ? services.get(r.service_id) : undefined;
      out.set(r.id, {
        id: r.id,
        providerId: r.provider_id,
        clientIds: links.filter((l) => l.appointment_id === r.id).map((l) => l.client_id),
        start: Number(r.start_at),
        durationMinutes: Math.round((Number(r.end_at) - Number(r.start_at)) / MIN),
        type: r.type as AppointmentType,
        status: r.status as Appointment['status'],
        cancellation: r.status === 'cancelled' && r.cancelled_by ? { by: r.cancelled_by as 'practice' | 'client', late: Number(r.late_cancel) === 1 } : null,
        service: svc ? { id: svc.id, name: svc.name, cptCode: svc.cpt_code, rateCents: Number(svc.rate_cents) } : null,
      });
    }
    return out;
  }

  // ---- calendar files (provider feeds, client invitations; reader.ts) ----

  calendarEntries(...args: Parameters<AppointmentReader['calendarEntries']>): Promise<CalendarEntry[]> {
    return this.reader.calendarEntries(...args);
  }

  detailsFor(practiceId: string, providerId: string, serviceId: string | null): Promise<{ providerName: string | null; serviceName: string | null }> {
    return this.reader.detailsFor(practiceId, providerId, serviceId);
  }

  /** The practice's visits in [from, to) that could be billed (billing's unbilled report); not audited here: the caller audits its read. */
  billableInRange(practiceId: string, from: number, to: number): Promise<BillableAppointment[]> {
    return billableInRange(this.ctx.db, practiceId, from, to);
  }
}

export type { AppointmentBillingFacts, AppointmentState, CalendarEntry } from './rules.js';
export type { BillableAppointment } from './billing-reads.js';
export type { ClientBookingPlan, ClientBookingRequest } from './client-bookings.js';
