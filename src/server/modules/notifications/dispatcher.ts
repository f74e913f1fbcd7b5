// The notification dispatcher: the ledger dispatcher (jobs/dispatcher.ts: claim, lease, sweep,
// retry with backoff, `uncertain`) configured for the notifications table — the reminder
// dispatcher's guarantees for every other message.
//
//   enqueue (in the caller's transaction) ──► claim ──► `sending` (committed) ──► compose ──► send ──► `sent`
//
// - Modules enqueue rows with a dedupe key (an event handled twice enqueues nothing twice) and
//   register a *composer* per kind. The composer builds the message at send time from the row's
//   ids: consent first, then the address decrypted, only for a message about to go — or it answers
//   a skip reason ('no_consent', 'no_address', 'offer_closed', …) and nothing is decrypted or sent.
//   A composer that fails sends nothing: the row is tried again after the backoff.
// - One recipient's messages go one after another, in the order they were enqueued.
// - Each mail carries `Message-ID: <notification.<ledger id>@host>`; each outcome is audited
//   (`notification_sent`, PHI-free details).
//
// It runs wherever the reminder dispatcher runs (the dispatcher role, notifications/workers.ts).
import type { AppContext } from '../../context.js';
import type { Mail } from '../mail/index.js';
import type { SmsChannel } from '../sms/index.js';
import { classify, describeError } from './classify.js';
import { LedgerDispatcher, type Delivery, type DispatchOptions, type Outcomes, type Outgoing } from '../../jobs/index.js';
import * as repo from './repo.js';
import { sentAudit } from './sent-audit.js';

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

export type NotificationOptions = DispatchOptions;

/** The notifications' configuration of the ledger dispatcher. */
class NotificationDelivery implements Delivery<Notification> {
  readonly label = 'notifications';
  readonly ledger = repo.ledger;

  constructor(
    private readonly ctx: AppContext,
    private readonly sms: () => SmsChannel | undefined,
    private readonly composers: Map<string, Composer>,
  ) {}

  async claim(o: { now: number; limit: number; me: string }): Promise<Notification[]> {
    return (await repo.claimDue(this.ctx.db, this.ctx.dialect, o)).map((r) => ({ ...r, payload: parse(r.payload) }));
  }

  async prepare(group: Notification[], outcomes: Outcomes<Notification>): Promise<Outgoing<Notification>[]> {
    const ready: Outgoing<Notification>[] = [];
    const untried: Notification[] = [];
    for (const row of group) {
      let composed: Composed;
      try {
        const composer = this.composers.get(row.kind);
        composed = composer ? await composer.compose(row) : { skip: 'unknown_kind' };
      } catch (err) {
        // Nothing was sent: tried again after the backoff (composing reads the database).
        this.ctx.log.error({ notificationId: row.id, kind: row.kind, err: describeError(err) }, 'notifications: could not compose a message');
        untried.push(row);
        continue;
      }
      if ('skip' in composed) {
        await outcomes.end([row], 'skipped', composed.skip);
        continue;
      }
      const send = this.sender(row, composed);
      if (!send) {
        await outcomes.end([row], 'skipped', row.channel === 'sms' ? 'sms_not_configured' : 'nothing_to_send');
        continue;
      }
      const afterSent = composed.afterSent;
      ready.push({ row, send, after: afterSent && (() => afterSent()) });
    }
    for (const row of untried) await outcomes.later(row, 'compose_error');
    return ready;
  }

  sendAll(ready: Outgoing<Notification>[]) {
    return sendInOrder(ready);
  }

  judge(err: unknown, row: Notification) {
    return classify(err, row.channel, this.idempotentSms());
  }

  idempotentSms(): boolean {
    return this.sms()?.provider.idempotent === true;
  }

  logRef(row: Notification) {
    return { notificationId: row.id, kind: row.kind };
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

  audit(row: Notification, outcome: 'success' | 'failure', code: string | null): Promise<void> {
    const details = { notificationId: row.id, kind: row.kind, channel: row.channel, recipientType: row.recipient_type, recipientId: row.recipient_id };
    return this.ctx.audit.record(sentAudit(row.practice_id, { type: 'notification', id: row.id }, outcome, code, details));
  }
}

/** The notification dispatcher: the ledger dispatcher over the notifications table, with each kind's composer. */
export class NotificationDispatcher extends LedgerDispatcher<Notification> {
  constructor(
    ctx: AppContext,
    sms: () => SmsChannel | undefined,
    opts: NotificationOptions = ctx.config.reminders,
    /** Each kind's composer (another dispatcher of the same app may share them: tests, tools). */
    readonly composers = new Map<string, Composer>(),
  ) {
    super(ctx, opts, new NotificationDelivery(ctx, sms, composers));
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
}

/**
 * Sends every message of the group: one recipient's one after another, in the order they were
 * enqueued (an invitation before the cancellation that follows it), different recipients at once.
 */
async function sendInOrder(ready: Outgoing<Notification>[]): Promise<PromiseSettledResult<string | null>[]> {
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
