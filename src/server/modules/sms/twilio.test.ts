// The Twilio provider against the local Twilio-compatible endpoint (a real HTTP server that checks
// the request format): success, transient (429, 5xx, timeout, network) and permanent (4xx with
// Twilio's code) failures; the request signature against Twilio's published example and round
// trips.
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTwilioEndpoint, type TwilioEndpoint } from '../../testing/twilio.js';
import { PermanentSmsError, TransientSmsError } from './provider.js';
import { twilioSignature, TwilioSmsProvider } from './twilio.js';

const TO = '+15415550142';
const CALLBACK = 'https://hearth.example/api/sms/status';

describe('TwilioSmsProvider against a local Twilio endpoint', () => {
  let tw: TwilioEndpoint;
  let provider: TwilioSmsProvider;
  const make = (patch: Partial<ConstructorParameters<typeof TwilioSmsProvider>[0]> = {}) =>
    new TwilioSmsProvider({ apiBase: tw.url, accountSid: tw.accountSid, authToken: tw.authToken, from: tw.from, timeoutMs: 2000, statusCallbackUrl: CALLBACK, ...patch });

  beforeAll(async () => {
    tw = await startTwilioEndpoint();
    provider = make();
  });
  afterAll(async () => tw?.close());

  it('sends a form-encoded message with Basic auth and answers the provider id', async () => {
    const sent = await provider.send({ to: TO, body: 'Hearth: reminder for tomorrow 9:00. Reply C to confirm.' });
    expect(sent.providerId).toMatch(/^SM[0-9a-f]{32}$/);
    const msg = tw.messages.find((m) => m.sid === sent.providerId)!;
    expect(msg).toMatchObject({ to: TO, from: tw.from, body: 'Hearth: reminder for tomorrow 9:00. Reply C to confirm.', statusCallback: CALLBACK });
    expect(provider.idempotent).toBe(false);
  });

  it("uses a message's own status callback URL when it names one; keeps Unicode intact", async () => {
    const sent = await provider.send({ to: TO, body: 'Zoë — à demain ✓', statusCallbackUrl: 'https://other.example/cb?x=1' });
    expect(tw.messages.find((m) => m.sid === sent.providerId)).toMatchObject({ body: 'Zoë — à demain ✓', statusCallback: 'https://other.example/cb?x=1' });
  });

  it('the endpoint checks the format: a bad number, an empty or over-long body are permanent failures with Twilio codes', async () => {
    await expect(provider.send({ to: '5415550142', body: 'x' })).rejects.toMatchObject({ name: 'PermanentSmsError', code: '21211' });
    await expect(provider.send({ to: TO, body: '' })).rejects.toMatchObject({ code: '21602' });
    await expect(provider.send({ to: TO, body: 'x'.repeat(1601) })).rejects.toMatchObject({ code: '21617' });
    await expect(provider.send({ to: TO, body: 'x'.repeat(1600) })).resolves.toHaveProperty('providerId');
    // A sender the account does not own, wrong credentials, another account, no status callback.
    await expect(make({ from: '+15005550001' }).send({ to: TO, body: 'x' })).rejects.toMatchObject({ code: '21606' });
    await expect(make({ authToken: 'wrong' }).send({ to: TO, body: 'x' })).rejects.toMatchObject({ code: '20003' });
    await expect(make({ accountSid: 'AC0000' }).send({ to: TO, body: 'x' })).rejects.toMatchObject({ code: '20003' });
    await expect(make({ statusCallbackUrl: undefined as unknown as string }).send({ to: TO, body: 'x' })).rejects.toMatchObject({ code: '21609' });
    await expect(provider.send({ to: TO, body: 'x', statusCallbackUrl: '/relative' })).rejects.toMatchObject({ code: '21609' });
  });

  it('429 and 5xx are transient (nothing sent, safe to retry); a 400 is permanent with its code', async () => {
    const before = tw.messages.length;
    tw.failNext(1, 429);
    const e429 = await provider.send({ to: TO, body: 'x' }).catch((e: unknown) => e);
    expect(e429).toBeInstanceOf(TransientSmsError);
    expect(e429).toMatchObject({ code: '20429', maybeSent: false });
    tw.failNext(1, 500);
    await expect(provider.send({ to: TO, body: 'x' })).rejects.toMatchObject({ name: 'TransientSmsError', code: '20500', maybeSent: false });
    tw.failNext(1, 503, 20503);
    await expect(provider.send({ to: TO, body: 'x' })).rejects.toMatchObject({ name: 'TransientSmsError', code: '20503' });
    tw.failNext(1, 400, 21610);
    const e400 = await provider.send({ to: TO, body: 'x' }).catch((e: unknown) => e);
    expect(e400).toBeInstanceOf(PermanentSmsError);
    expect(e400).toMatchObject({ code: '21610' });
    expect(tw.messages.length).toBe(before);
    // And the next one goes through.
    await expect(provider.send({ to: TO, body: 'x' })).resolves.toHaveProperty('providerId');
  });

  it('a hanging provider is a transient timeout that may have sent (never blindly retried)', async () => {
    tw.hangNext(1);
    const fast = make({ timeoutMs: 300 });
    const started = Date.now();
    const err = await fast.send({ to: TO, body: 'x' }).catch((e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(err).toBeInstanceOf(TransientSmsError);
    expect(err).toMatchObject({ code: 'timeout', maybeSent: true });
  });

  it('a refused connection is transient and certainly not sent', async () => {
    // A port that was free a moment ago.
    const srv = createServer();
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
    const port = (srv.address() as { port: number }).port;
    await new Promise<void>((r) => srv.close(() => r()));
    const err = await make({ apiBase: `http://127.0.0.1:${port}` }).send({ to: TO, body: 'x' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TransientSmsError);
    expect(err).toMatchObject({ code: 'connect_failed', maybeSent: false });
  });

  it('errors carry codes, never the number or the text', async () => {
    tw.failNext(1, 400, 21211);
    const err = (await provider.send({ to: TO, body: 'Canarytext' }).catch((e: unknown) => e)) as Error;
    expect(`${err.message} ${JSON.stringify(err)}`).not.toMatch(/5415550142|Canarytext/);
  });
});

describe('Twilio request signatures', () => {
  // Twilio's published example (docs: "Validating requests"; twilio-node's validateRequest).
  const url = 'https://mycompany.com/myapp.php?foo=1&bar=2';
  const params = { CallSid: 'CA1234567890ABCDE', Caller: '+14158675309', Digits: '1234', From: '+14158675309', To: '+18005551212' };
  const provider = new TwilioSmsProvider({ apiBase: 'https://api.twilio.com', accountSid: 'AC1', authToken: '12345', from: '+15005550006', timeoutMs: 1000 });

  it("matches Twilio's published example", () => {
    expect(twilioSignature('12345', url, params)).toBe('RSOYDt4T1cUTdK1PDd93/VVr8B8=');
    expect(provider.verifySignature(url, params, 'RSOYDt4T1cUTdK1PDd93/VVr8B8=')).toBe(true);
  });

  it('refuses a missing, wrong, truncated or re-targeted signature, and any changed parameter', () => {
    const good = 'RSOYDt4T1cUTdK1PDd93/VVr8B8=';
    expect(provider.verifySignature(url, params, undefined)).toBe(false);
    expect(provider.verifySignature(url, params, '')).toBe(false);
    expect(provider.verifySignature(url, params, good.slice(0, -2))).toBe(false);
    expect(provider.verifySignature(url, params, good.replace('R', 'S'))).toBe(false);
    expect(provider.verifySignature('https://mycompany.com/myapp.php?foo=1&bar=3', params, good)).toBe(false);
    expect(provider.verifySignature(url, { ...params, Digits: '1235' }, good)).toBe(false);
    expect(provider.verifySignature(url, { ...params, Extra: '' }, good)).toBe(false);
    const { Digits: _d, ...fewer } = params;
    expect(provider.verifySignature(url, fewer, good)).toBe(false);
  });

  it('round trips: what the local endpoint signs, the provider accepts; order of parameters does not matter', async () => {
    const tw = await startTwilioEndpoint({ authToken: 'secret-token' });
    try {
      const p = new TwilioSmsProvider({ apiBase: tw.url, accountSid: tw.accountSid, authToken: 'secret-token', from: tw.from, timeoutMs: 1000 });
      const body = { MessageSid: 'SM1', MessageStatus: 'delivered', Body: 'Ünïcödé & spaces + plus=equals' };
      const u = 'https://hearth.example/api/sms/status';
      expect(p.verifySignature(u, { MessageStatus: 'delivered', Body: body.Body, MessageSid: 'SM1' }, tw.sign(u, body))).toBe(true);
      expect(p.verifySignature(u, body, tw.sign(u, body, 'other-token'))).toBe(false);
      // https on the default port is signed with or without ":443"; both forms verify.
      expect(p.verifySignature(u, body, tw.sign('https://hearth.example:443/api/sms/status', body))).toBe(true);
      expect(p.verifySignature('https://hearth.example:443/api/sms/status', body, tw.sign(u, body))).toBe(true);
      expect(p.verifySignature(u, body, tw.sign('https://hearth.example:8443/api/sms/status', body))).toBe(false);
    } finally {
      await tw.close();
    }
  });
});
