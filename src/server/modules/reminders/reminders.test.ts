// Reminders on every test database, through the real SMTP receiver and an in-test recording SMS
// provider: the practice's settings; the ledger built from the outbox (per channel consent, quiet
// hours, too late, re-delivery, reschedule and cancellation); dispatch (sent exactly once, transient
// retries with backoff, permanent failures, uncertain after a crash mid-send, opt-out); the links
// (view, confirm, cancel, replay, expiry, moved, unknown); the SMS hooks; the staff view; DST; and a
// canary scan of every message captured.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../lib/clock.js';
import { Actor, createPractice, joinColleague, signIn, type Colleague, type PracticeFixture } from '../../testing/actors.js';
import { testDialects } from '../../testing/dialects.js';
import { createHarness, type Harness } from '../../testing/harness.js';
import { recordingSms, type SmsBehaviour } from '../../testing/recording-sms.js';
import { linkToken, type ReceivedMail } from '../../testing/smtp.js';
import { ReminderDispatcher } from './dispatcher.js';
import { LEDGER_CONSUMER } from './ledger.js';
import { SMS_MAX, SMS_REMINDER_TAIL } from './text.js';
import { eventually } from '../../testing/eventually.js';

const H = 3600_000;
const MIN = 60_000;
const T0 = Date.UTC(2026, 9, 1, 12, 0, 0); // Thursday 1 October 2026, 12:00Z

describe.each(testDialects())('reminders on %s', (dialect) => {
  let h: Harness;
  let p: PracticeFixture & { totpSecret?: string };
  let owner: Actor;
  let provider: Colleague;
  let serviceId: string;
  const clock = new ManualClock(T0);
  const sms = recordingSms();
  const PRACTICE = 'Riverside Trauma Counseling';
  const SERVICE = 'Trauma therapy';
  const NOTE = 'Sidedoor entrance note';
  /** Never in any message: client names, the note, the practice's and the service's names. */
  const canaries = [PRACTICE, SERVICE, NOTE, 'Riverside', 'Trauma'];
  let seq = 0;

  const db = () => h.database.db;
  const dispatcher = () => h.app.services.reminders.dispatcher;
  const drain = async () => {
    await h.app.services.pump.drain();
    await dispatcher().drain();
    // Invitations (and their cancellations) are notifications, sent by the notification dispatcher.
    await h.app.services.notifications.dispatcher.drain();
  };
  const mailsTo = (email: string) => h.smtp!.messages.filter((m) => m.to.includes(email));
  const textsTo = (phone: string) => sms.provider.sent.filter((m) => m.to === phone);
  const rowsOf = (appointmentId: string) => db().selectFrom('reminders').selectAll().where('appointment_id', '=', appointmentId).orderBy('due_at').orderBy('channel').execute();

  /** Signs the owner in again (sessions end after 30 idle minutes, and tests jump days). */
  const relogin = async () => {
    clock.advance(31_000);
    owner = await signIn(h, p.email, p.password, p.totpSecret);
    // Sign-in starts in the provider role; the owner books for a colleague.
    expect((await owner.post('/api/me/active-role', { role: 'owner' })).statusCode).toBe(204);
  };
  const setClock = async (t: number) => {
    clock.set(t);
    await relogin();
  };

  const client = async (consents: { email?: boolean; sms?: boolean; details?: boolean }, extra: Record<string, unknown> = {}) => {
    const n = ++seq;
    const email = `rem${n}.${dialect}@example.test`;
    const phone = `+1541555${String(100 + n).padStart(4, '0')}`;
    const res = await owner.post('/api/clients', {
      firstName: `Canaryfirst${n}`,
      lastName: `Canarylast${n}`,
      dateOfBirth: '1980-01-01',
      email,
      phone,
      providerIds: [provider.id],
      consents: { email: false, sms: false, details: false, ...consents },
      ...extra,
    });
    expect(res.statusCode, res.body).toBe(201);
    canaries.push(`Canaryfirst${n}`, `Canarylast${n}`);
    return { id: res.json().id as string, email, phone };
  };
  const book = async (clientIds: string[], start: string, timeZone = 'America/Chicago', extra: Record<string, unknown> = {}) => {
    const res = await owner.post('/api/appointments', { clientIds, providerId: provider.id, start, durationMinutes: 50, timeZone, type: 'video', serviceId, note: NOTE, ...extra });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id as string;
  };
  const noPhi = (text: string, what: string) => {
    for (const c of canaries) expect(text.toLowerCase(), `${c} in ${what}`).not.toContain(c.toLowerCase());
  };

  beforeAll(async () => {
    h = await createHarness(dialect, {
      smtp: { refuse: (rcpt) => (rcpt.startsWith('busy.') ? 451 : rcpt.startsWith('gone.') ? 550 : null) },
      clock,
      sms,
      env: { OUTBOX_POLL_MS: '0', REMINDER_MAX_ATTEMPTS: '3', REMINDER_RETRY_BASE_MS: String(10 * MIN), REMINDER_LEASE_MS: String(5 * MIN) },
    });
    p = await createPractice(h, { practiceName: PRACTICE });
    owner = p.owner;
    provider = await joinColleague(h, owner, 'provider', 'Priya Remprovider');
    const profile = await owner.request('PUT', '/api/practice/profile', { slug: `rem-${dialect}`, displayName: PRACTICE, senderName: 'Care Portal', contactEnabled: false, contactServiceId: null });
    expect(profile.statusCode, profile.body).toBe(200);
    serviceId = (await owner.post('/api/practice/appointment-services', { name: SERVICE, defaultMinutes: 50, rateCents: 15000 })).json().id;
  });
  afterAll(async () => {
    sms.provider.releaseHanging();
    await h?.close();
  });

  describe('settings', () => {
    it('a new practice has the defaults: mail 48 h, texts 24 h and 1 h, no quiet hours', async () => {
      const res = await owner.get('/api/practice/reminder-settings');
      expect(res.statusCode, res.body).toBe(200);
      const body = res.json() as { rules: { channel: string; minutesBefore: number; active: boolean }[]; quietHours: unknown };
      expect(body.rules.map((r) => [r.channel, r.minutesBefore, r.active])).toEqual([
        ['email', 2880, true],
        ['sms', 1440, true],
        ['sms', 60, true],
      ]);
      expect(body.quietHours).toBeNull();
    });

    it('refuses bad settings with a 400 naming the field, and changes nothing', async () => {
      const before = (await owner.get('/api/practice/reminder-settings')).body;
      for (const [body, field] of [
        [{ rules: [{ channel: 'email', minutesBefore: 2 }] }, 'rules.0.minutesBefore'],
        [{ rules: [{ channel: 'fax', minutesBefore: 60 }] }, 'rules.0.channel'],
        [{ rules: [{ channel: 'sms', minutesBefore: 60 }, { channel: 'sms', minutesBefore: 60 }] }, 'rules.1'],
        [{ rules: [{ channel: 'sms', minutesBefore: 20161 }] }, 'rules.0.minutesBefore'],
        [{ quietHours: { start: '21:00', end: '21:00' } }, 'quietHours.end'],
        [{ quietHours: { start: '25:00', end: '08:00' } }, 'quietHours.start'],
        [{ rules: [], extra: 1 }, 'extra'],
      ] as const) {
        const res = await owner.patch('/api/practice/reminder-settings', body);
        expect(res.statusCode, JSON.stringify(body)).toBe(400);
        expect(res.json().error.field, JSON.stringify(body)).toBe(field);
      }
      expect((await owner.get('/api/practice/reminder-settings')).body).toBe(before);
    });

    it('only practice-settings writers change them; every role that reads appointments reads them; audited', async () => {
      const desk = await joinColleague(h, owner, 'front_desk', 'Frank Desk');
      expect((await desk.actor.get('/api/practice/reminder-settings')).statusCode).toBe(200);
      expect((await desk.actor.patch('/api/practice/reminder-settings', { quietHours: null })).statusCode).toBe(403);
      const before = (await owner.get('/api/practice/reminder-settings')).json() as { rules: { id: string; channel: string; minutesBefore: number }[] };
      const res = await owner.patch('/api/practice/reminder-settings', { rules: [{ channel: 'email', minutesBefore: 2880 }, { channel: 'sms', minutesBefore: 1440 }, { channel: 'sms', minutesBefore: 60 }], quietHours: null });
      expect(res.statusCode, res.body).toBe(200);
      // The same rules keep their ids (the ledger keys rows by rule id).
      expect((res.json() as typeof before).rules.map((r) => r.id)).toEqual(before.rules.map((r) => r.id));
      const audit = await db().selectFrom('audit_log').select(['action', 'details']).where('resource_type', '=', 'reminder_settings').execute();
      expect(audit.map((a) => a.action)).toEqual(['setting_change']);
      expect(JSON.parse(audit[0]!.details!)).toMatchObject({ fields: ['rules', 'quietHours'] });
    });
  });

  describe('the ledger, from the outbox', () => {
    it('one row per client, active rule and consented channel; due at start minus the lead', async () => {
      const both = await client({ email: true, sms: true });
      const mailOnly = await client({ email: true });
      const none = await client({});
      const id = await book([both.id, mailOnly.id, none.id], '2026-10-10T15:00:00Z', 'America/New_York', { format: 'group' });
      await h.app.services.pump.drain();
      const rows = await rowsOf(id);
      const start = Date.parse('2026-10-10T15:00:00Z');
      const summary = rows.map((r) => [r.client_id === both.id ? 'both' : r.client_id === mailOnly.id ? 'mail' : 'none', r.channel, Number(r.due_at), r.status, Number(r.occurrence_start)]);
      expect(summary).toEqual(
        expect.arrayContaining([
          ['both', 'email', start - 48 * H, 'scheduled', start],
          ['mail', 'email', start - 48 * H, 'scheduled', start],
          ['both', 'sms', start - 24 * H, 'scheduled', start],
          ['both', 'sms', start - 1 * H, 'scheduled', start],
        ]),
      );
      expect(rows).toHaveLength(4);
      expect(rows.every((r) => r.kind === 'reminder' && r.attempts === 0 && r.practice_id === p.practiceId)).toBe(true);
    });

    it('a re-delivered event (or every event again) creates nothing twice', async () => {
      const c = await client({ email: true, sms: true });
      const id = await book([c.id], '2026-10-11T15:00:00Z');
      await h.app.services.pump.drain();
      const before = await rowsOf(id);
      expect(before).toHaveLength(3);
      const events = await h.app.services.scheduling.outbox.history(id);
      for (const e of [...events, ...events]) await h.app.services.reminders.ledger.handle(e);
      // As if every claim had been lost: the pump hands every event round again.
      await db().deleteFrom('event_consumptions').where('consumer', '=', LEDGER_CONSUMER).execute();
      await h.app.services.pump.drain();
      expect((await rowsOf(id)).map((r) => r.id)).toEqual(before.map((r) => r.id));
    });

    it('a reschedule cancels the pending rows of the old start and makes rows for the new one; moving back schedules them again', async () => {
      const c = await client({ email: true, sms: true });
      const id = await book([c.id], '2026-10-12T15:00:00Z');
      await h.app.services.pump.drain();
      const moved = await owner.patch(`/api/appointments/${id}`, { start: '2026-10-13T16:00:00Z' });
      expect(moved.statusCode, moved.body).toBe(200);
      await h.app.services.pump.drain();
      let rows = await rowsOf(id);
      const oldStart = Date.parse('2026-10-12T15:00:00Z');
      const newStart = Date.parse('2026-10-13T16:00:00Z');
      expect(rows.filter((r) => Number(r.occurrence_start) === oldStart).map((r) => [r.status, r.failure])).toEqual(Array(3).fill(['cancelled', 'moved']));
      expect(rows.filter((r) => Number(r.occurrence_start) === newStart).map((r) => r.status)).toEqual(['scheduled', 'scheduled', 'scheduled']);
      // Moved back: the rows of the first time are scheduled again (they never went), the others cancelled.
      expect((await owner.patch(`/api/appointments/${id}`, { start: '2026-10-12T15:00:00Z' })).statusCode).toBe(200);
      await h.app.services.pump.drain();
      rows = await rowsOf(id);
      expect(rows).toHaveLength(6);
      expect(rows.filter((r) => Number(r.occurrence_start) === oldStart).map((r) => r.status)).toEqual(['scheduled', 'scheduled', 'scheduled']);
      expect(rows.filter((r) => Number(r.occurrence_start) === newStart).map((r) => r.status)).toEqual(['cancelled', 'cancelled', 'cancelled']);
      // A change of provider alone (same start) leaves the rows as they are.
      const before = JSON.stringify(await rowsOf(id));
      expect((await owner.patch(`/api/appointments/${id}`, { providerId: p.userId })).statusCode).toBe(200);
      await h.app.services.pump.drain();
      expect(JSON.stringify(await rowsOf(id))).toBe(before);
    });

    it('a cancellation cancels the pending rows and makes one text notice per client who agreed to texts (mail has its own)', async () => {
      const both = await client({ email: true, sms: true });
      const mailOnly = await client({ email: true });
      const id = await book([both.id, mailOnly.id], '2026-10-14T15:00:00Z', 'America/Chicago', { format: 'couple' });
      await h.app.services.pump.drain();
      expect((await owner.post(`/api/appointments/${id}/cancel`, { reason: 'Canary cancel reason' })).statusCode).toBe(200);
      canaries.push('Canary cancel reason');
      await h.app.services.pump.drain();
      const events = await h.app.services.scheduling.outbox.history(id);
      for (const e of events) await h.app.services.reminders.ledger.handle(e);
      const rows = await rowsOf(id);
      expect(rows.filter((r) => r.kind === 'reminder').every((r) => r.status === 'cancelled' && r.failure === 'appointment_cancelled')).toBe(true);
      const notices = rows.filter((r) => r.kind === 'cancellation');
      expect(notices.map((r) => [r.client_id, r.channel, r.status, r.rule_key, Number(r.due_at)])).toEqual([[both.id, 'sms', 'scheduled', 'cancellation', clock.now()]]);
    });

    it('quiet hours move a reminder earlier, to their start in the client zone (the appointment zone without one)', async () => {
      expect((await owner.patch('/api/practice/reminder-settings', { quietHours: { start: '21:00', end: '08:00' } })).statusCode).toBe(200);
      const chicago = await client({ sms: true }, { timeZone: 'America/Chicago' });
      const noZone = await client({ sms: true });
      // 08:30 in Chicago (CDT, UTC-5): the 1 h text would be 07:30, inside; it goes at 21:00 the evening before.
      const a = await book([chicago.id], '2026-10-15T13:30:00Z', 'Europe/London');
      // The same instant for a client without a zone, in an appointment booked in London (14:30 BST): nothing is quiet.
      const b = await book([noZone.id], '2026-10-15T13:30:00Z', 'Europe/London', { providerId: p.userId });
      await h.app.services.pump.drain();
      const due = async (id: string) => (await rowsOf(id)).map((r) => [r.minutes_before, new Date(Number(r.due_at)).toISOString()]);
      expect(await due(a)).toEqual(
        expect.arrayContaining([
          [1440, '2026-10-14T13:30:00.000Z'],
          [60, '2026-10-15T02:00:00.000Z'],
        ]),
      );
      expect(await due(b)).toEqual(
        expect.arrayContaining([
          [1440, '2026-10-14T13:30:00.000Z'],
          [60, '2026-10-15T12:30:00.000Z'],
        ]),
      );
      expect((await owner.patch('/api/practice/reminder-settings', { quietHours: null })).statusCode).toBe(200);
    });

    it('a reminder already past when the visit is booked is recorded as skipped (too_late), not sent at booking', async () => {
      const c = await client({ email: true, sms: true });
      const id = await book([c.id], new Date(clock.now() + 3 * H).toISOString());
      await h.app.services.pump.drain();
      const rows = await rowsOf(id);
      expect(rows.map((r) => [r.minutes_before, r.status, r.failure])).toEqual(
        expect.arrayContaining([
          [2880, 'skipped', 'too_late'],
          [1440, 'skipped', 'too_late'],
          [60, 'scheduled', null],
        ]),
      );
    });
  });

  describe('dispatch', () => {
    /** A client who agreed to mail and texts, at `email` (busy. or gone.: the SMTP receiver refuses it) and a number the provider fails as `failure` says; booked at `start`. */
    const bookedWithFailures = async (email: string, failure: SmsBehaviour, start: string) => {
      const c = await client({ email: true, sms: true });
      expect((await owner.patch(`/api/clients/${c.id}`, { email })).statusCode).toBe(200);
      sms.provider.behaviour = (to) => (to === c.phone ? failure : 'ok');
      const id = await book([c.id], start);
      await h.app.services.pump.drain();
      return { c, id };
    };

    it('sends each due reminder exactly once: mail through SMTP, texts through the provider; PHI-free, in the client zone, with a link', async () => {
      await setClock(Date.UTC(2026, 9, 20, 12));
      const c = await client({ email: true, sms: true }, { timeZone: 'America/Chicago' });
      const id = await book([c.id], '2026-10-25T15:00:00Z', 'America/New_York');
      await drain();
      expect(mailsTo(c.email).map((m) => m.subject)).toEqual(['Your upcoming appointment']);
      clock.set(Date.parse('2026-10-23T15:00:00Z'));
      await drain();
      await drain();
      const mails = mailsTo(c.email).filter((m) => m.subject === 'Appointment reminder');
      expect(mails).toHaveLength(1);
      const mail = mails[0]!;
      expect(mail.raw).toMatch(/^From: "?Care Portal"? <no-reply@localhost>/m);
      expect(mail.text).toContain('Sunday, October 25, 2026 at 10:00 AM CDT');
      expect(mail.text).toContain('America/Chicago');
      expect(linkToken(mail, '/r')).toMatch(/^[A-Za-z0-9_-]{43}$/);
      let rows = await rowsOf(id);
      const mailRow = rows.find((r) => r.channel === 'email')!;
      expect(mail.messageId).toBe(`<reminder.${mailRow.id}@127.0.0.1>`);
      expect(mailRow).toMatchObject({ status: 'sent', attempts: 1, failure: null });
      expect(Number(mailRow.sent_at)).toBe(Date.parse('2026-10-23T15:00:00Z'));
      expect(textsTo(c.phone)).toHaveLength(0);

      clock.set(Date.parse('2026-10-25T14:00:00Z'));
      await drain();
      await drain();
      const texts = textsTo(c.phone);
      expect(texts).toHaveLength(2);
      for (const t of texts) {
        expect(t.body.length).toBeLessThanOrEqual(SMS_MAX);
        expect(t.body.endsWith(SMS_REMINDER_TAIL)).toBe(true);
        expect(t.body).toContain('Sun, Oct 25 at 10:00 AM CDT');
        expect(t.body).toMatch(/^Care Portal: /);
        expect(t.body).toMatch(new RegExp(`${h.config.publicUrl}/r#token=[A-Za-z0-9_-]{43} `));
        noPhi(t.body, 'a text');
      }
      rows = await rowsOf(id);
      expect(rows.map((r) => r.status)).toEqual(['sent', 'sent', 'sent']);
      expect(rows.filter((r) => r.channel === 'sms').map((r) => r.provider_id).sort()).toEqual(texts.map((t) => t.providerId).sort());
      expect(sms.policy.noted.filter((n) => n.phone === c.phone)).toHaveLength(2);
      const audit = await db().selectFrom('audit_log').select(['details', 'outcome', 'actor_type']).where('action', '=', 'notification_sent').where('resource_id', '=', id).execute();
      expect(audit).toHaveLength(3);
      expect(audit.every((a) => a.outcome === 'success' && a.actor_type === 'system')).toBe(true);
      // Tokens are kept only as hashes.
      const token = linkToken(mail, '/r');
      const stored = await db().selectFrom('reminder_action_tokens').selectAll().where('appointment_id', '=', id).execute();
      expect(stored).toHaveLength(3);
      expect(JSON.stringify(stored)).not.toContain(token);
      expect(stored.every((s) => Number(s.expires_at) === Date.parse('2026-10-25T15:00:00Z'))).toBe(true);
    });

    it('with consent to details the provider name is in the message; never the service, the note or a client name', async () => {
      await setClock(Date.UTC(2026, 9, 26, 12));
      const c = await client({ email: true, sms: true, details: true });
      await book([c.id], '2026-10-28T15:00:00Z');
      clock.set(Date.parse('2026-10-28T14:00:00Z'));
      await drain();
      const mail = mailsTo(c.email).find((m) => m.subject === 'Appointment reminder')!;
      expect(mail.text).toContain('with Priya Remprovider');
      expect(textsTo(c.phone).at(-1)!.body).toContain('with Priya Remprovider');
    });

    it('a transient failure (SMTP 451, TransientSmsError) retries with exponential backoff, then fails', async () => {
      await setClock(Date.UTC(2026, 10, 2, 12));
      const busy = `busy.${dialect}@example.test`;
      const { c, id } = await bookedWithFailures(busy, { transient: '503' }, '2026-11-10T15:00:00Z');
      const due = Date.parse('2026-11-08T15:00:00Z');
      clock.set(due);
      await dispatcher().drain();
      let mailRow = (await rowsOf(id)).find((r) => r.channel === 'email')!;
      expect(mailRow).toMatchObject({ status: 'scheduled', attempts: 1, failure: 'smtp_451' });
      expect(Number(mailRow.next_attempt_at)).toBe(due + 10 * MIN);
      clock.set(due + 10 * MIN);
      await dispatcher().drain();
      mailRow = (await rowsOf(id)).find((r) => r.channel === 'email')!;
      expect(mailRow).toMatchObject({ status: 'scheduled', attempts: 2 });
      expect(Number(mailRow.next_attempt_at)).toBe(due + 30 * MIN);
      clock.set(due + 30 * MIN);
      await dispatcher().drain();
      mailRow = (await rowsOf(id)).find((r) => r.channel === 'email')!;
      expect(mailRow).toMatchObject({ status: 'failed', attempts: 3, failure: 'smtp_451' });
      expect(mailsTo(busy)).toHaveLength(0);

      clock.set(Date.parse('2026-11-09T15:00:00Z'));
      await dispatcher().drain();
      const text = (await rowsOf(id)).find((r) => r.minutes_before === 1440)!;
      expect(text).toMatchObject({ status: 'scheduled', attempts: 1, failure: 'sms_503' });
      sms.provider.behaviour = () => 'ok';
      clock.set(Date.parse('2026-11-09T15:10:00Z'));
      await dispatcher().drain();
      expect((await rowsOf(id)).find((r) => r.minutes_before === 1440)).toMatchObject({ status: 'sent', attempts: 2 });
      expect(textsTo(c.phone)).toHaveLength(1);
    });

    it('a permanent failure (SMTP 550, PermanentSmsError) fails at once with a short code', async () => {
      await setClock(Date.UTC(2026, 10, 12, 12));
      const { id } = await bookedWithFailures(`gone.${dialect}@example.test`, { permanent: '21610' }, '2026-11-15T15:00:00Z');
      clock.set(Date.parse('2026-11-15T14:00:00Z'));
      await dispatcher().drain();
      const rows = await rowsOf(id);
      expect(rows.map((r) => [r.channel, r.status, r.failure, r.attempts])).toEqual([
        ['email', 'failed', 'smtp_550', 1],
        ['sms', 'failed', 'sms_21610', 1],
        ['sms', 'failed', 'sms_21610', 1],
      ]);
      sms.provider.behaviour = () => 'ok';
      const audit = await db().selectFrom('audit_log').select(['outcome', 'details']).where('action', '=', 'notification_sent').where('resource_id', '=', id).execute();
      expect(audit.map((a) => a.outcome)).toEqual(['failure', 'failure', 'failure']);
      expect(audit.map((a) => JSON.parse(a.details!).failure).sort()).toEqual(['sms_21610', 'sms_21610', 'smtp_550']);
    });

    it('a sender that dies mid-send leaves the row uncertain after the lease: never resent by itself', async () => {
      await setClock(Date.UTC(2026, 10, 16, 12));
      const c = await client({ sms: true });
      const id = await book([c.id], '2026-11-18T15:00:00Z');
      await h.app.services.pump.drain();
      await owner.patch('/api/practice/reminder-settings', { rules: [{ channel: 'email', minutesBefore: 2880 }, { channel: 'sms', minutesBefore: 1440 }, { channel: 'sms', minutesBefore: 60 }] });
      sms.provider.behaviour = (to) => (to === c.phone ? 'hang' : 'ok');
      clock.set(Date.parse('2026-11-17T15:00:00Z'));
      // The first sender hangs inside the send, as a process killed there would.
      const doomed = new ReminderDispatcher(h.app.services.ctx, { scheduling: h.app.services.scheduling, clients: h.app.services.clients, senderName: (x) => h.app.services.messages.senderName(x), sms });
      const stuck = doomed.drain();
      await eventually(() => sms.provider.pending > 0, { timeoutMs: 2000, intervalMs: 10, what: 'the text hung in the provider' });
      expect(sms.provider.pending).toBe(1);
      let row = (await rowsOf(id)).find((r) => r.minutes_before === 1440)!;
      expect(row.status).toBe('sending');
      // Another dispatcher starts: inside the lease the row stays `sending` and is not claimed.
      sms.provider.behaviour = () => 'ok';
      await dispatcher().sweep();
      await dispatcher().drain();
      expect((await rowsOf(id)).find((r) => r.minutes_before === 1440)!.status).toBe('sending');
      clock.advance(5 * MIN + 1);
      expect(await dispatcher().sweep()).toBe(1);
      await dispatcher().drain();
      row = (await rowsOf(id)).find((r) => r.minutes_before === 1440)!;
      expect(row).toMatchObject({ status: 'uncertain', failure: 'interrupted' });
      expect(sms.provider.calls.filter((m) => m.to === c.phone)).toHaveLength(1);
      expect(textsTo(c.phone)).toHaveLength(0);
      // The hung send finally errors: it stays uncertain (the message may or may not have gone).
      sms.provider.releaseHanging();
      await stuck;
      expect((await rowsOf(id)).find((r) => r.minutes_before === 1440)!.status).toBe('uncertain');
      await dispatcher().drain();
      expect(sms.provider.calls.filter((m) => m.to === c.phone)).toHaveLength(1);
    });

    it('at send time: an opted-out number is skipped, withdrawn consent is skipped, and the text is not sent', async () => {
      await setClock(Date.UTC(2026, 10, 20, 12));
      const stop = await client({ sms: true });
      const withdraw = await client({ email: true, sms: true });
      const a = await book([stop.id], '2026-11-22T15:00:00Z');
      const b = await book([withdraw.id], '2026-11-22T15:30:00Z', 'America/Chicago', { providerId: p.userId });
      await h.app.services.pump.drain();
      sms.policy.stop(p.practiceId, stop.phone);
      expect((await owner.patch(`/api/clients/${withdraw.id}`, { consents: { email: false, sms: false, details: false } })).statusCode).toBe(200);
      clock.set(Date.parse('2026-11-22T14:40:00Z'));
      await dispatcher().drain();
      expect((await rowsOf(a)).map((r) => [r.minutes_before, r.status, r.failure])).toEqual([
        [1440, 'skipped', 'opted_out'],
        [60, 'skipped', 'opted_out'],
      ]);
      expect((await rowsOf(b)).map((r) => [r.channel, r.status, r.failure])).toEqual([
        ['email', 'skipped', 'no_consent'],
        ['sms', 'skipped', 'no_consent'],
        ['sms', 'skipped', 'no_consent'],
      ]);
      expect(textsTo(stop.phone)).toHaveLength(0);
      expect(textsTo(withdraw.phone)).toHaveLength(0);
      // (The booking's invitation went before the consent was withdrawn; no reminder after.)
      expect(mailsTo(withdraw.email).filter((m) => m.subject === 'Appointment reminder')).toHaveLength(0);
    });

    it('a visit moved or cancelled before the ledger caught up: its due rows are cancelled at the claim, nothing sent', async () => {
      await setClock(Date.UTC(2026, 10, 24, 12));
      const c1 = await client({ email: true, sms: true });
      const c2 = await client({ email: true, sms: true });
      const a = await book([c1.id], '2026-11-26T15:00:00Z');
      const b = await book([c2.id], '2026-11-26T17:00:00Z');
      await h.app.services.pump.drain();
      // The window between a change committing and the ledger handling its event (a request kicks
      // the pump as soon as it is answered, so the change is made here as that window would see it).
      await db().updateTable('appointments').set({ start_at: Date.parse('2026-11-27T15:00:00Z'), end_at: Date.parse('2026-11-27T15:50:00Z') }).where('id', '=', a).execute();
      await db().updateTable('appointments').set({ status: 'cancelled' }).where('id', '=', b).execute();
      clock.set(Date.parse('2026-11-26T14:30:00Z'));
      await dispatcher().drain();
      expect((await rowsOf(a)).map((r) => [r.status, r.failure])).toEqual(Array(3).fill(['cancelled', 'moved']));
      // (Its 1 h text, due at 16:00, is not claimed yet: the ledger or a later claim cancels it.)
      expect((await rowsOf(b)).map((r) => [r.status, r.failure])).toEqual([...Array(2).fill(['cancelled', 'appointment_cancelled']), ['scheduled', null]]);
      expect(textsTo(c1.phone).length + textsTo(c2.phone).length).toBe(0);
      expect(mailsTo(c1.email).filter((m) => m.subject === 'Appointment reminder')).toHaveLength(0);
      expect(mailsTo(c2.email).filter((m) => m.subject === 'Appointment reminder')).toHaveLength(0);
    });

    it('a dead sender’s claim turns uncertain after its lease even while a long backlog is being sent', async () => {
      await setClock(Date.UTC(2026, 10, 27, 12));
      await owner.patch('/api/practice/reminder-settings', { rules: [{ channel: 'sms', minutesBefore: 360 }] });
      const dead = await client({ sms: true });
      const deadVisit = await book([dead.id], '2026-11-29T20:00:00Z');
      const backlog = [];
      for (let i = 0; i < 4; i++) {
        const c = await client({ sms: true });
        backlog.push({ phone: c.phone, visit: await book([c.id], `2026-11-29T1${5 + i}:00:00Z`) });
      }
      await h.app.services.pump.drain();
      clock.set(Date.parse('2026-11-29T14:30:00Z'));
      // A process claimed the first row and died mid-send, just now.
      await db().updateTable('reminders').set({ status: 'sending', claimed_at: clock.now(), claimed_by: 'dead:1', attempts: 1 }).where('appointment_id', '=', deadVisit).execute();
      // One row per claim; the lease runs out while the first of the backlog is being sent.
      let first = true;
      sms.provider.behaviour = () => {
        if (first) clock.advance(5 * MIN + 1);
        first = false;
        return 'ok';
      };
      const d = new ReminderDispatcher(h.app.services.ctx, { scheduling: h.app.services.scheduling, clients: h.app.services.clients, senderName: (x) => h.app.services.messages.senderName(x), sms }, { ...h.app.services.ctx.config.reminders, concurrency: 1 });
      await d.drain();
      sms.provider.behaviour = () => 'ok';
      // Before the fix the sweep ran only when a pass began, so it waited for the whole backlog.
      const [stale] = await rowsOf(deadVisit);
      expect(stale).toMatchObject({ status: 'uncertain', failure: 'interrupted' });
      const sentAfter = await db().selectFrom('reminders').select('sent_at').where('appointment_id', 'in', backlog.map((b) => b.visit)).where('status', '=', 'sent').execute();
      expect(sentAfter).toHaveLength(4);
      // Turned uncertain before the last of the backlog went.
      expect(Number(stale!.updated_at)).toBeLessThanOrEqual(Math.max(...sentAfter.map((r) => Number(r.sent_at))));
      expect(sms.provider.calls.filter((m) => m.to === dead.phone)).toHaveLength(0);
      await relogin();
      const restored = await owner.patch('/api/practice/reminder-settings', { rules: [{ channel: 'email', minutesBefore: 2880 }, { channel: 'sms', minutesBefore: 1440 }, { channel: 'sms', minutesBefore: 60 }] });
      expect(restored.statusCode).toBe(200);
    });
  });

  describe('links, hooks and the staff view', () => {
    let token: string;
    let smsToken: string;
    let appointmentId: string;
    let c: { id: string; email: string; phone: string };

    beforeAll(async () => {
      await setClock(Date.UTC(2026, 11, 1, 12));
      await h.app.services.pump.drain();
      c = await client({ email: true, sms: true });
      appointmentId = await book([c.id], '2026-12-04T15:00:00Z');
      await h.app.services.pump.drain();
      clock.set(Date.parse('2026-12-03T15:00:00Z'));
      await dispatcher().drain();
      token = linkToken(mailsTo(c.email).find((m) => m.subject === 'Appointment reminder')!, '/r');
      smsToken = /#token=([\w-]+)/.exec(textsTo(c.phone)[0]!.body)![1]!;
      await relogin();
    });

    const act = (what: 'view' | 'confirm' | 'cancel', t: string) => new Actor(h, 'client').post(`/api/reminder-actions/${what}`, { token: t });

    it('view: what the link is about, PHI-free, audited as the client reading', async () => {
      const res = await act('view', token);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toEqual({
        senderName: 'Care Portal',
        start: '2026-12-04T15:00:00.000Z',
        timeZone: 'America/Chicago',
        providerName: null,
        status: 'scheduled',
        lateIfCancelled: true,
        canConfirm: true,
        canCancel: true,
        usedFor: null,
      });
      expect(res.headers['cache-control']).toBe('no-store');
      const audit = await db().selectFrom('audit_log').select(['actor_type', 'actor_id', 'details']).where('action', '=', 'read').where('resource_id', '=', appointmentId).execute();
      expect(audit.at(-1)).toMatchObject({ actor_type: 'client', actor_id: c.id });
    });

    it('confirm: the appointment is confirmed (audited, evented); a replay is 409 and changes nothing', async () => {
      const res = await act('confirm', token);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({ status: 'confirmed', canConfirm: false, canCancel: false, usedFor: 'confirm' });
      // Opened again, the link says what it was used for.
      expect((await act('view', token)).json()).toMatchObject({ usedFor: 'confirm', canConfirm: false });
      const appt = (await owner.get(`/api/appointments/${appointmentId}`)).json() as { status: string; version: number };
      expect(appt.status).toBe('confirmed');
      const again = await act('confirm', token);
      expect(again.statusCode).toBe(409);
      expect(again.json().error.message).toMatch(/already used to confirm/);
      expect(((await owner.get(`/api/appointments/${appointmentId}`)).json() as { version: number }).version).toBe(appt.version);
      const events = await h.app.services.scheduling.outbox.history(appointmentId);
      expect(events.filter((e) => e.type === 'appointment.updated')).toHaveLength(1);
      const audit = await db().selectFrom('audit_log').select(['actor_type', 'details']).where('action', '=', 'update').where('resource_id', '=', appointmentId).execute();
      expect(audit.map((a) => [a.actor_type, JSON.parse(a.details!).via])).toEqual([['client', 'reminder_link']]);
      // The confirmation does not disturb the reminders still to go.
      await h.app.services.pump.drain();
      expect((await rowsOf(appointmentId)).find((r) => r.minutes_before === 60)!.status).toBe('scheduled');
    });

    it('cancel with another of its links: cancelled by the client, late inside the window; replay 409; then every link says so', async () => {
      const res = await act('cancel', smsToken);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({ status: 'cancelled', canConfirm: false, canCancel: false });
      const appt = (await owner.get(`/api/appointments/${appointmentId}`)).json() as { status: string; cancellation: { by: string; late: boolean } };
      expect(appt).toMatchObject({ status: 'cancelled', cancellation: { by: 'client', late: true } });
      const again = await act('cancel', smsToken);
      expect(again.statusCode).toBe(409);
      expect(again.json().error.message).toMatch(/already used to cancel/);
      expect((await act('cancel', token)).statusCode).toBe(409);
      await drain();
      const rows = await rowsOf(appointmentId);
      expect(rows.find((r) => r.minutes_before === 60)).toMatchObject({ status: 'cancelled', failure: 'appointment_cancelled' });
      // One text notice of the cancellation, exactly once.
      await drain();
      expect(textsTo(c.phone).filter((t) => t.body.includes('has been cancelled'))).toHaveLength(1);
    });

    it('unknown, malformed, expired and moved links are refused with a clear reason', async () => {
      expect((await act('view', 'A'.repeat(43))).statusCode).toBe(404);
      const short = await act('confirm', 'abc');
      expect(short.statusCode).toBe(400);
      expect(short.json().error.field).toBe('token');
      const missing = await new Actor(h).post('/api/reminder-actions/cancel', {});
      expect(missing.statusCode).toBe(400);
      const extra = await new Actor(h).post('/api/reminder-actions/view', { token, appointmentId });
      expect(extra.statusCode).toBe(400);
      // A link whose stored practice is not its appointment's is no link at all.
      const other = await createPractice(h);
      const tok = await db().selectFrom('reminder_action_tokens').select('id').where('appointment_id', '=', appointmentId).executeTakeFirstOrThrow();
      await db().updateTable('reminder_action_tokens').set({ practice_id: other.practiceId }).where('id', '=', tok.id).execute();
      const tokens = await db().selectFrom('reminder_action_tokens').select(['id', 'practice_id']).where('appointment_id', '=', appointmentId).execute();
      expect(tokens.some((t) => t.practice_id === other.practiceId)).toBe(true);

      // Moved: a new visit, reminded, then moved.
      await setClock(Date.UTC(2026, 11, 5, 12));
      const d = await client({ email: true });
      const moved = await book([d.id], '2026-12-07T15:00:00Z');
      await h.app.services.pump.drain();
      clock.set(Date.parse('2026-12-05T15:00:00Z'));
      await dispatcher().drain();
      const t = linkToken(mailsTo(d.email).find((m) => m.subject === 'Appointment reminder')!, '/r');
      await relogin();
      expect((await owner.patch(`/api/appointments/${moved}`, { start: '2026-12-08T15:00:00Z' })).statusCode).toBe(200);
      for (const what of ['view', 'confirm', 'cancel'] as const) {
        const res = await act(what, t);
        expect(res.statusCode, what).toBe(409);
        expect(res.json().error.message).toMatch(/has changed/);
      }
      expect(((await owner.get(`/api/appointments/${moved}`)).json() as { status: string }).status).toBe('scheduled');
      // Expired: once the visit it was for has started.
      expect((await owner.patch(`/api/appointments/${moved}`, { start: '2026-12-07T15:00:00Z' })).statusCode).toBe(200);
      expect((await act('view', t)).statusCode).toBe(200);
      clock.set(Date.parse('2026-12-07T15:00:00Z'));
      for (const what of ['view', 'confirm', 'cancel'] as const) {
        const res = await act(what, t);
        expect(res.statusCode, what).toBe(410);
        expect(res.json().error.code).toBe('link_expired');
      }
    });

    it('the link routes are rate-limited per IP (30 a minute each), with Retry-After', async () => {
      const stranger = new Actor(h, 'stranger');
      stranger.ip = '10.66.0.1';
      const answers: number[] = [];
      for (let i = 0; i < 31; i++) answers.push((await stranger.post('/api/reminder-actions/view', { token: 'B'.repeat(43) })).statusCode);
      expect(answers.slice(0, 30).every((s) => s === 404)).toBe(true);
      const limited = await stranger.post('/api/reminder-actions/view', { token: 'B'.repeat(43) });
      expect(limited.statusCode).toBe(429);
      expect(limited.headers['retry-after']).toBeDefined();
    });

    it('the staff view lists an appointment reminders (audited); a provider who may not see it gets 404', async () => {
      await relogin();
      const res = await owner.get(`/api/appointments/${appointmentId}/reminders`);
      expect(res.statusCode, res.body).toBe(200);
      const items = res.json().items as { kind: string; channel: string; status: string; minutesBefore: number | null; failure: string | null }[];
      expect(items.map((i) => [i.kind, i.channel, i.minutesBefore, i.status])).toEqual(
        expect.arrayContaining([
          ['reminder', 'email', 2880, 'sent'],
          ['reminder', 'sms', 1440, 'sent'],
          ['reminder', 'sms', 60, 'cancelled'],
          ['cancellation', 'sms', null, 'sent'],
        ]),
      );
      expect(JSON.stringify(items)).not.toMatch(/@example|\+1541/);
      const audit = await db().selectFrom('audit_log').select('details').where('resource_type', '=', 'appointment_reminders').where('resource_id', '=', appointmentId).execute();
      expect(audit).toHaveLength(1);
      const other = await joinColleague(h, owner, 'provider', 'Otto Other');
      expect((await other.actor.get(`/api/appointments/${appointmentId}/reminders`)).statusCode).toBe(404);
      expect((await owner.get('/api/appointments/00000000-0000-4000-8000-000000000000/reminders')).statusCode).toBe(404);
    });

    it('reminders that need attention: uncertain or failed, for visits to come, until marked handled; scoped, audited', async () => {
      await setClock(Date.UTC(2026, 11, 7, 16));
      const crashed = await client({ sms: true });
      const bounced = await client({ email: true }, { email: `gone.attention.${dialect}@example.test` });
      const crashedVisit = await book([crashed.id], '2026-12-09T16:00:00Z');
      const bouncedVisit = await book([bounced.id], '2026-12-09T17:00:00Z');
      await h.app.services.pump.drain();
      sms.provider.behaviour = (to) => (to === crashed.phone ? 'crash' : 'ok');
      clock.set(Date.parse('2026-12-08T17:30:00Z'));
      await dispatcher().drain();
      sms.provider.behaviour = () => 'ok';
      await relogin();
      const list = async (who: Actor = owner) => {
        const res = await who.get('/api/reminders/attention');
        expect(res.statusCode, res.body).toBe(200);
        return (res.json() as { items: { id: string; status: string; failure: string; appointment: { id: string; clients: { name: string | null }[] } }[] }).items;
      };
      const items = (await list()).filter((i) => [crashedVisit, bouncedVisit].includes(i.appointment.id));
      expect(items.map((i) => [i.appointment.id, i.status, i.failure])).toEqual([
        [crashedVisit, 'uncertain', 'sms_interrupted'],
        [bouncedVisit, 'failed', 'smtp_550'],
      ]);
      // The appointment as the viewer may see it: the client's name is there for the owner.
      expect(items[0]!.appointment.clients[0]!.name).toMatch(/^Canaryfirst\d+ Canarylast\d+$/);
      // A provider who may not see those appointments sees neither; nor can they mark them handled.
      const other = await joinColleague(h, owner, 'provider', 'Otto Attention');
      expect((await list(other.actor)).filter((i) => [crashedVisit, bouncedVisit].includes(i.appointment.id))).toEqual([]);
      expect((await other.actor.post(`/api/reminders/${items[0]!.id}/acknowledge`, {})).statusCode).toBe(404);
      // Marked handled: it leaves the list, once; a reminder that went cannot be marked.
      expect((await owner.post(`/api/reminders/${items[0]!.id}/acknowledge`, {})).statusCode).toBe(204);
      expect((await owner.post(`/api/reminders/${items[0]!.id}/acknowledge`, {})).statusCode).toBe(409);
      expect((await list()).map((i) => i.id)).not.toContain(items[0]!.id);
      const sent = (await rowsOf(appointmentId)).find((r) => r.status === 'sent')!;
      expect((await owner.post(`/api/reminders/${sent.id}/acknowledge`, {})).statusCode).toBe(409);
      expect((await owner.post('/api/reminders/00000000-0000-4000-8000-000000000000/acknowledge', {})).statusCode).toBe(404);
      const row = (await rowsOf(crashedVisit)).find((r) => r.id === items[0]!.id)!;
      expect(row.acknowledged_by).toBe(p.userId);
      const audits = await db().selectFrom('audit_log').select(['action', 'resource_type', 'resource_id']).where('resource_type', 'in', ['reminder', 'reminders_attention']).execute();
      expect(audits.filter((a) => a.resource_type === 'reminder')).toEqual([{ action: 'update', resource_type: 'reminder', resource_id: items[0]!.id }]);
      expect(audits.filter((a) => a.resource_type === 'reminders_attention').length).toBeGreaterThanOrEqual(3);
      // Once the visit has passed, nothing is left to do about it: it is off the list.
      clock.set(Date.parse('2026-12-09T17:01:00Z'));
      await relogin();
      expect((await list()).map((i) => i.id)).not.toContain(items[1]!.id);
    });

    it('SMS hooks: delivery status moves sent → delivered or failed; "C" confirms the next texted visit of that practice', async () => {
      const hooks = h.app.services.reminders.service;
      const sent = await db().selectFrom('reminders').select(['id', 'provider_id']).where('appointment_id', '=', appointmentId).where('status', '=', 'sent').where('channel', '=', 'sms').execute();
      await hooks.onStatus(sent[0]!.provider_id!, 'delivered', null);
      await hooks.onStatus(sent[1]!.provider_id!, 'undelivered', '30003');
      await hooks.onStatus('SMunknown', 'delivered', null);
      const after = await db().selectFrom('reminders').select(['id', 'status', 'failure', 'delivered_at']).where('id', 'in', sent.map((s) => s.id)).execute();
      expect(after.find((r) => r.id === sent[0]!.id)).toMatchObject({ status: 'delivered', delivered_at: clock.now() });
      expect(after.find((r) => r.id === sent[1]!.id)).toMatchObject({ status: 'failed', failure: 'sms_30003' });

      await setClock(Date.UTC(2026, 11, 10, 12));
      const e = await client({ sms: true });
      const first = await book([e.id], '2026-12-12T15:00:00Z');
      const second = await book([e.id], '2026-12-19T15:00:00Z');
      await h.app.services.pump.drain();
      const other = await createPractice(h);
      expect(await hooks.onConfirmReply(p.practiceId, e.phone)).toBe('nothing_to_confirm');
      clock.set(Date.parse('2026-12-11T15:00:00Z'));
      await dispatcher().drain();
      expect(await hooks.onConfirmReply(other.practiceId, e.phone)).toBe('nothing_to_confirm');
      expect(await hooks.onConfirmReply(p.practiceId, '+15415559999')).toBe('nothing_to_confirm');
      expect(await hooks.onConfirmReply(p.practiceId, e.phone)).toBe('confirmed');
      expect(await hooks.onConfirmReply(p.practiceId, e.phone)).toBe('confirmed');
      await relogin();
      expect(((await owner.get(`/api/appointments/${first}`)).json() as { status: string }).status).toBe('confirmed');
      expect(((await owner.get(`/api/appointments/${second}`)).json() as { status: string }).status).toBe('scheduled');
      const audit = await db().selectFrom('audit_log').select(['actor_type', 'details']).where('action', '=', 'update').where('resource_id', '=', first).execute();
      expect(audit.map((a) => [a.actor_type, JSON.parse(a.details!).via])).toEqual([['client', 'sms_reply']]);
    });
  });

  it('DST: 24 hours before a Monday 9 am visit just after the change is 24 hours of elapsed time', async () => {
    // US DST begins Sunday 14 March 2027 at 02:00 in New York. Monday 15 March 09:00 EDT = 13:00Z.
    await setClock(Date.UTC(2027, 2, 1, 12));
    await owner.patch('/api/practice/reminder-settings', { rules: [{ channel: 'email', minutesBefore: 2880 }, { channel: 'sms', minutesBefore: 1440 }] });
    const c = await client({ email: true, sms: true }, { timeZone: 'America/New_York' });
    const id = await book([c.id], '2027-03-15T09:00:00-04:00', 'America/New_York');
    await h.app.services.pump.drain();
    const rows = await rowsOf(id);
    // 24 h: Sunday 13:00Z (09:00 EDT, the clock already moved). 48 h: Saturday 13:00Z — 08:00 EST, not 09:00.
    expect(rows.map((r) => [r.minutes_before, new Date(Number(r.due_at)).toISOString()])).toEqual([
      [2880, '2027-03-13T13:00:00.000Z'],
      [1440, '2027-03-14T13:00:00.000Z'],
    ]);
    clock.set(Date.parse('2027-03-14T12:59:59.999Z'));
    await dispatcher().drain();
    expect(textsTo(c.phone)).toHaveLength(0);
    clock.set(Date.parse('2027-03-14T13:00:00Z'));
    await dispatcher().drain();
    expect(textsTo(c.phone)).toHaveLength(1);
    const row = (await rowsOf(id)).find((r) => r.channel === 'sms')!;
    expect(Number(row.sent_at)).toBe(Date.parse('2027-03-14T13:00:00Z'));
    expect(textsTo(c.phone)[0]!.body).toContain('Mon, Mar 15 at 9:00 AM EDT');
    await owner.patch('/api/practice/reminder-settings', { rules: [{ channel: 'email', minutesBefore: 2880 }, { channel: 'sms', minutesBefore: 1440 }, { channel: 'sms', minutesBefore: 60 }] });
  });

  it('canary: no message captured holds a client name, the note, a cancellation reason, or the practice or service name', async () => {
    const reminderMails = h.smtp!.messages.filter((m: ReceivedMail) => m.messageId.startsWith('<reminder.'));
    expect(reminderMails.length).toBeGreaterThanOrEqual(5);
    expect(sms.provider.sent.length).toBeGreaterThan(5);
    for (const m of reminderMails) noPhi(m.raw + m.text, `mail "${m.subject}"`);
    for (const t of sms.provider.calls) noPhi(t.body, 'a text');
    // And no message was sent twice: one Message-ID per ledger row, one text per provider id.
    const ids = reminderMails.map((m) => m.messageId);
    expect(new Set(ids).size).toBe(ids.length);
    const sentRows = await db().selectFrom('reminders').select(['id', 'channel', 'status']).where('status', 'in', ['sent', 'delivered']).execute();
    expect(sentRows.filter((r) => r.channel === 'email').length).toBe(ids.length);
    // Texts recorded include those whose rows were later marked failed by a status callback.
    expect(sms.provider.sent.length).toBe((await db().selectFrom('reminders').select('id').where('channel', '=', 'sms').where('provider_id', 'is not', null).execute()).length);
  });
});
