// The ledger dispatcher: sends the rows of a send ledger (ledger.ts) when they fall due, each
// exactly once or visibly not. Reminders and notifications are two configurations of it (a
// `Delivery`: how to claim, how to build each message, how to judge a failure); the guarantees are
// written here once.
//
//   claim ──► `sending` (committed) ──► prepare ──► last look ──► send ──► `sent`
//
// - Claim: due `scheduled` rows become `sending` in one statement (FOR UPDATE SKIP LOCKED on
//   PostgreSQL, so any number of dispatchers claim disjoint rows), committed before anything is
//   sent. One claim per group of sends: a dispatcher that dies leaves at most one group `sending`.
// - A row left `sending` past the lease (its dispatcher died mid-send) becomes `uncertain` (on start
//   and periodically, also during a long backlog) and is never resent by itself: neither SMTP nor
//   Twilio keeps an idempotency key, so a repeat could be a second message. Staff see it.
// - Prepare builds each message (consent, address, text); rows that cannot go end `skipped` or
//   `cancelled`. If preparing fails as a whole nothing was sent: the rows go back, the attempt not
//   counted. The last look (optional) reads the subject again right before the send, with no wait
//   between that read and the send.
// - Transient failures go back to `scheduled` with exponential backoff, and `failed` after
//   maxAttempts (or when the next try would be past the row's deadline); permanent ones are
//   `failed` at once, with a short PHI-free code; anything else happened mid-send: `uncertain`.
//   Each outcome is audited by the delivery (`notification_sent`).
import type { Logger } from 'pino';
import type { DbOrTx } from '../db/index.js';
import type { Clock } from '../lib/clock.js';
import { describeError } from './describe.js';
import { backoff, type FinalStatus, type SendLedger } from './ledger.js';
import { DispatchLoop } from './loop.js';

/** What every claimed row has (both ledger tables do). */
export interface LedgerRow {
  id: string;
  channel: 'email' | 'sms';
  status: string;
  attempts: number;
}

/** One message ready to go. */
export interface Outgoing<Row> {
  row: Row;
  /** Sends it; resolves with the provider's id (an SMS) or null. */
  send: () => Promise<string | null>;
  /** After it went and was recorded (markers the owning module keeps, a delivery status that came early). */
  after?: ((providerId: string | null) => Promise<void>) | undefined;
}

/** What became of one attempt that did not go (see notifications/classify.ts). */
export interface Failure {
  kind: 'transient' | 'permanent' | 'uncertain';
  code: string;
}

/** How the dispatcher ends rows a delivery cannot send (counted, finished under this claim). */
export interface Outcomes<Row> {
  /** Ends rows `skipped` or `cancelled` with a reason. */
  end(rows: Row[], status: 'skipped' | 'cancelled', failure: string): Promise<void>;
  /** Nothing was sent but the row could not be built now: tried again after the backoff, `failed` after the last attempt. */
  later(row: Row, failure: string): Promise<void>;
}

/** One configuration of the dispatcher: the module's part. */
export interface Delivery<Row extends LedgerRow> {
  /** The module's name in logs ('reminders', 'notifications'). */
  readonly label: string;
  readonly ledger: SendLedger;
  /** Claims due rows; rows it returns other than `sending` the claim has already ended (counted as such). */
  claim(o: { now: number; limit: number; me: string }): Promise<Row[]>;
  /** Builds the group's messages; rows that cannot go are ended through `outcomes`. */
  prepare(group: Row[], outcomes: Outcomes<Row>): Promise<Outgoing<Row>[]>;
  /** The last look right before the send: the ids whose subject changed since the claim (ended `cancelled`, 'moved'). */
  lastLook?(ready: Outgoing<Row>[]): Promise<Set<string>>;
  /** Sends the group: all at once unless the delivery orders them. */
  sendAll?(ready: Outgoing<Row>[]): Promise<PromiseSettledResult<string | null>[]>;
  /** Judges a send that failed. */
  judge(err: unknown, row: Row): Failure;
  /** No retry at or after this time (reminders: the visit's start); none: retries until maxAttempts. */
  deadline?(row: Row): number;
  /** Records the outcome of a send (success) or of a row that will not go (failure). */
  audit(row: Row, outcome: 'success' | 'failure', code: string | null): Promise<void>;
  /** PHI-free fields naming a row in logs. */
  logRef(row: Row): Record<string, unknown>;
  /** Whether SMS sends carry a provider-side idempotency key (a stale SMS claim is then retried, not uncertain). */
  idempotentSms(): boolean;
}

export interface DispatchOptions {
  pollMs: number;
  /** Rows one claim takes and sends at once: claimed rows not yet sent are what a crash leaves uncertain. */
  concurrency: number;
  leaseMs: number;
  maxAttempts: number;
  retryBaseMs: number;
}

export interface DispatchContext {
  db: DbOrTx;
  clock: Clock;
  log: Logger;
}

export class LedgerDispatcher<Row extends LedgerRow> extends DispatchLoop {
  private lastSweep = -Infinity;
  /** Counts since start, for logs and tests. */
  readonly counts = { claimed: 0, sent: 0, failed: 0, retried: 0, skipped: 0, cancelled: 0, uncertain: 0 };
  private readonly outcomes: Outcomes<Row>;

  constructor(
    private readonly jobCtx: DispatchContext,
    private readonly opts: DispatchOptions,
    protected readonly delivery: Delivery<Row>,
  ) {
    super(jobCtx.log, delivery.label, opts.pollMs);
    this.outcomes = {
      end: async (rows, status, failure) => {
        await delivery.ledger.finishAs(jobCtx.db, this.id, rows.map((r) => r.id), status, failure, jobCtx.clock.now());
        this.counts[status] += rows.length;
      },
      later: async (row, failure) => {
        const now = jobCtx.clock.now();
        if (row.attempts >= opts.maxAttempts) {
          await delivery.ledger.finishAs(jobCtx.db, this.id, [row.id], 'failed', failure, now);
          this.counts.failed++;
        } else {
          await delivery.ledger.retryLater(jobCtx.db, this.id, row.id, now + backoff(opts.retryBaseMs, row.attempts), failure, now);
          this.counts.retried++;
        }
      },
    };
  }

  /** When the oldest row still waiting to be sent fell (or falls) due; null: none (the lag metric). */
  oldestDue(): Promise<number | null> {
    return this.delivery.ledger.nextDue(this.jobCtx.db);
  }

  /** Rows left `sending` past the lease become `uncertain` (see SendLedger.sweepStale). */
  async sweep(): Promise<number> {
    const now = this.jobCtx.clock.now();
    this.lastSweep = now;
    const r = await this.delivery.ledger.sweepStale(this.jobCtx.db, { now, leaseMs: this.opts.leaseMs, idempotentSms: this.delivery.idempotentSms() });
    if (r.uncertain || r.retried) this.jobCtx.log.warn({ uncertain: r.uncertain, retried: r.retried }, `${this.delivery.label}: claims past their lease (a dispatcher stopped mid-send)`);
    this.counts.uncertain += r.uncertain;
    return r.uncertain;
  }

  protected async pass(): Promise<void> {
    const { clock } = this.jobCtx;
    while (!this.stopped) {
      // Inside the loop: a backlog keeps one pass going for long, and a dead dispatcher's claims
      // must still turn `uncertain` soon after their lease, where staff see them.
      if (clock.now() - this.lastSweep >= Math.min(this.opts.leaseMs / 2, 60_000)) await this.sweep();
      const rows = await this.delivery.claim({ now: clock.now(), limit: this.opts.concurrency, me: this.id });
      if (!rows.length) {
        this.wakeAt(await this.delivery.ledger.nextDue(this.jobCtx.db), clock.now());
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

  /** One group: prepare every message, take the last look, send them, record each outcome. */
  private async sendGroup(group: Row[]): Promise<void> {
    const { db, clock, log } = this.jobCtx;
    const { ledger, label } = this.delivery;
    let ready: Outgoing<Row>[];
    let moved = new Set<string>();
    try {
      ready = await this.delivery.prepare(group, this.outcomes);
      if (!ready.length) return;
      // The last look at the subjects before sending. No wait between this read and the sends.
      if (this.delivery.lastLook) moved = await this.delivery.lastLook(ready);
    } catch (err) {
      // Nothing was sent: the rows still `sending` go back to be tried again.
      await ledger.release(db, this.id, group.map((r) => r.id), clock.now());
      throw err;
    }
    const live = ready.filter((o) => !moved.has(o.row.id));
    const results = await (this.delivery.sendAll ? this.delivery.sendAll(live) : Promise.allSettled(live.map((o) => o.send())));
    const now = clock.now();
    if (moved.size) await this.outcomes.end(ready.filter((o) => moved.has(o.row.id)).map((o) => o.row), 'cancelled', 'moved');
    const sent: { id: string; providerId: string | null }[] = [];
    const records: Promise<void>[] = [];
    for (const [n, result] of results.entries()) {
      const { row } = live[n]!;
      if (result.status === 'fulfilled') {
        sent.push({ id: row.id, providerId: result.value });
        continue;
      }
      const f = this.delivery.judge(result.reason, row);
      const failed = await this.recordFailure(row, f, now);
      if (failed) records.push(this.delivery.audit(row, 'failure', f.code));
      log.warn({ ...this.delivery.logRef(row), channel: row.channel, outcome: f.kind, code: f.code }, `${label}: a send did not go`);
    }
    await ledger.finishSent(db, this.id, sent, now);
    this.counts.sent += sent.length;
    for (const s of sent) {
      const o = live.find((x) => x.row.id === s.id)!;
      records.push(this.delivery.audit(o.row, 'success', null));
      if (o.after) records.push(o.after(s.providerId));
    }
    for (const r of await Promise.allSettled(records)) if (r.status === 'rejected') log.error({ err: describeError(r.reason) }, `${label}: could not record a send`);
  }

  /** Retry later, `failed` or `uncertain`; true when the row is finished (its failure is audited). */
  private async recordFailure(row: Row, f: Failure, now: number): Promise<boolean> {
    const { db } = this.jobCtx;
    const { ledger } = this.delivery;
    if (f.kind === 'transient') {
      const next = now + backoff(this.opts.retryBaseMs, row.attempts);
      const deadline = this.delivery.deadline?.(row);
      if (row.attempts < this.opts.maxAttempts && (deadline === undefined || next < deadline)) {
        await ledger.retryLater(db, this.id, row.id, next, f.code, now);
        this.counts.retried++;
        return false;
      }
    }
    const status: FinalStatus = f.kind === 'uncertain' ? 'uncertain' : 'failed';
    await ledger.finishAs(db, this.id, [row.id], status, f.code, now);
    this.counts[status]++;
    return true;
  }
}
