// Automatic sending with a new client's first booking (outbox consumer "forms-first-booking", on
// appointment.created, whoever booked: staff or the client in the portal). The forms are the
// practice's current versions marked `sendOnFirstBooking`. A client is new when none of their other
// appointments (outside this one's series) was created before this one. The packet is claimed in
// form_first_bookings (one row per client) in the same transaction that writes its requests and its
// one mail, so a retried event, a second occurrence of a series or a second booking never sends
// it again: exactly once per client.
import { randomUUID } from 'node:crypto';
import type { Tx } from '../../db/index.js';
import type { Consumer, DomainEvent } from '../outbox/index.js';
import type { SchedulingService } from '../scheduling/index.js';
import { currentVersions } from './present.js';
import * as repo from './repo.js';
import type { FormsService } from './service.js';

export const FIRST_BOOKING_CONSUMER = 'forms-first-booking';
const FAR_FUTURE = 8.64e15;

export class FirstBookingForms {
  constructor(
    private readonly forms: FormsService,
    private readonly scheduling: SchedulingService,
  ) {}

  consumer(): Consumer {
    return { name: FIRST_BOOKING_CONSUMER, types: ['appointment.created'], handle: (e) => this.handle(e) };
  }

  async handle(event: DomainEvent): Promise<void> {
    const pid = event.practiceId;
    const appointmentId = event.payload.appointmentId;
    if (!pid || typeof appointmentId !== 'string') return;
    const db = this.forms.ctx.db;
    const templates = [...currentVersions(await repo.templatesOf(db, pid)).values()].filter((t) => Number(t.send_on_first_booking) === 1);
    if (!templates.length) return;
    const clientIds = Array.isArray(event.payload.clientIds) ? event.payload.clientIds : await this.scheduling.clientIdsOf(appointmentId);
    let sent = false;
    for (const clientId of clientIds) {
      if (!(await this.isFirst(pid, clientId, appointmentId))) continue;
      const packetId = randomUUID();
      sent =
        (await db.transaction().execute(async (tx) => {
          if (!(await repo.claimFirstBooking(tx, { practice_id: pid, client_id: clientId, appointment_id: appointmentId, packet_id: packetId, created_at: this.forms.ctx.clock.now() }))) return false;
          await this.write(tx, { practiceId: pid, clientId, appointmentId, templateIds: templates.map((t) => t.id), packetId });
          return true;
        })) || sent;
    }
    if (sent) this.forms.notifications.wake();
  }

  private async write(tx: Tx, p: { practiceId: string; clientId: string; appointmentId: string; templateIds: string[]; packetId: string }) {
    const { practiceId, clientId, appointmentId, packetId } = p;
    const { ids } = await this.forms.enqueuePacket(tx, { ...p, via: 'first_booking', sentBy: null });
    await this.forms.ctx.audit.record({ actor: { type: 'system', id: null }, practiceId, action: 'create', resource: { type: 'form_request', id: packetId }, outcome: 'success', details: { clientId, requests: ids, via: 'first_booking', appointmentId } }, tx);
  }

  /** Whether this appointment (still live) is the client's first: no other appointment outside its series was created before it. */
  private async isFirst(practiceId: string, clientId: string, appointmentId: string): Promise<boolean> {
    const all = await this.scheduling.forClient(practiceId, clientId, 0, FAR_FUTURE);
    const me = all.find((a) => a.id === appointmentId);
    if (!me || me.status === 'cancelled') return false;
    const at = Date.parse(me.createdAt);
    return !all.some((a) => a.id !== appointmentId && (me.seriesId === null || a.seriesId !== me.seriesId) && Date.parse(a.createdAt) < at);
  }
}
