// The waitlist: a client asks for an earlier time with one of their providers (optionally for
// one service). When a slot of that provider is freed (an appointment cancelled, or moved away
// from its time), every waiting client whose entry fits is offered the freed slot, in the portal
// and by a PHI-free mail (no time, no provider unless the client agreed to details, an opaque offer
// id in the link). The first to accept gets it: acceptance books through the scheduling guard and
// takes the offer in the same transaction, so everyone else then gets 409 and the slot can't be
// double-booked by staff either. Offers expire at the slot's start or a day after they were made,
// whichever comes first. Staff see each provider's waitlist (with the offers made to each entry)
// and may remove an entry.
//
// Offers are made by the outbox consumer "waitlist-offers" from the durable domain events, so a
// process that dies after a cancellation commits still makes its offer (on the next instance to
// claim the event). Each offer records the event that freed its slot (unique): an event handled
// twice finds its offer instead of making another. Its mails are notifications (kind
// `waitlist_offer`, one per recipient, keyed by offer and client), enqueued with the offer in its
// transaction and written at send time while the offer is still open.
import { mailBody, t, withLang, yes } from '../../i18n/index.js';
import { randomUUID } from 'node:crypto';
import { longWhen } from '../../lib/mail-time.js';
import type { RequestMeta } from '../../context.js';
import type { DbOrTx } from '../../db/index.js';
import { AppError, conflict, forbidden, notFound } from '../../errors.js';
import { clientConflict, clientInvalid } from '../../i18n/errors.js';
import { DAY, HOUR, iso, MIN } from '../../lib/clock.js';
import type { StaffWaitlist, WaitlistOffer } from '../../../shared/booking.js';
import type { StaffRole } from '../../../shared/roles.js';
import type { AppointmentService, AppointmentType } from '../../../shared/scheduling.js';
import type { ResolvedSession } from '../auth/index.js';
import { AppointmentMail, type AppointmentMailDeps } from '../calendar/index.js';
import type { Composed, Notification } from '../notifications/index.js';
import type { Consumer, DomainEvent } from '../outbox/index.js';
import { bookForClient } from './book.js';
import * as repo from './repo.js';
import type { ClientActor } from './service.js';

export const OFFER_TTL_MS = 24 * HOUR;
export const WAITLIST_CONSUMER = 'waitlist-offers';
export const OFFER_KIND = 'waitlist_offer';
/** The staff view shows, per entry, the offers of this long ago at most, newest first. */
const STAFF_OFFER_HISTORY_MS = 30 * DAY;
const STAFF_OFFERS_PER_ENTRY = 5;

const gone = () => clientConflict('errors.waitlist.gone', 'offerId');

/** A slot an event freed: where it was, and whose it was (they are not offered their own time). */
interface FreedSlot {
  appointmentId: string;
  providerId: string;
  start: number;
  end: number;
  timeZone: string;
  type: string;
  clientIds: string[];
}

export class WaitlistService extends AppointmentMail {
  constructor(...deps: AppointmentMailDeps) {
    super(OFFER_KIND, ...deps);
  }

  private who(a: ClientActor) {
    return { actor: { type: 'client' as const, id: a.accountId }, practiceId: a.practiceId, ip: a.meta.ip, userAgent: a.meta.userAgent };
  }

  private async services(practiceId: string): Promise<Map<string, AppointmentService>> {
    return new Map((await this.scheduling.listServices(practiceId)).map((x) => [x.id, x]));
  }

  // ---- the client's entries ----

  async join(a: ClientActor, input: { providerId: string; serviceId?: string | undefined }): Promise<{ id: string }> {
    if (!(await this.clients.assignedProviders(a.practiceId, a.clientId)).includes(input.providerId)) throw clientInvalid('providerId', 'errors.booking.provider');
    if (input.serviceId) {
      const svc = (await this.services(a.practiceId)).get(input.serviceId);
      if (!svc?.active) throw clientInvalid('serviceId', 'errors.booking.service');
    }
    const serviceId = input.serviceId ?? null;
    const waiting = await repo.waitingEntriesOfClient(this.ctx.db, a.practiceId, a.clientId);
    if (waiting.some((e) => e.provider_id === input.providerId && e.service_id === serviceId)) throw clientConflict('errors.waitlist.already', 'providerId');
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
        providerName: (await this.scheduling.providerName(a.practiceId, e.provider_id, 'any')) ?? '',
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

  // ---- offers (the outbox consumer) ----

  consumer(): Consumer {
    return { name: WAITLIST_CONSUMER, types: ['appointment.cancelled', 'appointment.rescheduled'], handle: (event) => this.handle(event) };
  }

  /**
   * The slot an event freed: a cancelled appointment's time, or the time a rescheduled one left
   * (with its previous provider). Null when the event does not name one (a reschedule recorded
   * before events carried `previousEnd`).
   */
  private freedSlot(event: DomainEvent): FreedSlot | null {
    const p = event.payload;
    const str = (v: unknown) => (typeof v === 'string' && v ? v : null);
    const cancelled = event.type === 'appointment.cancelled';
    const appointmentId = str(p.appointmentId);
    const providerId = str(cancelled ? p.providerId : p.previousProviderId);
    const start = Date.parse(str(cancelled ? p.start : p.previousStart) ?? '');
    const end = Date.parse(str(cancelled ? p.end : p.previousEnd) ?? '');
    const timeZone = str(p.timeZone);
    const type = str(p.type);
    if (!appointmentId || !providerId || !timeZone || !type || !(end > start)) return null;
    return { appointmentId, providerId, start, end, timeZone, type, clientIds: Array.isArray(p.clientIds) ? p.clientIds : [] };
  }

  /**
   * Handles one cancellation or reschedule: makes the offer of the freed slot once (a second
   * delivery of the event finds it), with a mail to each recipient in the notification ledger.
   */
  async handle(event: DomainEvent): Promise<void> {
    const practiceId = event.practiceId;
    const slot = this.freedSlot(event);
    if (!practiceId || !slot) return;
    let offer = await repo.offerOfEvent(this.ctx.db, event.id);
    // An offer the in-process hook made for this cancellation before the consumer existed.
    if (!offer && event.type === 'appointment.cancelled') offer = await repo.legacyOffer(this.ctx.db, slot.appointmentId, slot.start);
    offer ??= await this.makeOffer(practiceId, event.id, slot);
    // An offer made before its mails were notifications (or by an older instance): enqueued now;
    // for one made above this is a no-op (same keys).
    if (offer) await this.enqueueMails(this.ctx.db, offer, (await repo.recipientsOf(this.ctx.db, offer.id)).filter((r) => r.mailed_at === null).map((r) => r.client_id));
    this.notifications.wake();
  }

  /**
   * One offer for the freed slot, to every waiting client of its provider whose entry fits: not a
   * client of the appointment that freed it, the entry's service (if any) fits in the slot, the
   * slot is at least the practice's client notice away and still free, and it is earlier than
   * that client's next appointment with the provider. Undefined when nobody fits.
   */
  private async makeOffer(practiceId: string, eventId: string, slot: FreedSlot): Promise<repo.OfferRow | undefined> {
    const { db } = this.ctx;
    const now = this.ctx.clock.now();
    const notice = (await this.scheduling.settings(practiceId)).clientMinNoticeHours * HOUR;
    if (slot.start < now + notice) return undefined;
    // Booked again meanwhile, or a reschedule that still overlaps its old time: nothing is free.
    if ((await this.scheduling.busy(slot.providerId, slot.start, slot.end)).length) return undefined;
    const [source] = await this.scheduling.calendarEntries(practiceId, { ids: [slot.appointmentId] });
    if (!source) return undefined;
    const services = await this.services(practiceId);
    const excluded = new Set(slot.clientIds);
    const fitting: repo.EntryRow[] = [];
    const seen = new Set<string>();
    for (const e of await repo.waitingForProvider(db, practiceId, slot.providerId)) {
      if (seen.has(e.client_id) || excluded.has(e.client_id)) continue;
      const svc = e.service_id ? services.get(e.service_id) : undefined;
      if (e.service_id && (!svc?.active || svc.defaultMinutes * MIN > slot.end - slot.start)) continue;
      const upcoming = await this.scheduling.forClient(practiceId, e.client_id, now, slot.start + 1);
      if (upcoming.some((x) => x.providerId === slot.providerId && x.status !== 'cancelled' && Date.parse(x.start) <= slot.start)) continue;
      seen.add(e.client_id);
      fitting.push(e);
    }
    if (!fitting.length) return undefined;
    const offerId = randomUUID();
    await db.transaction().execute(async (tx) => {
      // Another instance handling the same event (its lease passed) may have made it: then nothing here.
      const made = await repo.insertOffer(tx, {
        id: offerId,
        practice_id: practiceId,
        provider_id: slot.providerId,
        service_id: source.serviceId,
        source_appointment_id: slot.appointmentId,
        source_event_id: eventId,
        start_at: slot.start,
        end_at: slot.end,
        time_zone: slot.timeZone,
        type: slot.type,
        status: 'open',
        expires_at: Math.min(slot.start, now + OFFER_TTL_MS),
        appointment_id: null,
        taken_by_client_id: null,
        created_at: now,
        decided_at: null,
      });
      if (!made) return;
      await repo.insertRecipients(tx, fitting.map((e) => ({ offer_id: offerId, client_id: e.client_id, entry_id: e.id, practice_id: practiceId, mailed_at: null })));
      await this.enqueueMails(tx, { id: offerId, practice_id: practiceId }, fitting.map((e) => e.client_id));
      await this.ctx.audit.record(
        { actor: { type: 'system', id: null }, practiceId, action: 'create', resource: { type: 'waitlist_offer', id: offerId }, outcome: 'success', details: { sourceAppointmentId: slot.appointmentId, eventId, recipients: fitting.length } },
        tx,
      );
    });
    return repo.offerOfEvent(db, eventId);
  }

  /** One notification per recipient (its key: the offer and the client, so never two). */
  private async enqueueMails(db: DbOrTx, offer: { id: string; practice_id: string }, clientIds: string[]): Promise<void> {
    await this.notifications.enqueue(
      db,
      clientIds.map((clientId) => ({ practiceId: offer.practice_id, kind: OFFER_KIND, recipient: { type: 'client' as const, id: clientId }, dedupeKey: `${OFFER_KIND}:${offer.id}:${clientId}`, payload: { offerId: offer.id } })),
    );
  }

  /**
   * One recipient's mail, at send time, while the offer is open: consent first, then the address
   * decrypted. Without the client's consent to details the mail holds no time and no provider:
   * only that a time is available. Once it went, the recipient is marked mailed (the staff view).
   */
  protected async compose(n: Notification): Promise<Composed> {
    const practiceId = n.practice_id;
    const clientId = n.recipient_id;
    const offer = typeof n.payload.offerId === 'string' ? await repo.findOffer(this.ctx.db, n.payload.offerId) : undefined;
    if (!offer || offer.practice_id !== practiceId) return { skip: 'offer_missing' };
    if (this.statusOf(offer, this.ctx.clock.now()) !== 'open') return { skip: 'offer_closed' };
    // Consent first, then decrypt the address, only for a mail about to go.
    const target = await this.clients.mailPreferences(practiceId, clientId);
    if (!target) return { skip: 'no_client' };
    if (!target.emailConsent) return { skip: 'no_consent' };
    if (!target.hasEmail) return { skip: 'no_address' };
    const email = await this.clients.mailAddress(practiceId, clientId);
    if (!email) return { skip: 'no_address' };
    const sender = await this.senderName(practiceId);
    const l = target.locale;
    const link = withLang(`${this.ctx.config.publicUrl}/portal/offers/${offer.id}`, l);
    let detail: string | null = null;
    if (target.detailsConsent) {
      const zone = target.timeZone ?? offer.time_zone;
      const provider = await this.scheduling.providerName(practiceId, offer.provider_id);
      detail = t(l, 'booking.offer.detail', { when: longWhen(Number(offer.start_at), zone, l), withProvider: yes(provider), provider: provider ?? '' });
    }
    const intro = t(l, 'booking.offer.intro', { withDetails: yes(detail) });
    return {
      mail: { to: email, subject: t(l, 'booking.offer.subject'), text: mailBody(l, sender, intro, ...(detail ? [detail] : []), link).trimEnd(), fromName: sender },
      afterSent: () => repo.markMailed(this.ctx.db, offer.id, clientId, this.ctx.clock.now()),
    };
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
      providerName: (await this.scheduling.providerName(o.practice_id, o.provider_id, 'any')) ?? '',
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
    // The practice took the client off this waitlist: its offers are no longer theirs to take.
    if (entry?.status === 'removed') throw gone();
    const svc = entry?.service_id ? (await this.services(a.practiceId)).get(entry.service_id) : undefined;
    const serviceId = svc?.id ?? o.service_id;
    const duration = svc ? svc.defaultMinutes : Math.round((Number(o.end_at) - Number(o.start_at)) / MIN);
    try {
      const id = await bookForClient(
        this.ctx,
        this.scheduling,
        { practiceId: a.practiceId, clientId: a.clientId, providerId: o.provider_id, serviceId, start: Number(o.start_at), durationMinutes: duration, timeZone: o.time_zone, type: o.type as AppointmentType, actor: { type: 'client', id: a.accountId }, via: 'waitlist', meta: a.meta },
        {
          then: async (tx, appointmentId) => {
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

  // ---- staff ----

  private staffWho(s: ResolvedSession, meta: RequestMeta) {
    return { actor: { type: 'user' as const, id: s.user.id }, practiceId: s.user.practiceId, ip: meta.ip, userAgent: meta.userAgent };
  }

  /**
   * A provider's waitlist, first come first: each waiting client (by name when the caller may see
   * them), the service they wait for, since when, and the offers made to them in the last 30 days.
   * Providers who see only their own clients see only their own waitlist. Audited as a PHI read.
   */
  async staffList(s: ResolvedSession, providerId: string, meta: RequestMeta): Promise<StaffWaitlist> {
    const pid = s.user.practiceId;
    if ((await this.scheduling.providerName(pid, providerId)) === null) throw notFound('Provider');
    const only = await this.clients.restrictedTo(s);
    if (only && providerId !== only) throw forbidden('Providers see only their own waitlist');
    const now = this.ctx.clock.now();
    const rows = await repo.waitingForProvider(this.ctx.db, pid, providerId);
    const offers = await repo.offersOfEntries(this.ctx.db, rows.map((e) => e.id), now - STAFF_OFFER_HISTORY_MS);
    const services = await this.services(pid);
    const directory = await this.clients.directory(pid);
    const items = rows.map((e) => {
      const c = directory.get(e.client_id);
      const visible = c && (!only || c.providerIds.includes(only));
      return {
        id: e.id,
        clientId: e.client_id,
        clientName: visible ? `${c.preferredName ?? c.firstName} ${c.lastName}` : null,
        providerId: e.provider_id,
        serviceId: e.service_id,
        serviceName: e.service_id ? (services.get(e.service_id)?.name ?? null) : null,
        createdAt: iso(Number(e.created_at)),
        offers: offers
          .filter((o) => o.entry_id === e.id)
          .slice(0, STAFF_OFFERS_PER_ENTRY)
          .map((o) => ({
            id: o.id,
            start: iso(Number(o.start_at)),
            end: iso(Number(o.end_at)),
            timeZone: o.time_zone,
            status: this.statusOf(o, now),
            takenByClient: o.taken_by_client_id === e.client_id,
            expiresAt: iso(Number(o.expires_at)),
            mailed: o.mailed_at !== null,
          })),
      };
    });
    await this.ctx.audit.record({ ...this.staffWho(s, meta), action: 'read', resource: { type: 'waitlist', id: providerId }, outcome: 'success', details: { returned: items.length } });
    return { providerId, items, total: items.length };
  }

  /**
   * Takes a client off a waitlist (status `removed`): no new offers, and open offers made to this
   * entry can no longer be taken. Owners and the front desk for any provider; providers for their own.
   */
  async staffRemove(s: ResolvedSession, entryId: string, meta: RequestMeta): Promise<void> {
    const pid = s.user.practiceId;
    const entry = await repo.findEntry(this.ctx.db, pid, entryId);
    if (!entry) throw notFound('Waitlist entry');
    const only = await this.clients.restrictedTo(s);
    if (only && entry.provider_id !== only) throw notFound('Waitlist entry');
    if ((s.session.active_role as StaffRole) === 'provider' && entry.provider_id !== s.user.id) throw forbidden('Providers change only their own waitlist');
    if (entry.status !== 'waiting') throw conflict('The client is no longer waiting', 'status');
    await this.ctx.db.transaction().execute(async (tx) => {
      if (!(await repo.setEntryStatus(tx, entryId, 'waiting', 'removed', this.ctx.clock.now()))) throw conflict('The client is no longer waiting', 'status');
      await this.ctx.audit.record(
        { ...this.staffWho(s, meta), action: 'update', resource: { type: 'waitlist_entry', id: entryId }, outcome: 'success', details: { status: 'removed', by: 'practice', clientId: entry.client_id, providerId: entry.provider_id } },
        tx,
      );
    });
  }
}
