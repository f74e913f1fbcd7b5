// The waitlist: a client asks for an earlier time with one of their providers (optionally for
// one service). When an appointment of that provider is cancelled, every waiting client whose
// entry fits is offered the freed slot, in the portal and by a PHI-free mail (no time, no
// provider unless the client agreed to details, an opaque offer id in the link). The first to
// accept gets it: acceptance books through the scheduling guard and takes the offer in the same
// transaction, so everyone else then gets 409 and the slot can't be double-booked by staff either.
// Offers expire at the slot's start or a day after they were made, whichever comes first.
import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import type { AppContext } from '../../context.js';
import { AppError, notFound } from '../../errors.js';
import { iso } from '../../lib/clock.js';
import type { WaitlistOffer } from '../../../shared/booking.js';
import type { AppointmentService, AppointmentType } from '../../../shared/scheduling.js';
import type { ClientService } from '../clients/service.js';
import type { AppointmentRow } from '../scheduling/repo.js';
import type { SchedulingService } from '../scheduling/service.js';
import * as repo from './repo.js';
import type { ClientActor } from './service.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
export const OFFER_TTL_MS = 24 * HOUR;

const conflict = (message: string, field?: string) => new AppError('conflict', 409, message, field);
const invalid = (field: string, message: string) => new AppError('validation_failed', 400, `${field}: ${message}`, field);
const gone = () => conflict('This time is no longer available', 'offerId');

export class WaitlistService {
  constructor(
    private readonly ctx: AppContext,
    private readonly scheduling: SchedulingService,
    private readonly clients: ClientService,
    private readonly senderName: (practiceId: string) => Promise<string>,
  ) {
    scheduling.onCancelled((practiceId, rows) => this.offerFreed(practiceId, rows));
  }

  private who(a: ClientActor) {
    return { actor: { type: 'client' as const, id: a.accountId }, practiceId: a.practiceId, ip: a.meta.ip, userAgent: a.meta.userAgent };
  }

  private async services(practiceId: string): Promise<Map<string, AppointmentService>> {
    return new Map((await this.scheduling.listServices(practiceId)).map((x) => [x.id, x]));
  }

  // ---- the client's entries ----

  async join(a: ClientActor, input: { providerId: string; serviceId?: string | undefined }): Promise<{ id: string }> {
    if (!(await this.clients.assignedProviders(a.practiceId, a.clientId)).includes(input.providerId)) throw invalid('providerId', 'is not one of your providers');
    if (input.serviceId) {
      const svc = (await this.services(a.practiceId)).get(input.serviceId);
      if (!svc?.active) throw invalid('serviceId', 'is not a service this practice offers');
    }
    const serviceId = input.serviceId ?? null;
    const waiting = await repo.waitingEntriesOfClient(this.ctx.db, a.practiceId, a.clientId);
    if (waiting.some((e) => e.provider_id === input.providerId && e.service_id === serviceId)) throw conflict('You are already on the waitlist for this', 'providerId');
    const id = randomUUID();
    const now = this.ctx.clock.now();
    await this.ctx.db.transaction().execute(async (tx) => {
      await repo.insertEntry(tx, { id, practice_id: a.practiceId, client_id: a.clientId, provider_id: input.providerId, service_id: serviceId, status: 'waiting', created_by: a.accountId, created_at: now, updated_at: now });
      await this.ctx.audit.record({ ...this.who(a), action: 'create', resource: { type: 'waitlist_entry', id }, outcome: 'success', details: { clientId: a.clientId, providerId: input.providerId, serviceId } }, tx);
    });
    return { id };
  }

  async entries(a: ClientActor) {
    const rows = await repo.waitingEntriesOfClient(this.ctx.db, a.practiceId, a.clientId);
    const services = await this.services(a.practiceId);
    const items = [];
    for (const e of rows) {
      items.push({
        id: e.id,
        providerId: e.provider_id,
        providerName: (await this.scheduling.providerName(a.practiceId, e.provider_id)) ?? 'Former provider',
        serviceId: e.service_id,
        serviceName: e.service_id ? (services.get(e.service_id)?.name ?? null) : null,
        createdAt: iso(Number(e.created_at)),
      });
    }
    await this.ctx.audit.record({ ...this.who(a), action: 'read', resource: { type: 'client_waitlist', id: a.clientId }, outcome: 'success', details: { returned: items.length, via: 'portal' } });
    return items;
  }

  async leave(a: ClientActor, entryId: string): Promise<void> {
    const entry = await repo.findEntry(this.ctx.db, a.practiceId, entryId);
    if (!entry || entry.client_id !== a.clientId || entry.status !== 'waiting') throw notFound('Waitlist entry');
    await this.ctx.db.transaction().execute(async (tx) => {
      if (!(await repo.setEntryStatus(tx, entryId, 'waiting', 'left', this.ctx.clock.now()))) throw notFound('Waitlist entry');
      await this.ctx.audit.record({ ...this.who(a), action: 'update', resource: { type: 'waitlist_entry', id: entryId }, outcome: 'success', details: { status: 'left' } }, tx);
    });
  }

  // ---- offers ----

  /**
   * Runs after a cancellation commits (SchedulingService.onCancelled). One offer per freed
   * appointment, to every waiting client of its provider whose entry fits: not a client of the
   * cancelled appointment, the entry's service (if any) fits in the slot, the slot is at least
   * the practice's client notice away, and it is earlier than that client's next appointment
   * with the provider.
   */
  async offerFreed(practiceId: string, rows: AppointmentRow[]): Promise<void> {
    const now = this.ctx.clock.now();
    const notice = (await this.scheduling.settings(practiceId)).clientMinNoticeHours * HOUR;
    const services = await this.services(practiceId);
    for (const row of rows) {
      const start = Number(row.start_at);
      const end = Number(row.end_at);
      if (row.status !== 'cancelled' || start < now + notice) continue;
      if (await repo.offerOfSource(this.ctx.db, row.id)) continue;
      const cancelledFor = new Set(await this.scheduling.clientIdsOf(row.id));
      const fitting: repo.EntryRow[] = [];
      const seen = new Set<string>();
      for (const e of await repo.waitingForProvider(this.ctx.db, practiceId, row.provider_id)) {
        if (seen.has(e.client_id) || cancelledFor.has(e.client_id)) continue;
        const svc = e.service_id ? services.get(e.service_id) : undefined;
        if (e.service_id && (!svc?.active || svc.defaultMinutes * MIN > end - start)) continue;
        const upcoming = await this.scheduling.forClient(practiceId, e.client_id, now, start + 1);
        if (upcoming.some((x) => x.providerId === row.provider_id && x.status !== 'cancelled' && Date.parse(x.start) <= start)) continue;
        seen.add(e.client_id);
        fitting.push(e);
      }
      if (!fitting.length) continue;
      const offerId = randomUUID();
      const created = await this.ctx.db.transaction().execute(async (tx) => {
        if (await repo.offerOfSource(tx, row.id)) return false;
        await repo.insertOffer(tx, {
          id: offerId,
          practice_id: practiceId,
          provider_id: row.provider_id,
          service_id: row.service_id,
          source_appointment_id: row.id,
          start_at: start,
          end_at: end,
          time_zone: row.time_zone,
          type: row.type,
          status: 'open',
          expires_at: Math.min(start, now + OFFER_TTL_MS),
          appointment_id: null,
          taken_by_client_id: null,
          created_at: now,
          decided_at: null,
        });
        await repo.insertRecipients(tx, fitting.map((e) => ({ offer_id: offerId, client_id: e.client_id, entry_id: e.id, practice_id: practiceId, mailed_at: null })));
        await this.ctx.audit.record(
          { actor: { type: 'system', id: null }, practiceId, action: 'create', resource: { type: 'waitlist_offer', id: offerId }, outcome: 'success', details: { sourceAppointmentId: row.id, recipients: fitting.length } },
          tx,
        );
        return true;
      });
      if (created) await this.mailOffer(practiceId, offerId, fitting.map((e) => e.client_id), row);
    }
  }

  /**
   * One mail per recipient with an e-mail address and consent. The right to send is claimed in
   * the database first, so the same offer is never mailed twice to anyone. Without the client's
   * consent to details the mail holds no time and no provider: only that a time is available.
   */
  private async mailOffer(practiceId: string, offerId: string, clientIds: string[], slot: AppointmentRow): Promise<void> {
    const sender = await this.senderName(practiceId);
    const link = `${this.ctx.config.publicUrl}/portal/offers/${offerId}`;
    for (const clientId of clientIds) {
      try {
        const record = await this.clients.ownRecord(practiceId, clientId);
        if (!record.email || !record.consents.email) continue;
        if (!(await repo.claimMail(this.ctx.db, offerId, clientId, this.ctx.clock.now()))) continue;
        let detail = '';
        if (record.consents.details) {
          const zone = (await this.clients.timeZoneOf(practiceId, clientId)) ?? slot.time_zone;
          const when = DateTime.fromMillis(Number(slot.start_at), { zone }).toFormat("cccc d LLLL yyyy 'at' HH:mm ZZZZ");
          const provider = await this.scheduling.providerName(practiceId, slot.provider_id);
          detail = `The time is ${when}${provider ? ` with ${provider}` : ''}.\n\n`;
        }
        await this.ctx.mailer.send({
          to: record.email,
          subject: 'An earlier appointment time is available',
          text: `An earlier appointment time is available. ${detail ? '' : 'Sign in to your secure portal to see it. '}The first person to accept it gets it.\n\n${detail}${link}\n\n— ${sender}`,
          fromName: sender,
        });
      } catch (err) {
        this.ctx.log.error({ err: { type: (err as Error).name }, practiceId }, 'could not send a waitlist offer');
      }
    }
  }

  private statusOf(o: repo.OfferRow, now: number): WaitlistOffer['status'] {
    return o.status === 'open' && Number(o.expires_at) <= now ? 'expired' : (o.status as WaitlistOffer['status']);
  }

  private async present(o: repo.OfferRow, clientId: string, now: number): Promise<WaitlistOffer> {
    const services = await this.services(o.practice_id);
    return {
      id: o.id,
      clientId,
      start: iso(Number(o.start_at)),
      end: iso(Number(o.end_at)),
      timeZone: o.time_zone,
      durationMinutes: Math.round((Number(o.end_at) - Number(o.start_at)) / MIN),
      providerName: (await this.scheduling.providerName(o.practice_id, o.provider_id)) ?? 'Former provider',
      serviceName: o.service_id ? (services.get(o.service_id)?.name ?? null) : null,
      expiresAt: iso(Number(o.expires_at)),
      status: this.statusOf(o, now),
      takenByYou: o.taken_by_client_id === clientId,
    };
  }

  /** Offers of freed slots made to the client: open ones, and those they took. */
  async offersFor(a: ClientActor): Promise<WaitlistOffer[]> {
    const now = this.ctx.clock.now();
    const rows = await repo.offersForClient(this.ctx.db, a.clientId, now);
    const items = [];
    for (const o of rows) if (o.practice_id === a.practiceId) items.push(await this.present(o, a.clientId, now));
    await this.ctx.audit.record({ ...this.who(a), action: 'read', resource: { type: 'client_offers', id: a.clientId }, outcome: 'success', details: { returned: items.length, via: 'portal' } });
    return items.filter((x) => x.status === 'open' || x.takenByYou);
  }

  /** One offer as a recipient sees it (the mail's link); 404 unless `clientId` is a recipient. */
  async offer(a: ClientActor, offerId: string): Promise<WaitlistOffer> {
    const o = await repo.findOffer(this.ctx.db, offerId);
    if (!o || o.practice_id !== a.practiceId || !(await repo.recipient(this.ctx.db, offerId, a.clientId))) throw notFound('Offer');
    await this.ctx.audit.record({ ...this.who(a), action: 'read', resource: { type: 'waitlist_offer', id: offerId }, outcome: 'success', details: { via: 'portal' } });
    return this.present(o, a.clientId, this.ctx.clock.now());
  }

  /** The client records an offer was made to (the portal resolves a mail link to its own). */
  async recipientClientIds(offerId: string): Promise<string[]> {
    return (await repo.recipientsOf(this.ctx.db, offerId)).map((r) => r.client_id);
  }

  /** The first acceptance books the slot; every later one (or after expiry) is a 409. */
  async accept(a: ClientActor, offerId: string): Promise<{ appointmentId: string }> {
    const o = await repo.findOffer(this.ctx.db, offerId);
    const rec = o && o.practice_id === a.practiceId ? await repo.recipient(this.ctx.db, offerId, a.clientId) : undefined;
    if (!o || !rec) throw notFound('Offer');
    const now = this.ctx.clock.now();
    if (this.statusOf(o, now) !== 'open') throw gone();
    const entry = await repo.findEntry(this.ctx.db, a.practiceId, rec.entry_id);
    const svc = entry?.service_id ? (await this.services(a.practiceId)).get(entry.service_id) : undefined;
    const serviceId = svc?.id ?? o.service_id;
    const duration = svc ? svc.defaultMinutes : Math.round((Number(o.end_at) - Number(o.start_at)) / MIN);
    try {
      const { id } = await this.scheduling.bookForClient(
        { practiceId: a.practiceId, clientId: a.clientId, providerId: o.provider_id, serviceId, start: Number(o.start_at), durationMinutes: duration, timeZone: o.time_zone, type: o.type as AppointmentType, actor: { type: 'client', id: a.accountId }, via: 'waitlist', meta: a.meta },
        {
          within: async (tx, appointmentId) => {
            if (!(await repo.takeOffer(tx, offerId, a.clientId, appointmentId, now))) throw gone();
            await repo.setEntryStatus(tx, rec.entry_id, 'waiting', 'fulfilled', now);
            await this.ctx.audit.record({ ...this.who(a), action: 'update', resource: { type: 'waitlist_offer', id: offerId }, outcome: 'success', details: { status: 'taken', appointmentId } }, tx);
          },
        },
      );
      return { appointmentId: id };
    } catch (err) {
      // Booked meanwhile by staff or another acceptance: nobody can take it any more.
      if (err instanceof AppError && err.status === 409 && err.field === 'start') {
        await repo.withdrawOffer(this.ctx.db, offerId, this.ctx.clock.now());
        throw gone();
      }
      throw err;
    }
  }
}
