// What is done for a client rather than by staff at a form: a booking the client asked for (or a
// waitlist offer taken), and the client's own cancel and confirm. The SchedulingService facade
// delegates here. A booking has three steps so that the caller owning the transaction (booking)
// can run its own checks between them: plan (outside the transaction), hold (the provider's lock
// and the overlap check), insert (the appointment, its event and its audit row).
import { randomUUID } from 'node:crypto';
import type { AppContext, RequestMeta } from '../../context.js';
import type { Tx } from '../../db/index.js';
import { notFound } from '../../errors.js';
import { clientConflict, clientInvalid } from '../../i18n/errors.js';
import type { Appointment, AppointmentType, SchedulingSettings } from '../../../shared/scheduling.js';
import type { ClientService } from '../clients/index.js';
import type { Outbox } from '../outbox/index.js';
import type { PracticeService } from '../practices/index.js';
import * as repo from './repo.js';
import { assertFree, defaultPlace, emitAppointmentEvent, eventPayload, MIN, MOVABLE, newAppointmentRow, serviceAllowsOverlap } from './rules.js';

export interface ClientBookingRequest {
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
}

/** A checked client booking: the new appointment's id, its end, whether it may overlap. */
export interface ClientBookingPlan extends ClientBookingRequest {
  id: string;
  end: number;
  allowOverlap: boolean;
  now: number;
}

/** What the facade lends: settings, and appointments as a client sees them. */
interface View {
  settings(practiceId: string): Promise<SchedulingSettings>;
  present(practiceId: string, rows: repo.AppointmentRow[], clientId: string): Promise<Appointment[]>;
}

export class ClientBookings {
  constructor(
    private readonly ctx: AppContext,
    private readonly clients: ClientService,
    private readonly practices: PracticeService,
    private readonly outbox: Outbox,
    private readonly view: View,
  ) {}

  /**
   * A booking of one individual appointment for a client outside a staff form (a client's request
   * from the portal, by the client or approved by staff, or a waitlist offer taken) is three steps
   * in the caller's transaction, after the caller checked who may do this: plan (before it), hold,
   * insert. The caller runs its own checks between hold and insert.
   */
  /** The checks before the transaction: BAA, the client (not discharged), the provider, the service. */
  async plan(b: ClientBookingRequest): Promise<ClientBookingPlan> {
    const pid = b.practiceId;
    await this.practices.assertBaaAccepted(pid);
    const now = this.ctx.clock.now();
    if (b.start < now) throw clientConflict('errors.appointment.passed', 'start');
    const status = (await this.clients.statuses(pid, [b.clientId]))[0]?.status;
    if (!status) throw notFound('Client');
    if (status === 'discharged') throw clientConflict('errors.appointment.discharged', 'clientId');
    if (!(await repo.activeProvider(this.ctx.db, pid, b.providerId))) throw clientInvalid('providerId', 'errors.appointment.provider');
    const allowOverlap = await serviceAllowsOverlap(this.ctx.db, pid, b.serviceId);
    return { ...b, id: randomUUID(), end: b.start + b.durationMinutes * MIN, allowOverlap, now };
  }

  /** In the caller's transaction: the provider's lock, then the overlap check (409 when taken). */
  async hold(tx: Tx, p: ClientBookingPlan): Promise<void> {
    await repo.lockProvider(tx, this.ctx.dialect, p.providerId);
    await assertFree(tx, p.providerId, [{ start: p.start, end: p.end }], p.allowOverlap, [], p.timeZone);
  }

  /** In the caller's transaction, after hold: the appointment and its client, its event, its audit row. */
  async insert(tx: Tx, p: ClientBookingPlan): Promise<void> {
    const { id, practiceId: pid, now } = p;
    const row = newAppointmentRow({
      id,
      practice_id: pid,
      series_id: null,
      series_index: null,
      provider_id: p.providerId,
      start_at: p.start,
      end_at: p.end,
      time_zone: p.timeZone,
      type: p.type,
      format: 'individual',
      service_id: p.serviceId,
      allow_overlap: p.allowOverlap ? 1 : 0,
      place_of_service: defaultPlace(p.type),
      booked_in_past: 0,
      note_enc: null,
      created_by: p.actor.type === 'user' ? p.actor.id : null,
      created_at: now,
    });
    await tx.insertInto('appointments').values(row).execute();
    await tx.insertInto('appointment_clients').values({ appointment_id: id, client_id: p.clientId, practice_id: pid }).execute();
    await emitAppointmentEvent(this.outbox, tx, pid, 'appointment.created', eventPayload(row, [p.clientId]));
    await this.ctx.audit.record(
      { actor: p.actor, practiceId: pid, ip: p.meta.ip, userAgent: p.meta.userAgent, action: 'create', resource: { type: 'appointment', id }, outcome: 'success', details: { seriesId: null, clientIds: [p.clientId], via: p.via } },
      tx,
    );
  }

  /**
   * The client's own appointment that they may still cancel or confirm themselves (404 when it is
   * not theirs; 409 when it moved since `expectedStart`, is cancelled, has begun or may not change).
   */
  private async ownUpcoming(practiceId: string, clientId: string, appointmentId: string, expectedStart: number | undefined, action: 'cancel' | 'confirm') {
    const now = this.ctx.clock.now();
    const row = await repo.findAppointment(this.ctx.db, practiceId, appointmentId);
    const links = row ? await repo.clientsOf(this.ctx.db, [row.id]) : [];
    if (!row || !links.some((l) => l.client_id === clientId)) throw notFound('Appointment');
    if (expectedStart !== undefined && Number(row.start_at) !== expectedStart) throw clientConflict('errors.appointment.changedSinceLink', 'appointmentId');
    if (row.status === 'cancelled') throw clientConflict('errors.appointment.cancelled', 'status', { action });
    if (!MOVABLE.has(row.status) || Number(row.start_at) <= now) throw clientConflict('errors.appointment.tooLate', 'status', { action });
    return { now, row, links };
  }

  /**
   * A client cancels their own upcoming appointment from the portal (the caller checked the
   * portal account's link to the client), or from a reminder's link: by 'client', late inside the
   * practice's window. Only an appointment that is theirs alone; a couple, family or group session
   * is cancelled by the practice. `opts.expectedStart` refuses (409) an appointment that moved
   * since the link was made; `opts.within` runs in the same transaction (e.g. using up the link, or
   * telling the provider).
   */
  async cancel(
    practiceId: string,
    clientId: string,
    accountId: string,
    appointmentId: string,
    meta: RequestMeta,
    opts: { via?: 'portal' | 'reminder_link'; expectedStart?: number; within?: (tx: Tx, appt: { providerId: string }) => Promise<void> } = {},
  ): Promise<Appointment> {
    const { now, row, links } = await this.ownUpcoming(practiceId, clientId, appointmentId, opts.expectedStart, 'cancel');
    if (links.length !== 1) throw clientConflict('errors.appointment.shared', 'appointmentId');
    const late = Number(row.start_at) - now < (await this.view.settings(practiceId)).cancellationWindowHours * 60 * MIN ? 1 : 0;
    const set: Partial<repo.AppointmentRow> = { status: 'cancelled', cancelled_by: 'client', cancelled_by_id: accountId, cancelled_at: now, late_cancel: late, cancel_reason_enc: null, updated_at: now };
    const after = { ...row, ...set } as repo.AppointmentRow;
    const via = opts.via ?? 'portal';
    await this.ctx.db.transaction().execute(async (tx) => {
      const res = await repo.touch(tx, row.id, row.version, set);
      if (Number(res.numUpdatedRows) !== 1) throw clientConflict('errors.appointment.changedWhileCancelling', 'version');
      await emitAppointmentEvent(this.outbox, tx, practiceId, 'appointment.cancelled', eventPayload(after, [clientId], { cancelledBy: 'client', late: late ? 'true' : 'false' }));
      await this.ctx.audit.record(
        { actor: { type: 'client', id: accountId }, practiceId, ip: meta.ip, userAgent: meta.userAgent, action: 'update', resource: { type: 'appointment', id: row.id }, outcome: 'success', details: { status: 'cancelled', by: 'client', late: late === 1, scope: 'this', via } },
        tx,
      );
      await opts.within?.(tx, { providerId: row.provider_id });
    });
    return (await this.view.present(practiceId, [{ ...after, version: row.version + 1 }], clientId))[0]!;
  }

  /**
   * A client confirms their own upcoming appointment (a reminder's link, or a "C" reply to a
   * texted reminder): status scheduled → confirmed, audited with the client as actor, with its
   * `appointment.updated` event. An appointment already confirmed stays as it is (no event).
   * `opts.expectedStart` refuses (409) an appointment that moved since the reminder was made;
   * `opts.within` runs in the same transaction (e.g. using up the link).
   */
  async confirm(
    practiceId: string,
    clientId: string,
    actorId: string,
    appointmentId: string,
    meta: RequestMeta,
    opts: { via: 'reminder_link' | 'sms_reply'; expectedStart?: number; within?: (tx: Tx) => Promise<void> },
  ): Promise<{ status: 'confirmed'; changed: boolean }> {
    const { now, row, links } = await this.ownUpcoming(practiceId, clientId, appointmentId, opts.expectedStart, 'confirm');
    const changed = row.status === 'scheduled';
    await this.ctx.db.transaction().execute(async (tx) => {
      if (changed) {
        const set: Partial<repo.AppointmentRow> = { status: 'confirmed', updated_at: now };
        const res = await repo.touch(tx, row.id, row.version, set);
        if (Number(res.numUpdatedRows) !== 1) throw clientConflict('errors.appointment.changedWhileConfirming', 'version');
        await emitAppointmentEvent(this.outbox, tx, practiceId, 'appointment.updated', eventPayload({ ...row, ...set } as repo.AppointmentRow, links.map((l) => l.client_id)));
        await this.ctx.audit.record(
          { actor: { type: 'client', id: actorId }, practiceId, ip: meta.ip, userAgent: meta.userAgent, action: 'update', resource: { type: 'appointment', id: row.id }, outcome: 'success', details: { fields: ['status'], status: 'confirmed', by: 'client', clientId, via: opts.via } },
          tx,
        );
      }
      await opts.within?.(tx);
    });
    return { status: 'confirmed', changed };
  }
}
