// The reminder ledger, built from the scheduling outbox (consumer "reminder-ledger"). Each event
// makes the ledger agree with the appointment as it is now (read under a row lock, so two
// instances handling two events of one appointment cannot interleave):
//
//  - booked or moved (appointment.created / appointment.rescheduled): one `reminder` row per
//    client × active rule of a channel the client agreed to, for the visit's current start, due
//    `minutesBefore` of elapsed time before it (moved earlier out of quiet hours; see timing.ts).
//    A reminder already past when the visit was booked or moved is recorded as `skipped`
//    ('too_late'), so staff see why it did not go.
//  - whatever the event: pending (`scheduled`) reminders for another start, or for a visit no
//    longer on (cancelled, checked in, completed, no-show), become `cancelled`; reminders cancelled
//    that way for the current start are scheduled again when the visit is back at it.
//  - cancelled (appointment.cancelled), for a visit still to come: one `cancellation` notice per
//    client who agreed to texts, when the practice texts reminders, due at once (after quiet
//    hours if the visit allows). By mail the cancellation is already sent by the client-invitations
//    consumer (with the calendar file that removes the event), so the ledger adds none: one
//    cancellation message per client and channel.
//
// Exactly once: the UNIQUE (appointment, client, kind, rule, channel, occurrence start) key makes a
// re-delivered event, or two instances handling one, create nothing twice. Rules changed later do
// not touch rows already made (they keep their rule id and lead time).
import { randomUUID } from 'node:crypto';
import type { Insertable } from 'kysely';
import type { AppContext } from '../../context.js';
import type { RemindersTable } from '../../db/schema.js';
import type { ClientService } from '../clients/index.js';
import type { Consumer, DomainEvent } from '../outbox/index.js';
import type { AppointmentState, SchedulingService } from '../scheduling/index.js';
import * as repo from './repo.js';
import type { ReminderSettingsService } from './settings.js';
import { noticeDue, reminderDue } from './timing.js';

export const LEDGER_CONSUMER = 'reminder-ledger';

const ON = new Set(['scheduled', 'confirmed']);

export class ReminderLedger {
  constructor(
    private readonly ctx: AppContext,
    private readonly scheduling: SchedulingService,
    private readonly clients: ClientService,
    private readonly settings: ReminderSettingsService,
    /** Told when a row became due at once (a cancellation notice), so a dispatcher can go now. */
    private readonly onDue: () => void,
  ) {}

  consumer(): Consumer {
    return {
      name: LEDGER_CONSUMER,
      types: ['appointment.created', 'appointment.rescheduled', 'appointment.updated', 'appointment.cancelled'],
      handle: (event) => this.handle(event),
    };
  }

  async handle(event: DomainEvent): Promise<void> {
    const pid = event.practiceId;
    const id = event.payload.appointmentId;
    if (!pid || typeof id !== 'string') return;
    for (let attempt = 0; ; attempt++) {
      const seen = (await this.scheduling.states([id])).get(id);
      if (!seen || seen.practiceId !== pid) return;
      const plan = await this.plan(event, seen);
      const now = this.ctx.clock.now();
      const done = await this.ctx.db.transaction().execute(async (tx) => {
        const cur = await this.scheduling.lockState(tx, id);
        // Changed since it was read (the plan is for another start or status): read again.
        if (!cur || cur.start !== seen.start || cur.status !== seen.status) return null;
        const on = ON.has(cur.status);
        const reason = on ? 'moved' : `appointment_${cur.status}`;
        const cancelled = await repo.cancelPending(tx, id, on ? cur.start : null, reason, now);
        const revived = on ? await repo.revive(tx, id, cur.start, event.createdAt, now) : 0;
        const created = await repo.insertReminders(tx, plan);
        return { cancelled, revived, created };
      });
      if (done) {
        if (done.revived || plan.some((r) => r.status === 'scheduled' && r.due_at <= now)) this.onDue();
        return;
      }
      if (attempt >= 5) throw new Error('reminder ledger: the appointment kept changing while its reminders were being planned');
    }
  }

  /** The rows this event calls for (inserted only if missing). Reads consents; decrypts nothing. */
  private async plan(event: DomainEvent, appt: AppointmentState): Promise<Insertable<RemindersTable>[]> {
    const madeAt = event.createdAt;
    // A reschedule that kept the time (a change of provider) is no new occurrence: its rows stay as they are.
    const moved = event.type === 'appointment.rescheduled' && event.payload.previousStart !== event.payload.start;
    const reminders = ON.has(appt.status) && (event.type === 'appointment.created' || moved) && appt.start > madeAt;
    const notices = event.type === 'appointment.cancelled' && appt.status === 'cancelled' && appt.start > madeAt;
    if (!reminders && !notices) return [];
    const policy = await this.settings.policy(appt.practiceId);
    if (!policy.rules.length) return [];
    const clients = await this.scheduling.clientsWithZones(appt.id);
    const contacts = await this.clients.reminderContacts(appt.practiceId, clients.map((c) => c.clientId));
    const now = this.ctx.clock.now();
    const rows: Insertable<RemindersTable>[] = [];
    const row = (clientId: string, r: Pick<Insertable<RemindersTable>, 'kind' | 'rule_key' | 'minutes_before' | 'channel' | 'due_at' | 'status' | 'failure'>): Insertable<RemindersTable> => ({
      id: randomUUID(),
      practice_id: appt.practiceId,
      appointment_id: appt.id,
      client_id: clientId,
      occurrence_start: appt.start,
      next_attempt_at: r.due_at,
      attempts: 0,
      claimed_at: null,
      claimed_by: null,
      provider_id: null,
      sent_at: null,
      delivered_at: null,
      created_at: now,
      updated_at: now,
      ...r,
    });
    for (const { clientId, timeZone } of clients) {
      const consent = contacts.get(clientId);
      if (!consent) continue;
      const zone = timeZone ?? appt.timeZone;
      if (reminders) {
        for (const rule of policy.rules) {
          if (!consent[rule.channel]) continue;
          const due = reminderDue(appt.start, rule.minutesBefore, zone, policy.quiet, madeAt);
          rows.push(row(clientId, { kind: 'reminder', rule_key: rule.id, minutes_before: rule.minutesBefore, channel: rule.channel, due_at: due.dueAt, status: due.skip ? 'skipped' : 'scheduled', failure: due.skip }));
        }
      }
      if (notices && consent.sms && policy.rules.some((r) => r.channel === 'sms')) {
        rows.push(row(clientId, { kind: 'cancellation', rule_key: 'cancellation', minutes_before: null, channel: 'sms', due_at: noticeDue(appt.start, zone, policy.quiet, madeAt), status: 'scheduled', failure: null }));
      }
    }
    return rows;
  }
}
