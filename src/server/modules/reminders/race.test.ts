// Reschedules and cancellations racing with dispatch, on every test database: while the dispatcher
// works through due reminders in small groups, staff move and cancel the same appointments through
// the API. The recording SMS provider notes each text the moment it is handed over, so the order
// of sends and of answered changes is exact: no reminder for a time may be handed over after a
// change away from that time was answered (committed), and nothing is sent twice.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../lib/clock.js';
import { createPractice, joinColleague, signIn, type Actor, type Colleague, type PracticeFixture } from '../../testing/actors.js';
import { testDialects } from '../../testing/dialects.js';
import { createHarness, type Harness } from '../../testing/harness.js';
import { recordingSms } from '../../testing/recording-sms.js';

const H = 3600_000;
const T0 = Date.UTC(2027, 0, 11, 12, 0, 0);
const APPOINTMENTS = 60;

describe.each(testDialects())('reminders racing with reschedules and cancellations on %s', (dialect) => {
  let h: Harness;
  let p: PracticeFixture & { totpSecret?: string };
  let owner: Actor;
  let provider: Colleague;
  const clock = new ManualClock(T0);
  const sms = recordingSms();
  const ids: string[] = [];

  beforeAll(async () => {
    h = await createHarness(dialect, { smtp: true, clock, sms, env: { OUTBOX_POLL_MS: '0', REMINDER_CONCURRENCY: '3' } });
    p = await createPractice(h);
    owner = p.owner;
    provider = await joinColleague(h, owner, 'provider', 'Rae Raceprovider');
    expect((await owner.patch('/api/practice/reminder-settings', { rules: [{ channel: 'sms', minutesBefore: 60 }] })).statusCode).toBe(200);
    // A group service: its appointments may overlap, so all of them can be at one time.
    const serviceId = (await owner.post('/api/practice/appointment-services', { name: 'Group', defaultMinutes: 50, rateCents: 5000, allowOverlap: true })).json().id as string;
    const csv = ['firstName,lastName,dateOfBirth,phone', ...Array.from({ length: APPOINTMENTS }, (_, i) => `Race${i},Client${i},1980-01-01,+1541555${String(2000 + i)}`)].join('\n');
    expect((await owner.request('POST', '/api/clients/import', csv, { 'content-type': 'text/csv' })).statusCode).toBe(201);
    const clients = (await owner.get('/api/clients?limit=100')).json().items as { id: string }[];
    for (const c of clients) {
      expect((await owner.patch(`/api/clients/${c.id}`, { consents: { email: false, sms: true, details: false }, providerIds: [provider.id] })).statusCode).toBe(200);
      const res = await owner.post('/api/appointments', { clientIds: [c.id], providerId: provider.id, start: new Date(T0 + 2 * H).toISOString(), durationMinutes: 50, timeZone: 'UTC', type: 'video', serviceId });
      expect(res.statusCode, res.body).toBe(201);
      ids.push(res.json().id as string);
    }
    await h.app.services.pump.drain();
    // Every reminder is due (60 minutes before, an hour from the booking).
    clock.set(T0 + H + 60_000);
    owner = await signIn(h, p.email, p.password, p.totpSecret);
    expect((await owner.post('/api/me/active-role', { role: 'owner' })).statusCode).toBe(204);
  }, 120_000);
  afterAll(async () => h?.close());

  it('no reminder is handed over for a time after a change away from it was answered; none twice', async () => {
    const changes = new Map<string, { from: number; answeredAt: number }>();
    // Each send takes a while, as over the network: the changes below land among the sends.
    sms.provider.latencyMs = 15;
    const change = async (n: number, id: string) => {
      const res = n % 3 === 0 ? await owner.post(`/api/appointments/${id}/cancel`, {}) : await owner.patch(`/api/appointments/${id}`, { start: new Date(T0 + 3 * H).toISOString() });
      expect(res.statusCode, res.body).toBe(200);
      changes.set(id, { from: T0 + 2 * H, answeredAt: sms.provider.calls.length });
    };
    // Half the appointments move an hour later or are cancelled. So that both outcomes happen
    // however fast this machine is: the first changes before the dispatcher starts (its reminder
    // must never go), the last after the dispatcher has sent everything (its reminder went before
    // the change), and all between them while the dispatcher works.
    const targets = ids.filter((_, i) => i % 2 === 0);
    await change(0, targets[0]!);
    let moving = true;
    const dispatcher = h.app.services.reminders.dispatcher;
    const dispatching = (async () => {
      while (moving) {
        await dispatcher.drain();
        await new Promise((r) => setImmediate(r));
      }
      await h.app.services.pump.drain();
      await dispatcher.drain();
    })();
    for (const [n, id] of targets.entries()) {
      if (n === 0 || n === targets.length - 1) continue;
      await change(n, id);
      await new Promise((r) => setImmediate(r));
    }
    moving = false;
    await dispatching;
    await change(targets.length - 1, targets.at(-1)!);
    await h.app.services.pump.drain();
    await dispatcher.drain();

    const rows = await h.database.db.selectFrom('reminders').selectAll().execute();
    const byProvider = new Map(rows.filter((r) => r.provider_id).map((r) => [r.provider_id!, r]));
    const violations: string[] = [];
    for (const [index, text] of sms.provider.sent.entries()) {
      const row = byProvider.get(text.providerId);
      expect(row, 'every text has its ledger row').toBeDefined();
      if (row!.kind !== 'reminder') continue;
      const change = changes.get(row!.appointment_id);
      const handedOver = sms.provider.calls.indexOf(sms.provider.calls.find((c) => c.body === text.body && c.to === text.to)!);
      if (change && Number(row!.occurrence_start) === change.from && handedOver >= change.answeredAt) violations.push(`${row!.appointment_id} @${index}`);
    }
    expect(violations).toEqual([]);
    // Exactly once: one text per ledger row, no row sent twice, and every due reminder accounted for.
    expect(new Set(sms.provider.calls.map((c) => `${c.to} ${c.body}`)).size).toBe(sms.provider.calls.length);
    const reminders = rows.filter((r) => r.kind === 'reminder' && Number(r.occurrence_start) === T0 + 2 * H);
    expect(reminders).toHaveLength(APPOINTMENTS);
    expect(reminders.every((r) => r.status === 'sent' || r.status === 'cancelled')).toBe(true);
    const untouched = reminders.filter((r) => !changes.has(r.appointment_id));
    expect(untouched.every((r) => r.status === 'sent')).toBe(true);
    const sentTexts = sms.provider.sent.filter((t) => byProvider.get(t.providerId)?.kind === 'reminder').length;
    expect(sentTexts).toBe(reminders.filter((r) => r.status === 'sent').length);
    // The race happened: some changes came before their reminder went, some after.
    const changedSent = reminders.filter((r) => changes.has(r.appointment_id) && r.status === 'sent').length;
    const changedCancelled = reminders.filter((r) => changes.has(r.appointment_id) && r.status === 'cancelled').length;
    expect(changedSent + changedCancelled).toBe(targets.length);
    expect(changedSent).toBeGreaterThan(0);
    expect(changedCancelled).toBeGreaterThan(0);
    console.log(`race on ${dialect}: ${targets.length} changed while dispatching; ${changedSent} reminded before the change, ${changedCancelled} cancelled (claim or re-check)`);
  }, 120_000);
});
