// The reminder dispatcher: the ledger dispatcher (jobs/dispatcher.ts: claim, lease, sweep, retry
// with backoff, `uncertain`) configured for the reminders table, each reminder sent exactly once or
// visibly not. What is particular to reminders:
//
// - The claim reads the appointment in the same statement: a due row becomes `cancelled` when the
//   visit moved or is off, `skipped` when it has started, `sending` otherwise.
// - Right before the send the visit is read again (the last look), and a row whose visit moved or
//   was cancelled since the claim becomes `cancelled`; between that read and the send there is no
//   other wait (the send starts in the same turn of the event loop), so a reschedule or
//   cancellation that has committed is never followed by a reminder for the old time.
// - Consent is checked again and the address decrypted only then (consent first, then decrypt);
//   a text goes only if the number has not replied STOP to this practice (SmsPolicy).
// - A transient failure is `failed` after REMINDER_MAX_ATTEMPTS or when the next try would be
//   after the visit.
//
// It runs where the dispatcher role runs (reminders/workers.ts): in each web process with
// DISPATCHER=inline, only in `npm run dispatcher` processes with DISPATCHER=external; either way it
// talks to the database, never through HTTP, so it keeps going while the web side sheds load.
import { randomUUID } from 'node:crypto';
import type { Insertable } from 'kysely';
import type { AppContext } from '../../context.js';
import type { ReminderActionTokensTable } from '../../db/schema.js';
import { hashToken, newToken } from '../../lib/tokens.js';
import type { ClientService } from '../clients/index.js';
import type { AppointmentState, SchedulingService } from '../scheduling/index.js';
import { classify, sentAudit } from '../notifications/index.js';
import type { SmsChannel } from '../sms/index.js';
import { JoinLinks } from '../calls/index.js';
import { LedgerDispatcher, type Delivery, type DispatchOptions, type Outcomes, type Outgoing } from '../../jobs/index.js';
import * as repo from './repo.js';
import { cancellationMail, cancellationSms, reminderMail, reminderSms, type ReminderFacts } from './text.js';

export interface DispatcherDeps {
  scheduling: SchedulingService;
  clients: ClientService;
  senderName: (practiceId: string) => Promise<string>;
  sms?: SmsChannel | undefined;
}

export type DispatcherOptions = DispatchOptions;

const ON = new Set(['scheduled', 'confirmed']);

/** The reminders' configuration of the ledger dispatcher (jobs/dispatcher.ts). */
class ReminderDelivery implements Delivery<repo.ClaimedRow> {
  readonly label = 'reminders';
  readonly ledger = repo.ledger;
  private readonly joinLinks: JoinLinks;

  constructor(
    private readonly ctx: AppContext,
    private readonly deps: DispatcherDeps,
  ) {
    this.joinLinks = new JoinLinks(ctx);
  }

  claim(o: { now: number; limit: number; me: string }): Promise<repo.ClaimedRow[]> {
    return repo.claimDue(this.ctx.db, this.ctx.dialect, o);
  }

  /** The visits read again: a row whose visit moved or was cancelled since the claim is `cancelled`. */
  async lastLook(ready: Outgoing<repo.ClaimedRow>[]): Promise<Set<string>> {
    const states = await this.deps.scheduling.states(ready.map((p) => p.row.appointment_id));
    return new Set(ready.filter((p) => !isLive(p.row, states.get(p.row.appointment_id))).map((p) => p.row.id));
  }

  judge(err: unknown, row: repo.ClaimedRow) {
    return classify(err, row.channel, this.idempotentSms());
  }

  /** A reminder is never retried for a time after its visit's start. */
  deadline(row: repo.ClaimedRow): number {
    return Number(row.occurrence_start);
  }

  idempotentSms(): boolean {
    return this.deps.sms?.provider.idempotent === true;
  }

  logRef(row: repo.ClaimedRow) {
    return { reminderId: row.id };
  }

  audit(row: repo.ClaimedRow, outcome: 'success' | 'failure', code: string | null): Promise<void> {
    const details = { reminderId: row.id, kind: row.kind, channel: row.channel, clientId: row.client_id };
    return this.ctx.audit.record(sentAudit(row.practice_id, { type: 'appointment', id: row.appointment_id }, outcome, code, details));
  }

  /**
   * Builds each message: consent and address (decrypted only for a client who agreed to the
   * channel), the opt-out, the time in the client's zone, the provider's name with consent to
   * details, and a new single-use link for a reminder. Rows that cannot go are finished here.
   */
  async prepare(group: repo.ClaimedRow[], outcomes: Outcomes<repo.ClaimedRow>): Promise<Outgoing<repo.ClaimedRow>[]> {
    const { config } = this.ctx;
    const now = this.ctx.clock.now();
    const states = await this.deps.scheduling.states(group.map((r) => r.appointment_id));
    const out: Outgoing<repo.ClaimedRow>[] = [];
    const finish = new Map<string, { status: 'skipped' | 'cancelled'; rows: repo.ClaimedRow[] }>();
    const end = (row: repo.ClaimedRow, status: 'skipped' | 'cancelled', failure: string) => {
      const e = finish.get(failure) ?? { status, rows: [] };
      e.rows.push(row);
      finish.set(failure, e);
    };
    const tokens: Insertable<ReminderActionTokensTable>[] = [];
    const byPractice = new Map<string, repo.ClaimedRow[]>();
    for (const r of group) byPractice.set(r.practice_id, [...(byPractice.get(r.practice_id) ?? []), r]);
    const host = new URL(config.publicUrl).hostname;
    for (const [pid, rows] of byPractice) {
      const contacts = await this.deps.clients.reminderContacts(pid, rows.map((r) => r.client_id));
      const consenting = (channel: 'email' | 'sms') => rows.filter((r) => r.channel === channel && contacts.get(r.client_id)?.[channel]).map((r) => r.client_id);
      const emails = await this.deps.clients.reminderAddresses(pid, consenting('email'), 'email');
      const phones = this.deps.sms ? await this.deps.clients.reminderAddresses(pid, consenting('sms'), 'sms') : new Map<string, string>();
      const sender = await this.deps.senderName(pid);
      const from = this.deps.sms ? await this.deps.sms.policy.senderNumber(pid) : undefined;
      const providerNames = new Map<string, string | null>();
      // Video and audio visits: the reminder carries the join link (its end and type from the calendar).
      const reminderIds = [...new Set(rows.filter((r) => r.kind === 'reminder').map((r) => r.appointment_id))];
      const visits = new Map((reminderIds.length ? await this.deps.scheduling.calendarEntries(pid, { ids: reminderIds }) : []).map((e) => [e.id, e]));
      for (const row of rows) {
        const state = states.get(row.appointment_id);
        if (!isLive(row, state)) {
          end(row, 'cancelled', 'moved');
          continue;
        }
        const contact = contacts.get(row.client_id);
        if (!contact) {
          end(row, 'skipped', 'no_client');
          continue;
        }
        if (!contact[row.channel]) {
          end(row, 'skipped', 'no_consent');
          continue;
        }
        if (row.channel === 'sms' && !this.deps.sms) {
          end(row, 'skipped', 'sms_not_configured');
          continue;
        }
        const to = (row.channel === 'email' ? emails : phones).get(row.client_id);
        if (!to) {
          end(row, 'skipped', 'no_address');
          continue;
        }
        if (row.channel === 'sms' && (await this.deps.sms!.policy.optedOut(pid, to))) {
          end(row, 'skipped', 'opted_out');
          continue;
        }
        let providerName: string | null = null;
        if (contact.details) {
          if (!providerNames.has(state.providerId)) providerNames.set(state.providerId, (await this.deps.scheduling.detailsFor(pid, state.providerId, null)).providerName);
          providerName = providerNames.get(state.providerId) ?? null;
        }
        let link: string | null = null;
        if (row.kind === 'reminder') {
          const token = newToken();
          tokens.push({
            id: randomUUID(),
            token_hash: hashToken(token),
            practice_id: pid,
            appointment_id: row.appointment_id,
            client_id: row.client_id,
            reminder_id: row.id,
            occurrence_start: row.occurrence_start,
            expires_at: row.occurrence_start,
            used_at: null,
            used_for: null,
            created_at: now,
          });
          link = `${config.publicUrl}/r#token=${token}`;
        }
        const visit = row.kind === 'reminder' ? visits.get(row.appointment_id) : undefined;
        // Keyed by the reminder row (its durable ledger key): a retried send carries the same link.
        const join = visit && visit.type !== 'in_person' ? await this.joinLinks.link({ practiceId: pid, appointmentId: row.appointment_id, start: Number(row.occurrence_start), end: visit.end, clientId: row.client_id, sendKey: `reminder:${row.id}` }) : null;
        const facts: ReminderFacts = { sender, start: row.occurrence_start, zone: contact.timeZone ?? state.timeZone, providerName, link, portal: `${config.publicUrl}/portal`, join, locale: contact.locale };
        if (row.channel === 'email') {
          const mail = row.kind === 'reminder' ? reminderMail(facts) : cancellationMail(facts);
          out.push({ row, send: () => this.ctx.mailer.send({ to, fromName: sender, messageId: `<reminder.${row.id}@${host}>`, ...mail }).then(() => null) });
        } else {
          const sms = this.deps.sms!;
          const body = row.kind === 'reminder' ? reminderSms(facts) : cancellationSms(facts);
          out.push({
            row,
            send: () => sms.provider.send({ to, body, ...(from ? { from } : {}), ...(sms.statusCallbackUrl ? { statusCallbackUrl: sms.statusCallbackUrl } : {}) }).then((r) => r.providerId),
            after: async (providerId) => {
              await sms.policy.noteSent(pid, to);
              const early = providerId ? await sms.policy.takeEarlyStatus(providerId) : null;
              if (early) await repo.recordDeliveryStatus(this.ctx.db, row.id, early.status, early.errorCode, this.ctx.clock.now());
            },
          });
        }
      }
    }
    for (const [failure, { status, rows }] of finish) await outcomes.end(rows, status, failure);
    await repo.insertTokens(this.ctx.db, tokens);
    return out;
  }
}

/** The reminder dispatcher: the ledger dispatcher over the reminders table. */
export class ReminderDispatcher extends LedgerDispatcher<repo.ClaimedRow> {
  constructor(ctx: AppContext, deps: DispatcherDeps, opts: DispatcherOptions = ctx.config.reminders) {
    super(ctx, opts, new ReminderDelivery(ctx, deps));
  }
}

/** Whether the visit is still what the row was made for. */
function isLive(row: repo.ClaimedRow, s: AppointmentState | undefined): s is AppointmentState {
  if (!s || s.start !== Number(row.occurrence_start)) return false;
  return row.kind === 'reminder' ? ON.has(s.status) : s.status === 'cancelled';
}
