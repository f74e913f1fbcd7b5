// Reminders on every test database, continued (the practice and its steps:
// testing/reminders-practice.ts): the links in a reminder (view, confirm, cancel, replay, expiry,
// moved, unknown), the SMS hooks, the staff view and the reminders that need attention; DST; and a
// canary scan of every message sent. Settings, the ledger and dispatch are in reminders.test.ts.
import { beforeAll, describe, expect, it } from 'vitest';
import { Actor, createPractice, joinColleague } from '../../testing/actors.js';
import { testDialects } from '../../testing/dialects.js';
import { remindersPractice } from '../../testing/reminders-practice.js';
import { linkToken } from '../../testing/smtp.js';

describe.each(testDialects())('reminder links, hooks and the staff view on %s', (dialect) => {
  const { h, p, clock, sms, db, dispatcher, drain, mailsTo, textsTo, rowsOf, relogin, setClock, client, book, expectNoPhiSent } = remindersPractice(dialect);

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
      const appt = (await p.owner.get(`/api/appointments/${appointmentId}`)).json() as { status: string; version: number };
      expect(appt.status).toBe('confirmed');
      const again = await act('confirm', token);
      expect(again.statusCode).toBe(409);
      expect(again.json().error.message).toMatch(/already used to confirm/);
      expect(((await p.owner.get(`/api/appointments/${appointmentId}`)).json() as { version: number }).version).toBe(appt.version);
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
      const appt = (await p.owner.get(`/api/appointments/${appointmentId}`)).json() as { status: string; cancellation: { by: string; late: boolean } };
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
      expect((await p.owner.patch(`/api/appointments/${moved}`, { start: '2026-12-08T15:00:00Z' })).statusCode).toBe(200);
      for (const what of ['view', 'confirm', 'cancel'] as const) {
        const res = await act(what, t);
        expect(res.statusCode, what).toBe(409);
        expect(res.json().error.message).toMatch(/has changed/);
      }
      expect(((await p.owner.get(`/api/appointments/${moved}`)).json() as { status: string }).status).toBe('scheduled');
      // Expired: once the visit it was for has started.
      expect((await p.owner.patch(`/api/appointments/${moved}`, { start: '2026-12-07T15:00:00Z' })).statusCode).toBe(200);
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
      const res = await p.owner.get(`/api/appointments/${appointmentId}/reminders`);
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
      const other = await joinColleague(h, p.owner, 'provider', 'Otto Other');
      expect((await other.actor.get(`/api/appointments/${appointmentId}/reminders`)).statusCode).toBe(404);
      expect((await p.owner.get('/api/appointments/00000000-0000-4000-8000-000000000000/reminders')).statusCode).toBe(404);
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
      const list = async (who: Actor = p.owner) => {
        const res = await who.get('/api/reminders/attention');
        expect(res.statusCode, res.body).toBe(200);
        return (res.json() as { items: { id: string; status: string; failure: string; appointment: { id: string; clients: { name: string | null }[] } }[] }).items;
      };
      const items = (await list()).filter((i) => [crashedVisit, bouncedVisit].includes(i.appointment.id));
      expect(items.map((i) => [i.appointment.id, i.status, i.failure])).toEqual([
        [crashedVisit, 'uncertain', 'sms_interrupted'],
        [bouncedVisit, 'failed', 'smtp_550'],
      ]);
      // The appointment as the viewer may see it: the client's name is there for the p.owner.
      expect(items[0]!.appointment.clients[0]!.name).toMatch(/^Canaryfirst\d+ Canarylast\d+$/);
      // A provider who may not see those appointments sees neither; nor can they mark them handled.
      const other = await joinColleague(h, p.owner, 'provider', 'Otto Attention');
      expect((await list(other.actor)).filter((i) => [crashedVisit, bouncedVisit].includes(i.appointment.id))).toEqual([]);
      expect((await other.actor.post(`/api/reminders/${items[0]!.id}/acknowledge`, {})).statusCode).toBe(404);
      // Marked handled: it leaves the list, once; a reminder that went cannot be marked.
      expect((await p.owner.post(`/api/reminders/${items[0]!.id}/acknowledge`, {})).statusCode).toBe(204);
      expect((await p.owner.post(`/api/reminders/${items[0]!.id}/acknowledge`, {})).statusCode).toBe(409);
      expect((await list()).map((i) => i.id)).not.toContain(items[0]!.id);
      const sent = (await rowsOf(appointmentId)).find((r) => r.status === 'sent')!;
      expect((await p.owner.post(`/api/reminders/${sent.id}/acknowledge`, {})).statusCode).toBe(409);
      expect((await p.owner.post('/api/reminders/00000000-0000-4000-8000-000000000000/acknowledge', {})).statusCode).toBe(404);
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
      expect(((await p.owner.get(`/api/appointments/${first}`)).json() as { status: string }).status).toBe('confirmed');
      expect(((await p.owner.get(`/api/appointments/${second}`)).json() as { status: string }).status).toBe('scheduled');
      const audit = await db().selectFrom('audit_log').select(['actor_type', 'details']).where('action', '=', 'update').where('resource_id', '=', first).execute();
      expect(audit.map((a) => [a.actor_type, JSON.parse(a.details!).via])).toEqual([['client', 'sms_reply']]);
    });
  });

  it('DST: 24 hours before a Monday 9 am visit just after the change is 24 hours of elapsed time', async () => {
    // US DST begins Sunday 14 March 2027 at 02:00 in New York. Monday 15 March 09:00 EDT = 13:00Z.
    await setClock(Date.UTC(2027, 2, 1, 12));
    await p.owner.patch('/api/practice/reminder-settings', { rules: [{ channel: 'email', minutesBefore: 2880 }, { channel: 'sms', minutesBefore: 1440 }] });
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
    await p.owner.patch('/api/practice/reminder-settings', { rules: [{ channel: 'email', minutesBefore: 2880 }, { channel: 'sms', minutesBefore: 1440 }, { channel: 'sms', minutesBefore: 60 }] });
  });

  it('canary: no message captured holds a client name, the note, a cancellation reason, or the practice or service name', async () => {
    await expectNoPhiSent({ mails: 3, texts: 3 });
  });
});
