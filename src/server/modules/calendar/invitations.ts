// Mail to clients about their appointments, with a calendar file (invite.ics) attached: an
// invitation when an appointment or a series is booked (one mail for a whole series), an update
// when it is rescheduled and a cancellation when it is cancelled (one mail per change, however
// many occurrences it touched). Driven by the outbox (consumer "client-invitations").
//
// What a mail says: times in the client's own zone (the appointment's zone if the client has
// none) and a link to the portal, under the practice's neutral sender name. The provider's name,
// the service and the kind of appointment only for a client who agreed to detailed messages.
// Only to a client with an e-mail address and e-mail consent; updates and cancellations only to
// a client who got the invitation.
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
    const kind: Kind = event.type === 'appointment.created' ? 'invitation' : event.type === 'appointment.cancelled' ? 'cancel' : 'update';
    const series = entry.seriesId ? await this.scheduling.calendarEntries(pid, { seriesId: entry.seriesId }) : [entry];
    let occurrences: CalendarEntry[];
    if (kind === 'invitation') occurrences = series.filter((e) => e.status !== 'cancelled');
    else if (kind === 'cancel') occurrences = entry.status === 'cancelled' ? series.filter((e) => e.status === 'cancelled' && e.updatedAt === entry.updatedAt) : [];
    // One change stamps every occurrence it touches with the same updated_at (its one `now`), and
    // two changes of one series a millisecond apart do not happen: so updated_at names the change,
    // and its occurrences go out in one mail.
    else occurrences = entry.status === 'cancelled' ? [] : series.filter((e) => e.status !== 'cancelled' && e.updatedAt === entry.updatedAt);
    if (!occurrences.length) return;
    occurrences.sort((a, b) => a.start - b.start);

    const subject = entry.seriesId ?? entry.id;
    const key = kind === 'invitation' ? 'invitation' : `${kind}@${entry.updatedAt}`;
    const failures: unknown[] = [];
    for (const clientId of entry.clientIds) {
      try {
        await this.notify(pid, event, subject, key, kind, clientId, occurrences);
      } catch (err) {
        failures.push(err);
      }
    }
    if (failures.length) throw failures[0];
  }

  private async notify(pid: string, event: DomainEvent, subject: string, key: string, kind: Kind, clientId: string, occurrences: CalendarEntry[]): Promise<void> {
    const target = await this.clients.mailTarget(pid, clientId);
    if (!target?.email || !target.emailConsent) return;
    if (kind !== 'invitation' && !(await repo.sentNotification(this.ctx.db, subject, clientId, 'invitation'))) return;
    const id = randomUUID();
    const now = this.ctx.clock.now();
    if (!(await repo.claimNotification(this.ctx.db, { id, practice_id: pid, subject_id: subject, client_id: clientId, kind: key, event_id: event.id, created_at: now }))) return;
    try {
      const zone = target.timeZone ?? occurrences[0]!.timeZone;
      const details = target.detailsConsent ? await this.scheduling.detailsFor(pid, occurrences[0]!.providerId, occurrences[0]!.serviceId) : null;
      const fromName = await this.senderName(pid);
      const portal = `${this.ctx.config.publicUrl}/portal`;
      const address = /<([^>]+)>/.exec(this.ctx.config.mailFrom)?.[1] ?? this.ctx.config.mailFrom.trim();
      const ics = buildIcs({
        method: kind === 'cancel' ? 'CANCEL' : 'REQUEST',
        stamp: now,
        organizer: { name: fromName, email: address },
        attendee: { email: target.email },
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
      await this.ctx.mailer.send({
        to: target.email,
        fromName,
        ...mailText(kind, occurrences, zone, portal, details ? { ...details, type: TYPE_WORDS[occurrences[0]!.type] ?? null } : null),
        attachments: [{ filename: 'invite.ics', content: ics, contentType: `text/calendar; charset=utf-8; method=${kind === 'cancel' ? 'CANCEL' : 'REQUEST'}` }],
      });
    } catch (err) {
      await repo.releaseNotification(this.ctx.db, id);
      throw err;
    }
    await repo.markSent(this.ctx.db, id, this.ctx.clock.now());
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
): { subject: string; text: string } {
  const many = occurrences.length > 1;
  const what = [details?.type, details?.serviceName ? `${details.serviceName} appointment` : 'appointment'].filter(Boolean).join(' ');
  const withWhom = details?.providerName ? ` with ${details.providerName}` : '';
  const subject =
    kind === 'invitation' ? (many ? 'Your upcoming appointments' : 'Your upcoming appointment') : kind === 'update' ? (many ? 'Your appointments have changed' : 'Your appointment has changed') : many ? 'Your appointments were cancelled' : 'Your appointment was cancelled';
  const intro =
    kind === 'invitation'
      ? many
        ? `You have ${occurrences.length} upcoming ${what}s${withWhom}:`
        : `You have an upcoming ${what}${withWhom}:`
      : kind === 'update'
        ? many
          ? `These ${what}s${withWhom} have a new time:`
          : `Your ${what}${withWhom} has a new time:`
        : many
          ? `These ${what}s${withWhom} were cancelled:`
          : `Your ${what}${withWhom} was cancelled:`;
  const lines = occurrences.slice(0, LISTED).map((o) => `  ${when(o.start, zone)}`);
  if (occurrences.length > LISTED) lines.push(`  ... and ${occurrences.length - LISTED} more (all are in the attached calendar file)`);
  const text = [
    intro,
    '',
    ...lines,
    '',
    `Times are shown in ${zone.replace(/_/g, ' ')} time.`,
    kind === 'cancel' ? 'The attached calendar file (invite.ics) removes it from your calendar.' : 'The attached calendar file (invite.ics) adds it to your calendar.',
    '',
    `To see your appointments, sign in to your secure portal: ${portal}`,
    '',
  ].join('\n');
  return { subject, text };
}
