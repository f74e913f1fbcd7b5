// The durable domain-event outbox. A module that changes something others react to (an
// appointment booked, moved or cancelled) writes an event in the same transaction as the change,
// so an event exists exactly when the change committed. Consumers (reminders, calls) claim events
// through event_consumptions, whose (consumer, event_id) key lets exactly one instance handle each
// event; a claim not finished within the lease (a crashed instance) may be taken again.
// Payloads carry ids and instants only, never PHI.
import { randomUUID } from 'node:crypto';
import type { AppContext } from '../../context.js';
import type { Selectable } from 'kysely';
import type { DbOrTx } from '../../db/index.js';
import type { DomainEventsTable } from './table.js';

export const EVENT_TYPES = ['appointment.created', 'appointment.rescheduled', 'appointment.updated', 'appointment.cancelled'] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export type EventPayload = Record<string, string | number | boolean | null | string[]>;

export interface DomainEvent {
  id: string;
  practiceId: string | null;
  type: EventType;
  aggregateType: string;
  aggregateId: string;
  payload: EventPayload;
  createdAt: number;
}

export const DEFAULT_LEASE_MS = 5 * 60 * 1000;

function toEvent(row: Selectable<DomainEventsTable>): DomainEvent {
  return {
    id: row.id,
    practiceId: row.practice_id,
    type: row.type as EventType,
    aggregateType: row.aggregate_type,
    aggregateId: row.aggregate_id,
    payload: JSON.parse(row.payload) as EventPayload,
    createdAt: Number(row.created_at),
  };
}

let counter = 0;
/** Ids sort by creation time, then by order of emission within this process. */
function eventId(now: number): string {
  counter = (counter + 1) % 0x1000000;
  return `${now.toString(16).padStart(12, '0')}-${counter.toString(16).padStart(6, '0')}-${randomUUID()}`;
}

export class Outbox {
  /** Events emitted by this object so far (committed or not): lets app.ts kick the pump after a request that emitted. */
  emitted = 0;

  constructor(private readonly ctx: Pick<AppContext, 'db' | 'clock'>) {}

  /** Records an event inside the caller's transaction. */
  async emit(tx: DbOrTx, e: Omit<DomainEvent, 'id' | 'createdAt'>): Promise<string> {
    const now = this.ctx.clock.now();
    const id = eventId(now);
    await tx
      .insertInto('domain_events')
      .values({
        id,
        practice_id: e.practiceId,
        type: e.type,
        aggregate_type: e.aggregateType,
        aggregate_id: e.aggregateId,
        payload: JSON.stringify(e.payload),
        created_at: now,
      })
      .execute();
    this.emitted++;
    return id;
  }

  /**
   * Claims up to `limit` events this consumer has not handled, oldest first. Each returned event
   * is claimed by this caller alone (other instances get others); finish each with done().
   */
  async claim(consumer: string, opts: { limit?: number; types?: readonly EventType[]; leaseMs?: number } = {}): Promise<DomainEvent[]> {
    const { db, clock } = this.ctx;
    const now = clock.now();
    const limit = opts.limit ?? 100;
    const staleBefore = now - (opts.leaseMs ?? DEFAULT_LEASE_MS);
    let q = db
      .selectFrom('domain_events as e')
      .leftJoin('event_consumptions as c', (j) => j.onRef('c.event_id', '=', 'e.id').on('c.consumer', '=', consumer))
      .selectAll('e')
      .select(['c.claimed_at as claimed_at'])
      .where((w) => w.or([w('c.event_id', 'is', null), w.and([w('c.done_at', 'is', null), w('c.claimed_at', '<', staleBefore)])]))
      .orderBy('e.created_at')
      .orderBy('e.id')
      .limit(limit);
    if (opts.types?.length) q = q.where('e.type', 'in', [...opts.types]);
    const candidates = await q.execute();
    const claimed: DomainEvent[] = [];
    for (const row of candidates) {
      let won: boolean;
      if (row.claimed_at === null) {
        const res = await db
          .insertInto('event_consumptions')
          .values({ consumer, event_id: row.id, claimed_at: now, done_at: null })
          .onConflict((oc) => oc.columns(['consumer', 'event_id']).doNothing())
          .executeTakeFirst();
        won = Number(res.numInsertedOrUpdatedRows ?? 0) === 1;
      } else {
        const res = await db
          .updateTable('event_consumptions')
          .set({ claimed_at: now })
          .where('consumer', '=', consumer)
          .where('event_id', '=', row.id)
          .where('done_at', 'is', null)
          .where('claimed_at', '=', row.claimed_at)
          .executeTakeFirst();
        won = Number(res.numUpdatedRows) === 1;
      }
      if (won) claimed.push(toEvent(row));
    }
    return claimed;
  }

  async done(consumer: string, eventId: string, db: DbOrTx = this.ctx.db): Promise<void> {
    await db.updateTable('event_consumptions').set({ done_at: this.ctx.clock.now() }).where('consumer', '=', consumer).where('event_id', '=', eventId).execute();
  }

  /**
   * When the oldest event of these types this consumer has not finished was emitted (null: none):
   * the outbox lag. Walks domain_events_created from the oldest and stops at the first one found.
   */
  async oldestPending(consumer: string, types: readonly EventType[]): Promise<number | null> {
    const row = await this.ctx.db
      .selectFrom('domain_events as e')
      .select('e.created_at')
      .where('e.type', 'in', [...types])
      .where((w) => w.not(w.exists(w.selectFrom('event_consumptions as c').select('c.event_id').whereRef('c.event_id', '=', 'e.id').where('c.consumer', '=', consumer).where('c.done_at', 'is not', null))))
      .orderBy('e.created_at')
      .limit(1)
      .executeTakeFirst();
    return row ? Number(row.created_at) : null;
  }

  /** Events of one aggregate, oldest first (for tests and diagnostics). */
  async history(aggregateId: string): Promise<DomainEvent[]> {
    const rows = await this.ctx.db.selectFrom('domain_events').selectAll().where('aggregate_id', '=', aggregateId).orderBy('created_at').orderBy('id').execute();
    return rows.map(toEvent);
  }
}
