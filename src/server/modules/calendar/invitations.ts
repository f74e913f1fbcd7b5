// Mail to clients about their appointments, with a calendar file (invite.ics) attached: an
// invitation when an appointment or a series is booked (one mail for a whole series), an update
// when it is rescheduled and a cancellation when it is cancelled (one mail per change, however
// many occurrences it touched). Driven by the outbox (consumer "client-invitations").
//
// Only about appointments still to come: staff may book a time already past (late data entry),
// and such an appointment, or the past occurrences of a series, are never mailed; a change or a
// cancellation of one still to come is. A change that reaches a client who never got the
// invitation (the appointment was booked in the past and moved to the future, or the client agreed
// to e-mail since) sends the invitation instead, listing what is still to come.
//
// What a mail says: times in the client's own zone (the appointment's zone if the client has
// none), for a video or audio visit its join link (one per listed occurrence, single use, that
// visit's join window; calls/join-links.ts) and a link to the portal, under the practice's neutral sender name. The provider's name,
// the service and the kind of appointment only for a client who agreed to detailed messages.
// Only to a client with an e-mail address and e-mail consent; cancellations only to a client who
// was invited: a cancellation before the invitation went withdraws the invitation and sends neither. Consent is checked before the address is decrypted, and the address is decrypted
// only for a mail about to be sent (not for a retried event whose mail went).
//
// Each mail has a durable key (subject, client, kind) in appointment_notifications, claimed in the
// same transaction that enqueues the mail in the notification ledger (kind `calendar_invitation`):
// a retried event, or another instance, never enqueues it twice. The ledger sends it exactly once
// or visibly not (retry with backoff, `failed`, `uncertain` after a crash mid-send); the mail is
// written at send time, and a key is marked sent once its mail went. A mail that cannot go
// (consent withdrawn, nothing left to come) gives its keys back.
//
// The calendar file: METHOD:REQUEST (CANCEL for a cancellation), one VEVENT per occurrence with the
// appointment's own UID and SEQUENCE, in the client's zone with its VTIMEZONE. A series is sent as
// its occurrences rather than as an RRULE: the series repeats in the zone it was booked in, and an
// RRULE restated in the client's zone would drift by an hour between two zones' DST changes.
import { randomUUID } from 'node:crypto';
import { withLang } from '../../i18n/index.js';
import { longWhen } from '../../lib/mail-time.js';
import { JoinLinks } from '../calls/index.js';
import type { Composed, Notification } from '../notifications/index.js';
import type { Consumer, DomainEvent } from '../outbox/index.js';
import type { CalendarEntry } from '../scheduling/index.js';
import { AppointmentMail, type AppointmentMailDeps } from './appointment-mail.js';
import { appointmentUid, sequenceOf } from './feeds.js';
import { buildIcs } from './ics.js';
import { icsText, type Kind, LISTED, mailText } from './invitation-text.js';
import * as repo from './repo.js';

export const INVITATIONS_CONSUMER = 'client-invitations';
/** The notification kind of these mails. */
export const INVITATION_KIND = 'calendar_invitation';


export class ClientInvitations extends AppointmentMail {
  private readonly joinLinks: JoinLinks;

  constructor(...deps: AppointmentMailDeps) {
    super(INVITATION_KIND, ...deps);
    this.joinLinks = new JoinLinks(this.ctx);
  }

  consumer(): Consumer {
    return {
      name: INVITATIONS_CONSUMER,
      types: ['appointment.created', 'appointment.rescheduled', 'appointment.cancelled'],
      handle: (event) => this.handle(event),
    };
  }

  async handle(event: DomainEvent): Promise<void> {
    const pid = event.practiceId;
    const appointmentId = event.payload.appointmentId;
    if (!pid || typeof appointmentId !== 'string') return;
    const [entry] = await this.scheduling.calendarEntries(pid, { ids: [appointmentId] });
    if (!entry) return;
    // Past appointments are never mailed. Every occurrence of a change has an event of its own, so
    // those of a series still to come are mailed from their own events.
    const now = this.ctx.clock.now();
    if (entry.start <= now) return;
    const kind: Kind = event.type === 'appointment.created' ? 'invitation' : event.type === 'appointment.cancelled' ? 'cancel' : 'update';
    const subject = entry.seriesId ?? entry.id;

    // Who gets which mail, decided before any address is decrypted or the series is read (a
    // series of 300 sends 300 events, of which the first mails and the others find its key).
    const mails: Planned[] = [];
    for (const clientId of entry.clientIds) {
      const prefs = await this.clients.mailPreferences(pid, clientId);
      if (!prefs?.hasEmail || !prefs.emailConsent) continue;
      const key = kind === 'invitation' ? 'invitation' : `${kind}@${entry.updatedAt}`;
      if (await repo.claimedNotification(this.ctx.db, subject, clientId, key)) continue;
      if (kind === 'cancel') {
        const invited = await repo.notificationKey(this.ctx.db, subject, clientId, 'invitation');
        if (!invited) continue;
        // The invitation never went (the dispatcher busy or down): withdraw it and tell nothing of
        // a visit the client was never told of (issue 13, bug 12). One already on its way: the notice follows it.
        if (invited.sent_at === null && (await this.withdrawInvitation(pid, subject, clientId, key, entry, event.id, now))) continue;
        mails.push({ clientId, kind, keys: [key] });
        continue;
      }
      // Invited already (the invitation sent, or in the notification ledger to be sent first).
      if (kind === 'invitation' || (await repo.claimedNotification(this.ctx.db, subject, clientId, 'invitation'))) mails.push({ clientId, kind, keys: [key] });
      // Never invited: a change sends the invitation, keyed as both (so neither goes out again).
      else if (kind === 'update') mails.push({ clientId, kind: 'invitation', keys: ['invitation', key] });
    }
    if (!mails.length) return;

    const series = await this.seriesOf(pid, entry);
    const previous = typeof event.payload.previousStart === 'string' ? Date.parse(event.payload.previousStart) : NaN;
    let enqueued = 0;
    for (const mail of mails) {
      const plan: Plan = {
        mailKind: mail.kind,
        appointmentId: entry.id,
        seriesId: entry.seriesId,
        change: entry.updatedAt,
        // A provider can change without the time (then the mail does not say the time changed).
        timeChanged: Number.isNaN(previous) || previous !== entry.start,
        previousStart: Number.isNaN(previous) || previous === entry.start ? null : previous,
        eventId: event.id,
      };
      if (!occurrencesFor(plan, entry, series, now).length) continue;
      if (await this.enqueue(pid, subject, mail, plan, now)) enqueued++;
    }
    if (enqueued) this.notifications.wake();
  }

  /**
   * A cancellation before the invitation went: in one transaction, the cancellation's key is
   * claimed (so the event retried sends nothing) and the invitation still waiting in the ledger is
   * cancelled, its keys given back. For a series with visits still on, the waiting invitation stays
   * (it lists, when it goes, only what is still on). False when the invitation was already claimed
   * by a dispatcher (it may be going out now): then the cancellation is sent after it.
   */
  private async withdrawInvitation(pid: string, subject: string, clientId: string, key: string, entry: CalendarEntry, eventId: string, now: number): Promise<boolean> {
    const prefix = `${INVITATION_KIND}:${subject}:${clientId}:invitation`;
    const stillOn = entry.seriesId ? (await this.seriesOf(pid, entry)).some((e) => e.status !== 'cancelled' && e.start > now) : false;
    const claimed = new Error('claimed');
    try {
      return await this.ctx.db.transaction().execute(async (tx) => {
        if (!(await repo.claimNotification(tx, { id: randomUUID(), practice_id: pid, subject_id: subject, client_id: clientId, kind: key, event_id: eventId, created_at: now }))) return true;
        if (stillOn) {
          if ((await this.notifications.countScheduled(tx, INVITATION_KIND, prefix)) === 0) throw claimed;
          return true;
        }
        if ((await this.notifications.cancelScheduled(tx, INVITATION_KIND, prefix, 'cancelled_before_sent')) === 0) throw claimed;
        await repo.releaseUnsent(tx, subject, clientId, key);
        return true;
      });
    } catch (err) {
      if (err === claimed) return false;
      throw err;
    }
  }

  private async seriesOf(pid: string, entry: CalendarEntry): Promise<CalendarEntry[]> {
    return entry.seriesId ? this.scheduling.calendarEntries(pid, { seriesId: entry.seriesId }) : [entry];
  }

  /**
   * Claims the mail's keys in appointment_notifications and enqueues its notification, in one
   * transaction: both, or neither when a key was claimed meanwhile (another instance).
   */
  private async enqueue(pid: string, subject: string, mail: Planned, plan: Plan, now: number): Promise<boolean> {
    const keyIds = mail.keys.map(() => randomUUID());
    const taken = new Error('taken');
    try {
      await this.ctx.db.transaction().execute(async (tx) => {
        for (const [n, key] of mail.keys.entries()) {
          if (!(await repo.claimNotification(tx, { id: keyIds[n]!, practice_id: pid, subject_id: subject, client_id: mail.clientId, kind: key, event_id: plan.eventId, created_at: now }))) throw taken;
        }
        await this.notifications.enqueue(tx, [
          {
            practiceId: pid,
            kind: INVITATION_KIND,
            recipient: { type: 'client', id: mail.clientId },
            dedupeKey: `${INVITATION_KIND}:${subject}:${mail.clientId}:${mail.keys.join('+')}`,
            payload: { ...plan, subjectId: subject, keyIds },
          },
        ]);
      });
      return true;
    } catch (err) {
      if (err === taken) return false;
      throw err;
    }
  }

  /**
   * One mail, at send time: the occurrences it is about (still to come), consent, then the
   * address; the calendar file and text. A mail that cannot go gives its keys back (a later change
   * may then send the invitation). Once it went: its keys are marked sent and `invitation_sent` audited.
   */
  protected async compose(n: Notification): Promise<Composed> {
    const pid = n.practice_id;
    const clientId = n.recipient_id;
    const plan = readPlan(n.payload);
    if (!plan) return { skip: 'bad_payload' };
    const release = async (reason: string): Promise<Composed> => {
      for (const id of plan.keyIds) await repo.releaseNotification(this.ctx.db, id);
      return { skip: reason };
    };
    const now = this.ctx.clock.now();
    const [entry] = await this.scheduling.calendarEntries(pid, { ids: [plan.appointmentId] });
    if (!entry) return release('appointment_missing');
    const occurrences = occurrencesFor(plan, entry, await this.seriesOf(pid, entry), now);
    if (!occurrences.length) return release('nothing_to_send');
    // Consent first, then the address decrypted (mailAddress checks consent again).
    const prefs = await this.clients.mailPreferences(pid, clientId);
    if (!prefs?.emailConsent) return release('no_consent');
    if (!prefs.hasEmail) return release('no_address');
    const email = await this.clients.mailAddress(pid, clientId);
    if (!email) return release('no_address');
    const kind = plan.mailKind;
    const zone = prefs.timeZone ?? occurrences[0]!.timeZone;
    const details = prefs.detailsConsent ? await this.scheduling.detailsFor(pid, occurrences[0]!.providerId, occurrences[0]!.serviceId) : null;
    const fromName = await this.senderName(pid);
    const portal = `${this.ctx.config.publicUrl}/portal`;
    const address = /<([^>]+)>/.exec(this.ctx.config.mailFrom)?.[1] ?? this.ctx.config.mailFrom.trim();
    // Video and audio visits: each listed occurrence's join link, keyed by this ledger row (a retried send carries the same links).
    const joins = new Map<string, string>();
    if (kind !== 'cancel') {
      for (const o of occurrences.slice(0, LISTED)) {
        if (o.type !== 'in_person') joins.set(o.id, await this.joinLinks.link({ practiceId: pid, appointmentId: o.id, start: o.start, end: o.end, clientId, sendKey: `notification:${n.id}` }));
      }
    }
    const ics = buildIcs({
      method: kind === 'cancel' ? 'CANCEL' : 'REQUEST',
      stamp: now,
      organizer: { name: fromName, email: address },
      attendee: { email },
      events: occurrences.map((o) => ({
        uid: appointmentUid(this.ctx.config.publicUrl, o.id),
        start: o.start,
        end: o.end,
        zone,
        sequence: sequenceOf(o),
        ...icsText(prefs.locale, details?.providerName, portal, joins.get(o.id)),
        url: withLang(portal, prefs.locale),
        status: kind === 'cancel' ? 'cancelled' : 'confirmed',
      })),
    });
    const previousStart = kind === 'update' && occurrences.length === 1 && occurrences[0]!.id === plan.appointmentId ? plan.previousStart : null;
    return {
      mail: {
        to: email,
        fromName,
        ...mailText(prefs.locale, kind, occurrences, zone, portal, details ? { ...details, type: occurrences[0]!.type } : null, { timeChanged: plan.timeChanged, previousStart }, joins),
        attachments: [{ filename: 'invite.ics', content: ics, contentType: `text/calendar; charset=utf-8; method=${kind === 'cancel' ? 'CANCEL' : 'REQUEST'}` }],
      },
      afterSent: async () => {
        for (const id of plan.keyIds) await repo.markSent(this.ctx.db, id, this.ctx.clock.now());
        await this.ctx.audit.record({
          actor: { type: 'system', id: null },
          practiceId: pid,
          action: 'invitation_sent',
          resource: { type: plan.subjectId === occurrences[0]!.seriesId ? 'appointment_series' : 'appointment', id: plan.subjectId },
          outcome: 'success',
          details: { kind: kind === 'invitation' ? 'appointment' : `appointment_${kind}`, clientId, occurrences: occurrences.length, eventId: plan.eventId, notificationId: n.id },
        });
      },
    };
  }
}

/** What a calendar mail is about: ids and instants, no text (the notification's payload). */
interface Plan {
  mailKind: Kind;
  appointmentId: string;
  seriesId: string | null;
  /** The change (its updated_at) an update or cancellation is about. */
  change: number;
  /** False when only the provider changed. */
  timeChanged: boolean;
  /** The start before a reschedule (of the event's own appointment), when it moved. */
  previousStart: number | null;
  eventId: string;
}

function readPlan(p: Record<string, unknown>): (Plan & { subjectId: string; keyIds: string[] }) | null {
  const str = (v: unknown) => (typeof v === 'string' ? v : null);
  const num = (v: unknown) => (typeof v === 'number' ? v : null);
  const mailKind = str(p.mailKind);
  const appointmentId = str(p.appointmentId);
  const subjectId = str(p.subjectId);
  const eventId = str(p.eventId);
  const change = num(p.change);
  if ((mailKind !== 'invitation' && mailKind !== 'update' && mailKind !== 'cancel') || !appointmentId || !subjectId || !eventId || change === null) return null;
  const keyIds = Array.isArray(p.keyIds) ? p.keyIds.filter((k): k is string => typeof k === 'string') : [];
  return { mailKind, appointmentId, seriesId: str(p.seriesId), change, timeChanged: p.timeChanged !== false, previousStart: num(p.previousStart), eventId, subjectId, keyIds };
}

/**
 * The occurrences a mail lists, still to come. One change stamps every occurrence it touches with
 * the same updated_at (its one `now`), and two changes of one series a millisecond apart do not
 * happen: so updated_at names the change, and its occurrences go out in one mail.
 */
function occurrencesFor(plan: Plan, entry: CalendarEntry, series: CalendarEntry[], now: number): CalendarEntry[] {
  const upcoming = (list: CalendarEntry[]) => list.filter((e) => e.start > now).sort((a, b) => a.start - b.start);
  switch (plan.mailKind) {
    case 'invitation':
      return upcoming(series.filter((e) => e.status !== 'cancelled'));
    case 'update':
      return entry.status === 'cancelled' ? [] : upcoming(series.filter((e) => e.status !== 'cancelled' && e.updatedAt === plan.change));
    case 'cancel':
      return entry.status === 'cancelled' ? upcoming(series.filter((e) => e.status === 'cancelled' && e.updatedAt === plan.change)) : [];
  }
}

interface Planned {
  clientId: string;
  kind: Kind;
  /** The mail's durable keys in appointment_notifications (all claimed when it is enqueued). */
  keys: string[];
}

/** "Tuesday, October 20, 2026 at 9:00 AM CDT" in the zone (the one helper of mail times). */
export const when = longWhen;
