// A local Twilio-compatible Messages endpoint: a real HTTP server on 127.0.0.1 that checks each
// request as Twilio would (path and account, Basic auth, form encoding, E.164 numbers, a body of
// at most 1600 characters, an absolute StatusCallback URL), answers a Twilio-style error JSON
// otherwise, and keeps every accepted message. It can be told to fail or hang the next requests,
// and it plays Twilio's side of the webhooks: signed status callbacks and inbound messages (or
// wrongly signed ones). The signature is computed here independently of the production code.
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { handleMessages, newSid, type MessagesState } from './twilio-messages.js';
import { inboundParams, postWebhook, statusParams, twilioSign } from './twilio-webhooks.js';

export { twilioSign } from './twilio-webhooks.js';

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

export async function startTwilioEndpoint(
  opts: { accountSid?: string; authToken?: string; from?: string; requireStatusCallback?: boolean; /** Further numbers the account owns (practices' own). */ ownedNumbers?: string[] } = {},
): Promise<TwilioEndpoint> {
  const accountSid = opts.accountSid ?? newSid('AC');
  const authToken = opts.authToken ?? randomBytes(16).toString('hex');
  const from = opts.from ?? '+15005550006';
  const messages: TwilioMessage[] = [];
  // The endpoint is filled in below; the server answers nothing before it is.
  const state: MessagesState = { accountSid, authToken, from, ownedNumbers: opts.ownedNumbers ?? [], requireStatusCallback: opts.requireStatusCallback ?? true, messages, waiters: [], failures: [], hang: 0, hanging: new Set(), endpoint: undefined as unknown as TwilioEndpoint };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => void handleMessages(state, req, res, Buffer.concat(chunks).toString('utf8')));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const post = (url: string, params: Record<string, string>, o?: WebhookOptions) => postWebhook(authToken, url, params, o);

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
      for (let i = 0; i < n; i++) state.failures.push({ status, code: c });
    },
    hangNext(n) {
      state.hang += n;
    },
    beforeAnswer: null,
    waitFor(pred, timeoutMs = 10_000) {
      const found = messages.find(pred);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const t = setTimeout(() => reject(new Error('no matching text arrived')), timeoutMs);
        state.waiters.push({ pred, resolve: (m) => (clearTimeout(t), resolve(m)) });
      });
    },
    sendStatus: (url, p, o) => post(url, statusParams(accountSid, p), o),
    deliverStatus(sid, status, errorCode, o) {
      const msg = messages.find((x) => x.sid === sid);
      if (!msg?.statusCallback) throw new Error(`no message ${sid} with a StatusCallback`);
      return endpoint.sendStatus(
        msg.statusCallback,
        { MessageSid: sid, MessageStatus: status, ...(errorCode !== undefined ? { ErrorCode: errorCode } : {}) },
        { ...o, extra: { To: msg.to, From: msg.from, ...o?.extra } },
      );
    },
    sendInbound: (url, p, o) => post(url, inboundParams(accountSid, p.MessageSid ?? newSid('SM'), p.To ?? from, p), o),
    sign: (url, params, token = authToken) => twilioSign(token, url, params),
    async close() {
      for (const res of state.hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
  state.endpoint = endpoint;
  return endpoint;
}
