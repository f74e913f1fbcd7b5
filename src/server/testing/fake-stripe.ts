// A local Stripe: a real HTTP server on 127.0.0.1 that speaks the few endpoints Hearth uses, so the
// real adapter (the official SDK with host/port/protocol from STRIPE_API_URL) is tested end to end.
// It checks the Bearer key, decodes the SDK's form bodies, replays Idempotency-Key requests (same
// key and body: the same answer; another body: 400 idempotency_error), answers Stripe-shaped
// objects and errors, and plays the client and Stripe's side: a hosted checkout page, paying a
// session, refunds and disputes from the dashboard, and webhook events signed with the SDK's own
// `generateTestHeaderString`. Test support only: never imported by shipped code.
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';
import { eventOf, FakeStripeApi, type AccountState, type ApiRequest, type FakeEvent } from './fake-stripe-api.js';
import { newId, parseForm, StripeWireError, type Answer } from './fake-stripe-wire.js';

export type { FakeEvent } from './fake-stripe-api.js';

export interface Delivery {
  status: number;
  body: string;
}

/** How an event reaches Hearth: its raw body and headers (e.g. through app.inject, or over HTTP). */
export type Deliver = (body: string, headers: Record<string, string>) => Promise<Delivery>;

export interface SendOptions {
  /** valid (default), signed with another secret, or no Stripe-Signature header. */
  signature?: 'valid' | 'wrong' | 'none';
  /** Seconds since the epoch written into the signature (default: the fake's now). */
  timestamp?: number;
}

export interface FakeAccount {
  id: string;
  secretKey: string;
  webhookSecret: string;
}

export interface FakeStripe {
  /** STRIPE_API_URL for Hearth. */
  url: string;
  env: Record<string, string>;
  addAccount(opts?: { restricted?: boolean }): FakeAccount;
  /** Where this account's events go; with `autoDeliver` they are sent as they happen, in order. */
  setWebhook(accountId: string, deliver: Deliver, opts?: { autoDeliver?: boolean }): void;
  /** Every event of the account so far, oldest first. */
  events(accountId: string): FakeEvent[];
  /** Events not yet sent (without autoDeliver); taking them empties the queue. */
  takePending(accountId: string): FakeEvent[];
  send(accountId: string, event: FakeEvent, opts?: SendOptions): Promise<Delivery>;
  /** The client pays the session on the hosted page; its events are queued (or sent, with autoDeliver). */
  paySession(accountId: string, sessionId: string): { sessionId: string; paymentIntentId: string; chargeId: string };
  expireSession(accountId: string, sessionId: string): void;
  /** A refund made in Stripe's dashboard (not through Hearth). */
  refundFromDashboard(accountId: string, chargeId: string, amount?: number): string;
  dispute(accountId: string, chargeId: string, amount?: number): string;
  closeDispute(accountId: string, disputeId: string, outcome: 'won' | 'lost'): void;
  /** The next `n` off-session charges of the account are declined (402 card_declined). */
  declineNext(accountId: string, n: number): void;
  /** Answer the next `n` API requests with this status (Stripe's api_error). */
  failNext(n: number, status?: number): void;
  /** Checkout sessions of an invoice (client_reference_id), and succeeded charges of it (metadata.invoiceId). */
  sessionsFor(invoiceId: string): number;
  chargesFor(invoiceId: string): number;
  /** A charge made directly at Stripe for an invoice, that Hearth never hears of (reconciliation tests). */
  chargeBehindHearthsBack(accountId: string, p: { amount: number; currency: string; invoiceId: string }): string;
  /** Every API request, in order: method, path, idempotency key, answer status. */
  log: { method: string; path: string; idempotencyKey: string | null; status: number }[];
  close(): Promise<void>;
}

interface Replay {
  fingerprint: string;
  answer: Answer;
}

/** What the server's request handlers share. */
interface State {
  accounts: Map<string, AccountState>;
  byKey: Map<string, AccountState>;
  replays: Map<string, Replay>;
  failures: number[];
  api: FakeStripeApi;
}

export async function startFakeStripe(opts: { now?: () => number } = {}): Promise<FakeStripe> {
  const now = opts.now ?? (() => Date.now());
  const accounts = new Map<string, AccountState>();
  const byKey = new Map<string, AccountState>();
  const replays = new Map<string, Replay>();
  const hooks = new Map<string, { deliver: Deliver; auto: boolean; queue: FakeEvent[]; chain: Promise<unknown> }>();
  const failures: number[] = [];
  const log: FakeStripe['log'] = [];

  const emit = (acct: AccountState, type: string, object: Parameters<typeof eventOf>[1], req?: ApiRequest) => {
    const event = eventOf(type, object, req, Math.floor(now() / 1000));
    acct.events.push(event);
    const hook = hooks.get(acct.id);
    if (!hook) return;
    if (hook.auto) hook.chain = hook.chain.then(() => sendEvent(acct, event)).catch(() => undefined);
    else hook.queue.push(event);
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => void serve(req, res, Buffer.concat(chunks).toString('utf8')));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const api = new FakeStripeApi(base, now, emit);
  const state: State = { accounts, byKey, replays, failures, api };

  function account(id: string): AccountState {
    const a = accounts.get(id);
    if (!a) throw new Error(`fake Stripe: no account ${id}`);
    return a;
  }

  async function sendEvent(acct: AccountState, event: FakeEvent, o: SendOptions = {}): Promise<Delivery> {
    const hook = hooks.get(acct.id);
    if (!hook) throw new Error(`fake Stripe: no webhook set for ${acct.id}`);
    const payload = JSON.stringify(event, null, 2);
    const secret = o.signature === 'wrong' ? `whsec_${createHash('sha256').update(acct.webhookSecret).digest('hex').slice(0, 32)}` : acct.webhookSecret;
    const header = Stripe.webhooks.generateTestHeaderString({ payload, secret, timestamp: o.timestamp ?? Math.floor(now() / 1000) });
    const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8', 'user-agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)' };
    if (o.signature !== 'none') headers['stripe-signature'] = header;
    return hook.deliver(payload, headers);
  }

  async function serve(req: IncomingMessage, res: ServerResponse, body: string): Promise<void> {
    const url = new URL(req.url ?? '/', base);
    if (url.pathname.startsWith('/c/pay/')) return hostedPage(state, req, res, url);
    const requestId = newId('req');
    const idempotencyKey = (req.headers['idempotency-key'] as string | undefined) ?? null;
    const answer = answerApi(state, req, url, body, idempotencyKey, requestId);
    log.push({ method: req.method ?? 'GET', path: url.pathname, idempotencyKey, status: answer.status });
    res.writeHead(answer.status, { 'content-type': 'application/json', 'request-id': requestId, ...(idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}) });
    res.end(JSON.stringify(answer.body, null, 2));
  }

  const fake: FakeStripe = {
    url: base,
    env: { STRIPE_API_URL: base },
    log,
    addAccount(o = {}) {
      const id = newId('acct');
      const secretKey = `${o.restricted ? 'rk' : 'sk'}_test_${newId('k').slice(2).replace(/[^A-Za-z0-9]/g, '')}${Date.now().toString(36)}`;
      const webhookSecret = `whsec_${createHash('sha256').update(secretKey).digest('base64url').replace(/[^A-Za-z0-9]/g, '').slice(0, 32)}`;
      const state: AccountState = { id, secretKey, webhookSecret, restricted: o.restricted ?? false, sessions: new Map(), intents: new Map(), charges: new Map(), refunds: new Map(), disputes: new Map(), customers: new Map(), paymentMethods: new Map(), events: [], declineNext: 0 };
      accounts.set(id, state);
      byKey.set(secretKey, state);
      return { id, secretKey, webhookSecret };
    },
    setWebhook(accountId, deliver, o = {}) {
      account(accountId);
      hooks.set(accountId, { deliver, auto: o.autoDeliver ?? false, queue: [], chain: Promise.resolve() });
    },
    events: (accountId) => [...account(accountId).events],
    takePending(accountId) {
      const hook = hooks.get(accountId);
      return hook ? hook.queue.splice(0) : [];
    },
    send: (accountId, event, o) => sendEvent(account(accountId), event, o),
    paySession(accountId, sessionId) {
      const { session, paymentIntent } = api.paySession(account(accountId), sessionId);
      return { sessionId: session.id, paymentIntentId: paymentIntent.id, chargeId: String(paymentIntent.latest_charge) };
    },
    expireSession: (accountId, sessionId) => void api.expireSession(account(accountId), sessionId),
    refundFromDashboard: (accountId, chargeId, amount) => api.refund(account(accountId), { charge: chargeId, amount: amount === undefined ? undefined : String(amount), metadata: {} }).id,
    dispute: (accountId, chargeId, amount) => api.dispute(account(accountId), chargeId, amount).id,
    closeDispute: (accountId, disputeId, outcome) => void api.closeDispute(account(accountId), disputeId, outcome),
    declineNext(accountId, n) {
      account(accountId).declineNext += n;
    },
    failNext(n, status = 500) {
      for (let i = 0; i < n; i++) failures.push(status);
    },
    sessionsFor: (invoiceId) => [...accounts.values()].flatMap((a) => [...a.sessions.values()]).filter((s) => s.client_reference_id === invoiceId).length,
    chargesFor: (invoiceId) => [...accounts.values()].flatMap((a) => [...a.charges.values()]).filter((c) => c.metadata.invoiceId === invoiceId && c.status === 'succeeded').length,
    chargeBehindHearthsBack(accountId, p) {
      const pi = api.settle(account(accountId), { amount: p.amount, currency: p.currency.toLowerCase(), customer: null, paymentMethod: newId('pm'), metadata: { invoiceId: p.invoiceId }, setupFutureUsage: null });
      return String(pi.latest_charge);
    },
    async close() {
      await Promise.all([...hooks.values()].map((h) => h.chain));
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
  return fake;
}

function answerApi(st: State, req: IncomingMessage, url: URL, body: string, idempotencyKey: string | null, requestId: string): Answer {
  const method = req.method ?? 'GET';
  const auth = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '');
  const acct = auth ? st.byKey.get(auth[1]!) : undefined;
  if (!acct) {
    const shown = auth?.[1] ? `${auth[1].slice(0, 8)}${'*'.repeat(8)}${auth[1].slice(-4)}` : '';
    return new StripeWireError(401, 'invalid_request_error', auth ? `Invalid API Key provided: ${shown}` : 'You did not provide an API key.').answer(requestId);
  }
  const failure = st.failures.shift();
  if (failure !== undefined) return new StripeWireError(failure, 'api_error', 'Something went wrong on our end.').answer(requestId);
  const replayKey = idempotencyKey && method === 'POST' ? `${acct.id} ${idempotencyKey}` : null;
  const fingerprint = `${method} ${url.pathname} ${body}`;
  if (replayKey) {
    const seen = st.replays.get(replayKey);
    if (seen && seen.fingerprint !== fingerprint) {
      return new StripeWireError(400, 'idempotency_error', `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${idempotencyKey}' if you meant to execute a different request.`).answer(requestId);
    }
    if (seen) return seen.answer;
  }
  let answer: Answer;
  try {
    answer = st.api.handle(acct, { method, path: url.pathname, query: parseForm(url.search.slice(1)), form: parseForm(body), idempotencyKey });
  } catch (err) {
    if (!(err instanceof StripeWireError)) throw err;
    answer = err.answer(requestId);
  }
  // Stripe keeps the answer of a key whatever it was, except for its own 5xx and 409 concurrency.
  if (replayKey && answer.status < 500) st.replays.set(replayKey, { fingerprint, answer });
  return answer;
}

/** The hosted page a client is sent to: a Pay button (GET), paying and going back to success_url (POST). */
function hostedPage(st: State, req: IncomingMessage, res: ServerResponse, url: URL): void {
  const id = url.pathname.slice('/c/pay/'.length);
  const acct = [...st.accounts.values()].find((a) => a.sessions.has(id));
  const session = acct?.sessions.get(id);
  if (!acct || !session) {
    res.writeHead(404, { 'content-type': 'text/html; charset=utf-8' }).end('<!doctype html><title>Not found</title><main><h1>Session not found</h1></main>');
    return;
  }
  if (req.method === 'POST') {
    try {
      if (session.status === 'open') st.api.paySession(acct, id);
      res.writeHead(303, { location: String(session.success_url) }).end();
    } catch (err) {
      res.writeHead(400, { 'content-type': 'text/html; charset=utf-8' }).end(`<!doctype html><title>Payment failed</title><main><h1>${(err as Error).message}</h1></main>`);
    }
    return;
  }
  const amount = ((session.amount_total as number) / 100).toFixed(2);
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>Pay – Test Stripe Checkout</title></head>` +
      `<body><main><h1>Test checkout</h1><p>Amount due: ${amount} ${String(session.currency).toUpperCase()}</p>` +
      `<form method="post"><label>Card number <input name="card" value="4242 4242 4242 4242" autocomplete="off"></label><button type="submit">Pay</button></form>` +
      `<p><a href="${String(session.cancel_url)}">Cancel</a></p></main></body></html>`,
  );
}
