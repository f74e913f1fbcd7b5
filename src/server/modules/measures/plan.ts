// Which questionnaires wait for a client, and the one reminder each gets.
//  - once: one request made with the schedule, open at once, due in a week, open for 30 days;
//  - every_appointment: a request per appointment, due at its start, open from 3 days before,
//    closed at its end (a pre-visit measure answered after the visit would chart the wrong day);
//  - every_other_appointment: the 1st, 3rd, 5th… of the client's appointments (cancelled ones do
//    not count) from the schedule's creation on.
// The sweep (a polling worker on the dispatcher role) makes the requests of appointments that come
// within the open window; the unique (schedule, appointment) pair makes a second sweep, instance or
// restart harmless. Each new request enqueues one reminder keyed by its id, in the same transaction:
// one reminder per request, whatever happens after. The reminder says only that a form is waiting.
import { mailBody, t, withLang } from '../../i18n/index.js';
import { randomUUID } from 'node:crypto';
import type { AppContext } from '../../context.js';
import type { DbOrTx } from '../../db/index.js';
import { DAY } from '../../lib/clock.js';
import { DispatchLoop } from '../../jobs/index.js';
import type { ClientService } from '../clients/index.js';
import type { MessagingService } from '../messages/index.js';
import type { Composed, Notification, NotificationService } from '../notifications/index.js';
import type { SchedulingService } from '../scheduling/index.js';
import * as repo from './repo.js';
import type { Consumer, DomainEvent } from '../outbox/index.js';

export const REMINDER_KIND = 'measure_reminder';
export const OPEN_BEFORE_MS = 3 * DAY;
const ONCE_DUE_MS = 7 * DAY;
const ONCE_OPEN_MS = 30 * DAY;

export class MeasurePlanner {
  constructor(
    private readonly ctx: AppContext,
    private readonly clients: ClientService,
    private readonly scheduling: SchedulingService,
    private readonly messages: MessagingService,
    private readonly notifications: NotificationService,
  ) {
    notifications.register(REMINDER_KIND, { compose: (n) => this.compose(n) });
  }

  /** Sends soon what was enqueued (reminders, alerts). */
  wake(): void {
    this.notifications.wake();
  }

  /** The request of a `once` schedule, made with it (in its transaction). */
  async once(tx: DbOrTx, s: repo.ScheduleRow): Promise<void> {
    const now = this.ctx.clock.now();
    await this.add(tx, s, { appointmentId: null, notify: s.created_by, opensAt: now, dueAt: now + ONCE_DUE_MS, expiresAt: now + ONCE_OPEN_MS });
  }

  /** Makes the requests of one appointment schedule whose appointments come within the open window; returns how many were new. */
  async planSchedule(s: repo.ScheduleRow): Promise<number> {
    const now = this.ctx.clock.now();
    const appts = (await this.scheduling.forClient(s.practice_id, s.client_id, Number(s.created_at), now + OPEN_BEFORE_MS)).filter(
      (a) => a.status !== 'cancelled' && Date.parse(a.start) >= Number(s.created_at),
    );
    appts.sort((a, b) => Date.parse(a.start) - Date.parse(b.start));
    const have = await repo.requestAppointments(this.ctx.db, s.id);
    let added = 0;
    for (const [k, a] of appts.entries()) {
      const start = Date.parse(a.start);
      if (start <= now || have.has(a.id)) continue;
      if (s.cadence === 'every_other_appointment' && k % 2 === 1) continue;
      const made = await this.ctx.db.transaction().execute((tx) =>
        this.add(tx, s, { appointmentId: a.id, notify: a.providerId, opensAt: Math.max(now, start - OPEN_BEFORE_MS), dueAt: start, expiresAt: Date.parse(a.end) }),
      );
      if (made) added++;
    }
    return added;
  }

  /** An outbox consumer: a new appointment gets its questionnaires at once, not at the next sweep. */
  consumer(): Consumer {
    return { name: 'measures-new-appointment', types: ['appointment.created'], handle: (e) => this.onAppointment(e) };
  }

  async onAppointment(event: DomainEvent): Promise<void> {
    const pid = event.practiceId;
    const appointmentId = event.payload.appointmentId;
    if (!pid || typeof appointmentId !== 'string') return;
    const clientIds = Array.isArray(event.payload.clientIds) ? (event.payload.clientIds as string[]) : await this.scheduling.clientIdsOf(appointmentId);
    let added = 0;
    for (const clientId of clientIds) {
      for (const s of await repo.schedulesOf(this.ctx.db, pid, clientId)) if (Number(s.active) === 1 && s.cadence !== 'once') added += await this.planSchedule(s);
    }
    if (added) this.notifications.wake();
  }

  /** Expires requests past their window and plans every active appointment schedule; returns how many requests were new. */
  async sweep(): Promise<number> {
    await repo.expireRequests(this.ctx.db, this.ctx.clock.now());
    let added = 0;
    for (const s of await repo.appointmentSchedules(this.ctx.db)) added += await this.planSchedule(s);
    if (added) this.notifications.wake();
    return added;
  }

  private async add(tx: DbOrTx, s: repo.ScheduleRow, r: { appointmentId: string | null; notify: string; opensAt: number; dueAt: number; expiresAt: number }): Promise<boolean> {
    const id = randomUUID();
    const inserted = await repo.insertRequest(tx, {
      id,
      practice_id: s.practice_id,
      client_id: s.client_id,
      schedule_id: s.id,
      instrument: s.instrument,
      appointment_id: r.appointmentId,
      notify_user_id: r.notify,
      opens_at: r.opensAt,
      due_at: r.dueAt,
      expires_at: r.expiresAt,
      status: 'due',
      created_at: this.ctx.clock.now(),
      completed_at: null,
    });
    if (inserted) {
      await this.notifications.enqueue(tx, [
        { practiceId: s.practice_id, kind: REMINDER_KIND, recipient: { type: 'client', id: s.client_id }, dedupeKey: `${REMINDER_KIND}:${id}`, payload: { requestId: id }, at: r.opensAt },
      ]);
    }
    return inserted;
  }

  /** The reminder, at send time: only for a request still open; PHI-free (no instrument, no clinician). */
  async compose(n: Notification): Promise<Composed> {
    if (n.recipient_type !== 'client' || typeof n.payload.requestId !== 'string') return { skip: 'bad_payload' };
    const req = await repo.findRequest(this.ctx.db, n.payload.requestId);
    if (!req || req.client_id !== n.recipient_id || req.practice_id !== n.practice_id) return { skip: 'bad_payload' };
    if (req.status !== 'due' || Number(req.expires_at) < this.ctx.clock.now()) return { skip: 'request_closed' };
    const prefs = await this.clients.mailPreferences(n.practice_id, n.recipient_id);
    if (!prefs || prefs.status !== 'active') return { skip: 'recipient_inactive' };
    if (!prefs.emailConsent) return { skip: 'no_consent' };
    const to = await this.clients.mailAddress(n.practice_id, n.recipient_id);
    if (!to) return { skip: 'no_address' };
    const sender = await this.messages.senderName(n.practice_id);
    const l = prefs.locale;
    const link = withLang(`${this.ctx.config.publicUrl}/portal/measures`, l);
    return { mail: { to, subject: t(l, 'measures.reminder.subject'), text: mailBody(l, sender, t(l, 'measures.reminder.body', { link })), fromName: sender } };
  }
}

/** The sweep as a polling worker (dispatcher role). */
export class MeasureSweep extends DispatchLoop {
  constructor(
    ctx: AppContext,
    private readonly planner: MeasurePlanner,
    pollMs: number,
  ) {
    super(ctx.log, 'measures sweep', pollMs);
  }

  protected async pass(): Promise<void> {
    await this.planner.sweep();
  }
}
