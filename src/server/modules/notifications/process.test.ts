// With DISPATCHER=external the web side only enqueues; `npm run dispatcher` (a process of its own,
// here `node --import tsx src/server/dispatcher.ts`) sends the notifications beside the reminders,
// and stops cleanly on SIGTERM.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPractice, joinColleague, type Colleague, type PracticeFixture } from '../../testing/actors.js';
import { testDialects } from '../../testing/dialects.js';
import { createHarness, type Harness } from '../../testing/harness.js';
import { dispatcherEnv, spawnDispatcher } from '../../testing/reminder-load.js';

describe.each(testDialects())('notifications from the dispatcher process on %s', (dialect) => {
  let h: Harness;
  let p: PracticeFixture;
  let provider: Colleague;

  beforeAll(async () => {
    // The harness's web side dispatches nothing (DISPATCHER=external, its own dispatcher not started).
    h = await createHarness(dialect, { smtp: true, notifications: false, env: { OUTBOX_POLL_MS: '0' } });
    p = await createPractice(h);
    provider = await joinColleague(h, p.owner, 'provider', 'Priya Processprovider');
  }, 60_000);
  afterAll(async () => h?.close());

  it('an invitation enqueued by the web side and an alert enqueued while it runs are mailed by the dispatcher process', async () => {
    const email = 'process.notify@example.test';
    const client = await p.owner.post('/api/clients', { firstName: 'Proc', lastName: 'Client', dateOfBirth: '1980-01-01', providerIds: [provider.id], email, consents: { email: true, sms: false, details: false } });
    expect(client.statusCode, client.body).toBe(201);
    const clientId = client.json().id as string;
    const start = new Date(Date.now() + 3 * 24 * 3600_000).toISOString();
    const booked = await p.owner.post('/api/appointments', { clientIds: [clientId], providerId: provider.id, start, durationMinutes: 50, timeZone: 'UTC', type: 'video' });
    expect(booked.statusCode, booked.body).toBe(201);
    await h.app.services.pump.drain();
    const row = await h.database.db.selectFrom('notifications').selectAll().where('recipient_id', '=', clientId).executeTakeFirstOrThrow();
    expect(row.status).toBe('scheduled');
    expect(h.smtp!.messages.filter((m) => m.to.includes(email))).toEqual([]);

    const d = spawnDispatcher(dispatcherEnv(h));
    try {
      await d.ready;
      const mail = await h.smtp!.waitFor((m) => m.to.includes(email), 20_000);
      expect(mail.messageId).toBe(`<notification.${row.id}@127.0.0.1>`);
      expect(mail.subject).toBe('Your upcoming appointment');
      // Enqueued on the web side while the process runs: its poll finds it.
      await h.app.services.messages.alert(p.practiceId, [provider.id], 'secure message', `/clients/${clientId}/messages`, 'message:process-1');
      const alert = await h.smtp!.waitFor((m) => m.to.includes(provider.email) && /secure message/.test(m.subject), 20_000);
      expect(alert.text).toContain(`/clients/${clientId}/messages`);
    } finally {
      d.child.kill('SIGTERM');
    }
    expect(await d.exited).toEqual({ code: 0, signal: null });
    const rows = await h.database.db.selectFrom('notifications').select(['kind', 'status']).where('practice_id', '=', p.practiceId).orderBy('id').execute();
    expect(rows).toEqual([
      { kind: 'calendar_invitation', status: 'sent' },
      { kind: 'message_alert', status: 'sent' },
    ]);
  }, 60_000);
});
