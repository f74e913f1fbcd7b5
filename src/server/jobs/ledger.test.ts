// The send ledger and the ledger dispatcher on their own, over the notifications table with a
// delivery of the test's making (the reminders' and notifications' own suites cover their
// configurations): claims are disjoint and committed before the send, a claim past its lease turns
// `uncertain` and is never resent, transient failures retry with backoff until the last attempt or
// the deadline, permanent ones fail, a send cut off is `uncertain`, a failed prepare gives the rows
// back with the attempt not counted, and only the claim that took a row may finish it.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../lib/clock.js';
import { createPractice } from '../testing/actors.js';
import { testDialects } from '../testing/dialects.js';
import { createHarness, type Harness } from '../testing/harness.js';
import { LedgerDispatcher, type Delivery, type Failure, type Outgoing } from './dispatcher.js';
import { backoff, MAX_BACKOFF_MS, sendLedger } from './ledger.js';

const MIN = 60_000;
const ledger = sendLedger('notifications');

interface Row {
  id: string;
  channel: 'email' | 'sms';
  status: string;
  attempts: number;
  kind: string;
}

/** What the test's delivery does with each row, by kind; the sends it made, in order. */
class TestDelivery implements Delivery<Row> {
  readonly label = 'test';
  readonly ledger = ledger;
  readonly sent: string[] = [];
  readonly audited: { id: string; outcome: string; code: string | null }[] = [];
  prepareFails = false;
  deadlineAt: number | undefined;

  constructor(private readonly h: () => Harness) {}

  async claim(o: { now: number; limit: number; me: string }): Promise<Row[]> {
    const rows = await ledger.claimDue<Row>(this.h().database.db, this.h().database.dialect, o);
    return rows.map((r) => ({ ...r, attempts: Number(r.attempts) }));
  }

  async prepare(group: Row[], outcomes: Parameters<Delivery<Row>['prepare']>[1]): Promise<Outgoing<Row>[]> {
    if (this.prepareFails) throw new Error('the database went away');
    const out: Outgoing<Row>[] = [];
    for (const row of group) {
      if (row.kind === 'skip') await outcomes.end([row], 'skipped', 'no_consent');
      else if (row.kind === 'compose-error') await outcomes.later(row, 'compose_error');
      else
        out.push({
          row,
          send: async () => {
            if (row.kind === 'transient') throw Object.assign(new Error('busy'), { kind: 'transient' });
            if (row.kind === 'permanent') throw Object.assign(new Error('no such mailbox'), { kind: 'permanent' });
            if (row.kind === 'cut') throw Object.assign(new Error('connection lost after DATA'), { kind: 'uncertain' });
            this.sent.push(row.id);
            return row.channel === 'sms' ? `SM${row.id.slice(0, 6)}` : null;
          },
        });
    }
    return out;
  }

  judge(err: unknown): Failure {
    return { kind: (err as { kind: Failure['kind'] }).kind, code: `test_${(err as { kind: string }).kind}` };
  }

  deadline(): number {
    return this.deadlineAt ?? Number.MAX_SAFE_INTEGER;
  }

  async audit(row: Row, outcome: 'success' | 'failure', code: string | null): Promise<void> {
    this.audited.push({ id: row.id, outcome, code });
  }

  logRef(row: Row) {
    return { testId: row.id };
  }

  idempotentSms(): boolean {
    return false;
  }
}

describe.each(testDialects())('the send ledger and its dispatcher on %s', (dialect) => {
  let h: Harness;
  let practiceId: string;
  const clock = new ManualClock(Date.UTC(2026, 11, 6, 9));
  const opts = { pollMs: 0, concurrency: 10, leaseMs: 5 * MIN, maxAttempts: 3, retryBaseMs: MIN };
  const db = () => h.database.db;
  const dispatcher = (delivery: TestDelivery, o: Partial<typeof opts> = {}) => new LedgerDispatcher<Row>({ db: db(), clock, log: h.app.services.ctx.log }, { ...opts, ...o }, delivery);
  const row = (id: string) => db().selectFrom('notifications').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  let seq = 0;
  const enqueue = async (kind: string, o: { channel?: 'email' | 'sms'; at?: number } = {}) => {
    // Time-ordered ids, as the notification service makes them.
    const id = `${String(clock.now()).padStart(15, '0')}-${String(seq++).padStart(6, '0')}-${randomUUID().slice(0, 8)}`;
    await db()
      .insertInto('notifications')
      .values({
        id,
        practice_id: practiceId,
        kind,
        channel: o.channel ?? 'email',
        recipient_type: 'client',
        recipient_id: randomUUID(),
        dedupe_key: `test:${id}`,
        payload: '{}',
        status: 'scheduled',
        attempts: 0,
        next_attempt_at: o.at ?? clock.now(),
        claimed_at: null,
        claimed_by: null,
        failure: null,
        provider_id: null,
        sent_at: null,
        created_at: clock.now(),
        updated_at: clock.now(),
      })
      .execute();
    return id;
  };

  beforeAll(async () => {
    h = await createHarness(dialect, { clock, notifications: false });
    practiceId = (await createPractice(h)).practiceId;
  });
  afterAll(async () => h?.close());
  beforeEach(async () => {
    // Each test sees only its own rows.
    await db().updateTable('notifications').set({ status: 'cancelled' }).where('status', 'in', ['scheduled', 'sending']).execute();
  });

  it('backoff doubles from the base and stops at six hours', () => {
    expect([1, 2, 3, 4].map((n) => backoff(MIN, n))).toEqual([MIN, 2 * MIN, 4 * MIN, 8 * MIN]);
    expect(backoff(MIN, 0)).toBe(MIN);
    expect(backoff(MIN, 40)).toBe(MAX_BACKOFF_MS);
  });

  it('claims due rows once, in the order they fell due, as `sending` with the attempt counted; nextDue names the next', async () => {
    const later = await enqueue('ok', { at: clock.now() + 10 * MIN });
    const b = await enqueue('ok', { at: clock.now() - MIN });
    const a = await enqueue('ok', { at: clock.now() - 2 * MIN });
    const claimed = await ledger.claimDue<Row>(db(), h.database.dialect, { now: clock.now(), limit: 10, me: 'one' });
    expect(claimed.map((r) => r.id)).toEqual([a, b]);
    expect(await ledger.claimDue<Row>(db(), h.database.dialect, { now: clock.now(), limit: 10, me: 'two' })).toEqual([]);
    expect(await row(a)).toMatchObject({ status: 'sending', claimed_by: 'one' });
    expect(Number((await row(a)).attempts)).toBe(1);
    expect(await ledger.nextDue(db())).toBe(clock.now() + 10 * MIN);
    // Only the claim that took a row finishes it.
    await ledger.finishSent(db(), 'two', [{ id: a, providerId: null }], clock.now());
    expect((await row(a)).status).toBe('sending');
    await ledger.finishSent(db(), 'one', [{ id: a, providerId: null }, { id: b, providerId: 'SM1' }], clock.now());
    expect(await row(a)).toMatchObject({ status: 'sent', provider_id: null });
    expect(await row(b)).toMatchObject({ status: 'sent', provider_id: 'SM1' });
    // Released: back to scheduled, the attempt not counted.
    clock.advance(10 * MIN);
    await ledger.claimDue<Row>(db(), h.database.dialect, { now: clock.now(), limit: 10, me: 'one' });
    await ledger.release(db(), 'one', [later], clock.now());
    expect(await row(later)).toMatchObject({ status: 'scheduled', claimed_by: null });
    expect(Number((await row(later)).attempts)).toBe(0);
  });

  it('a claim past its lease turns `uncertain` (never resent); a late error of its send does not reopen it', async () => {
    const id = await enqueue('ok');
    await ledger.claimDue<Row>(db(), h.database.dialect, { now: clock.now(), limit: 10, me: 'dead' });
    expect(await ledger.sweepStale(db(), { now: clock.now() + MIN, leaseMs: 5 * MIN, idempotentSms: false })).toEqual({ uncertain: 0, retried: 0 });
    expect(await ledger.sweepStale(db(), { now: clock.now() + 6 * MIN, leaseMs: 5 * MIN, idempotentSms: false })).toEqual({ uncertain: 1, retried: 0 });
    expect(await row(id)).toMatchObject({ status: 'uncertain', failure: 'interrupted' });
    await ledger.retryLater(db(), 'dead', id, clock.now() + MIN, 'test_transient', clock.now());
    expect((await row(id)).status).toBe('uncertain');
    // With an idempotent SMS provider a stale SMS claim is scheduled again instead.
    const sms = await enqueue('ok', { channel: 'sms' });
    await ledger.claimDue<Row>(db(), h.database.dialect, { now: clock.now(), limit: 10, me: 'dead' });
    expect(await ledger.sweepStale(db(), { now: clock.now() + 6 * MIN, leaseMs: 5 * MIN, idempotentSms: true })).toEqual({ uncertain: 0, retried: 1 });
    expect((await row(sms)).status).toBe('scheduled');
  });

  it('the dispatcher sends once, skips, retries with backoff then fails, fails a permanent error, and leaves a cut-off send `uncertain`', async () => {
    const delivery = new TestDelivery(() => h);
    const d = dispatcher(delivery);
    const ok = await enqueue('ok');
    const text = await enqueue('ok', { channel: 'sms' });
    const skip = await enqueue('skip');
    const transient = await enqueue('transient');
    const permanent = await enqueue('permanent');
    const cut = await enqueue('cut');
    await d.drain();
    expect(delivery.sent.sort()).toEqual([ok, text].sort());
    expect(await row(ok)).toMatchObject({ status: 'sent', claimed_by: d.id });
    expect((await row(text)).provider_id).toMatch(/^SM/);
    expect(await row(skip)).toMatchObject({ status: 'skipped', failure: 'no_consent' });
    expect(await row(permanent)).toMatchObject({ status: 'failed', failure: 'test_permanent' });
    expect(await row(cut)).toMatchObject({ status: 'uncertain', failure: 'test_uncertain' });
    expect(await row(transient)).toMatchObject({ status: 'scheduled', failure: 'test_transient' });
    expect(Number((await row(transient)).next_attempt_at)).toBe(clock.now() + MIN);
    // Nothing is tried again before the backoff; then twice more, and `failed` after the third attempt.
    await d.drain();
    expect(Number((await row(transient)).attempts)).toBe(1);
    clock.advance(MIN);
    await d.drain();
    expect(await row(transient)).toMatchObject({ status: 'scheduled' });
    expect(Number((await row(transient)).next_attempt_at)).toBe(clock.now() + 2 * MIN);
    clock.advance(2 * MIN);
    await d.drain();
    expect(await row(transient)).toMatchObject({ status: 'failed', failure: 'test_transient' });
    expect(Number((await row(transient)).attempts)).toBe(3);
    expect(delivery.sent.filter((id) => id === ok)).toHaveLength(1);
    expect(d.counts).toMatchObject({ sent: 2, skipped: 1, failed: 2, uncertain: 1, retried: 2 });
    expect(delivery.audited.filter((a) => a.outcome === 'failure').map((a) => a.id).sort()).toEqual([transient, permanent, cut].sort());
    expect(await d.oldestDue()).toBeNull();
  });

  it('a retry that would fall after the deadline fails at once; a row that cannot be built now is tried again later', async () => {
    const delivery = new TestDelivery(() => h);
    delivery.deadlineAt = clock.now() + 30_000;
    const d = dispatcher(delivery);
    const transient = await enqueue('transient');
    const later = await enqueue('compose-error');
    await d.drain();
    expect(await row(transient)).toMatchObject({ status: 'failed', failure: 'test_transient' });
    expect(await row(later)).toMatchObject({ status: 'scheduled', failure: 'compose_error' });
    expect(Number((await row(later)).next_attempt_at)).toBe(clock.now() + MIN);
  });

  it('a prepare that fails gives the whole group back, the attempt not counted', async () => {
    const delivery = new TestDelivery(() => h);
    delivery.prepareFails = true;
    const d = dispatcher(delivery);
    const id = await enqueue('ok');
    await d.drain();
    expect(await row(id)).toMatchObject({ status: 'scheduled', claimed_by: null });
    expect(Number((await row(id)).attempts)).toBe(0);
    delivery.prepareFails = false;
    await d.drain();
    expect(await row(id)).toMatchObject({ status: 'sent' });
  });

  it('two dispatchers claim disjoint rows: each row is sent exactly once', async () => {
    const delivery = new TestDelivery(() => h);
    const ids = await Promise.all(Array.from({ length: 24 }, () => enqueue('ok')));
    const [a, b] = [dispatcher(delivery, { concurrency: 3 }), dispatcher(delivery, { concurrency: 3 })];
    await Promise.all([a.drain(), b.drain()]);
    expect(delivery.sent.sort()).toEqual([...ids].sort());
    expect(a.counts.sent + b.counts.sent).toBe(24);
  });

  it('the dispatcher sweeps a dead claim on its first pass and stops cleanly', async () => {
    const delivery = new TestDelivery(() => h);
    const id = await enqueue('ok');
    await ledger.claimDue<Row>(db(), h.database.dialect, { now: clock.now(), limit: 10, me: 'dead' });
    clock.advance(6 * MIN);
    const d = dispatcher(delivery, { pollMs: 60_000 });
    d.start();
    expect(d.active).toBe(true);
    await d.drain();
    await d.stop();
    expect(d.active).toBe(false);
    expect(await row(id)).toMatchObject({ status: 'uncertain', failure: 'interrupted' });
    expect(delivery.sent).not.toContain(id);
    expect(d.counts.uncertain).toBe(1);
  });
});
