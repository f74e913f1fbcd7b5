// The SMS webhooks on every test database, with Hearth pointed at the local Twilio endpoint and its
// logs captured: signed status callbacks reach the hooks (dropped before any are set, harmless when
// replayed); unsigned, wrongly signed and tampered requests are refused and change nothing;
// malformed bodies get a 400 naming the field; replies are matched to the practice that last
// texted the phone, where STOP/START change that practice's consent only (audited by hash), C
// confirms through the hook, and every answer is TwiML under the neutral sender name. No phone
// number or message text appears in the logs, the audit log or the SMS tables.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOG_SERIALIZERS, REDACT_PATHS } from '../../lib/logger.js';
import { ManualClock } from '../../lib/clock.js';
import { createPractice, type PracticeFixture } from '../../testing/actors.js';
import { testDialects } from '../../testing/dialects.js';
import { createHarness, type Harness } from '../../testing/harness.js';
import { startTwilioEndpoint, type Deliver, type Delivery, type TwilioEndpoint, type WebhookOptions } from '../../testing/twilio.js';
import type { SmsHooks } from './provider.js';

const PHONE = '+15415550142';
const PHONE_DIGITS = ['5415550142', '541-555-0142', '(541) 555-0142'];
const OTHER_PHONE = '+15415550199';
const CANARY_TEXT = 'Canarysmsbody7731';
const SENDER_A = 'Harbor Desk';
const SENDER_B = 'Willow Line';
const HOUR = 3600_000;

function captureLogger() {
  const dir = mkdtempSync(path.join(tmpdir(), 'hearth-sms-log-'));
  const file = path.join(dir, 'server.log');
  const logger = pino({ level: 'trace', redact: { paths: REDACT_PATHS, censor: '[redacted]' }, serializers: LOG_SERIALIZERS }, pino.destination({ dest: file, sync: true }));
  return { logger, read: () => readFileSync(file, 'utf8'), remove: () => rmSync(dir, { recursive: true, force: true }) };
}

describe.each(testDialects())('SMS webhooks on %s', (dialect) => {
  let h: Harness;
  let tw: TwilioEndpoint;
  let a: PracticeFixture;
  let b: PracticeFixture;
  const clock = new ManualClock(Date.UTC(2026, 10, 28, 15));
  const log = captureLogger();
  const statusCalls: [string, string, string | null][] = [];
  const confirmCalls: [string, string][] = [];
  let confirmAnswer: 'confirmed' | 'nothing_to_confirm' = 'confirmed';
  // Until `recording`, webhooks reach the reminders module's hooks, as in production; then these.
  let recording = false;
  const hooks: SmsHooks = {
    onStatus: async (...args) => {
      statusCalls.push(args);
      return true;
    },
    onConfirmReply: async (...args) => {
      confirmCalls.push(args);
      return confirmAnswer;
    },
  };

  let statusUrl: string;
  let inboundUrl: string;
  const inject: Deliver = async (url, form, headers) => {
    const u = new URL(url);
    const res = await h.app.inject({ method: 'POST', url: u.pathname + u.search, payload: form, headers, remoteAddress: '198.51.100.7' });
    return { status: res.statusCode, headers: res.headers as Record<string, string>, body: res.body };
  };
  const reply = (p: { From?: string; Body: string; MessageSid?: string }, o: WebhookOptions = {}) =>
    tw.sendInbound(inboundUrl, { From: PHONE, ...p }, { deliver: inject, ...o });
  const status = (p: { MessageSid: string; MessageStatus: string; ErrorCode?: string }, o: WebhookOptions = {}) => tw.sendStatus(statusUrl, p, { deliver: inject, ...o });
  const messageOf = (d: Delivery) => /<Message>([^<]*)<\/Message>/.exec(d.body)?.[1] ?? null;

  const optOuts = async () =>
    (await h.database.db.selectFrom('sms_opt_outs').select(['practice_id', 'phone_hash']).execute()).map((r) => r.practice_id).sort();
  const auditRows = () => h.database.db.selectFrom('audit_log').selectAll().where('resource_type', '=', 'sms_consent').orderBy('seq').execute();
  const texts = async (practice: PracticeFixture, phone = PHONE) => {
    clock.advance(HOUR);
    await h.app.services.sms.policy.noteSent(practice.practiceId, phone);
  };

  beforeAll(async () => {
    tw = await startTwilioEndpoint();
    h = await createHarness(dialect, {
      env: tw.env,
      clock,
      logger: log.logger,
      smsHooks: (reminders) => ({
        onStatus: (...args) => (recording ? hooks : reminders).onStatus(...args),
        onConfirmReply: (...args) => (recording ? hooks : reminders).onConfirmReply(...args),
      }),
    });
    statusUrl = `${h.config.publicUrl}/api/sms/status`;
    inboundUrl = `${h.config.publicUrl}/api/sms/inbound`;
    a = await createPractice(h, { practiceName: 'Canaryclinical Trauma Therapy A' });
    b = await createPractice(h, { practiceName: 'Canaryclinical Couples Counseling B' });
    for (const [p, senderName, slug] of [
      [a, SENDER_A, `sms-a-${dialect}`],
      [b, SENDER_B, `sms-b-${dialect}`],
    ] as const) {
      const res = await p.owner.request('PUT', '/api/practice/profile', { slug, displayName: 'Public name', senderName, contactEnabled: false, contactServiceId: null });
      expect(res.statusCode, res.body).toBe(200);
    }
  });
  afterAll(async () => {
    await h?.close();
    await tw?.close();
    log.remove();
  });

  it('is on, with the provider pointed at the endpoint; the start-up log says so without secrets', () => {
    expect(h.app.services.sms.provider).toBeDefined();
    expect(h.app.services.sms.statusCallbackUrl).toBe(statusUrl);
    const text = log.read();
    expect(text).toContain('SMS is on');
    expect(text).not.toContain(tw.authToken);
  });

  it('before the recording hooks are in place, a status callback is accepted and dropped, and C has nothing to confirm', async () => {
    const res = await status({ MessageSid: 'SM00000000000000000000000000000001', MessageStatus: 'delivered' });
    expect(res.status).toBe(204);
    await texts(a);
    const c = await reply({ Body: 'C' });
    expect(c.status).toBe(200);
    expect(messageOf(c)).toBe(`${SENDER_A}: There is nothing to confirm right now.`);
    recording = true;
  });

  it('a text sent through the provider carries the status callback URL; its signed callbacks reach the hook, replays are harmless', async () => {
    const sent = await h.app.services.sms.provider!.send({ to: PHONE, body: CANARY_TEXT });
    const msg = tw.messages.find((m) => m.sid === sent.providerId)!;
    expect(msg.statusCallback).toBe(statusUrl);
    const before = { optOuts: await optOuts(), audit: (await auditRows()).length };
    expect((await tw.deliverStatus(sent.providerId, 'sent', undefined, { deliver: inject })).status).toBe(204);
    expect((await tw.deliverStatus(sent.providerId, 'undelivered', '30003', { deliver: inject })).status).toBe(204);
    // The same callback again (Twilio retries, or a replay): the hook sees the same facts again.
    expect((await tw.deliverStatus(sent.providerId, 'undelivered', '30003', { deliver: inject })).status).toBe(204);
    expect(statusCalls).toEqual([
      [sent.providerId, 'sent', null],
      [sent.providerId, 'undelivered', '30003'],
      [sent.providerId, 'undelivered', '30003'],
    ]);
    // An id Hearth never sent goes to the hook too, which may ignore it.
    expect((await status({ MessageSid: 'SMffffffffffffffffffffffffffffffff', MessageStatus: 'delivered' })).status).toBe(204);
    expect(statusCalls).toHaveLength(4);
    expect(await optOuts()).toEqual(before.optOuts);
    expect((await auditRows()).length).toBe(before.audit);
  });

  it('unsigned, wrongly signed, re-targeted and tampered webhooks are refused (403) and change nothing', async () => {
    await texts(a);
    const calls = statusCalls.length;
    const before = { optOuts: await optOuts(), audit: (await auditRows()).length };
    for (const signature of ['none', 'wrong'] as const) {
      const s = await status({ MessageSid: 'SM00000000000000000000000000000002', MessageStatus: 'delivered' }, { signature });
      expect(s.status).toBe(403);
      expect(JSON.parse(s.body).error).toMatchObject({ code: 'forbidden', field: 'X-Twilio-Signature' });
      expect((await reply({ Body: 'STOP' }, { signature })).status).toBe(403);
      // Unsigned and malformed: still 403, the body is not looked at.
      expect((await reply({ Body: 'STOP' }, { signature, omit: ['From'] })).status).toBe(403);
    }
    // Signed for another URL (another route, another host).
    expect((await reply({ Body: 'STOP' }, { signUrl: statusUrl })).status).toBe(403);
    expect((await reply({ Body: 'STOP' }, { signUrl: 'https://evil.example/api/sms/inbound' })).status).toBe(403);
    // Signed, then a parameter changed on the way.
    const params = { MessageSid: 'SM00000000000000000000000000000003', From: OTHER_PHONE, To: tw.from, Body: 'START' };
    const signature = tw.sign(inboundUrl, params);
    const tampered = await inject(inboundUrl, new URLSearchParams({ ...params, Body: 'STOP', From: PHONE }).toString(), {
      'content-type': 'application/x-www-form-urlencoded',
      'x-twilio-signature': signature,
    });
    expect(tampered.status).toBe(403);
    // Correctly signed parameters sent as JSON: not how the provider calls.
    const json = await inject(inboundUrl, JSON.stringify(params), { 'content-type': 'application/json', 'x-twilio-signature': signature });
    expect(json.status).toBe(415);
    expect(statusCalls.length).toBe(calls);
    expect(confirmCalls.length).toBe(0);
    expect(await optOuts()).toEqual(before.optOuts);
    expect((await auditRows()).length).toBe(before.audit);
    expect(log.read()).toContain('SMS webhook refused: bad signature');
  });

  it('malformed signed bodies get a 400 naming the field', async () => {
    const calls = statusCalls.length;
    const field = (d: Delivery) => (JSON.parse(d.body) as { error: { field: string } }).error.field;
    const s1 = await status({ MessageSid: 'SM00000000000000000000000000000004', MessageStatus: 'delivered' }, { omit: ['MessageStatus'] });
    expect([s1.status, field(s1)]).toEqual([400, 'MessageStatus']);
    const s2 = await status({ MessageSid: 'SM-not/an id', MessageStatus: 'delivered' });
    expect([s2.status, field(s2)]).toEqual([400, 'MessageSid']);
    const s3 = await status({ MessageSid: 'SM00000000000000000000000000000004', MessageStatus: 'delivered', ErrorCode: 'oops' });
    expect([s3.status, field(s3)]).toEqual([400, 'ErrorCode']);
    const i1 = await reply({ From: 'not a phone', Body: 'STOP' });
    expect([i1.status, field(i1)]).toEqual([400, 'From']);
    expect(JSON.parse(i1.body).error.message).toBe('From: is not a valid phone number');
    const i2 = await reply({ From: '+1555', Body: 'STOP' });
    expect([i2.status, field(i2)]).toEqual([400, 'From']);
    const i3 = await reply({ Body: 'STOP' }, { omit: ['From'] });
    expect([i3.status, field(i3)]).toEqual([400, 'From']);
    const i4 = await reply({ Body: 'STOP' }, { omit: ['Body'] });
    expect([i4.status, field(i4)]).toEqual([400, 'Body']);
    // A parameter given twice is refused by name (signature checks cover single values only).
    const dup = await inject(inboundUrl, `From=${encodeURIComponent(PHONE)}&Body=STOP&Body=START&MessageSid=SM1`, {
      'content-type': 'application/x-www-form-urlencoded',
      'x-twilio-signature': 'x',
    });
    expect([dup.status, field(dup)]).toEqual([400, 'Body']);
    expect(statusCalls.length).toBe(calls);
    expect(await optOuts()).toEqual([]);
  });

  it('a reply from a phone no practice has texted is answered with empty TwiML and changes nothing', async () => {
    const res = await reply({ From: '+15415550100', Body: 'STOP' });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/xml/);
    expect(res.body).toBe('<?xml version="1.0" encoding="UTF-8"?><Response></Response>');
    expect(await optOuts()).toEqual([]);
  });

  it('STOP opts the phone out of the practice that last texted it only; START restores that practice only', async () => {
    const policy = h.app.services.sms.policy;
    await texts(b);
    await texts(a); // A texted last.
    const stop = await reply({ Body: ' Stop ' });
    expect(stop.status).toBe(200);
    expect(stop.headers['content-type']).toBe('text/xml; charset=utf-8');
    expect(messageOf(stop)).toBe(`You will no longer receive texts from ${SENDER_A}. Reply START to resume.`);
    expect(stop.body).not.toContain('Canaryclinical');
    expect(await policy.optedOut(a.practiceId, PHONE)).toBe(true);
    expect(await policy.optedOut(b.practiceId, PHONE)).toBe(false);
    // The same phone written another way is the same phone.
    expect(await policy.optedOut(a.practiceId, '(541) 555-0142')).toBe(true);
    expect(await policy.optedOut(a.practiceId, OTHER_PHONE)).toBe(false);

    // Now B texts, and the phone replies STOP to B: both are opted out, each by its own STOP.
    await texts(b);
    expect(messageOf(await reply({ Body: 'UNSUBSCRIBE' }))).toBe(`You will no longer receive texts from ${SENDER_B}. Reply START to resume.`);
    expect(await optOuts()).toEqual([a.practiceId, b.practiceId].sort());
    // START goes to B (the last to text) and restores B only.
    const start = await reply({ Body: 'start' });
    expect(messageOf(start)).toBe(`You will receive texts from ${SENDER_B} again. Reply STOP to stop.`);
    expect(await policy.optedOut(b.practiceId, PHONE)).toBe(false);
    expect(await policy.optedOut(a.practiceId, PHONE)).toBe(true);
    // Other replies to an opted-out practice get no answer; to a subscribed one, a short notice.
    await texts(a);
    expect((await reply({ Body: 'why did you stop?' })).body).toBe('<?xml version="1.0" encoding="UTF-8"?><Response></Response>');
    const YES_SID = 'SM00000000000000000000000000000yes';
    expect(messageOf(await reply({ Body: 'YES', MessageSid: YES_SID }))).toBe(`You will receive texts from ${SENDER_A} again. Reply STOP to stop.`);
    expect(await optOuts()).toEqual([]);
    expect(messageOf(await reply({ Body: CANARY_TEXT }))).toBe(`${SENDER_A}: This number does not read replies.`);
    // A message handled once is never handled again (a provider retry, or a captured signed request
    // sent again): empty TwiML, nothing changed, nothing audited.
    await reply({ Body: 'STOP', MessageSid: 'SM0000000000000000000000000000abcd' });
    const again = await reply({ Body: 'STOP', MessageSid: 'SM0000000000000000000000000000abcd' });
    expect(again.status).toBe(200);
    expect(messageOf(again)).toBeNull();
    expect(await optOuts()).toEqual([a.practiceId]);
    // The START captured earlier, replayed after this STOP: the phone stays opted out.
    const replayed = await reply({ Body: 'YES', MessageSid: YES_SID });
    expect([replayed.status, messageOf(replayed)]).toEqual([200, null]);
    expect(await policy.optedOut(a.practiceId, PHONE)).toBe(true);
    // A second STOP of its own (a new message) is harmless: still one row, audited as no change.
    expect(messageOf(await reply({ Body: 'STOP' }))).toBe(`You will no longer receive texts from ${SENDER_A}. Reply START to resume.`);
    expect(await optOuts()).toEqual([a.practiceId]);
    await reply({ Body: 'START' });
  });

  it('STOP and START are audited per practice (a repeat as no change, a replay not at all), by phone hash, with no number in the record', async () => {
    const rows = await auditRows();
    expect(rows.length).toBe(7);
    const hash = await h.app.services.sms.policy.phoneHash(PHONE);
    for (const r of rows) {
      expect(r).toMatchObject({ action: 'update', actor_type: 'anonymous', outcome: 'success', resource_id: hash, ip: '198.51.100.7' });
      expect(JSON.stringify(r)).not.toMatch(/5415550142|541-555/);
    }
    const summary = rows.map((r) => [r.practice_id === a.practiceId ? 'A' : 'B', JSON.parse(r.details!) as Record<string, unknown>]);
    expect(summary).toEqual([
      ['A', { optedOut: true, changed: true, via: 'sms_reply' }],
      ['B', { optedOut: true, changed: true, via: 'sms_reply' }],
      ['B', { optedOut: false, changed: true, via: 'sms_reply' }],
      ['A', { optedOut: false, changed: true, via: 'sms_reply' }],
      ['A', { optedOut: true, changed: true, via: 'sms_reply' }],
      ['A', { optedOut: true, changed: false, via: 'sms_reply' }],
      ['A', { optedOut: false, changed: true, via: 'sms_reply' }],
    ]);
  });

  it('C (or CONFIRM) asks the hook to confirm for the practice that last texted the phone', async () => {
    confirmCalls.length = 0;
    await texts(b);
    confirmAnswer = 'confirmed';
    expect(messageOf(await reply({ Body: 'c' }))).toBe(`${SENDER_B}: Thank you, your appointment is confirmed.`);
    confirmAnswer = 'nothing_to_confirm';
    expect(messageOf(await reply({ From: '(541) 555-0142', Body: 'Confirm' }))).toBe(`${SENDER_B}: There is nothing to confirm right now.`);
    expect(confirmCalls).toEqual([
      [b.practiceId, PHONE],
      [b.practiceId, PHONE],
    ]);
    expect(messageOf(await reply({ Body: 'HELP' }))).toContain('Reply STOP to stop texts');
  });

  it('goes through a real HTTP listener, as the provider calls it, behind a proxy that keeps the path', async () => {
    await h.app.listen({ host: '127.0.0.1', port: 0 });
    const port = (h.app.server.address() as { port: number }).port;
    const res = await tw.sendInbound(`http://127.0.0.1:${port}/api/sms/inbound`, { From: PHONE, Body: 'HELP' }, { signUrl: inboundUrl });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/xml/);
    // Signed for the URL it was really sent to, which is not PUBLIC_URL: refused.
    expect((await tw.sendInbound(`http://127.0.0.1:${port}/api/sms/inbound`, { From: PHONE, Body: 'HELP' })).status).toBe(403);
  });

  it('stores phones only as hashes, and logs no phone number or message text', async () => {
    const tables = [
      ...(await h.database.db.selectFrom('sms_opt_outs').selectAll().execute()),
      ...(await h.database.db.selectFrom('sms_threads').selectAll().execute()),
    ];
    expect(tables.length).toBeGreaterThan(0);
    const stored = JSON.stringify(tables);
    for (const p of [...PHONE_DIGITS, '5415550199']) expect(stored).not.toContain(p);
    const text = log.read();
    expect(text.length).toBeGreaterThan(1000);
    expect(text).toContain('/api/sms/inbound');
    for (const p of [...PHONE_DIGITS, '5415550199', '5415550100', CANARY_TEXT, 'why did you stop', tw.authToken]) expect(text).not.toContain(p);
  });
});

describe.each(testDialects().slice(0, 1))('SMS off on %s', (dialect) => {
  let h: Harness;
  const log = captureLogger();
  beforeAll(async () => {
    h = await createHarness(dialect, { logger: log.logger });
  });
  afterAll(async () => {
    await h?.close();
    log.remove();
  });

  it('says so once at start, has no provider, and answers the webhooks 404', async () => {
    expect(log.read().match(/SMS is off/g)).toHaveLength(1);
    expect(h.app.services.sms.provider).toBeUndefined();
    const res = await h.app.inject({ method: 'POST', url: '/api/sms/status', payload: 'MessageSid=SM1&MessageStatus=delivered', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(res.statusCode).toBe(404);
  });
});
