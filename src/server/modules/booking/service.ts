// Client booking: what a portal client may book (the practice's active services, their own
// assigned providers), the open slots they may pick from, requests for a slot (pending until
// staff approve or decline when the service needs approval, otherwise booked at once), the
// client's own appointments and cancelling them, and the staff side of requests. Every booking
// goes through book.ts (scheduling plans, holds and inserts), so the double-booking guard, the outbox and the
// audit apply as for staff bookings. Mail is PHI-free: staff hear only that a request arrived,
// clients only that there is an update in their portal.
import { mailBody, t, withLang } from '../../i18n/index.js';
import { randomUUID } from 'node:crypto';
import type { AppContext, RequestMeta } from '../../context.js';
import type { DbOrTx } from '../../db/index.js';
import { conflict, forbidden, notFound } from '../../errors.js';
import { clientConflict, clientInvalid } from '../../i18n/errors.js';
import { DAY, HOUR, iso, MIN } from '../../lib/clock.js';
import type { OpenSlots } from '../../../shared/availability.js';
import type {
  AppointmentRequestInput,
  BookingOptions,
  PortalAppointment,
  PortalAppointmentRequest,
  RequestList,
  RequestStatus,
  StaffAppointmentRequest,
} from '../../../shared/booking.js';
import type { StaffRole } from '../../../shared/roles.js';
import type { AppointmentService, AppointmentType } from '../../../shared/scheduling.js';
import type { z } from 'zod';
import type { AuditEvent } from '../audit/index.js';
import type { ResolvedSession } from '../auth/index.js';
import type { AvailabilityService, Interval } from '../availability/index.js';
import type { ClientService } from '../clients/index.js';
import type { AlertWhat } from '../messages/index.js';
import type { SchedulingService } from '../scheduling/index.js';
import { instantMs } from '../../lib/zones.js';
import { bookForClient } from './book.js';
import * as repo from './repo.js';
import { decodeOffsetCursor, encodeOffsetCursor } from '../../lib/pagination.js';

/** The portal shows appointments from this far back. */
const PORTAL_PAST_MS = 30 * DAY;
const PORTAL_AHEAD_MS = 366 * DAY;
/** Requests decided this recently stay in the client's list. */
const REQUEST_HISTORY_MS = 30 * DAY;
const DEFAULT_LIMIT = 100;

/** A portal client acting on one of their linked records (the caller checked the link). */
export interface ClientActor {
  practiceId: string;
  clientId: string;
  accountId: string;
  meta: RequestMeta;
}

export interface BookingDeps {
  /**
   * PHI-free mail to colleagues ("a new appointment request", a link); messaging's alert, enqueued
   * in `tx` when given (then `alertsCommitted` after the commit sends them soon).
   */
  alertStaff: (practiceId: string, userIds: readonly string[], what: AlertWhat, path: string, ref: string, tx?: DbOrTx) => Promise<void>;
  alertsCommitted: () => void;
  /** The practice's neutral sender name for mail to clients. */
  senderName: (practiceId: string) => Promise<string>;
}

export class BookingService {
  constructor(
    private readonly ctx: AppContext,
    private readonly scheduling: SchedulingService,
    private readonly availability: AvailabilityService,
    private readonly clients: ClientService,
    private readonly deps: BookingDeps,
  ) {}

  private clientWho(a: ClientActor): Pick<AuditEvent, 'actor' | 'practiceId' | 'ip' | 'userAgent'> {
    return { actor: { type: 'client', id: a.accountId }, practiceId: a.practiceId, ip: a.meta.ip, userAgent: a.meta.userAgent };
  }

  private staffWho(s: ResolvedSession, meta: RequestMeta): Pick<AuditEvent, 'actor' | 'practiceId' | 'ip' | 'userAgent'> {
    return { actor: { type: 'user', id: s.user.id }, practiceId: s.user.practiceId, ip: meta.ip, userAgent: meta.userAgent };
  }

  private async activeService(practiceId: string, serviceId: string): Promise<AppointmentService> {
    const svc = (await this.scheduling.listServices(practiceId)).find((x) => x.id === serviceId);
    if (!svc || !svc.active) throw clientInvalid('serviceId', 'errors.booking.service');
    return svc;
  }

  private async ownProvider(a: { practiceId: string; clientId: string }, providerId: string): Promise<void> {
    if (!(await this.clients.assignedProviders(a.practiceId, a.clientId)).includes(providerId)) throw clientInvalid('providerId', 'errors.booking.provider');
  }

  /** Pending requests of the provider around [from, to), as holds on the time (except `exceptId`). */
  private async pendingHolds(providerId: string, from: number, to: number, exceptId?: string): Promise<Interval[]> {
    const rows = await repo.pendingOverlapping(this.ctx.db, providerId, from - DAY, to + DAY, this.ctx.clock.now());
    return rows.filter((r) => r.id !== exceptId).map((r) => ({ start: Number(r.start_at), end: Number(r.end_at) }));
  }

  private async notice(practiceId: string): Promise<number> {
    return (await this.scheduling.settings(practiceId)).clientMinNoticeHours * HOUR;
  }

  private async slotsFor(practiceId: string, providerId: string, serviceId: string, from: number, to: number): Promise<OpenSlots> {
    const svc = await this.activeService(practiceId, serviceId);
    const notBefore = this.ctx.clock.now() + (await this.notice(practiceId));
    const { timeZone, slots } = await this.availability.slots({
      practiceId,
      providerId,
      lengthMinutes: svc.defaultMinutes,
      from,
      to,
      notBefore,
      extraBusy: await this.pendingHolds(providerId, from, to),
    });
    return { providerId, serviceId, timeZone, durationMinutes: svc.defaultMinutes, slots: slots.map((x) => ({ start: iso(x.start), end: iso(x.end) })) };
  }

  // ---- portal ----

  async options(a: { practiceId: string; clientId: string }): Promise<BookingOptions> {
    const [services, providerIds, settings, clientTimeZone] = await Promise.all([
      this.scheduling.listServices(a.practiceId),
      this.clients.assignedProviders(a.practiceId, a.clientId),
      this.scheduling.settings(a.practiceId),
      this.clients.timeZoneOf(a.practiceId, a.clientId),
    ]);
    const providers: { id: string; name: string }[] = [];
    for (const id of providerIds) {
      const name = await this.scheduling.providerName(a.practiceId, id);
      if (name !== null) providers.push({ id, name });
    }
    return {
      services: services.filter((x) => x.active).map((x) => ({ id: x.id, name: x.name, defaultMinutes: x.defaultMinutes, requiresApproval: x.requiresApproval })),
      providers: providers.sort((x, y) => x.name.localeCompare(y.name)),
      clientTimeZone,
      minNoticeHours: settings.clientMinNoticeHours,
      cancellationWindowHours: settings.cancellationWindowHours,
    };
  }

  /** Open slots of one of the client's providers (never anything about other clients). */
  async portalSlots(a: { practiceId: string; clientId: string }, q: { providerId: string; serviceId: string; from: string; to: string }): Promise<OpenSlots> {
    await this.ownProvider(a, q.providerId);
    return this.slotsFor(a.practiceId, q.providerId, q.serviceId, instantMs(q.from), instantMs(q.to));
  }

  async staffSlots(s: ResolvedSession, providerId: string, q: { serviceId: string; from: string; to: string }): Promise<OpenSlots> {
    if ((await this.scheduling.providerName(s.user.practiceId, providerId)) === null) throw notFound('Provider');
    return this.slotsFor(s.user.practiceId, providerId, q.serviceId, instantMs(q.from), instantMs(q.to));
  }

  /**
   * A client asks for an open slot. When the service needs approval the request waits for staff;
   * otherwise it books at once. Either way the slot must be open now (409 when it was just taken).
   */
  async request(a: ClientActor, input: AppointmentRequestInput): Promise<{ outcome: 'pending' | 'booked'; requestId: string | null; appointmentId: string | null }> {
    const { practiceId, clientId } = a;
    await this.ownProvider(a, input.providerId);
    const svc = await this.activeService(practiceId, input.serviceId);
    const now = this.ctx.clock.now();
    const start = instantMs(input.start);
    const notice = await this.notice(practiceId);
    if (start < now + notice) throw clientInvalid('start', 'errors.booking.notice', { hours: notice / HOUR });
    const zone = await this.availability.zoneOf(practiceId, input.providerId);
    if (!zone) throw clientInvalid('providerId', 'errors.booking.noTimes');
    const end = start + svc.defaultMinutes * MIN;
    const type: AppointmentType = input.type ?? 'video';
    const slot = { practiceId, providerId: input.providerId, lengthMinutes: svc.defaultMinutes, notBefore: now + notice, start };
    const taken = () => clientConflict('errors.booking.taken', 'start');
    if (!(await this.availability.isOpen({ ...slot, extraBusy: await this.pendingHolds(input.providerId, start, end) }))) throw taken();

    if (!svc.requiresApproval) {
      const appointmentId = await bookForClient(
        this.ctx,
        this.scheduling,
        { practiceId, clientId, providerId: input.providerId, serviceId: svc.id, start, durationMinutes: svc.defaultMinutes, timeZone: zone, type, actor: { type: 'client', id: a.accountId }, via: 'portal', meta: a.meta },
        {
          // Buffers and working hours, re-checked under the provider lock (the slot list may be stale).
          check: async (tx) => {
            if (!(await this.availability.isOpen(slot, tx))) throw taken();
          },
          // The alert commits with the booking.
          then: (tx, id) => this.deps.alertStaff(practiceId, [input.providerId], 'client booking', '/appointments', `booking:${id}`, tx),
        },
      );
      this.deps.alertsCommitted();
      return { outcome: 'booked', requestId: null, appointmentId };
    }

    const id = randomUUID();
    await this.ctx.db.transaction().execute(async (tx) => {
      await repo.insertRequest(tx, {
        id,
        practice_id: practiceId,
        client_id: clientId,
        provider_id: input.providerId,
        service_id: svc.id,
        start_at: start,
        end_at: end,
        time_zone: zone,
        type,
        status: 'pending',
        appointment_id: null,
        decline_reason_enc: null,
        requested_by: a.accountId,
        created_at: now,
        decided_at: null,
        decided_by: null,
      });
      await this.ctx.audit.record({ ...this.clientWho(a), action: 'create', resource: { type: 'appointment_request', id }, outcome: 'success', details: { clientId, providerId: input.providerId, serviceId: svc.id } }, tx);
      await this.deps.alertStaff(practiceId, [input.providerId], 'appointment request', '/appointment-requests', `request:${id}`, tx);
    });
    this.deps.alertsCommitted();
    return { outcome: 'pending', requestId: id, appointmentId: null };
  }

  private statusOf(r: repo.RequestRow, now: number): RequestStatus {
    return r.status === 'pending' && Number(r.start_at) <= now ? 'expired' : (r.status as RequestStatus);
  }

  private async names(practiceId: string, providerIds: string[]) {
    const providers = new Map<string, string>();
    // A provider no longer active keeps their name on what they were part of; users are never deleted.
    for (const id of new Set(providerIds)) providers.set(id, (await this.scheduling.providerName(practiceId, id, 'any')) ?? '');
    const services = new Map((await this.scheduling.listServices(practiceId)).map((x) => [x.id, x.name]));
    return { providers, services };
  }

  private reason(r: repo.RequestRow) {
    return this.ctx.crypto.decryptNullable({ table: 'appointment_requests', column: 'decline_reason_enc', rowId: r.id }, r.decline_reason_enc);
  }

  async clientRequests(a: ClientActor): Promise<z.infer<typeof PortalAppointmentRequest>[]> {
    const now = this.ctx.clock.now();
    const rows = await repo.clientRequests(this.ctx.db, a.practiceId, a.clientId, now - REQUEST_HISTORY_MS);
    const { providers, services } = await this.names(a.practiceId, rows.map((r) => r.provider_id));
    const items = [];
    for (const r of rows) {
      items.push({
        id: r.id,
        providerName: providers.get(r.provider_id)!,
        serviceName: services.get(r.service_id) ?? '',
        ...requestTime(r),
        status: this.statusOf(r, now),
        declineReason: await this.reason(r),
        createdAt: iso(Number(r.created_at)),
        decidedAt: r.decided_at === null ? null : iso(Number(r.decided_at)),
      });
    }
    await this.ctx.audit.record({ ...this.clientWho(a), action: 'read', resource: { type: 'client_appointment_requests', id: a.clientId }, outcome: 'success', details: { returned: items.length, via: 'portal' } });
    return items;
  }

  async cancelRequest(a: ClientActor, requestId: string): Promise<void> {
    const row = await repo.findRequest(this.ctx.db, a.practiceId, requestId);
    if (!row || row.client_id !== a.clientId) throw notFound('Request');
    const now = this.ctx.clock.now();
    if (this.statusOf(row, now) !== 'pending') throw clientConflict('errors.booking.notPending', 'status', { status: this.statusOf(row, now) });
    await this.ctx.db.transaction().execute(async (tx) => {
      if (!(await repo.decide(tx, row.id, { status: 'cancelled', decided_at: now, decided_by: a.accountId }))) throw clientConflict('errors.booking.answered', 'status');
      await this.ctx.audit.record({ ...this.clientWho(a), action: 'update', resource: { type: 'appointment_request', id: row.id }, outcome: 'success', details: { status: 'cancelled', by: 'client' } }, tx);
    });
  }

  /** The client's appointments from 30 days back, in their own terms (no notes, no other clients). */
  async clientAppointments(a: ClientActor): Promise<{ items: PortalAppointment[]; clientTimeZone: string | null }> {
    const now = this.ctx.clock.now();
    const [list, settings, clientTimeZone] = await Promise.all([
      this.scheduling.forClient(a.practiceId, a.clientId, now - PORTAL_PAST_MS, now + PORTAL_AHEAD_MS),
      this.scheduling.settings(a.practiceId),
      this.clients.timeZoneOf(a.practiceId, a.clientId),
    ]);
    const windowMs = settings.cancellationWindowHours * HOUR;
    const items = list.map((x) => toPortal(x, now, windowMs));
    await this.ctx.audit.record({ ...this.clientWho(a), action: 'read', resource: { type: 'client_appointments', id: a.clientId }, outcome: 'success', details: { returned: items.length, via: 'portal' } });
    return { items, clientTimeZone };
  }

  async cancelAppointment(a: ClientActor, appointmentId: string): Promise<PortalAppointment> {
    // The provider's alert commits with the cancellation: a crash between the two cannot lose it.
    const out = await this.scheduling.cancelForClient(a.practiceId, a.clientId, a.accountId, appointmentId, a.meta, {
      within: (tx, appt) => this.deps.alertStaff(a.practiceId, [appt.providerId], 'cancellation by a client', '/appointments', `cancel:${appointmentId}`, tx),
    });
    this.deps.alertsCommitted();
    const windowMs = (await this.scheduling.settings(a.practiceId)).cancellationWindowHours * HOUR;
    return toPortal(out, this.ctx.clock.now(), windowMs);
  }

  // ---- staff ----

  /** Requests (default: pending and still ahead), oldest first, exact total. Providers see their own. */
  async list(s: ResolvedSession, q: { status?: RequestStatus | undefined; providerId?: string | undefined; limit?: number | undefined; cursor?: string | undefined }, meta: RequestMeta): Promise<RequestList> {
    const pid = s.user.practiceId;
    const only = await this.clients.restrictedTo(s);
    if (only && q.providerId && q.providerId !== only) throw forbidden('Providers see only their own requests');
    const now = this.ctx.clock.now();
    const filter: repo.RequestFilter = { practiceId: pid, status: q.status ?? 'pending', providerId: only ?? q.providerId, now };
    const limit = q.limit ?? DEFAULT_LIMIT;
    const offset = decodeOffsetCursor(q.cursor);
    const snapshot = this.ctx.dialect === 'postgres' ? this.ctx.db.transaction().setIsolationLevel('repeatable read') : this.ctx.db.transaction();
    const { total, rows } = await snapshot.execute(async (tx) => ({ total: await repo.countRequests(tx, filter), rows: await repo.pageRequests(tx, filter, offset, limit) }));
    const items = await this.present(s, rows, now);
    await this.ctx.audit.record({ ...this.staffWho(s, meta), action: 'read', resource: { type: 'appointment_request_list', id: pid }, outcome: 'success', details: { returned: items.length, total, status: filter.status, providerId: filter.providerId ?? null } });
    return { items, total, nextCursor: offset + limit < total ? encodeOffsetCursor(offset + limit) : null };
  }

  private async present(s: ResolvedSession, rows: repo.RequestRow[], now: number): Promise<StaffAppointmentRequest[]> {
    if (!rows.length) return [];
    const pid = s.user.practiceId;
    const { providers, services } = await this.names(pid, rows.map((r) => r.provider_id));
    const directory = await this.clients.directory(pid);
    const only = await this.clients.restrictedTo(s);
    const out: StaffAppointmentRequest[] = [];
    for (const r of rows) {
      const e = directory.get(r.client_id);
      const visible = e && (!only || e.providerIds.includes(only) || r.provider_id === only);
      out.push({
        id: r.id,
        clientId: r.client_id,
        clientName: visible ? `${e.preferredName ?? e.firstName} ${e.lastName}` : null,
        providerId: r.provider_id,
        providerName: providers.get(r.provider_id)!,
        serviceId: r.service_id,
        serviceName: services.get(r.service_id) ?? '',
        ...requestTime(r),
        status: this.statusOf(r, now),
        appointmentId: r.appointment_id,
        declineReason: await this.reason(r),
        createdAt: iso(Number(r.created_at)),
        decidedAt: r.decided_at === null ? null : iso(Number(r.decided_at)),
      });
    }
    return out;
  }

  /** A request this colleague may act on: of their practice, and a provider's own (404 / 403 otherwise). */
  private async actionable(s: ResolvedSession, id: string): Promise<repo.RequestRow> {
    const row = await repo.findRequest(this.ctx.db, s.user.practiceId, id);
    if (!row) throw notFound('Request');
    const only = await this.clients.restrictedTo(s);
    if (only && row.provider_id !== only) throw notFound('Request');
    if ((s.session.active_role as StaffRole) === 'provider' && row.provider_id !== s.user.id) throw forbidden("Providers answer only their own clients' requests");
    const status = this.statusOf(row, this.ctx.clock.now());
    if (status !== 'pending') throw conflict(status === 'expired' ? 'The requested time has passed' : `The request is already ${status}`, 'status');
    return row;
  }

  /** Books the requested slot through the scheduling guard and marks the request approved, in one transaction. */
  async approve(s: ResolvedSession, id: string, meta: RequestMeta): Promise<{ id: string; appointmentId: string }> {
    const row = await this.actionable(s, id);
    const now = this.ctx.clock.now();
    const appointmentId = await bookForClient(
      this.ctx,
      this.scheduling,
      {
        practiceId: row.practice_id,
        clientId: row.client_id,
        providerId: row.provider_id,
        serviceId: row.service_id,
        start: Number(row.start_at),
        durationMinutes: Math.round((Number(row.end_at) - Number(row.start_at)) / MIN),
        timeZone: row.time_zone,
        type: row.type as AppointmentType,
        actor: { type: 'user', id: s.user.id },
        via: 'request',
        meta,
      },
      {
        then: async (tx, appointmentId) => {
          if (!(await repo.decide(tx, row.id, { status: 'approved', appointment_id: appointmentId, decided_at: now, decided_by: s.user.id }))) throw conflict('The request was answered meanwhile', 'status');
          await this.ctx.audit.record({ ...this.staffWho(s, meta), action: 'update', resource: { type: 'appointment_request', id: row.id }, outcome: 'success', details: { status: 'approved', appointmentId } }, tx);
        },
      },
    );
    await this.tellClient(row.practice_id, row.client_id);
    return { id: row.id, appointmentId };
  }

  async decline(s: ResolvedSession, id: string, reason: string | undefined, meta: RequestMeta): Promise<StaffAppointmentRequest> {
    const row = await this.actionable(s, id);
    const now = this.ctx.clock.now();
    const text = reason?.trim() || null;
    await this.ctx.db.transaction().execute(async (tx) => {
      const enc = text ? await this.ctx.crypto.encrypt(row.practice_id, { table: 'appointment_requests', column: 'decline_reason_enc', rowId: row.id }, text, tx) : null;
      if (!(await repo.decide(tx, row.id, { status: 'declined', decline_reason_enc: enc, decided_at: now, decided_by: s.user.id }))) throw conflict('The request was answered meanwhile', 'status');
      await this.ctx.audit.record({ ...this.staffWho(s, meta), action: 'update', resource: { type: 'appointment_request', id: row.id }, outcome: 'success', details: { status: 'declined', reasonGiven: text !== null } }, tx);
    });
    await this.tellClient(row.practice_id, row.client_id);
    return (await this.present(s, [(await repo.findRequest(this.ctx.db, row.practice_id, row.id))!], now))[0]!;
  }

  /**
   * Tells the client, by PHI-free mail, that their portal has an update (only with e-mail consent
   * and an address on file). A failure is logged by type and never undoes the decision.
   */
  private async tellClient(practiceId: string, clientId: string): Promise<void> {
    try {
      const record = await this.clients.ownRecord(practiceId, clientId);
      if (!record.email || !record.consents.email) return;
      const sender = await this.deps.senderName(practiceId);
      const l = await this.clients.localeOf(practiceId, clientId);
      const link = withLang(`${this.ctx.config.publicUrl}/portal`, l);
      await this.ctx.mailer.send({ to: record.email, subject: t(l, 'booking.request.subject'), text: mailBody(l, sender, t(l, 'booking.request.body', { link })).trimEnd(), fromName: sender });
    } catch (err) {
      this.ctx.log.error({ err: { type: (err as Error).name }, practiceId }, 'could not send a request update');
    }
  }
}

export function toPortal(x: Awaited<ReturnType<SchedulingService['forClient']>>[number], now: number, windowMs: number): PortalAppointment {
  const start = Date.parse(x.start);
  const open = (x.status === 'scheduled' || x.status === 'confirmed') && start > now;
  return {
    id: x.id,
    start: x.start,
    end: x.end,
    durationMinutes: x.durationMinutes,
    timeZone: x.timeZone,
    type: x.type,
    format: x.format,
    serviceName: x.serviceName,
    providerName: x.providerName,
    status: x.status,
    cancellation: x.cancellation ? { by: x.cancellation.by, at: x.cancellation.at, late: x.cancellation.late } : null,
    canCancel: open && x.clients.length === 1,
    lateIfCancelledNow: open && start - now < windowMs,
  };
}

/** When a request is for, as the API shows it. */
function requestTime(r: repo.RequestRow) {
  return { start: iso(Number(r.start_at)), end: iso(Number(r.end_at)), timeZone: r.time_zone, type: r.type as AppointmentType };
}
