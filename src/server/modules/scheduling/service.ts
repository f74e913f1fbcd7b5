// Appointments: booking (single or a recurring series), the range query that both the list and
// the calendar read, reschedules and status changes (this one, this and following, or all of a
// series), cancellations (by whom, and whether late), appointment services and practice
// scheduling settings. A provider is never double-booked: the overlap check and the insert run in
// one transaction holding the provider's lock. Every change writes its domain events to the outbox
// in the same transaction, and every read and change is audited.
import { randomUUID } from 'node:crypto';
import type { AppContext, RequestMeta } from '../../context.js';
import type { DbOrTx, Tx } from '../../db/index.js';
import { AppError, forbidden, notFound } from '../../errors.js';
import { iso } from '../../lib/clock.js';
import type { StaffRole } from '../../../shared/roles.js';
import {
  MAX_RANGE_DAYS,
  type Appointment,
  type AppointmentCreate,
  type AppointmentFormat,
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
import type { AuditEvent } from '../audit/index.js';
import type { ResolvedSession } from '../auth/sessions.js';
import type { ClientService } from '../clients/index.js';
import type { EventType, Outbox } from '../outbox/index.js';
import type { PracticeService } from '../practices/index.js';
import { expand, parseRule } from './recurrence.js';
import * as repo from './repo.js';
import { addDays, daysBetween, describeLocal, fromLocal, instantMs, toLocal } from './time.js';

const DEFAULTS = { cancellationWindowMinutes: 24 * 60, maxSeriesOccurrences: 104, clientMinNoticeMinutes: 24 * 60 };
const DEFAULT_LIMIT = 100;
const MIN = 60_000;

/** Statuses an occurrence may still be moved or cancelled from as part of a series change. */
const MOVABLE = new Set(['scheduled', 'confirmed']);

const conflict = (message: string, field?: string) => new AppError('conflict', 409, message, field);
const invalid = (field: string, message: string) => new AppError('validation_failed', 400, `${field}: ${message}`, field);

interface Interval {
  start: number;
  end: number;
}

export class SchedulingService {
  constructor(
    private readonly ctx: AppContext,
    private readonly clients: ClientService,
    private readonly practices: PracticeService,
    readonly outbox: Outbox,
  ) {}

  private role(s: ResolvedSession): StaffRole {
    return s.session.active_role as StaffRole;
  }

  private who(s: ResolvedSession, meta: RequestMeta): Pick<AuditEvent, 'actor' | 'practiceId' | 'ip' | 'userAgent'> {
    return { actor: { type: 'user', id: s.user.id }, practiceId: s.user.practiceId, ip: meta.ip, userAgent: meta.userAgent };
  }

  /** Providers see their own appointments only, unless the practice lets them see every client. */
  private onlyProvider(s: ResolvedSession): Promise<string | null> {
    return this.clients.restrictedTo(s);
  }

  // ---- settings ----

  async settings(practiceId: string): Promise<SchedulingSettings> {
    const row = await repo.settingsRow(this.ctx.db, practiceId);
    const r = row
      ? { cancellationWindowMinutes: row.cancellation_window_minutes, maxSeriesOccurrences: row.max_series_occurrences, clientMinNoticeMinutes: row.client_min_notice_minutes }
      : DEFAULTS;
    return { cancellationWindowHours: r.cancellationWindowMinutes / 60, maxSeriesOccurrences: r.maxSeriesOccurrences, clientMinNoticeHours: r.clientMinNoticeMinutes / 60 };
  }

  async updateSettings(s: ResolvedSession, patch: z.infer<typeof SchedulingSettingsPatch>, meta: RequestMeta): Promise<SchedulingSettings> {
    const pid = s.user.practiceId;
    const current = await this.settings(pid);
    const next = { ...current, ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) } as SchedulingSettings;
    const values = {
      cancellation_window_minutes: next.cancellationWindowHours * 60,
      max_series_occurrences: next.maxSeriesOccurrences,
      client_min_notice_minutes: next.clientMinNoticeHours * 60,
      updated_at: this.ctx.clock.now(),
    };
    await this.ctx.db.transaction().execute(async (tx) => {
      await tx
        .insertInto('scheduling_settings')
        .values({ practice_id: pid, ...values })
        .onConflict((oc) => oc.column('practice_id').doUpdateSet(values))
        .execute();
      await this.ctx.audit.record(
        { ...this.who(s, meta), action: 'setting_change', resource: { type: 'scheduling_settings', id: pid }, outcome: 'success', details: { fields: Object.keys(patch) } },
        tx,
      );
    });
    return next;
  }

  // ---- appointment services ----

  private serviceOut(r: Awaited<ReturnType<typeof repo.services>>[number]): AppointmentService {
    return {
      id: r.id,
      name: r.name,
      cptCode: r.cpt_code,
      defaultMinutes: r.default_minutes,
      rateCents: r.rate_cents,
      allowOverlap: r.allow_overlap === 1,
      requiresApproval: r.requires_approval === 1,
      active: r.active === 1,
    };
  }

  async listServices(practiceId: string): Promise<AppointmentService[]> {
    return (await repo.services(this.ctx.db, practiceId)).map((r) => this.serviceOut(r));
  }

  async createService(s: ResolvedSession, input: AppointmentServiceInput, meta: RequestMeta): Promise<AppointmentService> {
    const id = randomUUID();
    const now = this.ctx.clock.now();
    const row = {
      id,
      practice_id: s.user.practiceId,
      name: input.name.trim(),
      cpt_code: input.cptCode ?? null,
      default_minutes: input.defaultMinutes,
      rate_cents: input.rateCents,
      allow_overlap: input.allowOverlap ? 1 : 0,
      requires_approval: input.requiresApproval === false ? 0 : 1,
      active: input.active === false ? 0 : 1,
      created_at: now,
      updated_at: now,
    };
    await this.ctx.db.transaction().execute(async (tx) => {
      await tx.insertInto('appointment_services').values(row).execute();
      await this.ctx.audit.record({ ...this.who(s, meta), action: 'create', resource: { type: 'appointment_service', id }, outcome: 'success' }, tx);
    });
    return this.serviceOut(row);
  }

  async updateService(s: ResolvedSession, id: string, patch: z.infer<typeof AppointmentServicePatch>, meta: RequestMeta): Promise<AppointmentService> {
    const pid = s.user.practiceId;
    if (!(await repo.findService(this.ctx.db, pid, id))) throw notFound('Service');
    const set: Record<string, string | number | null> = { updated_at: this.ctx.clock.now() };
    if (patch.name !== undefined) set.name = patch.name.trim();
    if (patch.cptCode !== undefined) set.cpt_code = patch.cptCode;
    if (patch.defaultMinutes !== undefined) set.default_minutes = patch.defaultMinutes;
    if (patch.rateCents !== undefined) set.rate_cents = patch.rateCents;
    if (patch.allowOverlap !== undefined) set.allow_overlap = patch.allowOverlap ? 1 : 0;
    if (patch.requiresApproval !== undefined) set.requires_approval = patch.requiresApproval ? 1 : 0;
    if (patch.active !== undefined) set.active = patch.active ? 1 : 0;
    await this.ctx.db.transaction().execute(async (tx) => {
      await tx.updateTable('appointment_services').set(set).where('id', '=', id).where('practice_id', '=', pid).execute();
      await this.ctx.audit.record({ ...this.who(s, meta), action: 'update', resource: { type: 'appointment_service', id }, outcome: 'success', details: { fields: Object.keys(patch) } }, tx);
    });
    return this.serviceOut((await repo.findService(this.ctx.db, pid, id))!);
  }

  // ---- booking ----

  private checkFormat(format: AppointmentFormat, clients: number) {
    const ok = format === 'individual' ? clients === 1 : format === 'couple' ? clients === 2 : clients >= 2;
    if (!ok) throw invalid('format', format === 'individual' ? 'an individual appointment has exactly one client' : format === 'couple' ? 'a couple appointment has exactly two clients' : `a ${format} appointment has two or more clients`);
  }

  private checkPlace(type: AppointmentType, place: PlaceOfService) {
    if (fits(type, place)) return;
    throw invalid('placeOfService', type === 'in_person' ? 'an in-person appointment takes place at the office' : 'a video or audio appointment is telehealth (telehealth_home or telehealth_other)');
  }

  /** Throws 409 naming the first new interval that overlaps a live appointment of the provider. */
  private async assertFree(tx: Tx, providerId: string, intervals: Interval[], allowOverlap: boolean, exclude: string[], zone: string) {
    if (!intervals.length) return;
    const from = Math.min(...intervals.map((i) => i.start));
    const to = Math.max(...intervals.map((i) => i.end));
    const taken = await repo.busy(tx, providerId, from, to, exclude);
    for (const [n, i] of intervals.entries()) {
      const clash = taken.find((t) => Number(t.start_at) < i.end && Number(t.end_at) > i.start && !(allowOverlap && t.allow_overlap === 1));
      if (clash) {
        // Named as the practice reads it: in the appointment's own zone, never a UTC timestamp.
        const which = intervals.length > 1 ? ` (occurrence ${n + 1}, ${describeLocal(i.start, zone)})` : '';
        throw conflict(`The provider already has an appointment at that time${which}`, 'start');
      }
    }
    // New occurrences of one change must not overlap each other either.
    const sorted = [...intervals].sort((a, b) => a.start - b.start);
    for (let k = 1; k < sorted.length; k++) if (sorted[k]!.start < sorted[k - 1]!.end && !allowOverlap) throw conflict('The occurrences of this series overlap each other', 'recurrence');
  }

  private eventPayload(row: Pick<repo.AppointmentRow, 'id' | 'series_id' | 'provider_id' | 'start_at' | 'end_at' | 'time_zone' | 'type' | 'status'>, clientIds: string[], extra: Record<string, string | null> = {}) {
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

  private async emit(tx: Tx, practiceId: string, type: EventType, payload: ReturnType<SchedulingService['eventPayload']>) {
    await this.outbox.emit(tx, { practiceId, type, aggregateType: 'appointment', aggregateId: payload.appointmentId, payload });
  }

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
    this.checkFormat(format, clientIds.length);
    const place = input.placeOfService ?? defaultPlace(input.type);
    this.checkPlace(input.type, place);
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
    const statuses = await repo.clientStatuses(this.ctx.db, pid, clientIds);
    const discharged = clientIds.findIndex((id) => statuses.find((r) => r.id === id)?.status === 'discharged');
    if (discharged >= 0) throw conflict(`clientIds.${discharged}: the client is discharged; make them active before booking`, `clientIds.${discharged}`);
    let allowOverlap = false;
    if (input.serviceId) {
      const svc = await repo.findService(this.ctx.db, pid, input.serviceId);
      if (!svc) throw invalid('serviceId', 'is not a service of this practice');
      if (svc.active !== 1) throw invalid('serviceId', 'is no longer offered');
      allowOverlap = svc.allow_overlap === 1;
    }
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
      await this.assertFree(tx, input.providerId, intervals, allowOverlap, [], input.timeZone);
      if (rule && seriesId) {
        const first = toLocal(start, input.timeZone);
        await tx
          .insertInto('appointment_series')
          .values({ id: seriesId, practice_id: pid, rrule: rule.text, local_start: `${first.date}T${first.time}`, time_zone: input.timeZone, created_by: s.user.id, created_at: now })
          .execute();
      }
      for (const [n, interval] of intervals.entries()) {
        const id = ids[n]!;
        const row: repo.AppointmentRow = {
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
          status: 'scheduled',
          cancelled_by: null,
          cancelled_by_id: null,
          cancelled_at: null,
          late_cancel: 0,
          cancel_reason_enc: null,
          booked_in_past: interval.start < now ? 1 : 0,
          note_enc: input.note?.trim() ? await this.ctx.crypto.encrypt(pid, { table: 'appointments', column: 'note_enc', rowId: id }, input.note.trim(), tx) : null,
          version: 1,
          created_by: s.user.id,
          created_at: now,
          updated_at: now,
        };
        await tx.insertInto('appointments').values(row).execute();
        await tx
          .insertInto('appointment_clients')
          .values(clientIds.map((client_id) => ({ appointment_id: id, client_id, practice_id: pid })))
          .execute();
        await this.emit(tx, pid, 'appointment.created', this.eventPayload(row, clientIds));
        await this.ctx.audit.record(
          {
            ...this.who(s, meta),
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

  /**
   * Rows as the API shows them. Staff see the names of clients they may see; a client (portal)
   * sees their own name only (never other members of a group) and no staff note.
   */
  private async present(pid: string, rows: repo.AppointmentRow[], viewer: { staff: ResolvedSession } | { clientId: string }): Promise<Appointment[]> {
    if (!rows.length) return [];
    const links = await repo.clientsOf(this.ctx.db, rows.map((r) => r.id));
    const byAppointment = new Map<string, { id: string; timeZone: string | null }[]>();
    for (const l of links) {
      const list = byAppointment.get(l.appointment_id) ?? [];
      list.push({ id: l.client_id, timeZone: l.time_zone });
      byAppointment.set(l.appointment_id, list);
    }
    const directory = await this.clients.directory(pid);
    const only = 'staff' in viewer ? await this.clients.restrictedTo(viewer.staff) : null;
    const self = 'clientId' in viewer ? viewer.clientId : null;
    const providerIds = [...new Set(rows.map((r) => r.provider_id))];
    const names = new Map<string, string>();
    for (const u of await repo.userNames(this.ctx.db, pid, providerIds)) {
      names.set(u.id, await this.ctx.crypto.decrypt({ table: 'users', column: 'name_enc', rowId: u.id }, u.name_enc));
    }
    const services = new Map((await repo.services(this.ctx.db, pid)).map((r) => [r.id, r.name]));
    const out: Appointment[] = [];
    for (const r of rows) {
      const clients = (byAppointment.get(r.id) ?? []).map((c) => {
        const e = directory.get(c.id);
        const visible = e && (self ? c.id === self : !only || e.providerIds.includes(only) || r.provider_id === only);
        return { id: c.id, name: visible ? `${e.preferredName ?? e.firstName} ${e.lastName}` : null, timeZone: c.timeZone };
      });
      out.push({
        id: r.id,
        seriesId: r.series_id,
        providerId: r.provider_id,
        providerName: names.get(r.provider_id) ?? '',
        clients,
        start: iso(Number(r.start_at)),
        end: iso(Number(r.end_at)),
        durationMinutes: Math.round((Number(r.end_at) - Number(r.start_at)) / MIN),
        timeZone: r.time_zone,
        type: r.type as AppointmentType,
        format: r.format as AppointmentFormat,
        serviceId: r.service_id,
        serviceName: r.service_id ? (services.get(r.service_id) ?? null) : null,
        placeOfService: r.place_of_service as PlaceOfService,
        status: r.status as Appointment['status'],
        cancellation:
          r.status === 'cancelled' && r.cancelled_at !== null
            ? {
                by: r.cancelled_by as 'practice' | 'client',
                at: iso(Number(r.cancelled_at)),
                late: r.late_cancel === 1,
                reason: self ? null : await this.ctx.crypto.decryptNullable({ table: 'appointments', column: 'cancel_reason_enc', rowId: r.id }, r.cancel_reason_enc),
              }
            : null,
        bookedInPast: r.booked_in_past === 1,
        note: self ? null : await this.ctx.crypto.decryptNullable({ table: 'appointments', column: 'note_enc', rowId: r.id }, r.note_enc),
        version: r.version,
        createdAt: iso(Number(r.created_at)),
        updatedAt: iso(Number(r.updated_at)),
      });
    }
    return out;
  }

  /**
   * The one range query: appointments overlapping [from, to), exact total, in start order. The
   * count and the page come from one snapshot, so the total always matches the items.
   */
  async list(s: ResolvedSession, q: AppointmentQuery, meta: RequestMeta): Promise<AppointmentList> {
    const pid = s.user.practiceId;
    const from = instantMs(q.from);
    const to = instantMs(q.to);
    if (to <= from) throw invalid('to', 'must be after from');
    if (to - from > MAX_RANGE_DAYS * 24 * 60 * MIN) throw invalid('to', `the range may span at most ${MAX_RANGE_DAYS} days`);
    const only = await this.onlyProvider(s);
    if (only && q.providerId && q.providerId !== only) throw forbidden('Providers see only their own appointments');
    const filter: repo.RangeFilter = {
      practiceId: pid,
      from,
      to,
      providerId: only ?? q.providerId,
      clientId: q.clientId,
      statuses: q.status?.split(','),
    };
    const limit = q.limit ?? DEFAULT_LIMIT;
    const offset = decodeCursor(q.cursor);
    const snapshot = this.ctx.dialect === 'postgres' ? this.ctx.db.transaction().setIsolationLevel('repeatable read') : this.ctx.db.transaction();
    const { total, rows } = await snapshot.execute(async (tx) => ({ total: await repo.countRange(tx, filter), rows: await repo.pageRange(tx, filter, offset, limit) }));
    const items = await this.present(pid, rows, { staff: s });
    await this.ctx.audit.record({
      ...this.who(s, meta),
      action: 'read',
      resource: { type: 'appointment_list', id: pid },
      outcome: 'success',
      details: { returned: items.length, total, from: iso(from), to: iso(to), providerId: filter.providerId ?? null, clientId: q.clientId ?? null, status: q.status ?? null },
    });
    return { items, total, nextCursor: offset + limit < total ? encodeCursor(offset + limit) : null };
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
    await this.ctx.audit.record({ ...this.who(s, meta), action: 'read', resource: { type: 'appointment', id }, outcome: 'success' });
    return (await this.present(s.user.practiceId, [row], { staff: s }))[0]!;
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
    this.checkPlace(type, place);
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
        await this.assertFree(
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
        await this.emit(
          tx,
          pid,
          rescheduled ? 'appointment.rescheduled' : 'appointment.updated',
          this.eventPayload(after, clientsOf(p.row.id), rescheduled ? { previousStart: iso(Number(p.row.start_at)), previousEnd: iso(Number(p.row.end_at)), previousProviderId: p.row.provider_id } : {}),
        );
        await this.ctx.audit.record(
          { ...this.who(s, meta), action: 'update', resource: { type: 'appointment', id: p.row.id }, outcome: 'success', details: { fields: Object.keys(patch).filter((k) => k !== 'version'), scope } },
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
        await this.emit(tx, pid, 'appointment.cancelled', this.eventPayload(after, links.filter((l) => l.appointment_id === t.id).map((l) => l.client_id), { cancelledBy: by, late: late ? 'true' : 'false' }));
        await this.ctx.audit.record({ ...this.who(s, meta), action: 'update', resource: { type: 'appointment', id: t.id }, outcome: 'success', details: { status: 'cancelled', by, late: late === 1, scope } }, tx);
      }
    });
    return this.get(s, id, meta);
  }

  /** A client's own appointments from `from` on, for the portal (the caller checked the link). */
  async forClient(practiceId: string, clientId: string, from: number, to: number): Promise<Appointment[]> {
    const rows = await repo.pageRange(this.ctx.db, { practiceId, from, to, clientId }, 0, 500);
    return this.present(practiceId, rows, { clientId });
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

  /** The display name of an active provider of the practice, or null when there is none by that id. */
  async providerName(practiceId: string, userId: string): Promise<string | null> {
    const row = await repo.activeProvider(this.ctx.db, practiceId, userId);
    return row ? this.ctx.crypto.decrypt({ table: 'users', column: 'name_enc', rowId: row.id }, row.name_enc) : null;
  }

  /**
   * Books one individual appointment for a client outside a staff form: a client's request from
   * the portal (by the client, or approved by staff), or a waitlist offer taken. The caller has
   * checked who may do this. The same guard as every booking runs in the transaction (provider
   * lock, overlap check), then `guard` (e.g. buffers and working hours) and, after the insert,
   * `within` (e.g. marking the request or offer taken): a throw from either saves nothing.
   */
  async bookForClient(
    b: {
      practiceId: string;
      clientId: string;
      providerId: string;
      serviceId: string | null;
      start: number;
      durationMinutes: number;
      timeZone: string;
      type: AppointmentType;
      actor: { type: 'client' | 'user'; id: string };
      via: 'portal' | 'request' | 'waitlist';
      meta: RequestMeta;
    },
    hooks: { guard?: (tx: Tx) => Promise<void>; within?: (tx: Tx, appointmentId: string) => Promise<void> } = {},
  ): Promise<{ id: string }> {
    const pid = b.practiceId;
    await this.practices.assertBaaAccepted(pid);
    const now = this.ctx.clock.now();
    if (b.start < now) throw conflict('That time has passed', 'start');
    const status = (await repo.clientStatuses(this.ctx.db, pid, [b.clientId]))[0]?.status;
    if (!status) throw notFound('Client');
    if (status === 'discharged') throw conflict('The client is discharged; the practice must make them active before booking', 'clientId');
    if (!(await repo.activeProvider(this.ctx.db, pid, b.providerId))) throw invalid('providerId', 'is not an active provider of this practice');
    let allowOverlap = false;
    if (b.serviceId) {
      const svc = await repo.findService(this.ctx.db, pid, b.serviceId);
      if (!svc) throw invalid('serviceId', 'is not a service of this practice');
      if (svc.active !== 1) throw invalid('serviceId', 'is no longer offered');
      allowOverlap = svc.allow_overlap === 1;
    }
    const id = randomUUID();
    const interval = { start: b.start, end: b.start + b.durationMinutes * MIN };
    await this.ctx.db.transaction().execute(async (tx) => {
      await repo.lockProvider(tx, this.ctx.dialect, b.providerId);
      await this.assertFree(tx, b.providerId, [interval], allowOverlap, [], b.timeZone);
      await hooks.guard?.(tx);
      const row: repo.AppointmentRow = {
        id,
        practice_id: pid,
        series_id: null,
        series_index: null,
        provider_id: b.providerId,
        start_at: interval.start,
        end_at: interval.end,
        time_zone: b.timeZone,
        type: b.type,
        format: 'individual',
        service_id: b.serviceId,
        allow_overlap: allowOverlap ? 1 : 0,
        place_of_service: defaultPlace(b.type),
        status: 'scheduled',
        cancelled_by: null,
        cancelled_by_id: null,
        cancelled_at: null,
        late_cancel: 0,
        cancel_reason_enc: null,
        booked_in_past: 0,
        note_enc: null,
        version: 1,
        created_by: b.actor.type === 'user' ? b.actor.id : null,
        created_at: now,
        updated_at: now,
      };
      await tx.insertInto('appointments').values(row).execute();
      await tx.insertInto('appointment_clients').values({ appointment_id: id, client_id: b.clientId, practice_id: pid }).execute();
      await this.emit(tx, pid, 'appointment.created', this.eventPayload(row, [b.clientId]));
      await this.ctx.audit.record(
        { actor: b.actor, practiceId: pid, ip: b.meta.ip, userAgent: b.meta.userAgent, action: 'create', resource: { type: 'appointment', id }, outcome: 'success', details: { seriesId: null, clientIds: [b.clientId], via: b.via } },
        tx,
      );
      await hooks.within?.(tx, id);
    });
    return { id };
  }

  /**
   * A client cancels their own upcoming appointment from the portal (the caller checked the
   * portal account's link to the client), or from a reminder's link: by 'client', late inside the
   * practice's window. Only an appointment that is theirs alone; a couple, family or group session
   * is cancelled by the practice. `opts.expectedStart` refuses (409) an appointment that moved
   * since the link was made; `opts.within` runs in the same transaction (e.g. using up the link, or
   * telling the provider).
   */
  async cancelForClient(
    practiceId: string,
    clientId: string,
    accountId: string,
    appointmentId: string,
    meta: RequestMeta,
    opts: { via?: 'portal' | 'reminder_link'; expectedStart?: number; within?: (tx: Tx, appt: { providerId: string }) => Promise<void> } = {},
  ): Promise<Appointment> {
    const now = this.ctx.clock.now();
    const row = await repo.findAppointment(this.ctx.db, practiceId, appointmentId);
    const links = row ? await repo.clientsOf(this.ctx.db, [row.id]) : [];
    if (!row || !links.some((l) => l.client_id === clientId)) throw notFound('Appointment');
    if (opts.expectedStart !== undefined && Number(row.start_at) !== opts.expectedStart) throw conflict('This appointment has changed since this link was sent', 'appointmentId');
    if (row.status === 'cancelled') throw conflict('The appointment is already cancelled', 'status');
    if (!MOVABLE.has(row.status) || Number(row.start_at) <= now) throw conflict('This appointment can no longer be cancelled here; please contact your practice', 'status');
    if (links.length !== 1) throw conflict('A shared session is cancelled by the practice; please send them a message', 'appointmentId');
    const late = Number(row.start_at) - now < (await this.settings(practiceId)).cancellationWindowHours * 60 * MIN ? 1 : 0;
    const set: Partial<repo.AppointmentRow> = { status: 'cancelled', cancelled_by: 'client', cancelled_by_id: accountId, cancelled_at: now, late_cancel: late, cancel_reason_enc: null, updated_at: now };
    const after = { ...row, ...set } as repo.AppointmentRow;
    const via = opts.via ?? 'portal';
    await this.ctx.db.transaction().execute(async (tx) => {
      const res = await repo.touch(tx, row.id, row.version, set);
      if (Number(res.numUpdatedRows) !== 1) throw conflict('The appointment changed while it was being cancelled; reload and try again', 'version');
      await this.emit(tx, practiceId, 'appointment.cancelled', this.eventPayload(after, [clientId], { cancelledBy: 'client', late: late ? 'true' : 'false' }));
      await this.ctx.audit.record(
        { actor: { type: 'client', id: accountId }, practiceId, ip: meta.ip, userAgent: meta.userAgent, action: 'update', resource: { type: 'appointment', id: row.id }, outcome: 'success', details: { status: 'cancelled', by: 'client', late: late === 1, scope: 'this', via } },
        tx,
      );
      await opts.within?.(tx, { providerId: row.provider_id });
    });
    return (await this.present(practiceId, [{ ...after, version: row.version + 1 }], { clientId }))[0]!;
  }

  /**
   * A client confirms their own upcoming appointment (a reminder's link, or a "C" reply to a
   * texted reminder): status scheduled → confirmed, audited with the client as actor, with its
   * `appointment.updated` event. An appointment already confirmed stays as it is (no event).
   * `opts.expectedStart` refuses (409) an appointment that moved since the reminder was made;
   * `opts.within` runs in the same transaction (e.g. using up the link).
   */
  async confirmForClient(
    practiceId: string,
    clientId: string,
    actorId: string,
    appointmentId: string,
    meta: RequestMeta,
    opts: { via: 'reminder_link' | 'sms_reply'; expectedStart?: number; within?: (tx: Tx) => Promise<void> },
  ): Promise<{ status: 'confirmed'; changed: boolean }> {
    const now = this.ctx.clock.now();
    const row = await repo.findAppointment(this.ctx.db, practiceId, appointmentId);
    const links = row ? await repo.clientsOf(this.ctx.db, [row.id]) : [];
    if (!row || !links.some((l) => l.client_id === clientId)) throw notFound('Appointment');
    if (opts.expectedStart !== undefined && Number(row.start_at) !== opts.expectedStart) throw conflict('This appointment has changed since this link was sent', 'appointmentId');
    if (row.status === 'cancelled') throw conflict('The appointment is cancelled', 'status');
    if (!MOVABLE.has(row.status) || Number(row.start_at) <= now) throw conflict('This appointment can no longer be confirmed here; please contact your practice', 'status');
    const changed = row.status === 'scheduled';
    await this.ctx.db.transaction().execute(async (tx) => {
      if (changed) {
        const set: Partial<repo.AppointmentRow> = { status: 'confirmed', updated_at: now };
        const res = await repo.touch(tx, row.id, row.version, set);
        if (Number(res.numUpdatedRows) !== 1) throw conflict('The appointment changed while it was being confirmed; try again', 'version');
        await this.emit(tx, practiceId, 'appointment.updated', this.eventPayload({ ...row, ...set } as repo.AppointmentRow, links.map((l) => l.client_id)));
        await this.ctx.audit.record(
          { actor: { type: 'client', id: actorId }, practiceId, ip: meta.ip, userAgent: meta.userAgent, action: 'update', resource: { type: 'appointment', id: row.id }, outcome: 'success', details: { fields: ['status'], status: 'confirmed', by: 'client', clientId, via: opts.via } },
          tx,
        );
      }
      await opts.within?.(tx);
    });
    return { status: 'confirmed', changed };
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
    return new Map((await this.present(s.user.practiceId, rows, { staff: s })).map((a) => [a.id, a]));
  }

  /**
   * The current state of appointments by id, in one query (reminders: whether a visit is still at
   * the time a reminder was made for). Ids, instants, zone and status only. The caller checks access.
   */
  async states(ids: readonly string[]): Promise<Map<string, AppointmentState>> {
    const out = new Map<string, AppointmentState>();
    for (const r of await repo.states(this.ctx.db, ids)) out.set(r.id, stateOf(r));
    return out;
  }

  /**
   * Inside the caller's transaction: locks one appointment against changes until it commits (a row
   * lock on PostgreSQL; SQLite has one writer) and returns its state. Lets a consumer act on the
   * state it read without a change slipping in between.
   */
  async lockState(tx: Tx, id: string): Promise<AppointmentState | undefined> {
    const row = await repo.lockedState(tx, this.ctx.dialect, id);
    return row ? stateOf(row) : undefined;
  }

  /** An appointment's clients with their own zones (ids only). */
  async clientsWithZones(appointmentId: string): Promise<{ clientId: string; timeZone: string | null }[]> {
    return (await repo.clientsOf(this.ctx.db, [appointmentId])).map((l) => ({ clientId: l.client_id, timeZone: l.time_zone }));
  }

  /** The practice's cancellation window in ms (whether a cancellation now would be late). */
  async cancellationWindowMs(practiceId: string): Promise<number> {
    return (await this.settings(practiceId)).cancellationWindowHours * 60 * MIN;
  }
  // ---- calendar files (provider feeds, client invitations) ----

  /**
   * PHI-free facts of appointments for calendar files: ids, instants, zone, status, version and
   * client ids (no names, notes or services). A provider's appointments overlapping [from, to),
   * the occurrences of a series, or the given ids. The caller checks access and audits.
   */
  async calendarEntries(practiceId: string, q: { providerId: string; from: number; to: number } | { seriesId: string } | { ids: string[] }): Promise<CalendarEntry[]> {
    let rows: repo.AppointmentRow[];
    if ('providerId' in q) rows = await repo.pageRange(this.ctx.db, { practiceId, from: q.from, to: q.to, providerId: q.providerId }, 0, CALENDAR_LIMIT);
    else if ('seriesId' in q) rows = await repo.seriesOccurrences(this.ctx.db, q.seriesId, 0);
    else rows = (await Promise.all(q.ids.map((id) => repo.findAppointment(this.ctx.db, practiceId, id)))).filter((r) => r !== undefined);
    rows = rows.filter((r) => r.practice_id === practiceId);
    const clientIds = new Map<string, string[]>();
    for (const l of await repo.clientsOf(this.ctx.db, rows.map((r) => r.id))) clientIds.set(l.appointment_id, [...(clientIds.get(l.appointment_id) ?? []), l.client_id]);
    return rows.map((r) => ({
      id: r.id,
      seriesId: r.series_id,
      providerId: r.provider_id,
      clientIds: clientIds.get(r.id) ?? [],
      start: Number(r.start_at),
      end: Number(r.end_at),
      timeZone: r.time_zone,
      type: r.type as AppointmentType,
      serviceId: r.service_id,
      status: r.status as Appointment['status'],
      version: r.version,
      createdAt: Number(r.created_at),
      updatedAt: Number(r.updated_at),
    }));
  }

  /** The provider's name and the service's name, for mail to a client who agreed to details. */
  async detailsFor(practiceId: string, providerId: string, serviceId: string | null): Promise<{ providerName: string | null; serviceName: string | null }> {
    const [user] = await repo.userNames(this.ctx.db, practiceId, [providerId]);
    const providerName = user ? await this.ctx.crypto.decrypt({ table: 'users', column: 'name_enc', rowId: user.id }, user.name_enc) : null;
    const service = serviceId ? await repo.findService(this.ctx.db, practiceId, serviceId) : undefined;
    return { providerName, serviceName: service?.name ?? null };
  }
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

function stateOf(r: Awaited<ReturnType<typeof repo.states>>[number]): AppointmentState {
  return { id: r.id, practiceId: r.practice_id, providerId: r.provider_id, serviceId: r.service_id, start: Number(r.start_at), timeZone: r.time_zone, status: r.status as Appointment['status'] };
}

/** The most appointments one calendar file lists (a provider's feed window). */
const CALENDAR_LIMIT = 10_000;

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

const fits = (type: AppointmentType, place: PlaceOfService) => (type === 'in_person') === (place === 'office');
const defaultPlace = (type: AppointmentType): PlaceOfService => (type === 'in_person' ? 'office' : 'telehealth_home');

function encodeCursor(offset: number): string {
  return Buffer.from(JSON.stringify({ o: offset })).toString('base64url');
}

function decodeCursor(cursor: string | undefined): number {
  if (!cursor) return 0;
  try {
    const o = (JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { o?: unknown }).o;
    if (typeof o === 'number' && Number.isInteger(o) && o >= 0) return o;
  } catch {
    /* fall through */
  }
  throw invalid('cursor', 'is not a cursor this API gave out');
}
