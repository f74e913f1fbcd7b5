// Reminders keep flowing while the web side sheds load, on every test database. The web process's
// event loop is held busy (well past MAX_EVENT_LOOP_DELAY_MS), so @fastify/under-pressure answers
// its API requests 503 with Retry-After; meanwhile due reminders are still sent, exactly once, by
//  - the dispatcher inside that very process (DISPATCHER=inline: timers still fire; shedding
//    refuses requests, never background work), and
//  - a dispatcher in its own process (`npm run dispatcher`, DISPATCHER=external on the web side),
//    which never goes through HTTP at all.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPractice, type PracticeFixture } from '../../testing/actors.js';
import { testDialects } from '../../testing/dialects.js';
import { createHarness, type Harness } from '../../testing/harness.js';
import { dispatcherEnv, importLoadClients, seedDueReminders, spawnDispatcher, statusCounts } from '../../testing/reminder-load.js';
import { eventually } from '../../testing/eventually.js';

const PER_RUN = 100;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Keeps this process's event loop busy: 200 ms of work in every 220 ms, until stopped. */
function holdEventLoop(): () => void {
  const timer = setInterval(() => {
    const until = Date.now() + 200;
    while (Date.now() < until) {
      /* busy */
    }
  }, 220);
  return () => clearInterval(timer);
}

describe.each(testDialects())('reminders while the web side sheds load on %s', (dialect) => {
  let h: Harness;
  let p: PracticeFixture;
  let clientIds: string[];

  const seed = async (count: number) => {
    const now = Date.now();
    await seedDueReminders(h.database.db, { practiceId: p.practiceId, providerId: p.userId, clientIds, count, start: now + 24 * 3600_000, dueAt: (i) => now - 1000 + i, now });
  };
  const receivedIds = () => h.smtp!.messages.map((m) => /^<reminder\.([0-9a-f-]{36})@/.exec(m.messageId)?.[1]).filter((id): id is string => !!id);
  /** Asks the API while the loop is held: every answer a 503 with Retry-After (or, rarely, a whole 200). */
  const shed = async () => {
    let refused = 0;
    for (let i = 0; i < 20; i++) {
      const res = await p.owner.get('/api/practice/users');
      expect([200, 503], res.body).toContain(res.statusCode);
      if (res.statusCode === 503) {
        refused++;
        expect(res.headers['retry-after']).toBeDefined();
        expect(res.json().error.code).toBe('overloaded');
      }
      await sleep(50);
    }
    return refused;
  };

  const allSent = () => eventually(async () => !(await statusCounts(h.database.db)).scheduled, { timeoutMs: 30_000, intervalMs: 100, what: 'no reminder left scheduled' });

  beforeAll(async () => {
    h = await createHarness(dialect, { smtp: true, env: { OUTBOX_POLL_MS: '0', MAX_EVENT_LOOP_DELAY_MS: '20', REMINDER_POLL_MS: '100' } });
    p = await createPractice(h);
    clientIds = await importLoadClients(h, p, 'Shed', 50);
  }, 60_000);
  afterAll(async () => h?.close());

  it('the dispatcher inside the shedding process sends every due reminder once', async () => {
    await seed(PER_RUN);
    const release = holdEventLoop();
    const dispatcher = h.app.services.reminders.dispatcher;
    try {
      dispatcher.start();
      expect(await shed()).toBeGreaterThan(0);
      await allSent();
    } finally {
      await dispatcher.stop();
      release();
    }
    const counts = await statusCounts(h.database.db);
    expect(counts).toEqual({ sent: PER_RUN });
    const ids = receivedIds();
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toHaveLength(PER_RUN);
  }, 60_000);

  it('a dispatcher in its own process sends every due reminder once while the web side refuses requests', async () => {
    await seed(PER_RUN);
    const d = spawnDispatcher(dispatcherEnv(h));
    await d.ready;
    const release = holdEventLoop();
    try {
      expect(await shed()).toBeGreaterThan(0);
      await allSent();
    } finally {
      release();
      d.child.kill('SIGTERM');
      expect(await d.exited).toEqual({ code: 0, signal: null });
    }
    expect(await statusCounts(h.database.db)).toEqual({ sent: 2 * PER_RUN });
    const ids = receivedIds();
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toHaveLength(2 * PER_RUN);
  }, 90_000);
});
