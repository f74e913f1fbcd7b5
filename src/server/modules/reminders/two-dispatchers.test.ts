// Two dispatcher processes on one PostgreSQL database (`node --import tsx src/server/dispatcher.ts`
// twice, as two `npm run dispatcher` instances would run): 10,000 due reminders, every one sent,
// none twice — each mail's Message-ID carries its ledger id and the real SMTP receiver counts them
// — and both processes did part of the work (FOR UPDATE SKIP LOCKED hands them disjoint rows).
// PostgreSQL only: SQLite has one writer, and there one dispatcher (inline or external) is the setup.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPractice, type PracticeFixture } from '../../testing/actors.js';
import { testDialects } from '../../testing/dialects.js';
import { createHarness, type Harness } from '../../testing/harness.js';
import { dispatcherEnv, importLoadClients, mailsPerReminder, seedDueReminders, spawnDispatcher, statusCounts } from '../../testing/reminder-load.js';
import { eventually } from '../../testing/eventually.js';

const COUNT = 10_000;

describe.skipIf(!testDialects().includes('postgres'))('two dispatcher processes on one PostgreSQL', () => {
  let h: Harness;
  let p: PracticeFixture;

  beforeAll(async () => {
    h = await createHarness('postgres', { smtp: true, env: { OUTBOX_POLL_MS: '0' } });
    p = await createPractice(h);
    const clientIds = await importLoadClients(h, p, 'Two', 500);
    const now = Date.now();
    await seedDueReminders(h.database.db, { practiceId: p.practiceId, providerId: p.userId, clientIds, count: COUNT, perAppointment: 2, start: now + 24 * 3600_000, dueAt: (i) => now - 1000 + (i % 1000), now });
  }, 120_000);
  afterAll(async () => h?.close());

  it('10,000 reminders: every one sent, 0 duplicates, both processes took part', async () => {
    if (h.config.database.dialect !== 'postgres') throw new Error('unreachable');
    const env = {
      ...dispatcherEnv(h, 200),
      REMINDER_CONCURRENCY: '40',
    };
    const started = Date.now();
    const a = spawnDispatcher(env);
    const b = spawnDispatcher(env);
    const ids = await Promise.all([a.ready, b.ready]);
    const db = h.database.db;
    try {
      await eventually(
        async () => {
          const c = await statusCounts(db);
          return !c.scheduled && !c.sending;
        },
        { timeoutMs: 150_000, intervalMs: 250, what: 'every reminder sent' },
      );
    } finally {
      a.child.kill('SIGTERM');
      b.child.kill('SIGTERM');
    }
    expect(await a.exited).toEqual({ code: 0, signal: null });
    expect(await b.exited).toEqual({ code: 0, signal: null });
    const seconds = (Date.now() - started) / 1000;

    expect(await statusCounts(db)).toEqual({ sent: COUNT });
    const received = mailsPerReminder(h.smtp!.messages);
    const duplicates = [...received.values()].filter((n) => n > 1).length;
    expect(duplicates).toBe(0);
    expect(received.size).toBe(COUNT);
    const byProcess = await db
      .selectFrom('reminders')
      .select(['claimed_by', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('claimed_by')
      .execute();
    expect(byProcess.map((r) => r.claimed_by).sort()).toEqual([...ids].sort());
    expect(byProcess.every((r) => Number(r.n) > COUNT / 10)).toBe(true);
    console.log(`two dispatchers: ${COUNT} sent in ${seconds.toFixed(1)} s (from start of the processes), 0 duplicates; shares ${byProcess.map((r) => r.n).join(' / ')}`);
  }, 180_000);
});
