// The Messages API side of the local Twilio endpoint (twilio.ts): checks each request as Twilio
// would, answers a Twilio-style error JSON otherwise, and keeps every accepted message.
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TwilioEndpoint, TwilioMessage } from './twilio.js';

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

export const newSid = (prefix: string) => prefix + randomBytes(16).toString('hex');

/** What the Messages API keeps between requests (startTwilioEndpoint owns it). */
export interface MessagesState {
  accountSid: string;
  authToken: string;
  from: string;
  /** Further numbers the account owns (practices' own). */
  ownedNumbers: string[];
  requireStatusCallback: boolean;
  messages: TwilioMessage[];
  waiters: { pred: (m: TwilioMessage) => boolean; resolve: (m: TwilioMessage) => void }[];
  failures: { status: number; code: number }[];
  /** How many of the next requests are never answered. */
  hang: number;
  hanging: Set<ServerResponse>;
  endpoint: TwilioEndpoint;
}

function answerError(res: ServerResponse, status: number, code: number) {
  const body = JSON.stringify({ code, message: ERRORS[code] ?? 'Error', more_info: `https://www.twilio.com/docs/errors/${code}`, status });
  res.writeHead(status, { 'content-type': 'application/json' }).end(body);
}

/** One request to the Messages API. */
export async function handleMessages(s: MessagesState, req: IncomingMessage, res: ServerResponse, raw: string): Promise<void> {
  s.endpoint.attempts++;
  if (s.hang > 0) {
    s.hang--;
    s.hanging.add(res);
    return;
  }
  const failure = s.failures.shift();
  if (failure) return answerError(res, failure.status, failure.code);

  const url = new URL(req.url ?? '/', 'http://localhost');
  const m = /^\/2010-04-01\/Accounts\/([^/]+)\/Messages\.json$/.exec(url.pathname);
  const expectedAuth = `Basic ${Buffer.from(`${s.accountSid}:${s.authToken}`).toString('base64')}`;
  if (req.headers.authorization !== expectedAuth) {
    res.setHeader('www-authenticate', 'Basic realm="Twilio API"');
    return answerError(res, 401, 20003);
  }
  if (!m || decodeURIComponent(m[1]!) !== s.accountSid) return answerError(res, 404, 20404);
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
  if (sender !== s.from && !s.ownedNumbers.includes(sender)) return answerError(res, 400, 21606);
  if (body === null || body.trim() === '') return answerError(res, 400, 21602);
  if ([...body].length > MAX_BODY_CHARS) return answerError(res, 400, 21617);
  if (callback === null ? s.requireStatusCallback : !isAbsoluteUrl(callback)) return answerError(res, 400, 21609);

  const msg: TwilioMessage = { sid: newSid('SM'), to, from: sender, body, statusCallback: callback, at: Date.now() };
  s.messages.push(msg);
  for (const w of [...s.waiters]) {
    if (w.pred(msg)) {
      s.waiters.splice(s.waiters.indexOf(w), 1);
      w.resolve(msg);
    }
  }
  if (s.endpoint.beforeAnswer) await s.endpoint.beforeAnswer(msg);
  const now = new Date(msg.at).toUTCString();
  res.writeHead(201, { 'content-type': 'application/json' }).end(
    JSON.stringify({
      sid: msg.sid,
      account_sid: s.accountSid,
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
      uri: `/2010-04-01/Accounts/${s.accountSid}/Messages/${msg.sid}.json`,
    }),
  );
}

function isAbsoluteUrl(value: string): boolean {
  try {
    const u = new URL(value);
    return u.protocol === 'https:' || u.protocol === 'http:';
  } catch {
    return false;
  }
}
