// Text reminders through the real SMS module, on every test database: Hearth is pointed at the local
// Twilio-compatible endpoint (which checks each request's format and auth as Twilio would) and
// nothing is faked in between. A reminder is sent once, PHI-free, with its status callback URL; the
// signed delivery callback marks it delivered; a reply "C" confirms the visit; a STOP to one
// practice silences that practice's next reminder but not another practice's; and every text
// captured passes the canary scan.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../lib/clock.js';
import { type Actor, createPractice, joinColleague, signIn, type Colleague, type PracticeFixture } from '../../testing/actors.js';
import { testDialects } from '../../testing/dialects.js';
import { createHarness, type Harness } from '../../testing/harness.js';
import { startTwilioEndpoint, type Deliver, type TwilioEndpoint } from '../../testing/twilio.js';
import { SMS_INBOUND_PATH } from '../sms/index.js';

const H = 3600_000;
const T0 = Date.UTC(2026, 10, 2, 15, 0, 0); // Monday 2 November 2026, 15:00Z
const PHONE = '+15415550177';
/** Practice B's own number (the account owns it); practice A uses the shared SMS_FROM. */
const B_NUMBER = '+15415550100';

describe.each(testDialects())('text reminders through the SMS module on %s', (dialect) => {
  let h: Harness;
  let tw: TwilioEndpoint;
  const clock = new ManualClock(T0);
  const practices: { p: PracticeFixture & { totpSecret?: string }; owner: Actor; provider: Colleague; clientId: string }[] = [];
  const canaries = ['Brightwater Addiction Recovery', 'Brightwater', 'Addiction', 'Sunhill Eating Disorders', 'Sunhill', 'Textfirst', 'Textlast', 'Side door note'];

  const inject: Deliver = async (url, form, headers) => {
    const u = new URL(url);
    const res = await h.app.inject({ method: 'POST', url: u.pathname + u.search, payload: form, headers });
    return { status: res.statusCode, headers: res.headers as Record<string, string>, body: res.body };
  };
  const drain = async () => {
    await h.app.services.pump.drain();
    await h.app.services.reminders.dispatcher.drain();
  };
  const rows = (appointmentId: string) => h.database.db.selectFrom('reminders').selectAll().where('appointment_id', '=', appointmentId).where('channel', '=', 'sms').orderBy('due_at').execute();
  /** Signs an owner in again (sessions end after 30 idle minutes and the tests jump hours; a TOTP step is used once). */
  const relogin = async (i: number) => {
    clock.advance(31_000);
    const x = practices[i]!;
    x.owner = await signIn(h, x.p.email, x.p.password, x.p.totpSecret);
    expect((await x.owner.post('/api/me/active-role', { role: 'owner' })).statusCode).toBe(204);
  };
  const book = async (i: number, startMs: number) => {
    await relogin(i);
    const x = practices[i]!;
    const res = await x.owner.post('/api/appointments', {
      clientIds: [x.clientId],
      providerId: x.provider.id,
      start: new Date(startMs).toISOString(),
      durationMinutes: 50,
      timeZone: 'America/Los_Angeles',
      type: 'video',
      note: 'Side door note',
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id as string;
  };

  beforeAll(async () => {
    tw = await startTwilioEndpoint({ ownedNumbers: [B_NUMBER] });
    h = await createHarness(dialect, { smtp: true, clock, env: { ...tw.env, OUTBOX_POLL_MS: '0', DISPATCHER: 'external' } });
    for (const [name, sender, slug] of [
      ['Brightwater Addiction Recovery', 'Riverbend Desk', 'bw'],
      ['Sunhill Eating Disorders', 'Hilltop Line', 'sh'],
    ] as const) {
      const p = await createPractice(h, { practiceName: name });
      const provider = await joinColleague(h, p.owner, 'provider', 'Dana Textprovider');
      const profile = await p.owner.request('PUT', '/api/practice/profile', { slug: `${slug}-${dialect}`, displayName: name, senderName: sender, contactEnabled: false, contactServiceId: null });
      expect(profile.statusCode, profile.body).toBe(200);
      // Texts only: one an hour before.
      expect((await p.owner.patch('/api/practice/reminder-settings', { rules: [{ channel: 'sms', minutesBefore: 60 }] })).statusCode).toBe(200);
      const c = await p.owner.post('/api/clients', {
        firstName: 'Textfirst',
        lastName: 'Textlast',
        dateOfBirth: '1979-03-03',
        phone: PHONE,
        providerIds: [provider.id],
        consents: { email: false, sms: true, details: false },
      });
      expect(c.statusCode, c.body).toBe(201);
      practices.push({ p, owner: p.owner, provider, clientId: c.json().id });
    }
  });
  afterAll(async () => {
    await h?.close();
    await tw?.close();
  });

  it('sends one PHI-free text at the due time, with its status callback; the signed callback marks it delivered', async () => {
    const id = await book(0, T0 + 3 * H);
    await drain();
    expect(tw.messages).toHaveLength(0);
    clock.set(T0 + 2 * H);
    await drain();
    await drain();
    expect(tw.messages).toHaveLength(1);
    const text = tw.messages[0]!;
    expect(text.to).toBe(PHONE);
    expect(text.body).toContain('Riverbend Desk');
    expect(text.body).toMatch(/Reply C to confirm, STOP to opt out\.$/);
    expect(text.statusCallback).toBe(`${h.config.publicUrl}/api/sms/status`);
    const [row] = await rows(id);
    expect(row).toMatchObject({ status: 'sent', provider_id: text.sid, attempts: 1 });

    const cb = await tw.deliverStatus(text.sid, 'delivered', undefined, { deliver: inject });
    expect(cb.status).toBe(204);
    expect((await rows(id))[0]).toMatchObject({ status: 'delivered' });
    // A wrongly signed callback changes nothing.
    const forged = await tw.deliverStatus(text.sid, 'failed', '30008', { deliver: inject, signature: 'wrong' });
    expect(forged.status).toBe(403);
    expect((await rows(id))[0]).toMatchObject({ status: 'delivered' });
  });

  it('a reply "C" confirms the visit; STOP to one practice skips its next text but not the other practice’s', async () => {
    const inbound = `${h.config.publicUrl}${SMS_INBOUND_PATH}`;
    const first = (await h.database.db.selectFrom('reminders').select('appointment_id').where('provider_id', '=', tw.messages[0]!.sid).executeTakeFirstOrThrow()).appointment_id;
    const c = await tw.sendInbound(inbound, { From: PHONE, Body: ' c ' }, { deliver: inject });
    expect(c.status).toBe(200);
    expect(c.body).toContain('<Response>');
    await relogin(0);
    expect(((await practices[0]!.owner.get(`/api/appointments/${first}`)).json() as { status: string }).status).toBe('confirmed');

    const stop = await tw.sendInbound(inbound, { From: PHONE, Body: 'STOP' }, { deliver: inject });
    expect(stop.status).toBe(200);
    expect(stop.body).toContain('Riverbend Desk');

    clock.set(T0 + 24 * H);
    const silenced = await book(0, T0 + 30 * H);
    const other = await book(1, T0 + 30 * H);
    await drain();
    clock.set(T0 + 29 * H);
    await drain();
    await drain();
    expect((await rows(silenced))[0]).toMatchObject({ status: 'skipped' });
    expect((await rows(silenced))[0]!.failure).toMatch(/opt/);
    expect((await rows(other))[0]).toMatchObject({ status: 'sent' });
    expect(tw.messages).toHaveLength(2);
    expect(tw.messages[1]!.body).toContain('Hilltop Line');
  });

  it('a delivery status that reaches Hearth before the send is recorded is kept and applied when it is', async () => {
    clock.set(T0 + 40 * H);
    const id = await book(1, T0 + 43 * H);
    await drain();
    clock.set(T0 + 42 * H);
    const early: number[] = [];
    tw.beforeAnswer = async (msg) => {
      // The carrier answers first: the row is still `sending`, with no provider id yet.
      early.push((await tw.deliverStatus(msg.sid, 'delivered', undefined, { deliver: inject })).status);
      expect((await rows(id))[0]).toMatchObject({ status: 'sending', provider_id: null });
    };
    try {
      await drain();
    } finally {
      tw.beforeAnswer = null;
    }
    expect(early).toEqual([204]);
    const [row] = await rows(id);
    expect(row).toMatchObject({ status: 'delivered', provider_id: tw.messages.at(-1)!.sid });
    expect(await h.database.db.selectFrom('sms_status_early').selectAll().execute()).toEqual([]);
    // A status for a message nobody sent is kept (it may yet be recorded), never applied elsewhere.
    expect((await tw.sendStatus(`${h.config.publicUrl}/api/sms/status`, { MessageSid: 'SMnobody', MessageStatus: 'delivered' }, { deliver: inject })).status).toBe(204);
    expect((await h.database.db.selectFrom('sms_status_early').select('provider_id').execute()).map((r) => r.provider_id)).toEqual(['SMnobody']);
  });

  it('a practice with its own number texts from it, and a STOP to that number is its own whoever texted last', async () => {
    const [a, b] = [practices[0]!, practices[1]!];
    const meta = { ip: '127.0.0.1', userAgent: 'test' };
    // Bad numbers are named; a number another practice has is refused.
    await expect(h.app.services.sms.assignNumber(b.p.practiceId, '555', meta)).rejects.toMatchObject({ status: 400, field: 'number' });
    expect(await h.app.services.sms.assignNumber(b.p.practiceId, '(541) 555-0100', meta)).toBe(B_NUMBER);
    await expect(h.app.services.sms.assignNumber(a.p.practiceId, B_NUMBER, meta)).rejects.toMatchObject({ status: 409, field: 'number' });
    await relogin(1);
    expect((await b.owner.get('/api/practice/reminder-settings')).json().textsFrom).toEqual({ phone: B_NUMBER, ownNumber: true });
    await relogin(0);
    expect((await a.owner.get('/api/practice/reminder-settings')).json().textsFrom).toEqual({ phone: tw.from, ownNumber: false });

    // A START to A first (it was stopped above), then B texts from its number, then A texts last.
    const inbound = `${h.config.publicUrl}${SMS_INBOUND_PATH}`;
    expect((await tw.sendInbound(inbound, { From: PHONE, Body: 'START' }, { deliver: inject })).body).toContain('Riverbend Desk');
    clock.set(T0 + 60 * H);
    const fromB = await book(1, T0 + 63 * H);
    clock.set(T0 + 61 * H);
    const fromA = await book(0, T0 + 63 * H + 5 * 60_000);
    await drain();
    // B's text goes first, A's some minutes later: A texted the phone last.
    clock.set(T0 + 62 * H + 60_000);
    await drain();
    clock.set(T0 + 62 * H + 10 * 60_000);
    await drain();
    await drain();
    const sentB = (await rows(fromB))[0]!;
    const sentA = (await rows(fromA))[0]!;
    expect([sentB.status, sentA.status]).toEqual(['sent', 'sent']);
    expect(tw.messages.find((m) => m.sid === sentB.provider_id)!.from).toBe(B_NUMBER);
    expect(tw.messages.find((m) => m.sid === sentA.provider_id)!.from).toBe(tw.from);
    // A texted the phone last, but this STOP went to B's own number: B's, not A's.
    const stop = await tw.sendInbound(inbound, { From: PHONE, Body: 'STOP', To: B_NUMBER }, { deliver: inject });
    expect(stop.body).toContain('Hilltop Line');
    expect(await h.app.services.sms.policy.optedOut(b.p.practiceId, PHONE)).toBe(true);
    expect(await h.app.services.sms.policy.optedOut(a.p.practiceId, PHONE)).toBe(false);
    // Back on the shared number: a reply to it goes to the practice that last texted from it (A).
    expect(await h.app.services.sms.assignNumber(b.p.practiceId, null, meta)).toBeNull();
    const help = await tw.sendInbound(inbound, { From: PHONE, Body: 'HELP' }, { deliver: inject });
    expect(help.body).toContain('Riverbend Desk');
    const audit = await h.database.db.selectFrom('audit_log').select('details').where('resource_type', '=', 'practice_sms_number').orderBy('seq').execute();
    expect(audit.map((r) => JSON.parse(r.details!))).toEqual([{ phone: B_NUMBER, shared: false }, { phone: null, shared: true }]);
  });

  it('no text names the client, the practice, its specialty or the note', () => {
    expect(tw.messages.length).toBeGreaterThanOrEqual(2);
    for (const m of tw.messages) for (const c of canaries) expect(m.body.toLowerCase(), `${c} in a text`).not.toContain(c.toLowerCase());
  });
});
