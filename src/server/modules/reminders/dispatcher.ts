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
import { hostname } from 'node:os';
import type { Insertable } from 'kysely';
import type { AppContext } from '../../context.js';
import type { ReminderActionTokensTable } from '../../db/schema.js';
import { hashToken, newToken } from '../../lib/tokens.js';
import type { ClientService } from '../clients/service.js';
import type { AppointmentState, SchedulingService } from '../scheduling/service.js';
import { PermanentSmsError, TransientSmsError, type SmsPolicy, type SmsProvider } from '../sms/provider.js';
import * as repo from './repo.js';
import { cancellationMail, cancellationSms, reminderMail, reminderSms, type ReminderFacts } from './text.js';

export interface SmsChannel {
  provider: SmsProvider;
  policy: SmsPolicy;
  /** Where the provider posts delivery-status callbacks (the SMS module's webhook), if any. */
  statusCallbackUrl?: string;
}

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

/** What became of one attempt that did not go. */
type Failure = { kind: 'transient' | 'permanent' | 'uncertain'; code: string };

const ON = new Set(['scheduled', 'confirmed']);
const MAX_BACKOFF_MS = 6 * 3600_000;

/** SMTP commands before the message itself: an error there means nothing was sent. (Not "CONN": nodemailer names any socket break so.) */
const BEFORE_DATA = /^(EHLO|HELO|LHLO|STARTTLS|AUTH|MAIL FROM|RCPT TO)/i;

/** SMTP 4xx/5xx, a connection that never got to the message (transient), or an error mid-message (uncertain). */
export function classify(err: unknown, channel: 'email' | 'sms', idempotentSms: boolean): Failure {
  // A timeout or a connection lost after the request went out may have sent the text: without a
  // provider-side idempotency key that is uncertain, never a retry.
  if (err instanceof TransientSmsError) return { kind: err.maybeSent && !idempotentSms ? 'uncertain' : 'transient', code: `sms_${err.code}` };
  if (err instanceof PermanentSmsError) return { kind: 'permanent', code: `sms_${err.code}` };
  const e = (err ?? {}) as { responseCode?: unknown; code?: unknown; command?: unknown; dataIssued?: unknown };
  if (channel === 'sms') return { kind: idempotentSms ? 'transient' : 'uncertain', code: 'sms_interrupted' };
  if (typeof e.responseCode === 'number' && e.responseCode >= 400 && e.responseCode < 600) {
    return { kind: e.responseCode < 500 ? 'transient' : 'permanent', code: `smtp_${e.responseCode}` };
  }
  const code = typeof e.code === 'string' ? e.code : '';
  if (code === 'EENVELOPE' || code === 'EMESSAGE') return { kind: 'permanent', code: `smtp_${code.toLowerCase()}` };
  // The mailer says whether DATA had gone out; nodemailer itself names a socket timeout or a
  // closed connection "CONN" at any step, so without that a break could be after the message.
  if (e.dataIssued === true) return { kind: 'uncertain', code: 'smtp_interrupted' };
  if (e.dataIssued === false) return { kind: 'transient', code: `smtp_${(code || 'connection').toLowerCase()}` };
  if (code === 'EDNS' || code === 'ECONNREFUSED' || (typeof e.command === 'string' && BEFORE_DATA.test(e.command))) {
    return { kind: 'transient', code: `smtp_${(code || 'connection').toLowerCase()}` };
  }
  return { kind: 'uncertain', code: 'smtp_interrupted' };
}

interface Prepared {
  row: repo.ClaimedRow;
  send: () => Promise<string | null>;
  /** After a text went and was recorded (with the provider's id): SmsPolicy.noteSent, and a status that came early. */
  after?: (providerId: string | null) => Promise<void>;
}

export class ReminderDispatcher {
  /** This instance's name in `claimed_by`. */
  readonly id = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;
  private lastSweep = -Infinity;
  /** Counts since start, for logs and tests. */
  readonly counts = { claimed: 0, sent: 0, failed: 0, retried: 0, skipped: 0, cancelled: 0, uncertain: 0 };

  constructor(
    private readonly ctx: AppContext,
    private readonly deps: DispatcherDeps,
    private readonly opts: DispatcherOptions = ctx.config.reminders,
  ) {}

  /** Sweeps stale claims, then polls every pollMs (0: only when kicked). Idempotent. */
  start(): void {
    if (this.stopped || this.timer) return;
    if (this.opts.pollMs > 0) {
      this.timer = setInterval(() => this.kick(), this.opts.pollMs);
      this.timer.unref();
    }
    this.kick();
  }

  /** Runs soon; coalesced with a run in progress. */
  kick(): void {
    void this.schedule();
  }

  /** Sends everything due now and resolves when nothing due is left (tests, tools). */
  drain(): Promise<void> {
    return this.schedule();
  }

  /**
   * Stops claiming; the group of sends in flight finishes and is recorded. Resolves when done
   * (SIGTERM in the dispatcher process).
   */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  private schedule(): Promise<void> {
    if (this.stopped) return this.running ?? Promise.resolve();
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      try {
        do {
          this.again = false;
          await this.pass();
        } while (this.again && !this.stopped);
      } catch (err) {
        this.ctx.log.error({ err: describe(err) }, 'reminders: a dispatch run stopped');
      } finally {
        this.running = null;
      }
    })();
    return this.running;
  }

  /** Rows left `sending` past the lease become `uncertain` (see repo.sweepStale). */
  async sweep(): Promise<number> {
    const now = this.ctx.clock.now();
    this.lastSweep = now;
    const r = await repo.sweepStale(this.ctx.db, { now, leaseMs: this.opts.leaseMs, idempotentSms: this.deps.sms?.provider.idempotent === true });
    if (r.uncertain || r.retried) this.ctx.log.warn({ uncertain: r.uncertain, retried: r.retried }, 'reminders: claims past their lease (a dispatcher stopped mid-send)');
    this.counts.uncertain += r.uncertain;
    return r.uncertain;
  }

  private async pass(): Promise<void> {
    // One claim per group of sends: a dispatcher that dies leaves at most one group `sending`.
    while (!this.stopped) {
      // Inside the loop: a backlog keeps one pass going for long, and a dead dispatcher's claims
      // must still turn `uncertain` soon after their lease, where staff see them.
      if (this.ctx.clock.now() - this.lastSweep >= Math.min(this.opts.leaseMs / 2, 60_000)) await this.sweep();
      const rows = await repo.claimDue(this.ctx.db, this.ctx.dialect, { now: this.ctx.clock.now(), limit: this.opts.concurrency, me: this.id });
      if (!rows.length) return;
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
        const next = now + Math.min(MAX_BACKOFF_MS, this.opts.retryBaseMs * 2 ** Math.max(0, Number(row.attempts) - 1));
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
        const facts: ReminderFacts = { sender, start: row.occurrence_start, zone: contact.timeZone ?? state.timeZone, providerName, link, portal: `${config.publicUrl}/portal` };
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

/** An error's class and code, never its message (which may quote addresses). */
function describe(err: unknown): { type: string; code?: string } {
  if (!(err instanceof Error)) return { type: typeof err };
  const code = (err as { code?: unknown }).code;
  return { type: err.name, ...(typeof code === 'string' || typeof code === 'number' ? { code: String(code) } : {}) };
}
