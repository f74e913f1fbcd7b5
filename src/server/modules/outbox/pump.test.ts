// The outbox pump on every test database: two pumps over two connection pools (two instances of
// Hearth on one database) handle each event exactly once; a failing handler's event comes back
// only once its lease has passed; one consumer's runs never overlap; stop() ends polling.
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../../db/index.js';
import { ManualClock } from '../../lib/clock.js';
import { testDialects } from '../../testing/dialects.js';
import { createHarness, type Harness } from '../../testing/harness.js';
import { DEFAULT_LEASE_MS, Outbox, type DomainEvent, type EventType } from './outbox.js';
import { OutboxPump } from './pump.js';
import { eventually } from '../../testing/eventually.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function captureLog() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(chunk.toString('utf8'));
      done();
    },
  });
  return { log: pino({ level: 'info' }, stream), lines };
}

describe.each(testDialects())('outbox pump on %s', (dialect) => {
  let h: Harness;
  let second: DatabaseHandle;
  const clock = new ManualClock(Date.UTC(2026, 9, 1, 12));
  let n = 0;
  const consumerName = () => `test-consumer-${++n}`;

  beforeAll(async () => {
    h = await createHarness(dialect, { clock, env: { OUTBOX_POLL_MS: '0' } });
    // A second connection pool to the same database: what a second instance of Hearth would hold.
    second = openDatabase(h.config.database);
  });
  afterAll(async () => {
    await second?.destroy();
    await h?.close();
  });

  async function emit(count: number, type: EventType = 'appointment.created'): Promise<string[]> {
    const outbox = new Outbox({ db: h.database.db, clock });
    const ids: string[] = [];
    await h.database.db.transaction().execute(async (tx) => {
      for (let i = 0; i < count; i++) ids.push(await outbox.emit(tx, { practiceId: null, type, aggregateType: 'test', aggregateId: `agg-${n}-${i}`, payload: { i } }));
    });
    return ids;
  }

  it('two instances on one database handle each event exactly once', async () => {
    const name = consumerName();
    const ids = await emit(120);
    const other = await emit(5, 'appointment.updated');
    const handled: { pump: number; id: string }[] = [];
    // The first instance holds its first batch until the second has handled an event, so the two
    // demonstrably work side by side (or the wait times out and the test says so).
    let secondWorked: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      secondWorked = resolve;
      setTimeout(resolve, 5000);
    });
    const pumps = [h.database, second].map((database, i) => {
      const pump = new OutboxPump(new Outbox({ db: database.db, clock }), pino({ level: process.env.DEBUG_PUMP ? 'info' : 'silent' }), { intervalMs: 0, batchSize: 7 });
      pump.register({
        name,
        types: ['appointment.created'],
        handle: async (e: DomainEvent) => {
          handled.push({ pump: i, id: e.id });
          if (i === 1) secondWorked();
          else await gate;
          await sleep(1);
        },
      });
      return pump;
    });
    await Promise.all(pumps.map((p) => p.drain()));
    expect(handled.map((x) => x.id).sort()).toEqual([...ids].sort());
    // Both instances took part, and no event of a type the consumer does not handle was claimed.
    expect(new Set(handled.map((x) => x.pump))).toEqual(new Set([0, 1]));
    const rows = await h.database.db.selectFrom('event_consumptions').selectAll().where('consumer', '=', name).execute();
    expect(rows.map((r) => r.event_id).sort()).toEqual([...ids].sort());
    expect(rows.every((r) => r.done_at !== null)).toBe(true);
    expect(rows.some((r) => other.includes(r.event_id))).toBe(false);
    // Draining again finds nothing left.
    await Promise.all(pumps.map((p) => p.drain()));
    expect(handled).toHaveLength(ids.length);
  });

  it('a failing handler is logged without its message and retried only after the lease', async () => {
    const name = consumerName();
    const [failing, fine] = (await emit(2)) as [string, string];
    const attempts = new Map<string, number>();
    const { log, lines } = captureLog();
    const leaseMs = 60_000;
    const pump = new OutboxPump(new Outbox({ db: h.database.db, clock }), log, { intervalMs: 0 });
    pump.register({
      name,
      types: ['appointment.created'],
      leaseMs,
      handle: async (e) => {
        const k = (attempts.get(e.id) ?? 0) + 1;
        attempts.set(e.id, k);
        if (e.id === failing && k === 1) throw Object.assign(new Error('SMTP said no to marigold.quince@example.test'), { code: 'EENVELOPE' });
      },
    });
    await pump.drain();
    expect(attempts.get(failing)).toBe(1);
    expect(attempts.get(fine)).toBe(1);
    const logged = lines.join('');
    expect(logged).toContain(failing);
    expect(logged).toContain('EENVELOPE');
    expect(logged).not.toContain('marigold');

    // Within the lease the claim stands: nothing is retried.
    clock.advance(leaseMs - 1000);
    await pump.drain();
    expect(attempts.get(failing)).toBe(1);
    // Past it, the event is claimed again, handled, and done.
    clock.advance(2000);
    await pump.drain();
    expect(attempts.get(failing)).toBe(2);
    expect(attempts.get(fine)).toBe(1);
    const row = await h.database.db.selectFrom('event_consumptions').selectAll().where('consumer', '=', name).where('event_id', '=', failing).executeTakeFirstOrThrow();
    expect(row.done_at).not.toBeNull();
    expect(DEFAULT_LEASE_MS).toBeGreaterThan(leaseMs);
  });

  it('kicks coalesce: one consumer never runs twice at once, and every event is handled once', async () => {
    const name = consumerName();
    const mine = `agg-${n}-`;
    const ids = await emit(30);
    let active = 0;
    let most = 0;
    const seen: string[] = [];
    const pump = new OutboxPump(new Outbox({ db: h.database.db, clock }), pino({ level: 'silent' }), { intervalMs: 0, batchSize: 4 });
    pump.register({
      name,
      types: ['appointment.created'],
      handle: async (e) => {
        active++;
        most = Math.max(most, active);
        // This consumer is new, so it also gets the earlier tests' events: count this test's own.
        if (e.aggregateId.startsWith(mine)) seen.push(e.id);
        await sleep(1);
        active--;
      },
    });
    for (let i = 0; i < 20; i++) {
      pump.kick();
      await sleep(0);
    }
    const late = await emit(3);
    pump.kick();
    await pump.drain();
    expect(most).toBe(1);
    expect(seen.sort()).toEqual([...ids, ...late].sort());
  });

  it('polls on its interval, and stop() ends polling and waits for the run in progress', async () => {
    const name = consumerName();
    const seen: string[] = [];
    const pump = new OutboxPump(new Outbox({ db: h.database.db, clock }), pino({ level: 'silent' }), { intervalMs: 20 });
    pump.register({
      name,
      types: ['appointment.cancelled'],
      handle: async (e) => {
        await sleep(30);
        seen.push(e.id);
      },
    });
    pump.start();
    const first = await emit(1, 'appointment.cancelled');
    await eventually(() => seen.length >= 1, { timeoutMs: 2000, intervalMs: 20, what: 'the first event handled' });
    expect(seen).toEqual(first);
    const second = await emit(1, 'appointment.cancelled');
    // Let a poll pick it up, then stop while it is being handled: stop waits for it.
    await eventually(
      async () => (await h.database.db.selectFrom('event_consumptions').select('event_id').where('consumer', '=', name).where('event_id', '=', second[0]!).executeTakeFirst()) !== undefined,
      { timeoutMs: 500, intervalMs: 5, what: 'the second event claimed' },
    ).catch(() => undefined);
    await pump.stop();
    expect(seen).toEqual([...first, ...second]);
    const after = await emit(1, 'appointment.cancelled');
    await sleep(100);
    pump.kick();
    await pump.drain();
    expect(seen).not.toContain(after[0]);
  });

  it('refuses a consumer name registered twice', () => {
    const pump = new OutboxPump(new Outbox({ db: h.database.db, clock }), pino({ level: 'silent' }), { intervalMs: 0 });
    const consumer = { name: 'twice', types: ['appointment.created'] as const, handle: async () => undefined };
    pump.register(consumer);
    expect(() => pump.register(consumer)).toThrow(/registered twice/);
    expect(() => pump.register({ ...consumer, name: 'nothing', types: [] })).toThrow(/no event types/);
  });
});
