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
// none) and a link to the portal, under the practice's neutral sender name. The provider's name,
// the service and the kind of appointment only for a client who agreed to detailed messages.
// Only to a client with an e-mail address and e-mail consent; cancellations only to a client who
// got the invitation. Consent is checked before the address is decrypted, and the
// address is decrypted only for a mail about to be sent (not for a retried event whose mail went).
//
// Each mail has a durable key (subject, client, kind) in appointment_notifications, claimed before
// the mail is sent: a retried event, or another instance, never sends it twice. A send that fails
// gives its key back and the event is retried after its lease (at most once per key, even if the
// process dies between sending and recording).
//
// The calendar file: METHOD:REQUEST (CANCEL for a cancellation), one VEVENT per occurrence with the
// appointment's own UID and SEQUENCE, in the client's zone with its VTIMEZONE. A series is sent as
// its occurrences rather than as an RRULE: the series repeats in the zone it was booked in, and an
// RRULE restated in the client's zone would drift by an hour between two zones' DST changes.
import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import type { AppContext } from '../../context.js';
import type { ClientService } from '../clients/service.js';
import type { DomainEvent } from '../outbox/outbox.js';
import type { Consumer } from '../outbox/pump.js';
import type { CalendarEntry, SchedulingService } from '../scheduling/service.js';
import { appointmentUid, sequenceOf } from './feeds.js';
import { buildIcs } from './ics.js';
import * as repo from './repo.js';

export const INVITATIONS_CONSUMER = 'client-invitations';

type Kind = 'invitation' | 'update' | 'cancel';

/** Occurrences listed in a mail's text; the calendar file always holds them all. */
const LISTED = 10;

const TYPE_WORDS: Record<string, string> = { video: 'video', audio: 'audio-only', in_person: 'in-person' };

export class ClientInvitations {
  constructor(
    private readonly ctx: AppContext,
    private readonly scheduling: SchedulingService,
    private readonly clients: ClientService,
    private readonly senderName: (practiceId: string) => Promise<string>,
  ) {}

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
      if (kind === 'invitation' || (await repo.sentNotification(this.ctx.db, subject, clientId, 'invitation'))) mails.push({ clientId, kind, keys: [key], prefs });
      // Never invited: a change sends the invitation, keyed as both (so neither goes out again).
      else if (kind === 'update') mails.push({ clientId, kind: 'invitation', keys: ['invitation', key], prefs });
    }
    if (!mails.length) return;

    const series = entry.seriesId ? await this.scheduling.calendarEntries(pid, { seriesId: entry.seriesId }) : [entry];
    const upcoming = (list: CalendarEntry[]) => list.filter((e) => e.start > now).sort((a, b) => a.start - b.start);
    // One change stamps every occurrence it touches with the same updated_at (its one `now`), and
    // two changes of one series a millisecond apart do not happen: so updated_at names the change,
    // and its occurrences go out in one mail.
    const occurrencesFor: Record<Kind, CalendarEntry[]> = {
      invitation: upcoming(series.filter((e) => e.status !== 'cancelled')),
      update: entry.status === 'cancelled' ? [] : upcoming(series.filter((e) => e.status !== 'cancelled' && e.updatedAt === entry.updatedAt)),
      cancel: entry.status === 'cancelled' ? upcoming(series.filter((e) => e.status === 'cancelled' && e.updatedAt === entry.updatedAt)) : [],
    };
    const previous = typeof event.payload.previousStart === 'string' ? Date.parse(event.payload.previousStart) : NaN;
    const change: Change = {
      // A provider can change without the time (then the mail does not say the time changed).
      timeChanged: Number.isNaN(previous) || previous !== entry.start,
      previousStart: Number.isNaN(previous) || previous === entry.start ? null : previous,
      appointmentId: entry.id,
    };

    const failures: unknown[] = [];
    for (const mail of mails) {
      const occurrences = occurrencesFor[mail.kind];
      if (!occurrences.length) continue;
      try {
        await this.notify(pid, event, subject, mail, occurrences, change);
      } catch (err) {
        failures.push(err);
      }
    }
    if (failures.length) throw failures[0];
  }

  private async notify(pid: string, event: DomainEvent, subject: string, mail: Planned, occurrences: CalendarEntry[], change: Change): Promise<void> {
    const { clientId, kind, prefs } = mail;
    const now = this.ctx.clock.now();
    const ids: string[] = [];
    const release = async () => {
      for (const id of ids) await repo.releaseNotification(this.ctx.db, id);
    };
    for (const key of mail.keys) {
      const id = randomUUID();
      if (!(await repo.claimNotification(this.ctx.db, { id, practice_id: pid, subject_id: subject, client_id: clientId, kind: key, event_id: event.id, created_at: now }))) {
        await release();
        return;
      }
      ids.push(id);
    }
    try {
      // Consent was checked above; mailAddress checks it again and decrypts only then.
      const email = await this.clients.mailAddress(pid, clientId);
      if (!email) {
        // Consent withdrawn or address removed meanwhile: nothing sent, the key is free again.
        await release();
        return;
      }
      const zone = prefs.timeZone ?? occurrences[0]!.timeZone;
      const details = prefs.detailsConsent ? await this.scheduling.detailsFor(pid, occurrences[0]!.providerId, occurrences[0]!.serviceId) : null;
      const fromName = await this.senderName(pid);
      const portal = `${this.ctx.config.publicUrl}/portal`;
      const address = /<([^>]+)>/.exec(this.ctx.config.mailFrom)?.[1] ?? this.ctx.config.mailFrom.trim();
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
          summary: details?.providerName ? `Appointment with ${details.providerName}` : 'Appointment',
          description: `Sign in to your secure portal for details: ${portal}`,
          url: portal,
          status: kind === 'cancel' ? 'cancelled' : 'confirmed',
        })),
      });
      const previousStart = kind === 'update' && occurrences.length === 1 && occurrences[0]!.id === change.appointmentId ? change.previousStart : null;
      await this.ctx.mailer.send({
        to: email,
        fromName,
        ...mailText(kind, occurrences, zone, portal, details ? { ...details, type: TYPE_WORDS[occurrences[0]!.type] ?? null } : null, { timeChanged: change.timeChanged, previousStart }),
        attachments: [{ filename: 'invite.ics', content: ics, contentType: `text/calendar; charset=utf-8; method=${kind === 'cancel' ? 'CANCEL' : 'REQUEST'}` }],
      });
    } catch (err) {
      await release();
      throw err;
    }
    for (const id of ids) await repo.markSent(this.ctx.db, id, this.ctx.clock.now());
    await this.ctx.audit.record({
      actor: { type: 'system', id: null },
      practiceId: pid,
      action: 'invitation_sent',
      resource: { type: subject === occurrences[0]!.seriesId ? 'appointment_series' : 'appointment', id: subject },
      outcome: 'success',
      details: { kind: kind === 'invitation' ? 'appointment' : `appointment_${kind}`, clientId, occurrences: occurrences.length, eventId: event.id },
    });
  }
}

interface Planned {
  clientId: string;
  kind: Kind;
  /** The mail's durable keys in appointment_notifications (all claimed before it is sent). */
  keys: string[];
  prefs: { timeZone: string | null; detailsConsent: boolean };
}

interface Change {
  /** False when only the provider changed. */
  timeChanged: boolean;
  /** The start before a reschedule (of the event's own appointment), when it moved. */
  previousStart: number | null;
  appointmentId: string;
}

/** "Tuesday, October 20, 2026 at 9:00 AM CDT" in the zone. */
export function when(instant: number, zone: string): string {
  return DateTime.fromMillis(instant, { zone }).setLocale('en-US').toFormat("cccc, LLLL d, yyyy 'at' h:mm a ZZZZ");
}

function mailText(
  kind: Kind,
  occurrences: CalendarEntry[],
  zone: string,
  portal: string,
  details: { providerName: string | null; serviceName: string | null; type: string | null } | null,
  change: { timeChanged: boolean; previousStart: number | null },
): { subject: string; text: string } {
  const many = occurrences.length > 1;
  const what = [details?.type, details?.serviceName ? `${details.serviceName} appointment` : 'appointment'].filter(Boolean).join(' ');
  const withWhom = details?.providerName ? ` with ${details.providerName}` : '';
  let subject: string;
  let intro: string;
  let file: string;
  switch (kind) {
    case 'invitation':
      subject = many ? 'Your upcoming appointments' : 'Your upcoming appointment';
      intro = many ? `You have ${occurrences.length} upcoming ${what}s${withWhom}:` : `You have an upcoming ${what}${withWhom}:`;
      file = `The attached calendar file (invite.ics) adds ${many ? 'them' : 'it'} to your calendar.`;
      break;
    case 'update':
      // A change, not a new appointment: say so from the subject on.
      if (change.timeChanged) {
        subject = many ? 'Your appointment times have changed' : 'Your appointment time has changed';
        intro = many
          ? `The time of ${occurrences.length} of your ${what}s${withWhom} has changed. The new times are:`
          : `The time of your ${what}${withWhom} has changed. The new time is:`;
      } else {
        subject = many ? 'Your appointments have changed' : 'Your appointment has changed';
        intro = many
          ? `${occurrences.length} of your ${what}s have changed${withWhom ? `: they are now${withWhom}` : ''}. Their times are the same:`
          : `Your ${what} has changed${withWhom ? `: it is now${withWhom}` : ''}. Its time is the same:`;
      }
      file = `The attached calendar file (invite.ics) updates ${many ? 'them' : 'it'} in your calendar.`;
      break;
    case 'cancel':
      subject = many ? 'Your appointments were cancelled' : 'Your appointment was cancelled';
      intro = many ? `These ${what}s${withWhom} were cancelled:` : `Your ${what}${withWhom} was cancelled:`;
      file = `The attached calendar file (invite.ics) removes ${many ? 'them' : 'it'} from your calendar.`;
      break;
  }
  const lines = occurrences.slice(0, LISTED).map((o) => `  ${when(o.start, zone)}`);
  if (occurrences.length > LISTED) lines.push(`  ... and ${occurrences.length - LISTED} more (all are in the attached calendar file)`);
  const text = [
    intro,
    '',
    ...lines,
    ...(change.previousStart !== null ? ['', `It was: ${when(change.previousStart, zone)}.`] : []),
    '',
    `Times are shown in ${zone.replace(/_/g, ' ')} time.`,
    file,
    '',
    `To see your appointments, sign in to your secure portal: ${portal}`,
    '',
  ].join('\n');
  return { subject, text };
}
