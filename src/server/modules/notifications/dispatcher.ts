// The notification dispatcher: sends ledger rows (notifications) when they fall due, each exactly
// once or visibly not — the reminder dispatcher's guarantees for every other message.
//
//   enqueue (in the caller's transaction) ──► claim ──► `sending` (committed) ──► compose ──► send ──► `sent`
//
// - Modules enqueue rows with a dedupe key (an event handled twice enqueues nothing twice) and
//   register a *composer* per kind. The composer builds the message at send time from the row's
//   ids: consent first, then the address decrypted, only for a message about to go — or it answers
//   a skip reason ('no_consent', 'no_address', 'offer_closed', …) and nothing is decrypted or sent.
// - The claim (FOR UPDATE SKIP LOCKED on PostgreSQL) commits `sending` before anything is sent; a
//   dispatcher that dies mid-send leaves it `sending`, which a sweep turns `uncertain` after
//   REMINDER_LEASE_MS, never resent. Transient failures retry with backoff, permanent ones are
//   `failed`, anything mid-message is `uncertain`: `classify` decides, as for reminders.
// - Each mail carries `Message-ID: <notification.<ledger id>@host>`; each outcome is audited
//   (`notification_sent`, PHI-free details).
//
// It runs wherever the reminder dispatcher runs (started and stopped with it).
import type { AppContext } from '../../context.js';
import type { Mail } from '../mail/index.js';
import type { SmsChannel } from '../sms/index.js';
import { backoff, classify, describeError } from './classify.js';
import { DispatchLoop } from './loop.js';
import * as repo from './repo.js';

/** A row handed to its composer: the payload parsed. */
export interface Notification extends Omit<repo.NotificationRow, 'payload'> {
  payload: Record<string, unknown>;
}

/** What a composer answers: the message to send now, or why it does not go. */
export type Composed =
  | { skip: string }
  | {
      mail?: Omit<Mail, 'messageId'>;
      sms?: { to: string; body: string };
      /** After it went (markers the owning module keeps, its own audit record). */
      afterSent?: () => Promise<void>;
    };

export interface Composer {
  compose(n: Notification): Promise<Composed>;
}

export interface NotificationOptions {
  pollMs: number;
  concurrency: number;
  leaseMs: number;
  maxAttempts: number;
  retryBaseMs: number;
}

interface Ready {
  row: Notification;
  send: () => Promise<string | null>;
  afterSent?: (() => Promise<void>) | undefined;
}

export class NotificationDispatcher extends DispatchLoop {
  private lastSweep = -Infinity;
  /** Counts since start, for logs and tests. */
  readonly counts = { claimed: 0, sent: 0, failed: 0, retried: 0, skipped: 0, uncertain: 0 };

  /** When the oldest row still waiting to be sent fell (or falls) due; null: none (the lag metric). */
  oldestDue(): Promise<number | null> {
    return repo.nextDue(this.ctx.db);
  }

  constructor(
    private readonly ctx: AppContext,
    private readonly sms: () => SmsChannel | undefined,
    private readonly opts: NotificationOptions = ctx.config.reminders,
    /** Each kind's composer (another dispatcher of the same app may share them: tests, tools). */
    readonly composers = new Map<string, Composer>(),
  ) {
    super(ctx.log, 'notifications', opts.pollMs);
  }

  /** The owning module's composer for one kind (once per kind). */
  register(kind: string, composer: Composer): void {
    if (this.composers.has(kind)) throw new Error(`notification kind "${kind}" is registered twice`);
    this.composers.set(kind, composer);
  }

  /** After rows were enqueued and committed: runs soon if this process dispatches (else the dispatcher process's poll finds them). */
  wake(): void {
    if (this.active) this.kick();
  }

  /** Rows left `sending` past the lease become `uncertain` (see repo.sweepStale). */
  async sweep(): Promise<number> {
    const now = this.ctx.clock.now();
    this.lastSweep = now;
    const r = await repo.sweepStale(this.ctx.db, { now, leaseMs: this.opts.leaseMs, idempotentSms: this.sms()?.provider.idempotent === true });
    if (r.uncertain || r.retried) this.ctx.log.warn({ uncertain: r.uncertain, retried: r.retried }, 'notifications: claims past their lease (a dispatcher stopped mid-send)');
    this.counts.uncertain += r.uncertain;
    return r.uncertain;
  }

  protected async pass(): Promise<void> {
    // One claim per group of sends: a dispatcher that dies leaves at most one group `sending`.
    while (!this.stopped) {
      // Inside the loop, as for reminders: a long backlog must not hold back a dead claim's sweep.
      if (this.ctx.clock.now() - this.lastSweep >= Math.min(this.opts.leaseMs / 2, 60_000)) await this.sweep();
      const rows = await repo.claimDue(this.ctx.db, this.ctx.dialect, { now: this.ctx.clock.now(), limit: this.opts.concurrency, me: this.id });
      if (!rows.length) {
        this.wakeAt(await repo.nextDue(this.ctx.db), this.ctx.clock.now());
        return;
      }
      this.counts.claimed += rows.length;
      await this.sendGroup(rows.map((r) => ({ ...r, payload: parse(r.payload) })));
    }
  }

  private async sendGroup(group: Notification[]): Promise<void> {
    const ready: Ready[] = [];
    const untried: string[] = [];
    for (const row of group) {
      let composed: Composed;
      try {
        const composer = this.composers.get(row.kind);
        composed = composer ? await composer.compose(row) : { skip: 'unknown_kind' };
      } catch (err) {
        // Nothing was sent: tried again after the backoff (composing reads the database).
        this.ctx.log.error({ notificationId: row.id, kind: row.kind, err: describeError(err) }, 'notifications: could not compose a message');
        untried.push(row.id);
        continue;
      }
      if ('skip' in composed) {
        await repo.finishAs(this.ctx.db, this.id, [row.id], 'skipped', composed.skip, this.ctx.clock.now());
        this.counts.skipped++;
        continue;
      }
      const send = this.sender(row, composed);
      if (!send) {
        await repo.finishAs(this.ctx.db, this.id, [row.id], 'skipped', row.channel === 'sms' ? 'sms_not_configured' : 'nothing_to_send', this.ctx.clock.now());
        this.counts.skipped++;
        continue;
      }
      ready.push({ row, send, afterSent: composed.afterSent });
    }
    for (const id of untried) await this.giveBack(group.find((r) => r.id === id)!);
    const results = await sendInOrder(ready);
    const now = this.ctx.clock.now();
    const after: Promise<void>[] = [];
    for (const [n, result] of results.entries()) {
      const { row, afterSent } = ready[n]!;
      if (result.status === 'fulfilled') {
        await repo.finishSent(this.ctx.db, this.id, row.id, result.value, now);
        this.counts.sent++;
        after.push(this.audit(row, 'success', null));
        if (afterSent) after.push(afterSent());
        continue;
      }
      const f = classify(result.reason, row.channel, this.sms()?.provider.idempotent === true);
      if (f.kind === 'transient' && row.attempts < this.opts.maxAttempts) {
        await repo.retryLater(this.ctx.db, this.id, row.id, now + backoff(this.opts.retryBaseMs, row.attempts), f.code, now);
        this.counts.retried++;
      } else {
        const status = f.kind === 'uncertain' ? 'uncertain' : 'failed';
        await repo.finishAs(this.ctx.db, this.id, [row.id], status, f.code, now);
        this.counts[status]++;
        after.push(this.audit(row, 'failure', f.code));
      }
      this.ctx.log.warn({ notificationId: row.id, kind: row.kind, channel: row.channel, outcome: f.kind, code: f.code }, 'notifications: a send did not go');
    }
    for (const r of await Promise.allSettled(after)) if (r.status === 'rejected') this.ctx.log.error({ err: describeError(r.reason) }, 'notifications: could not record a send');
  }

  /** A row whose composer failed: scheduled again after the backoff, failed after the last attempt. */
  private async giveBack(row: Notification): Promise<void> {
    const now = this.ctx.clock.now();
    if (row.attempts >= this.opts.maxAttempts) {
      await repo.finishAs(this.ctx.db, this.id, [row.id], 'failed', 'compose_error', now);
      this.counts.failed++;
    } else await repo.retryLater(this.ctx.db, this.id, row.id, now + backoff(this.opts.retryBaseMs, row.attempts), 'compose_error', now);
  }

  private sender(row: Notification, c: Exclude<Composed, { skip: string }>): (() => Promise<string | null>) | null {
    if (row.channel === 'email' && c.mail) {
      const mail = c.mail;
      const host = new URL(this.ctx.config.publicUrl).hostname;
      return () => this.ctx.mailer.send({ ...mail, messageId: `<notification.${row.id}@${host}>` }).then(() => null);
    }
    const sms = this.sms();
    if (row.channel === 'sms' && c.sms && sms) {
      const { to, body } = c.sms;
      return () => sms.provider.send({ to, body, ...(sms.statusCallbackUrl ? { statusCallbackUrl: sms.statusCallbackUrl } : {}) }).then((r) => r.providerId);
    }
    return null;
  }

  private audit(row: Notification, outcome: 'success' | 'failure', code: string | null): Promise<void> {
    return this.ctx.audit.record({
      actor: { type: 'system', id: null },
      practiceId: row.practice_id,
      action: 'notification_sent',
      resource: { type: 'notification', id: row.id },
      outcome,
      details: { notificationId: row.id, kind: row.kind, channel: row.channel, recipientType: row.recipient_type, recipientId: row.recipient_id, ...(code ? { failure: code } : {}) },
    });
  }
}

/**
 * Sends every message of the group: one recipient's one after another, in the order they were
 * enqueued (an invitation before the cancellation that follows it), different recipients at once.
 */
async function sendInOrder(ready: Ready[]): Promise<PromiseSettledResult<string | null>[]> {
  const results: PromiseSettledResult<string | null>[] = [];
  const byRecipient = new Map<string, number[]>();
  for (const [n, r] of ready.entries()) {
    const key = `${r.row.recipient_type}:${r.row.recipient_id}`;
    byRecipient.set(key, [...(byRecipient.get(key) ?? []), n]);
  }
  await Promise.all(
    [...byRecipient.values()].map(async (indexes) => {
      for (const n of indexes) {
        try {
          results[n] = { status: 'fulfilled', value: await ready[n]!.send() };
        } catch (reason) {
          results[n] = { status: 'rejected', reason };
        }
      }
    }),
  );
  return results;
}

function parse(payload: string): Record<string, unknown> {
  try {
    const v: unknown = JSON.parse(payload);
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
