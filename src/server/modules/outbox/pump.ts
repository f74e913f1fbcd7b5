// The outbox pump: runs registered consumers over the durable domain events, in this process.
//
//   pump.register({ name: 'client-invitations', types: ['appointment.created'], handle: async (event) => { ... } });
//
// A consumer's `name` is its identity in event_consumptions: never rename one that has run, or it
// sees every past event again. For each consumer the pump claims events (Outbox.claim: exactly one
// instance gets each event, across processes), runs `handle`, and marks the event done. It polls
// every `intervalMs` and runs at once on `kick()` (app.ts kicks after a request that emitted
// events has been answered, so its transaction has committed). One consumer's runs never overlap
// in this process; a kick during a run makes the run go round once more.
//
// Delivery is at-least-once: when `handle` throws, the error is logged (its class and code only:
// messages may carry PHI) and the event stays claimed until the lease passes, then it is claimed
// again (by this instance or another). A handler with outside effects (mail) therefore records a
// durable key for each effect before making it (see calendar/invitations.ts).
import type { Logger } from 'pino';
import { describeError as describe, DispatchLoop } from '../../jobs/index.js';
import { DEFAULT_LEASE_MS, type DomainEvent, type EventType, type Outbox } from './outbox.js';

export interface Consumer {
  /** Stable identity in event_consumptions (never reuse or rename). */
  name: string;
  /** The event types it handles; others are never claimed for it. */
  types: readonly EventType[];
  handle(event: DomainEvent): Promise<void>;
  /** How long a claim lasts before a failed or crashed handling is retried (default 5 minutes). */
  leaseMs?: number;
}

export interface PumpOptions {
  /** Poll period; 0 polls never (kicks and drain() still run consumers). */
  intervalMs: number;
  /** Events claimed per round trip. */
  batchSize?: number;
}

/** One consumer's runs: the shared run loop (never two at a time; a kick during a run goes round once more), no timer of its own. */
class ConsumerRuns extends DispatchLoop {
  constructor(
    readonly consumer: Consumer,
    log: Logger,
    private readonly run: (c: Consumer, stopped: () => boolean) => Promise<void>,
  ) {
    super(log, `outbox consumer ${consumer.name}`, 0);
  }

  protected pass(): Promise<void> {
    return this.run(this.consumer, () => this.stopped);
  }
}

export class OutboxPump {
  private readonly consumers = new Map<string, ConsumerRuns>();
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(
    private readonly outbox: Outbox,
    private readonly log: Logger,
    private readonly opts: PumpOptions,
  ) {}

  register(consumer: Consumer): void {
    if (this.consumers.has(consumer.name)) throw new Error(`outbox consumer "${consumer.name}" is registered twice`);
    if (!consumer.types.length) throw new Error(`outbox consumer "${consumer.name}" handles no event types`);
    this.consumers.set(consumer.name, new ConsumerRuns(consumer, this.log, (c, stopped) => this.pass(c, stopped)));
  }

  /** The registered consumers and the event types each handles (for the outbox lag metric). */
  registered(): { name: string; types: readonly EventType[] }[] {
    return [...this.consumers.values()].map((r) => ({ name: r.consumer.name, types: r.consumer.types }));
  }

  /** When the oldest event a consumer has not finished was emitted; null: none waiting. */
  oldestPending(consumer: { name: string; types: readonly EventType[] }): Promise<number | null> {
    return this.outbox.oldestPending(consumer.name, consumer.types);
  }

  /** Starts polling (idempotent). */
  start(): void {
    if (this.stopped || this.timer || this.opts.intervalMs <= 0) return;
    this.timer = setInterval(() => this.kick(), this.opts.intervalMs);
    this.timer.unref();
    this.kick();
  }

  /** Runs every consumer soon; coalesced with a run in progress. */
  kick(): void {
    for (const r of this.consumers.values()) r.kick();
  }

  /** Runs every consumer until nothing is left to claim, and resolves when done (tests, shutdown paths). */
  async drain(): Promise<void> {
    await Promise.all([...this.consumers.values()].map((r) => r.drain()));
  }

  /** Stops polling and waits for runs in progress; nothing new starts afterwards. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await Promise.all([...this.consumers.values()].map((r) => r.stop()));
  }

  /**
   * Claims and handles batches until nothing is left. A claim can come back empty because another
   * instance won every event this one saw; the next claim no longer sees those, so the pass ends
   * only after two empty claims in a row.
   */
  private async pass(c: Consumer, stopped: () => boolean): Promise<void> {
    const limit = this.opts.batchSize ?? 50;
    let empty = 0;
    for (;;) {
      if (stopped()) return;
      let events: DomainEvent[];
      try {
        events = await this.outbox.claim(c.name, { limit, types: c.types, leaseMs: c.leaseMs ?? DEFAULT_LEASE_MS });
      } catch (err) {
        this.log.error({ consumer: c.name, err: describe(err) }, 'outbox: could not claim events');
        return;
      }
      for (const event of events) {
        try {
          await c.handle(event);
          await this.outbox.done(c.name, event.id);
        } catch (err) {
          // Left claimed: retried once the lease has passed.
          this.log.error({ consumer: c.name, eventId: event.id, eventType: event.type, err: describe(err) }, 'outbox: a consumer failed to handle an event');
        }
        // A turn of the event loop between events: on SQLite every query is synchronous, and a
        // batch of heavy events must not hold requests back.
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
      if (!events.length) {
        if (++empty >= 2) return;
        continue;
      }
      empty = 0;
    }
  }
}
