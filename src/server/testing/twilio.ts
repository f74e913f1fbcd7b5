// A local Twilio-compatible Messages endpoint: a real HTTP server on 127.0.0.1 that checks each
// request as Twilio would (path and account, Basic auth, form encoding, E.164 numbers, a body of
// at most 1600 characters, an absolute StatusCallback URL), answers a Twilio-style error JSON
// otherwise, and keeps every accepted message. It can be told to fail or hang the next requests,
// and it plays Twilio's side of the webhooks: signed status callbacks and inbound messages (or
// wrongly signed ones). The signature is computed here independently of the production code.
import { createHmac, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface TwilioMessage {
  sid: string;
  to: string;
  from: string;
  body: string;
  statusCallback: string | null;
  at: number;
}

export interface Delivery {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** How a webhook reaches the app: over HTTP by default, or e.g. through app.inject. */
export type Deliver = (url: string, form: string, headers: Record<string, string>) => Promise<Delivery>;

export interface WebhookOptions {
  /** valid (default), signed with another token, or no X-Twilio-Signature header at all. */
  signature?: 'valid' | 'wrong' | 'none';
  /** The URL to sign when it differs from where the request goes (a proxy in front of the app). */
  signUrl?: string;
  deliver?: Deliver;
  /** Parameters added to (or replacing) the usual ones. */
  extra?: Record<string, string>;
  /** Parameters removed after defaults are applied (signed without them). */
  omit?: string[];
}

export interface TwilioEndpoint {
  /** Base URL to give SMS_API_BASE. */
  url: string;
  accountSid: string;
  authToken: string;
  from: string;
  /** SMS_* settings pointing Hearth at this endpoint. */
  env: Record<string, string>;
  messages: TwilioMessage[];
  /** Every request that reached the server, accepted or not. */
  attempts: number;
  /** Answer the next `n` requests with this status (429, 500, 400, ...) and Twilio error code. */
  failNext(n: number, status: number, code?: number): void;
  /** Never answer the next `n` requests (for client timeouts). */
  hangNext(n: number): void;
  /**
   * Runs after a message is accepted and before the 201 goes back (a fast carrier whose status
   * callback reaches the app before the sender has the message id).
   */
  beforeAnswer: ((msg: TwilioMessage) => Promise<void>) | null;
  waitFor(pred: (m: TwilioMessage) => boolean, timeoutMs?: number): Promise<TwilioMessage>;
  /** Posts a delivery-status callback as Twilio would (MessageSid, MessageStatus, ErrorCode). */
  sendStatus(url: string, p: { MessageSid: string; MessageStatus: string; ErrorCode?: string }, opts?: WebhookOptions): Promise<Delivery>;
  /** Posts a status callback for an accepted message to the StatusCallback it was sent with. */
  deliverStatus(sid: string, status: string, errorCode?: string, opts?: WebhookOptions): Promise<Delivery>;
  /** Posts an inbound message (a reply from a phone) as Twilio would. */
  sendInbound(url: string, p: { From: string; Body: string; To?: string; MessageSid?: string }, opts?: WebhookOptions): Promise<Delivery>;
  /** The X-Twilio-Signature Twilio would send for these parameters to this URL. */
  sign(url: string, params: Record<string, string>, token?: string): string;
  close(): Promise<void>;
}

const E164 = /^\+[1-9]\d{6,14}$/;
const MAX_BODY_CHARS = 1600;

const ERRORS: Record<number, string> = {
  20003: 'Authenticate',
  20404: 'The requested resource was not found',
  20429: 'Too Many Requests',
  20500: 'Internal Server Error',
  21211: "Invalid 'To' Phone Number",
  21212: "Invalid 'From' Phone Number",
  21602: 'Message body is required.',
  21606: "The 'From' phone number provided is not a valid message-capable Twilio phone number for this destination/account.",
  21609: 'Invalid StatusCallback url',
  21610: 'Attempt to send to unsubscribed recipient',
  21617: 'The concatenated message body exceeds the 1600 character limit.',
  30000: 'Unsupported media type: send application/x-www-form-urlencoded',
};

const newSid = (prefix: string) => prefix + randomBytes(16).toString('hex');

export function twilioSign(token: string, url: string, params: Record<string, string>): string {
  let data = url;
  for (const k of Object.keys(params).sort()) data += k + params[k];
  return createHmac('sha1', token).update(Buffer.from(data, 'utf-8')).digest('base64');
}

async function httpDeliver(url: string, form: string, headers: Record<string, string>): Promise<Delivery> {
  const res = await fetch(url, { method: 'POST', headers, body: form });
  return { status: res.status, headers: Object.fromEntries(res.headers.entries()), body: await res.text() };
}

export async function startTwilioEndpoint(
  opts: { accountSid?: string; authToken?: string; from?: string; requireStatusCallback?: boolean; /** Further numbers the account owns (practices' own). */ ownedNumbers?: string[] } = {},
): Promise<TwilioEndpoint> {
  const accountSid = opts.accountSid ?? newSid('AC');
  const authToken = opts.authToken ?? randomBytes(16).toString('hex');
  const from = opts.from ?? '+15005550006';
  const requireStatusCallback = opts.requireStatusCallback ?? true;
  const messages: TwilioMessage[] = [];
  const waiters: { pred: (m: TwilioMessage) => boolean; resolve: (m: TwilioMessage) => void }[] = [];
  const failures: { status: number; code: number }[] = [];
  let hang = 0;
  const hanging = new Set<ServerResponse>();

  const answerError = (res: ServerResponse, status: number, code: number) => {
    const body = JSON.stringify({ code, message: ERRORS[code] ?? 'Error', more_info: `https://www.twilio.com/docs/errors/${code}`, status });
    res.writeHead(status, { 'content-type': 'application/json' }).end(body);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse, raw: string) => {
    endpoint.attempts++;
    if (hang > 0) {
      hang--;
      hanging.add(res);
      return;
    }
    const failure = failures.shift();
    if (failure) return answerError(res, failure.status, failure.code);

    const url = new URL(req.url ?? '/', 'http://localhost');
    const m = /^\/2010-04-01\/Accounts\/([^/]+)\/Messages\.json$/.exec(url.pathname);
    const expectedAuth = `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`;
    if (req.headers.authorization !== expectedAuth) {
      res.setHeader('www-authenticate', 'Basic realm="Twilio API"');
      return answerError(res, 401, 20003);
    }
    if (!m || decodeURIComponent(m[1]!) !== accountSid) return answerError(res, 404, 20404);
    if (req.method !== 'POST') return answerError(res, 405, 20404);
    if (String(req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase() !== 'application/x-www-form-urlencoded') {
      return answerError(res, 400, 30000);
    }
    const form = new URLSearchParams(raw);
    const to = form.get('To') ?? '';
    const sender = form.get('From') ?? '';
    const body = form.get('Body');
    const callback = form.get('StatusCallback');
    if (!E164.test(to)) return answerError(res, 400, 21211);
    if (!E164.test(sender)) return answerError(res, 400, 21212);
    if (sender !== from && !(opts.ownedNumbers ?? []).includes(sender)) return answerError(res, 400, 21606);
    if (body === null || body.trim() === '') return answerError(res, 400, 21602);
    if ([...body].length > MAX_BODY_CHARS) return answerError(res, 400, 21617);
    if (callback === null ? requireStatusCallback : !isAbsoluteUrl(callback)) return answerError(res, 400, 21609);

    const msg: TwilioMessage = { sid: newSid('SM'), to, from: sender, body, statusCallback: callback, at: Date.now() };
    messages.push(msg);
    for (const w of [...waiters]) {
      if (w.pred(msg)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(msg);
      }
    }
    if (endpoint.beforeAnswer) await endpoint.beforeAnswer(msg);
    const now = new Date(msg.at).toUTCString();
    res.writeHead(201, { 'content-type': 'application/json' }).end(
      JSON.stringify({
        sid: msg.sid,
        account_sid: accountSid,
        to,
        from: sender,
        body,
        status: 'queued',
        num_segments: String(Math.ceil([...body].length / 153) || 1),
        direction: 'outbound-api',
        api_version: '2010-04-01',
        date_created: now,
        date_updated: now,
        date_sent: null,
        error_code: null,
        error_message: null,
        uri: `/2010-04-01/Accounts/${accountSid}/Messages/${msg.sid}.json`,
      }),
    );
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => void handle(req, res, Buffer.concat(chunks).toString('utf8')));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const post = async (url: string, params: Record<string, string>, o: WebhookOptions = {}): Promise<Delivery> => {
    const all: Record<string, string> = { ...params, ...o.extra };
    for (const k of o.omit ?? []) delete all[k];
    const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded', 'user-agent': 'TwilioProxy/1.1' };
    const signature = o.signature ?? 'valid';
    if (signature !== 'none') headers['x-twilio-signature'] = twilioSign(signature === 'valid' ? authToken : `${authToken}x`, o.signUrl ?? url, all);
    return (o.deliver ?? httpDeliver)(url, new URLSearchParams(all).toString(), headers);
  };

  const endpoint: TwilioEndpoint = {
    url: base,
    accountSid,
    authToken,
    from,
    env: { SMS_API_BASE: base, SMS_ACCOUNT_SID: accountSid, SMS_AUTH_TOKEN: authToken, SMS_FROM: from },
    messages,
    attempts: 0,
    failNext(n, status, code) {
      const c = code ?? (status === 429 ? 20429 : status >= 500 ? 20500 : 21211);
      for (let i = 0; i < n; i++) failures.push({ status, code: c });
    },
    hangNext(n) {
      hang += n;
    },
    beforeAnswer: null,
    waitFor(pred, timeoutMs = 10_000) {
      const found = messages.find(pred);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const t = setTimeout(() => reject(new Error('no matching text arrived')), timeoutMs);
        waiters.push({ pred, resolve: (m) => (clearTimeout(t), resolve(m)) });
      });
    },
    sendStatus(url, p, o) {
      const params: Record<string, string> = {
        AccountSid: accountSid,
        ApiVersion: '2010-04-01',
        MessageSid: p.MessageSid,
        SmsSid: p.MessageSid,
        MessageStatus: p.MessageStatus,
        SmsStatus: p.MessageStatus,
        ...(p.ErrorCode !== undefined ? { ErrorCode: p.ErrorCode } : {}),
      };
      return post(url, params, o);
    },
    deliverStatus(sid, status, errorCode, o) {
      const msg = messages.find((x) => x.sid === sid);
      if (!msg?.statusCallback) throw new Error(`no message ${sid} with a StatusCallback`);
      return endpoint.sendStatus(
        msg.statusCallback,
        { MessageSid: sid, MessageStatus: status, ...(errorCode !== undefined ? { ErrorCode: errorCode } : {}) },
        { ...o, extra: { To: msg.to, From: msg.from, ...o?.extra } },
      );
    },
    sendInbound(url, p, o) {
      const sid = p.MessageSid ?? newSid('SM');
      const params: Record<string, string> = {
        AccountSid: accountSid,
        ApiVersion: '2010-04-01',
        MessageSid: sid,
        SmsMessageSid: sid,
        SmsSid: sid,
        SmsStatus: 'received',
        From: p.From,
        To: p.To ?? from,
        Body: p.Body,
        NumMedia: '0',
        NumSegments: '1',
        FromCountry: 'US',
        ToCountry: 'US',
      };
      return post(url, params, o);
    },
    sign: (url, params, token = authToken) => twilioSign(token, url, params),
    async close() {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
  return endpoint;
}

function isAbsoluteUrl(value: string): boolean {
  try {
    const u = new URL(value);
    return u.protocol === 'https:' || u.protocol === 'http:';
  } catch {
    return false;
  }
}
