// Scheduled calls ring by themselves. Two parts:
//
//  - the ring plan (outbox consumer "call-rings"): each appointment event makes call_rings agree
//    with the appointment as it is now: a video or audio visit that is on has one `scheduled` ring
//    for its current start, due `ringLeadMinutes` before it; rings for another start, or for a visit
//    no longer on, are `cancelled` (and come back if the visit does). UNIQUE (appointment, start):
//    an event handled twice plans nothing twice.
//  - the ring scheduler (every web instance; it holds the sockets to ring): claims each due ring
//    with a conditional update that succeeds for exactly one instance, makes the call room, rings
//    the provider and the clients wherever they are signed in, and enqueues the join link for each
//    client to go after `escalateAfterSeconds` (the link's composer skips it when the client has
//    joined by then). A claim whose instance died before finishing goes back after the lease.
//    A ring that finds its visit already over is `missed`, never rung late.
//
// The ring itself is durable: a ringing call is a row, so a browser that connects after the ring
// was published still sees it (GET /api/calls, GET /api/portal/calls).
import { randomUUID } from 'node:crypto';
import type { AppContext } from '../../context.js';
import type { NotificationService } from '../notifications/index.js';
import type { Consumer, DomainEvent } from '../outbox/index.js';
import type { SchedulingService } from '../scheduling/index.js';
import { describeError, DispatchLoop } from '../../jobs/index.js';
import * as repo from './repo.js';
import type { CallService } from './service.js';

export const RINGS_CONSUMER = 'call-rings';
const ON = new Set(['scheduled', 'confirmed']);
const CLAIM_LIMIT = 50;
/** A claim not finished in this time (its instance died) is claimed again. */
const CLAIM_LEASE_MS = 60_000;

export class RingPlan {
  constructor(
    private readonly ctx: AppContext,
    private readonly scheduling: SchedulingService,
    private readonly calls: CallService,
    private readonly onDue: () => void,
  ) {}

  consumer(): Consumer {
    return { name: RINGS_CONSUMER, types: ['appointment.created', 'appointment.rescheduled', 'appointment.updated', 'appointment.cancelled'], handle: (e) => this.handle(e) };
  }

  async handle(event: DomainEvent): Promise<void> {
    const id = event.payload.appointmentId;
    if (!event.practiceId || typeof id !== 'string') return;
    const lead = (await this.calls.settings(event.practiceId)).ringLeadMinutes * 60_000;
    const entry = (await this.scheduling.calendarEntries(event.practiceId, { ids: [id] }))[0];
    const now = this.ctx.clock.now();
    await this.ctx.db.transaction().execute(async (tx) => {
      const cur = await this.scheduling.lockState(tx, id);
      if (!cur || cur.practiceId !== event.practiceId) return;
      const call = entry && entry.type !== 'in_person' && ON.has(cur.status);
      await repo.cancelRings(tx, id, call ? cur.start : null, now);
      if (!call) return;
      const due = cur.start - lead;
      // A visit booked after its ring time still rings (at once), unless it is already over.
      if (entry.end <= now) return;
      await repo.reviveRing(tx, id, cur.start, due, now);
      await repo.insertRing(tx, { id: randomUUID(), practice_id: cur.practiceId, appointment_id: id, occurrence_start: cur.start, due_at: due, status: 'scheduled', claimed_by: null, claimed_at: null, call_id: null, rung_at: null, created_at: now, updated_at: now });
    });
    this.onDue();
  }
}

export class RingScheduler extends DispatchLoop {
  readonly counts = { rung: 0, missed: 0, cancelled: 0 };

  constructor(
    private readonly ctx: AppContext,
    private readonly scheduling: SchedulingService,
    private readonly calls: CallService,
    private readonly notifications: NotificationService,
  ) {
    super(ctx.log, 'call rings', ctx.config.calls.ringPollMs);
  }

  protected async pass(): Promise<void> {
    const now = this.ctx.clock.now();
    await repo.releaseStaleRings(this.ctx.db, now - CLAIM_LEASE_MS, now);
    for (;;) {
      if (this.stopped) return;
      const due = await repo.dueRings(this.ctx.db, this.ctx.clock.now(), CLAIM_LIMIT);
      for (const r of due) {
        if (!(await repo.claimRing(this.ctx.db, r.id, this.id, this.ctx.clock.now()))) continue;
        try {
          await this.ringOne(r);
        } catch (err) {
          // Left claimed: the lease gives it back, so a passing failure delays a ring, never drops it.
          this.ctx.log.error({ err: describeError(err), ring: r.id }, 'call rings: could not ring');
        }
      }
      if (due.length < CLAIM_LIMIT) break;
    }
    const now2 = this.ctx.clock.now();
    this.wakeAt(await repo.nextRingDue(this.ctx.db), now2);
  }

  private async ringOne(r: repo.RingRow): Promise<void> {
    const now = this.ctx.clock.now();
    const state = (await this.scheduling.states([r.appointment_id])).get(r.appointment_id);
    const entry = state ? (await this.scheduling.calendarEntries(state.practiceId, { ids: [r.appointment_id] }))[0] : undefined;
    if (!state || !entry || !ON.has(state.status) || state.start !== Number(r.occurrence_start) || entry.type === 'in_person') {
      await repo.finishRing(this.ctx.db, r.id, this.id, { status: 'cancelled' }, now);
      this.counts.cancelled++;
      return;
    }
    if (entry.end <= now) {
      await repo.finishRing(this.ctx.db, r.id, this.id, { status: 'missed' }, now);
      this.counts.missed++;
      this.ctx.log.warn({ ring: r.id, lateMs: now - Number(r.due_at) }, 'call rings: the visit was over before its ring could go');
      return;
    }
    const { call } = await this.calls.ensureAppointmentCall(r.appointment_id);
    const settings = await this.calls.settings(call.practice_id);
    const channels = await this.calls.linkChannels(call.practice_id, entry.clientIds);
    const rung = await this.ctx.db.transaction().execute(async (tx) => {
      if (!(await repo.finishRing(tx, r.id, this.id, { status: 'rung', call_id: call.id, rung_at: now }, now))) return false;
      await tx.updateTable('calls').set({ ring_at: now, updated_at: now }).where('id', '=', call.id).where('ring_at', 'is', null).execute();
      await repo.insertEvent(tx, { callId: call.id, practiceId: call.practice_id, type: 'rung', actor: 'system', detail: null, at: now });
      const notSent = await this.calls.enqueueEscalation(tx, call, channels, now + settings.escalateAfterSeconds * 1000);
      for (const c of notSent) await repo.insertEvent(tx, { callId: call.id, practiceId: call.practice_id, type: 'link_not_sent', actor: 'system', detail: `no_consent:${c}`, at: now });
      await this.ctx.audit.record({ actor: { type: 'system', id: null }, practiceId: call.practice_id, action: 'call_started', resource: { type: 'call', id: call.id }, outcome: 'success', details: { kind: 'scheduled', appointmentId: r.appointment_id, lateMs: now - Number(r.due_at) } }, tx);
      return true;
    });
    if (!rung) return;
    this.counts.rung++;
    this.notifications.wake();
    await this.calls.ring(call.id);
  }
}
