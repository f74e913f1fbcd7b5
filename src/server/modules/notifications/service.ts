// What other modules use of the notification ledger: enqueue rows (in their own transaction) and
// register the composer of their kinds. Other modules never touch the notifications table.
import { randomBytes } from 'node:crypto';
import type { AppContext, RequestMeta } from '../../context.js';
import type { DbOrTx } from '../../db/index.js';
import { iso } from '../../lib/clock.js';
import type { NotificationQuery, PracticeNotificationList } from '../../../shared/notifications.js';
import type { ResolvedSession } from '../auth/index.js';
import type { Composer, NotificationDispatcher } from './dispatcher.js';
import * as repo from './repo.js';

export interface NotificationRequest {
  practiceId: string;
  kind: string;
  channel?: 'email' | 'sms';
  recipient: { type: 'client' | 'user'; id: string };
  /** The exactly-once key: the same key twice enqueues one row (e.g. `<kind>:<event or record id>:<recipient>`). */
  dedupeKey: string;
  /** Ids and PHI-free facts only: never an address, a name or a text (the composer reads those at send time). */
  payload: Record<string, string | number | boolean | null | string[]>;
  /** When it may go (default: now). */
  at?: number;
}

export class NotificationService {
  private lastMs = 0;
  private counter = 0;

  constructor(
    private readonly ctx: AppContext,
    readonly dispatcher: NotificationDispatcher,
  ) {}

  register(kind: string, composer: Composer): void {
    this.dispatcher.register(kind, composer);
  }

  /**
   * Records messages to send, inside `db` (pass the caller's transaction so they commit with what
   * made them). Returns how many were new. Call `wake()` once the transaction has committed.
   */
  async enqueue(db: DbOrTx, requests: NotificationRequest[]): Promise<number> {
    const now = this.ctx.clock.now();
    return repo.enqueue(
      db,
      requests.map((r) => ({
        id: this.nextId(),
        practice_id: r.practiceId,
        kind: r.kind,
        channel: r.channel ?? 'email',
        recipient_type: r.recipient.type,
        recipient_id: r.recipient.id,
        dedupe_key: r.dedupeKey,
        payload: JSON.stringify(r.payload),
        next_attempt_at: r.at ?? now,
        created_at: now,
        updated_at: now,
      })),
    );
  }

  /**
   * A time-ordered id (UUIDv7 layout: 48 bits of milliseconds, then a counter within the
   * millisecond, then random bits), strictly increasing in this process, so one recipient's
   * messages are claimed and sent in the order they were enqueued.
   */
  private nextId(): string {
    let ms = Math.max(Date.now(), this.lastMs);
    if (ms !== this.lastMs) this.counter = 0;
    else if (++this.counter > 0xfff) {
      // 4096 in one millisecond: borrow the next one.
      ms++;
      this.counter = 0;
    }
    this.lastMs = ms;
    const hex = ms.toString(16).padStart(12, '0') + '7' + this.counter.toString(16).padStart(3, '0') + randomBytes(8).toString('hex');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
  }

  /** How many rows of `kind` whose dedupe key starts with `prefix` still wait, unclaimed. */
  countScheduled(db: DbOrTx, kind: string, prefix: string): Promise<number> {
    return repo.countScheduled(db, kind, prefix);
  }

  /**
   * Withdraws rows of `kind` whose dedupe key starts with `prefix` that still wait, unclaimed
   * (`cancelled`, with `reason`); a row already claimed goes on. Pass the caller's transaction.
   */
  cancelScheduled(db: DbOrTx, kind: string, prefix: string, reason: string): Promise<number> {
    return repo.cancelScheduled(db, kind, prefix, reason, this.ctx.clock.now());
  }

  /** Sends soon what was enqueued, when this process dispatches. */
  wake(): void {
    this.dispatcher.wake();
  }

  /** How many of the practice's notifications of the last `days` days failed or may not have gone (a count; the list is audited). */
  problemCount(practiceId: string, days = 7): Promise<number> {
    return repo.countProblems(this.ctx.db, practiceId, this.ctx.clock.now() - days * 86_400_000);
  }

  /**
   * The practice's ledger, newest first (e.g. `status=uncertain`: what may or may not have gone,
   * for staff to decide). Ids, kinds, statuses and codes only. Audited as a read.
   */
  async list(s: ResolvedSession, q: NotificationQuery, meta: RequestMeta): Promise<PracticeNotificationList> {
    const practiceId = s.user.practiceId;
    const rows = await repo.ofPractice(this.ctx.db, practiceId, { status: q.status, limit: q.limit ?? 100 });
    const items = rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      channel: r.channel,
      recipientType: r.recipient_type,
      recipientId: r.recipient_id,
      status: r.status,
      attempts: Number(r.attempts),
      failure: r.failure,
      createdAt: iso(Number(r.created_at)),
      nextAttemptAt: iso(Number(r.next_attempt_at)),
      sentAt: r.sent_at === null ? null : iso(Number(r.sent_at)),
    }));
    await this.ctx.audit.record({
      actor: { type: 'user', id: s.user.id },
      practiceId,
      ip: meta.ip,
      userAgent: meta.userAgent,
      action: 'read',
      resource: { type: 'notifications', id: practiceId },
      outcome: 'success',
      details: { returned: items.length, ...(q.status ? { status: q.status } : {}) },
    });
    return { items };
  }
}
