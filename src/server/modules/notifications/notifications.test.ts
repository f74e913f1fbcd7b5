// The notification ledger end to end, through the real SMTP receiver: calendar invitations (from
// the outbox), staff alerts and a test kind go out exactly once or visibly not — one row and one
// mail for an event handled three times; `uncertain` (never resent) for a send cut off after DATA;
// a 4xx retried then sent; a 5xx `failed`; a composer's skip neither decrypts nor sends; PHI-free
// rows and mails; disjoint claims for two dispatchers.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../lib/clock.js';
import { createPractice, joinColleague, type Colleague, type PracticeFixture } from '../../testing/actors.js';
import { testDialects } from '../../testing/dialects.js';
import { createHarness, type Harness } from '../../testing/harness.js';
import { watchClientDecrypts } from '../../testing/decrypts.js';
import { INVITATIONS_CONSUMER } from '../calendar/index.js';
import type { Mailer } from '../mail/index.js';
import { NotificationDispatcher } from './dispatcher.js';
import { eventually } from '../../testing/eventually.js';

const MIN = 60_000;

describe.each(testDialects())('notification ledger on %s', (dialect) => {
  let h: Harness;
  let p: PracticeFixture;
  let provider: Colleague;
  const clock = new ManualClock(Date.UTC(2026, 9, 1, 12));
  /** RCPT answers by address (451, 550), changed by the tests. */
  const refusing = new Map<string, number>();
  const names = ['Zinnia', 'Quartzfield', 'Yarrow', 'Obsidianne', 'Wistful', 'Larkspurova', 'Nettle', 'Thistlewood', 'Verbena', 'Hollyhocke'];
  let n = 0;
  /** Time moved forward by a test, given back after it (the owner's session stays within its idle limit). */
  let moved = 0;
  const later = (ms: number) => {
    moved += ms;
    clock.advance(ms);
  };

  const db = () => h.database.db;
  const dispatcher = () => h.app.services.notifications.dispatcher;
  const drain = async () => {
    await h.app.services.pump.drain();
    await dispatcher().drain();
  };
  const mailsTo = (email: string) => h.smtp!.messages.filter((m) => m.to.includes(email));
  const rowsFor = (recipientId: string) => db().selectFrom('notifications').selectAll().where('recipient_id', '=', recipientId).orderBy('id').execute();
  const client = async (email: string, consents = { email: true, sms: false, details: true }) => {
    const first = names[n++ % names.length]!;
    const res = await p.owner.post('/api/clients', { firstName: first, lastName: names[(n + 3) % names.length]!, dateOfBirth: '1980-01-01', providerIds: [provider.id], email, consents });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id as string;
  };
  const book = async (clientId: string, start: string) => {
    const res = await p.owner.post('/api/appointments', { clientIds: [clientId], providerId: provider.id, start, durationMinutes: 50, timeZone: 'America/New_York', type: 'video' });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id as string;
  };

  beforeAll(async () => {
    h = await createHarness(dialect, {
      smtp: { refuse: (rcpt) => refusing.get(rcpt) ?? null },
      clock,
      // The tests drive the dispatcher themselves.
      notifications: false,
      env: { OUTBOX_POLL_MS: '0', REMINDER_MAX_ATTEMPTS: '3', REMINDER_RETRY_BASE_MS: String(10 * MIN), REMINDER_LEASE_MS: String(5 * MIN) },
    });
    p = await createPractice(h, { practiceName: 'Foxglove Behavioral' });
    provider = await joinColleague(h, p.owner, 'provider', 'Priya Notifyprovider');
  });
  afterAll(async () => h?.close());
  afterEach(() => {
    clock.advance(-moved);
    moved = 0;
  });

  it('an event handled three times enqueues one row, and the SMTP receiver gets one mail with the ledger id', async () => {
    const email = 'once.notify@example.test';
    const id = await client(email);
    await book(id, '2026-10-20T15:00:00Z');
    await h.app.services.pump.drain();
    // As if every claim had been lost twice more (a crash before done): the event comes round again.
    for (let i = 0; i < 2; i++) {
      await db().deleteFrom('event_consumptions').where('consumer', '=', INVITATIONS_CONSUMER).execute();
      await h.app.services.pump.drain();
    }
    const rows = await rowsFor(id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ kind: 'calendar_invitation', channel: 'email', recipient_type: 'client', status: 'scheduled' });
    await dispatcher().drain();
    await db().deleteFrom('event_consumptions').where('consumer', '=', INVITATIONS_CONSUMER).execute();
    await drain();
    const mails = mailsTo(email);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.messageId).toBe(`<notification.${rows[0]!.id}@127.0.0.1>`);
    expect(await rowsFor(id)).toEqual([expect.objectContaining({ status: 'sent', attempts: 1, failure: null })]);
    const audit = await db().selectFrom('audit_log').select(['outcome', 'details', 'actor_type']).where('action', '=', 'notification_sent').where('resource_id', '=', rows[0]!.id).execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.outcome).toBe('success');
    expect(JSON.parse(audit[0]!.details!)).toEqual({ notificationId: rows[0]!.id, kind: 'calendar_invitation', channel: 'email', recipientType: 'client', recipientId: id });

    // A staff alert about the same thing three times: one row, one mail.
    const before = mailsTo(provider.email).length;
    for (let i = 0; i < 3; i++) await h.app.services.messages.alert(p.practiceId, [provider.id], 'secure message', `/clients/${id}/messages`, 'message:test-1');
    expect((await rowsFor(provider.id)).filter((r) => r.dedupe_key.includes('message:test-1'))).toHaveLength(1);
    await dispatcher().drain();
    expect(mailsTo(provider.email).length).toBe(before + 1);
  });

  it('a send cut off after DATA (the server took the mail, its answer never came) ends uncertain after the lease and is never resent', async () => {
    const email = 'cutoff.notify@example.test';
    const id = await client(email);
    await book(id, '2026-10-21T15:00:00Z');
    await h.app.services.pump.drain();
    // A dispatcher whose mailer delivers the message, then hangs as a process killed there would.
    const real = h.app.services.ctx.mailer;
    let hung: ((err: Error) => void) | undefined;
    const hanging: Mailer = {
      async send(mail) {
        await real.send(mail);
        await new Promise<void>((_resolve, reject) => (hung = reject));
      },
      close() {},
    };
    const doomed = new NotificationDispatcher({ ...h.app.services.ctx, mailer: hanging }, () => undefined, h.config.reminders, dispatcher().composers);
    const stuck = doomed.drain();
    await eventually(() => hung !== undefined, { timeoutMs: 3000, intervalMs: 10, what: 'the send hung' });
    expect(hung).toBeDefined();
    expect(mailsTo(email)).toHaveLength(1);
    expect((await rowsFor(id))[0]!.status).toBe('sending');
    // Another dispatcher inside the lease: the row stays `sending` and is not claimed.
    await dispatcher().sweep();
    await dispatcher().drain();
    expect((await rowsFor(id))[0]!.status).toBe('sending');
    later(5 * MIN + 1);
    expect(await dispatcher().sweep()).toBeGreaterThanOrEqual(1);
    await dispatcher().drain();
    expect((await rowsFor(id))[0]).toMatchObject({ status: 'uncertain', failure: 'interrupted' });
    // The hung send fails at last with an error that alone would be a retry (a connection error
    // the mailer marks as before DATA): a row already uncertain stays uncertain.
    hung!(Object.assign(new Error('Connection closed unexpectedly'), { code: 'ECONNECTION', command: 'CONN', dataIssued: false }));
    await stuck;
    expect((await rowsFor(id))[0]!.status).toBe('uncertain');
    later(60 * MIN);
    await drain();
    expect(mailsTo(email)).toHaveLength(1);
    expect((await rowsFor(id))[0]!.status).toBe('uncertain');
  });

  it('an SMTP 451 is retried with backoff, then sent once', async () => {
    const email = 'busy.notify@example.test';
    const id = await client(email);
    refusing.set(email, 451);
    await book(id, '2026-10-22T15:00:00Z');
    await drain();
    expect(await rowsFor(id)).toEqual([expect.objectContaining({ status: 'scheduled', attempts: 1, failure: 'smtp_451' })]);
    expect(mailsTo(email)).toEqual([]);
    // Not before the backoff (10 minutes here).
    later(5 * MIN);
    await drain();
    expect((await rowsFor(id))[0]!.attempts).toBe(1);
    refusing.delete(email);
    later(5 * MIN);
    await drain();
    expect(await rowsFor(id)).toEqual([expect.objectContaining({ status: 'sent', attempts: 2, failure: null })]);
    later(60 * MIN);
    await drain();
    expect(mailsTo(email)).toHaveLength(1);
  });

  it('an SMTP 550 is failed at once, audited with its code, and not tried again', async () => {
    const email = 'gone.notify@example.test';
    const id = await client(email);
    refusing.set(email, 550);
    await book(id, '2026-10-23T15:00:00Z');
    await drain();
    const [row] = await rowsFor(id);
    expect(row).toMatchObject({ status: 'failed', attempts: 1, failure: 'smtp_550' });
    const audit = await db().selectFrom('audit_log').select(['outcome', 'details']).where('action', '=', 'notification_sent').where('resource_id', '=', row!.id).execute();
    expect(audit.map((a) => [a.outcome, JSON.parse(a.details!).failure])).toEqual([['failure', 'smtp_550']]);
    refusing.delete(email);
    later(6 * 60 * MIN);
    await drain();
    expect((await rowsFor(id))[0]!.status).toBe('failed');
    expect(mailsTo(email)).toEqual([]);
  });

  it('a composer that skips (consent withdrawn before the send) neither decrypts the address nor sends', async () => {
    const email = 'withdrawn.notify@example.test';
    const id = await client(email);
    await book(id, '2026-10-26T15:00:00Z');
    await h.app.services.pump.drain();
    expect(await rowsFor(id)).toEqual([expect.objectContaining({ status: 'scheduled' })]);
    const res = await p.owner.patch(`/api/clients/${id}`, { consents: { email: false, sms: false, details: false } });
    expect(res.statusCode, res.body).toBe(200);
    const watch = watchClientDecrypts(h);
    try {
      await dispatcher().drain();
    } finally {
      watch.restore();
    }
    expect(watch.decrypted.filter((d) => d.startsWith(id))).toEqual([]);
    expect(await rowsFor(id)).toEqual([expect.objectContaining({ status: 'skipped', failure: 'no_consent', attempts: 1 })]);
    expect(mailsTo(email)).toEqual([]);
    // Its key is given back: nothing marks this client as invited.
    expect(await db().selectFrom('appointment_notifications').selectAll().where('client_id', '=', id).execute()).toEqual([]);
  });

  it('two dispatchers claim disjoint rows: 40 notices, each mailed once', async () => {
    const sent: string[] = [];
    const composers = dispatcher().composers;
    if (!composers.has('test_notice')) {
      composers.set('test_notice', {
        compose: async (row) => {
          sent.push(row.id);
          return { mail: { to: 'notices.notify@example.test', subject: 'Notice', text: `Notice ${String(row.payload.seq)}` } };
        },
      });
    }
    const service = h.app.services.notifications;
    const made = await service.enqueue(
      db(),
      Array.from({ length: 40 }, (_, i) => ({ practiceId: p.practiceId, kind: 'test_notice', recipient: { type: 'user' as const, id: `u${i % 7}` }, dedupeKey: `test_notice:${i}`, payload: { seq: i } })),
    );
    expect(made).toBe(40);
    const other = new NotificationDispatcher(h.app.services.ctx, () => undefined, { ...h.config.reminders, concurrency: 3 }, composers);
    await Promise.all([dispatcher().drain(), other.drain()]);
    expect(new Set(sent).size).toBe(40);
    expect(sent).toHaveLength(40);
    const mails = mailsTo('notices.notify@example.test');
    expect(new Set(mails.map((m) => m.messageId)).size).toBe(40);
    expect(mails).toHaveLength(40);
    await other.stop();
  });

  it('owners see the ledger (e.g. what is uncertain) without addresses; audited; other roles are refused; a bad status is a 400 naming it', async () => {
    const res = await p.owner.get('/api/practice/notifications?status=uncertain');
    expect(res.statusCode, res.body).toBe(200);
    const items = res.json().items as { id: string; kind: string; status: string; failure: string | null; recipientType: string }[];
    expect(items.length).toBeGreaterThanOrEqual(1);
    expect(items.every((i) => i.status === 'uncertain' && i.failure === 'interrupted')).toBe(true);
    expect(items[0]).toMatchObject({ kind: 'calendar_invitation', recipientType: 'client', channel: 'email' });
    expect(res.body).not.toContain('@');
    const all = (await p.owner.get('/api/practice/notifications?limit=500')).json().items as { status: string }[];
    expect(new Set(all.map((i) => i.status))).toEqual(new Set(['sent', 'uncertain', 'failed', 'skipped']));
    const audit = await db().selectFrom('audit_log').select(['details']).where('action', '=', 'read').where('resource_type', '=', 'notifications').where('resource_id', '=', p.practiceId).execute();
    expect(audit.map((a) => JSON.parse(a.details!))).toEqual([{ returned: items.length, status: 'uncertain' }, { returned: all.length }]);
    expect((await provider.actor.get('/api/practice/notifications')).statusCode).toBe(403);
    const bad = await p.owner.get('/api/practice/notifications?status=lost');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.field).toBe('status');
  });

  it('canary: no row of the ledger and no mail captured holds a client name or address', async () => {
    const rows = await db().selectFrom('notifications').selectAll().execute();
    expect(rows.length).toBeGreaterThan(5);
    const stored = JSON.stringify(rows).toLowerCase();
    for (const name of names) expect(stored).not.toContain(name.toLowerCase());
    expect(stored).not.toContain('@example.test');
    for (const r of rows) expect(Object.values(JSON.parse(r.payload) as Record<string, unknown>).every((v) => typeof v !== 'string' || !v.includes('@'))).toBe(true);
    const clientMails = h.smtp!.messages.filter((m) => m.to.some((t) => t.endsWith('.notify@example.test')));
    expect(clientMails.length).toBeGreaterThan(3);
    for (const m of clientMails) {
      const all = [m.raw, m.text, ...m.attachments.map((a) => a.content.toString('utf8'))].join('\n').toLowerCase();
      for (const name of names) expect(all, `${name} in "${m.subject}"`).not.toContain(name.toLowerCase());
    }
  });
});

