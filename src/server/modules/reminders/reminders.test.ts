// Reminders on every test database, through the real SMTP receiver and an in-test recording SMS
// provider (the practice and its steps: testing/reminders-practice.ts): the practice's settings; the
// ledger built from the outbox (per channel consent, quiet hours, too late, re-delivery, reschedule
// and cancellation); dispatch (sent exactly once, transient retries with backoff, permanent
// failures, uncertain after a crash mid-send, opt-out); and a canary scan of every message sent.
// The links, the SMS hooks, the staff view and DST are in reminder-links.test.ts.
import { describe, expect, it } from 'vitest';
import { joinColleague } from '../../testing/actors.js';
import { testDialects } from '../../testing/dialects.js';
import { eventually } from '../../testing/eventually.js';
import type { SmsBehaviour } from '../../testing/recording-sms.js';
import { H, MIN, remindersPractice } from '../../testing/reminders-practice.js';
import { linkToken } from '../../testing/smtp.js';
import { ReminderDispatcher } from './dispatcher.js';
import { LEDGER_CONSUMER } from './ledger.js';
import { SMS_MAX, SMS_REMINDER_TAIL } from './text.js';

describe.each(testDialects())('reminders on %s', (dialect) => {
  const { h, p, clock, sms, canaries, db, dispatcher, drain, mailsTo, textsTo, rowsOf, relogin, setClock, client, book, noPhi, expectNoPhiSent } = remindersPractice(dialect);

  describe('settings', () => {
    it('a new practice has the defaults: mail 48 h, texts 24 h and 1 h, no quiet hours', async () => {
      const res = await p.owner.get('/api/practice/reminder-settings');
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
      const before = (await p.owner.get('/api/practice/reminder-settings')).body;
      for (const [body, field] of [
        [{ rules: [{ channel: 'email', minutesBefore: 2 }] }, 'rules.0.minutesBefore'],
        [{ rules: [{ channel: 'fax', minutesBefore: 60 }] }, 'rules.0.channel'],
        [{ rules: [{ channel: 'sms', minutesBefore: 60 }, { channel: 'sms', minutesBefore: 60 }] }, 'rules.1'],
        [{ rules: [{ channel: 'sms', minutesBefore: 20161 }] }, 'rules.0.minutesBefore'],
        [{ quietHours: { start: '21:00', end: '21:00' } }, 'quietHours.end'],
        [{ quietHours: { start: '25:00', end: '08:00' } }, 'quietHours.start'],
        [{ rules: [], extra: 1 }, 'extra'],
      ] as const) {
        const res = await p.owner.patch('/api/practice/reminder-settings', body);
        expect(res.statusCode, JSON.stringify(body)).toBe(400);
        expect(res.json().error.field, JSON.stringify(body)).toBe(field);
      }
      expect((await p.owner.get('/api/practice/reminder-settings')).body).toBe(before);
    });

    it('only practice-settings writers change them; every role that reads appointments reads them; audited', async () => {
      const desk = await joinColleague(h, p.owner, 'front_desk', 'Frank Desk');
      expect((await desk.actor.get('/api/practice/reminder-settings')).statusCode).toBe(200);
      expect((await desk.actor.patch('/api/practice/reminder-settings', { quietHours: null })).statusCode).toBe(403);
      const before = (await p.owner.get('/api/practice/reminder-settings')).json() as { rules: { id: string; channel: string; minutesBefore: number }[] };
      const res = await p.owner.patch('/api/practice/reminder-settings', { rules: [{ channel: 'email', minutesBefore: 2880 }, { channel: 'sms', minutesBefore: 1440 }, { channel: 'sms', minutesBefore: 60 }], quietHours: null });
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
      const moved = await p.owner.patch(`/api/appointments/${id}`, { start: '2026-10-13T16:00:00Z' });
      expect(moved.statusCode, moved.body).toBe(200);
      await h.app.services.pump.drain();
      let rows = await rowsOf(id);
      const oldStart = Date.parse('2026-10-12T15:00:00Z');
      const newStart = Date.parse('2026-10-13T16:00:00Z');
      expect(rows.filter((r) => Number(r.occurrence_start) === oldStart).map((r) => [r.status, r.failure])).toEqual(Array(3).fill(['cancelled', 'moved']));
      expect(rows.filter((r) => Number(r.occurrence_start) === newStart).map((r) => r.status)).toEqual(['scheduled', 'scheduled', 'scheduled']);
      // Moved back: the rows of the first time are scheduled again (they never went), the others cancelled.
      expect((await p.owner.patch(`/api/appointments/${id}`, { start: '2026-10-12T15:00:00Z' })).statusCode).toBe(200);
      await h.app.services.pump.drain();
      rows = await rowsOf(id);
      expect(rows).toHaveLength(6);
      expect(rows.filter((r) => Number(r.occurrence_start) === oldStart).map((r) => r.status)).toEqual(['scheduled', 'scheduled', 'scheduled']);
      expect(rows.filter((r) => Number(r.occurrence_start) === newStart).map((r) => r.status)).toEqual(['cancelled', 'cancelled', 'cancelled']);
      // A change of provider alone (same start) leaves the rows as they are.
      const before = JSON.stringify(await rowsOf(id));
      expect((await p.owner.patch(`/api/appointments/${id}`, { providerId: p.userId })).statusCode).toBe(200);
      await h.app.services.pump.drain();
      expect(JSON.stringify(await rowsOf(id))).toBe(before);
    });

    it('a cancellation cancels the pending rows and makes one text notice per client who agreed to texts (mail has its own)', async () => {
      const both = await client({ email: true, sms: true });
      const mailOnly = await client({ email: true });
      const id = await book([both.id, mailOnly.id], '2026-10-14T15:00:00Z', 'America/Chicago', { format: 'couple' });
      await h.app.services.pump.drain();
      expect((await p.owner.post(`/api/appointments/${id}/cancel`, { reason: 'Canary cancel reason' })).statusCode).toBe(200);
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
      expect((await p.owner.patch('/api/practice/reminder-settings', { quietHours: { start: '21:00', end: '08:00' } })).statusCode).toBe(200);
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
      expect((await p.owner.patch('/api/practice/reminder-settings', { quietHours: null })).statusCode).toBe(200);
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
      expect((await p.owner.patch(`/api/clients/${c.id}`, { email })).statusCode).toBe(200);
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
      await p.owner.patch('/api/practice/reminder-settings', { rules: [{ channel: 'email', minutesBefore: 2880 }, { channel: 'sms', minutesBefore: 1440 }, { channel: 'sms', minutesBefore: 60 }] });
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
      expect((await p.owner.patch(`/api/clients/${withdraw.id}`, { consents: { email: false, sms: false, details: false } })).statusCode).toBe(200);
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
      await p.owner.patch('/api/practice/reminder-settings', { rules: [{ channel: 'sms', minutesBefore: 360 }] });
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
      const restored = await p.owner.patch('/api/practice/reminder-settings', { rules: [{ channel: 'email', minutesBefore: 2880 }, { channel: 'sms', minutesBefore: 1440 }, { channel: 'sms', minutesBefore: 60 }] });
      expect(restored.statusCode).toBe(200);
    });
  });

  it('canary: no message captured holds a client name, the note, a cancellation reason, or the practice or service name', async () => {
    await expectNoPhiSent({ mails: 2, texts: 3 });
  });
});
