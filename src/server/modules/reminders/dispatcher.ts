// The reminder dispatcher: sends ledger rows when they fall due, each exactly once or visibly not.
//
//   claim ──► `sending` (committed) ──► re-check the visit ──► send ──► `sent`
//
// - Claim: one statement turns due `scheduled` rows into `sending` (or `cancelled` when the visit
//   moved or is off, `skipped` when it has started), atomically with reading the appointment; on
//   PostgreSQL with FOR UPDATE SKIP LOCKED, so any number of dispatchers claim disjoint rows.
// - The `sending` state is committed before anything is sent. A dispatcher that dies mid-send leaves
//   the row `sending`; once the claim is older than REMINDER_LEASE_MS any dispatcher turns it
//   `uncertain` (on start and periodically) and it is never resent by itself: neither SMTP nor
//   Twilio keeps an idempotency key, so a repeat could be a second message. Staff see it.
// - Right before the send the visit is read again, and a row whose visit moved or was cancelled since
//   the claim becomes `cancelled`; between that read and the send there is no other wait (the send
//   starts in the same turn of the event loop), so a reschedule or cancellation that has committed
//   is never followed by a reminder for the old time.
// - Consent is checked again and the address decrypted only then (consent first, then decrypt);
//   a text goes only if the number has not replied STOP to this practice (SmsPolicy).
// - Transient failures (SMTP 4xx, a connection that never got as far as sending; TransientSmsError)
//   go back to `scheduled` with exponential backoff, and `failed` after REMINDER_MAX_ATTEMPTS or
//   when the next try would be after the visit. Permanent ones (SMTP 5xx, PermanentSmsError) are
//   `failed` at once, with a short PHI-free code. Anything else happened mid-send: `uncertain`.
//
// It runs inside each web process (DISPATCHER=inline) or only in `npm run dispatcher` processes
// (DISPATCHER=external); either way it talks to the database, never through HTTP, so it keeps going
// while the web side sheds load.
import { randomUUID } from 'node:crypto';
import type { Insertable } from 'kysely';
import type { AppContext } from '../../context.js';
import type { ReminderActionTokensTable } from '../../db/schema.js';
import { hashToken, newToken } from '../../lib/tokens.js';
import type { ClientService } from '../clients/index.js';
import type { AppointmentState, SchedulingService } from '../scheduling/index.js';
import { backoff, classify, describeError as describe, DispatchLoop } from '../notifications/index.js';
import type { SmsChannel } from '../sms/index.js';
import { JoinLinks } from '../calls/index.js';
import * as repo from './repo.js';
import { cancellationMail, cancellationSms, reminderMail, reminderSms, type ReminderFacts } from './text.js';

export interface DispatcherDeps {
  scheduling: SchedulingService;
  clients: ClientService;
  senderName: (practiceId: string) => Promise<string>;
  sms?: SmsChannel | undefined;
}

export interface DispatcherOptions {
  pollMs: number;
  /** Rows one claim takes and sends at once: claimed rows not yet sent are what a crash leaves uncertain. */
  concurrency: number;
  leaseMs: number;
  maxAttempts: number;
  retryBaseMs: number;
}

const ON = new Set(['scheduled', 'confirmed']);

interface Prepared {
  row: repo.ClaimedRow;
  send: () => Promise<string | null>;
  /** After a text went and was recorded (with the provider's id): SmsPolicy.noteSent, and a status that came early. */
  after?: (providerId: string | null) => Promise<void>;
}

export class ReminderDispatcher extends DispatchLoop {
  private lastSweep = -Infinity;
  /** Counts since start, for logs and tests. */
  readonly counts = { claimed: 0, sent: 0, failed: 0, retried: 0, skipped: 0, cancelled: 0, uncertain: 0 };

  /** When the oldest row still waiting to be sent fell (or falls) due; null: none (the lag metric). */
  oldestDue(): Promise<number | null> {
    return repo.nextDue(this.ctx.db);
  }

  constructor(
    private readonly ctx: AppContext,
    private readonly deps: DispatcherDeps,
    private readonly opts: DispatcherOptions = ctx.config.reminders,
  ) {
    super(ctx.log, 'reminders', opts.pollMs);
    this.joinLinks = new JoinLinks(ctx);
  }

  private readonly joinLinks: JoinLinks;

  /** Rows left `sending` past the lease become `uncertain` (see repo.sweepStale). */
  async sweep(): Promise<number> {
    const now = this.ctx.clock.now();
    this.lastSweep = now;
    const r = await repo.sweepStale(this.ctx.db, { now, leaseMs: this.opts.leaseMs, idempotentSms: this.deps.sms?.provider.idempotent === true });
    if (r.uncertain || r.retried) this.ctx.log.warn({ uncertain: r.uncertain, retried: r.retried }, 'reminders: claims past their lease (a dispatcher stopped mid-send)');
    this.counts.uncertain += r.uncertain;
    return r.uncertain;
  }

  protected async pass(): Promise<void> {
    // One claim per group of sends: a dispatcher that dies leaves at most one group `sending`.
    while (!this.stopped) {
      // Inside the loop: a backlog keeps one pass going for long, and a dead dispatcher's claims
      // must still turn `uncertain` soon after their lease, where staff see them.
      if (this.ctx.clock.now() - this.lastSweep >= Math.min(this.opts.leaseMs / 2, 60_000)) await this.sweep();
      const rows = await repo.claimDue(this.ctx.db, this.ctx.dialect, { now: this.ctx.clock.now(), limit: this.opts.concurrency, me: this.id });
      if (!rows.length) {
        this.wakeAt(await repo.nextDue(this.ctx.db), this.ctx.clock.now());
        return;
      }
      this.counts.claimed += rows.length;
      for (const r of rows) {
        if (r.status === 'cancelled') this.counts.cancelled++;
        else if (r.status === 'skipped') this.counts.skipped++;
      }
      const sending = rows.filter((r) => r.status === 'sending');
      if (sending.length) await this.sendGroup(sending);
    }
  }

  /** One group: prepare every message, read the visits again, send them all at once, record each outcome. */
  private async sendGroup(group: repo.ClaimedRow[]): Promise<void> {
    let prepared: Prepared[];
    try {
      prepared = await this.prepare(group);
    } catch (err) {
      // Nothing was sent: the rows go back to be tried again.
      await repo.release(this.ctx.db, this.id, group.map((r) => r.id), this.ctx.clock.now());
      throw err;
    }
    if (!prepared.length) return;
    // The last look at the visits before sending. No wait between this read and the sends.
    let states: Awaited<ReturnType<SchedulingService['states']>>;
    try {
      states = await this.deps.scheduling.states(prepared.map((p) => p.row.appointment_id));
    } catch (err) {
      await repo.release(this.ctx.db, this.id, prepared.map((p) => p.row.id), this.ctx.clock.now());
      throw err;
    }
    const live: Prepared[] = [];
    const moved: Prepared[] = [];
    for (const p of prepared) (isLive(p.row, states.get(p.row.appointment_id)) ? live : moved).push(p);
    const results = await Promise.allSettled(live.map((p) => p.send()));
    const now = this.ctx.clock.now();
    if (moved.length) {
      await repo.finishAs(this.ctx.db, this.id, moved.map((p) => p.row.id), 'cancelled', 'moved', now);
      this.counts.cancelled += moved.length;
    }
    const sent: { id: string; providerId: string | null }[] = [];
    const audits: Promise<void>[] = [];
    for (const [n, result] of results.entries()) {
      const { row } = live[n]!;
      if (result.status === 'fulfilled') {
        sent.push({ id: row.id, providerId: result.value });
        continue;
      }
      const f = classify(result.reason, row.channel, this.deps.sms?.provider.idempotent === true);
      if (f.kind === 'transient') {
        const next = now + backoff(this.opts.retryBaseMs, Number(row.attempts));
        const lastChance = Number(row.attempts) >= this.opts.maxAttempts || next >= Number(row.occurrence_start);
        if (lastChance) await repo.finishAs(this.ctx.db, this.id, [row.id], 'failed', f.code, now);
        else await repo.retryLater(this.ctx.db, this.id, row.id, next, f.code, now);
        if (lastChance) this.counts.failed++;
        else this.counts.retried++;
        if (lastChance) audits.push(this.audit(row, 'failure', f.code));
      } else {
        await repo.finishAs(this.ctx.db, this.id, [row.id], f.kind === 'permanent' ? 'failed' : 'uncertain', f.code, now);
        if (f.kind === 'permanent') this.counts.failed++;
        else this.counts.uncertain++;
        audits.push(this.audit(row, 'failure', f.code));
      }
      this.ctx.log.warn({ reminderId: row.id, channel: row.channel, outcome: f.kind, code: f.code }, 'reminders: a send did not go');
    }
    await repo.finishSent(this.ctx.db, this.id, sent, now);
    this.counts.sent += sent.length;
    for (const s of sent) audits.push(this.audit(live.find((p) => p.row.id === s.id)!.row, 'success', null));
    for (const p of live) {
      const s = sent.find((x) => x.id === p.row.id);
      if (p.after && s) audits.push(p.after(s.providerId));
    }
    const settled = await Promise.allSettled(audits);
    for (const r of settled) if (r.status === 'rejected') this.ctx.log.error({ err: describe(r.reason) }, 'reminders: could not record a send');
  }

  private audit(row: repo.ClaimedRow, outcome: 'success' | 'failure', code: string | null): Promise<void> {
    return this.ctx.audit.record({
      actor: { type: 'system', id: null },
      practiceId: row.practice_id,
      action: 'notification_sent',
      resource: { type: 'appointment', id: row.appointment_id },
      outcome,
      details: { reminderId: row.id, kind: row.kind, channel: row.channel, clientId: row.client_id, ...(code ? { failure: code } : {}) },
    });
  }

  /**
   * Builds each message: consent and address (decrypted only for a client who agreed to the
   * channel), the opt-out, the time in the client's zone, the provider's name with consent to
   * details, and a new single-use link for a reminder. Rows that cannot go are finished here.
   */
  private async prepare(group: repo.ClaimedRow[]): Promise<Prepared[]> {
    const { config } = this.ctx;
    const now = this.ctx.clock.now();
    const states = await this.deps.scheduling.states(group.map((r) => r.appointment_id));
    const out: Prepared[] = [];
    const finish = new Map<string, { status: 'skipped' | 'cancelled'; ids: string[] }>();
    const end = (row: repo.ClaimedRow, status: 'skipped' | 'cancelled', failure: string) => {
      const e = finish.get(failure) ?? { status, ids: [] };
      e.ids.push(row.id);
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
        const facts: ReminderFacts = { sender, start: row.occurrence_start, zone: contact.timeZone ?? state.timeZone, providerName, link, portal: `${config.publicUrl}/portal`, join };
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
    for (const [failure, { status, ids }] of finish) {
      await repo.finishAs(this.ctx.db, this.id, ids, status, failure, now);
      if (status === 'skipped') this.counts.skipped += ids.length;
      else this.counts.cancelled += ids.length;
    }
    await repo.insertTokens(this.ctx.db, tokens);
    return out;
  }
}

/** Whether the visit is still what the row was made for. */
function isLive(row: repo.ClaimedRow, s: AppointmentState | undefined): s is AppointmentState {
  if (!s || s.start !== Number(row.occurrence_start)) return false;
  return row.kind === 'reminder' ? ON.has(s.status) : s.status === 'cancelled';
}
