// A reminder goes at its due instant, not at the dispatcher's next poll: after a pass that finds
// nothing due, the dispatcher sets a timer for the next row's due time when that comes before the
// next poll. With a 10-second poll, a reminder due 600 ms after an idle pass is sent within a
// couple of seconds of its time (a poll would have left it up to 10 s late).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPractice, type PracticeFixture } from '../../testing/actors.js';
import { testDialects } from '../../testing/dialects.js';
import { createHarness, type Harness } from '../../testing/harness.js';
import { seedDueReminders } from '../../testing/reminder-load.js';
import { eventually } from '../../testing/eventually.js';

const POLL_MS = 10_000;

describe.each(testDialects())('the reminder dispatcher wakes for the next due row on %s', (dialect) => {
  let h: Harness;
  let p: PracticeFixture;

  beforeAll(async () => {
    h = await createHarness(dialect, { smtp: true, env: { OUTBOX_POLL_MS: '0', DISPATCHER: 'inline', REMINDER_POLL_MS: String(POLL_MS) } });
    p = await createPractice(h);
    const csv = ['firstName,lastName,dateOfBirth,email', 'Wake,Client,1980-01-01,wake@example.test'].join('\n');
    expect((await p.owner.request('POST', '/api/clients/import', csv, { 'content-type': 'text/csv' })).statusCode).toBe(201);
  }, 60_000);
  afterAll(async () => h?.close());

  it('sends a reminder due before the next poll at its time', async () => {
    const clientIds = (await h.database.db.selectFrom('clients').select('id').where('practice_id', '=', p.practiceId).execute()).map((c) => c.id);
    const dispatcher = h.app.services.reminders.dispatcher;
    // An idle pass has just run (the dispatcher started with the app); the row is written after it.
    await dispatcher.drain();
    const now = Date.now();
    const due = now + 600;
    await seedDueReminders(h.database.db, { practiceId: p.practiceId, providerId: p.userId, clientIds, count: 1, start: now + 24 * 3600_000, dueAt: () => due, now });
    // The next pass sees it not yet due and sets the timer (a kick, as a booking's ledger event would).
    dispatcher.kick();
    const mail = await h.smtp!.waitFor((m) => m.messageId.startsWith('<reminder.'), POLL_MS - 1000);
    expect(mail).toBeDefined();
    // The row is recorded just after the SMTP server answers.
    const row = await eventually(
      async () => {
        const r = await h.database.db.selectFrom('reminders').select(['status', 'sent_at']).executeTakeFirstOrThrow();
        return r.status === 'sent' && r;
      },
      { timeoutMs: 2500, intervalMs: 50, what: 'the reminder row marked sent' },
    );
    expect(row.status).toBe('sent');
    const lag = Number(row.sent_at) - due;
    expect(lag).toBeGreaterThanOrEqual(0);
    expect(lag).toBeLessThan(POLL_MS / 2);
  });
});
