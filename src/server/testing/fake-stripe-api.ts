// The Stripe endpoints Hearth uses, as the local server (fake-stripe.ts) answers them: objects
// shaped as Stripe documents them (`object`, prefixed ids, `livemode`, `created`, `metadata`),
// errors as {error:{type,code,message,param}} with Stripe's statuses. One account per key.
import Stripe from 'stripe';
import { amountParam, arr, inCreatedRange, invalidParam, listOf, metadataOf, missing, newId, obj, str, StripeWireError, type Answer, type Form } from './fake-stripe-wire.js';

type Obj = { id: string; object: string; created: number; livemode: false; metadata: Record<string, string> } & Record<string, unknown>;

export interface FakeEvent {
  id: string;
  object: 'event';
  api_version: string;
  created: number;
  data: { object: Obj; previous_attributes?: Record<string, unknown> };
  livemode: false;
  pending_webhooks: number;
  request: { id: string | null; idempotency_key: string | null };
  type: string;
}

export interface AccountState {
  id: string;
  secretKey: string;
  webhookSecret: string;
  /** A restricted key that may not read the account (GET /v1/account answers 403). */
  restricted: boolean;
  sessions: Map<string, Obj>;
  intents: Map<string, Obj>;
  charges: Map<string, Obj>;
  refunds: Map<string, Obj>;
  disputes: Map<string, Obj>;
  customers: Map<string, Obj>;
  /** Payment methods saved to a customer: pm id → customer id. */
  paymentMethods: Map<string, string>;
  events: FakeEvent[];
  declineNext: number;
}

export interface ApiRequest {
  method: string;
  path: string;
  query: Form;
  form: Form;
  idempotencyKey: string | null;
}

export class FakeStripeApi {
  constructor(
    readonly base: string,
    private readonly now: () => number,
    private readonly emit: (acct: AccountState, type: string, object: Obj, req?: ApiRequest) => void,
  ) {}

  seconds(): number {
    return Math.floor(this.now() / 1000);
  }

  private make(prefix: string, object: string, fields: Record<string, unknown>, metadata: Record<string, string> = {}): Obj {
    return { id: newId(prefix), object, created: this.seconds(), livemode: false, metadata, ...fields };
  }

  handle(acct: AccountState, r: ApiRequest): Answer {
    const seg = r.path.split('/').filter(Boolean);
    const [v, a, b, c, d] = seg;
    if (v !== 'v1') throw unrecognised(r);
    const key = `${r.method} ${a}${b !== undefined ? (a === 'checkout' ? `/${b}` : '/:id') : ''}${c !== undefined ? '/:id' : ''}${d !== undefined ? `/${d}` : ''}`;
    switch (key) {
      case 'GET account':
        if (acct.restricted) throw new StripeWireError(403, 'invalid_request_error', `The provided key 'rk_test_***${acct.secretKey.slice(-4)}' does not have the required permissions for this endpoint on account '${acct.id}'.`);
        return ok({ id: acct.id, object: 'account', type: 'standard', charges_enabled: true, country: 'US', default_currency: 'usd', created: 1_700_000_000, livemode: false, metadata: {} });
      case 'GET balance':
        return ok({ object: 'balance', available: [{ amount: 0, currency: 'usd', source_types: { card: 0 } }], pending: [{ amount: 0, currency: 'usd', source_types: { card: 0 } }], livemode: false });
      case 'POST checkout/sessions':
        return ok(this.createSession(acct, r));
      case 'GET checkout/sessions/:id':
        return ok(found(acct.sessions, c!, 'checkout.session'));
      case 'POST checkout/sessions/:id/expire': {
        const s = found(acct.sessions, c!, 'checkout.session');
        if (s.status !== 'open') throw new StripeWireError(400, 'invalid_request_error', `Only Checkout Sessions with a status in ["open"] can be expired. This Checkout Session has a status of "${String(s.status)}".`, 'checkout_session_not_open');
        return ok(this.expireSession(acct, c!));
      }
      case 'GET payment_intents/:id':
        return ok(found(acct.intents, b!, 'payment_intent'));
      case 'POST customers':
        return ok(this.createCustomer(acct, r));
      case 'POST payment_intents':
        return this.createIntent(acct, r);
      case 'GET payment_intents':
        return listOf('/v1/payment_intents', [...acct.intents.values()].filter((x) => inCreatedRange(r.query, x.created) && (!str(r.query, 'customer') || x.customer === str(r.query, 'customer'))), r.query);
      case 'GET charges':
        return listOf('/v1/charges', [...acct.charges.values()].filter((x) => inCreatedRange(r.query, x.created) && (!str(r.query, 'payment_intent') || x.payment_intent === str(r.query, 'payment_intent'))), r.query);
      case 'POST refunds':
        return ok(this.refund(acct, { paymentIntent: str(r.form, 'payment_intent'), charge: str(r.form, 'charge'), amount: str(r.form, 'amount'), metadata: metadataOf(r.form) }, r));
      case 'GET refunds':
        return listOf('/v1/refunds', [...acct.refunds.values()].filter((x) => inCreatedRange(r.query, x.created) && (!str(r.query, 'charge') || x.charge === str(r.query, 'charge')) && (!str(r.query, 'payment_intent') || x.payment_intent === str(r.query, 'payment_intent'))), r.query);
      default:
        throw unrecognised(r);
    }
  }

  private createSession(acct: AccountState, r: ApiRequest): Obj {
    const f = r.form;
    if (str(f, 'mode') !== 'payment') throw invalidParam('mode', 'Missing required param: mode.', 'parameter_missing');
    for (const p of ['success_url', 'cancel_url'] as const) if (!/^https?:\/\//.test(str(f, p) ?? '')) throw invalidParam(p, `Not a valid URL`, 'url_invalid');
    const items = arr(f, 'line_items');
    if (items.length === 0) throw invalidParam('line_items', 'Missing required param: line_items.', 'parameter_missing');
    let total = 0;
    let currency: string | undefined;
    items.forEach((item, i) => {
      const price = obj(item, 'price_data');
      const cur = str(price, 'currency');
      if (!cur || !/^[a-z]{3}$/.test(cur)) throw invalidParam(`line_items[${i}][price_data][currency]`, 'Invalid currency');
      currency = cur;
      if (!str(obj(price, 'product_data'), 'name')) throw invalidParam(`line_items[${i}][price_data][product_data][name]`, 'Missing required param: name.', 'parameter_missing');
      total += amountParam(str(price, 'unit_amount'), `line_items[${i}][price_data][unit_amount]`) * Number(str(item, 'quantity') ?? '1');
    });
    const now = this.seconds();
    const expiresAt = Number(str(f, 'expires_at') ?? now + 86_400);
    if (!(expiresAt >= now + 1800 - 5 && expiresAt <= now + 86_400)) throw invalidParam('expires_at', 'The `expires_at` timestamp must be between 30 minutes and 24 hours from Checkout Session creation.', 'parameter_invalid_integer');
    const customer = str(f, 'customer') ?? null;
    if (customer && !acct.customers.has(customer)) throw missing('customer', customer);
    const pid = obj(f, 'payment_intent_data');
    const id = newId('cs');
    return store(acct.sessions, {
      ...this.make('cs', 'checkout.session', {}, metadataOf(f)),
      id,
      amount_subtotal: total,
      amount_total: total,
      cancel_url: str(f, 'cancel_url'),
      client_reference_id: str(f, 'client_reference_id') ?? null,
      currency,
      customer,
      expires_at: expiresAt,
      mode: 'payment',
      payment_intent: null,
      payment_status: 'unpaid',
      status: 'open',
      success_url: str(f, 'success_url'),
      url: `${this.base}/c/pay/${id}`,
      // Kept for paying: what the PaymentIntent will be made with (Stripe keeps it too).
      payment_intent_data: { metadata: metadataOf(pid), setup_future_usage: str(pid, 'setup_future_usage') ?? null },
    });
  }

  private createCustomer(acct: AccountState, r: ApiRequest): Obj {
    return store(acct.customers, this.make('cus', 'customer', { email: str(r.form, 'email') ?? null, name: str(r.form, 'name') ?? null, invoice_settings: { default_payment_method: null } }, metadataOf(r.form)));
  }

  /** Off-session: confirm at once with a saved card of the customer (or decline, when told to). */
  private createIntent(acct: AccountState, r: ApiRequest): Answer {
    const f = r.form;
    const amount = amountParam(str(f, 'amount'), 'amount');
    const currency = str(f, 'currency');
    if (!currency || !/^[a-z]{3}$/.test(currency)) throw invalidParam('currency', 'Missing required param: currency.', 'parameter_missing');
    const customer = str(f, 'customer');
    const pm = str(f, 'payment_method');
    if (!customer || !acct.customers.has(customer)) throw missing('customer', customer ?? '');
    if (!pm || acct.paymentMethods.get(pm) !== customer) throw invalidParam('payment_method', `The provided PaymentMethod ${pm ?? ''} was previously used with a PaymentIntent without Customer attachment, or it does not belong to customer ${customer}.`, 'resource_missing');
    if (str(f, 'confirm') !== 'true') throw invalidParam('confirm', 'Hearth always confirms at creation', 'parameter_invalid_empty');
    if (acct.declineNext > 0) {
      acct.declineNext--;
      const pi = store(acct.intents, this.make('pi', 'payment_intent', { amount, amount_received: 0, currency, customer, payment_method: pm, status: 'requires_payment_method', latest_charge: null }, metadataOf(f)));
      this.emit(acct, 'payment_intent.payment_failed', pi, r);
      throw new StripeWireError(402, 'card_error', 'Your card was declined.', 'card_declined', undefined, { decline_code: 'generic_decline', payment_intent: pi });
    }
    const pi = this.settle(acct, { amount, currency, customer, paymentMethod: pm, metadata: metadataOf(f), setupFutureUsage: null }, r);
    return ok(pi);
  }

  /** A PaymentIntent that succeeded with its charge (a card paid: hosted page, or off-session). */
  settle(acct: AccountState, p: { amount: number; currency: string; customer: string | null; paymentMethod: string; metadata: Record<string, string>; setupFutureUsage: string | null }, r?: ApiRequest): Obj {
    const pi = this.make('pi', 'payment_intent', { amount: p.amount, amount_capturable: 0, amount_received: p.amount, currency: p.currency, customer: p.customer, payment_method: p.paymentMethod, setup_future_usage: p.setupFutureUsage, status: 'succeeded', latest_charge: null, capture_method: 'automatic' }, p.metadata);
    const charge = store(acct.charges, this.make('ch', 'charge', { amount: p.amount, amount_captured: p.amount, amount_refunded: 0, captured: true, currency: p.currency, customer: p.customer, disputed: false, paid: true, payment_intent: pi.id, payment_method: p.paymentMethod, refunded: false, status: 'succeeded' }, p.metadata));
    pi.latest_charge = charge.id;
    store(acct.intents, pi);
    this.emit(acct, 'payment_intent.succeeded', pi, r);
    this.emit(acct, 'charge.succeeded', charge, r);
    return pi;
  }

  refund(acct: AccountState, p: { paymentIntent?: string | undefined; charge?: string | undefined; amount?: string | undefined; metadata: Record<string, string> }, r?: ApiRequest): Obj {
    const charge = p.charge ? found(acct.charges, p.charge, 'charge') : p.paymentIntent ? [...acct.charges.values()].find((ch) => ch.payment_intent === p.paymentIntent) : undefined;
    if (!charge) throw p.paymentIntent ? missing('payment_intent', p.paymentIntent) : invalidParam('payment_intent', 'One of `charge` or `payment_intent` is required.', 'parameter_missing');
    const left = (charge.amount as number) - (charge.amount_refunded as number);
    const amount = p.amount === undefined ? left : /^\d+$/.test(p.amount) ? Number(p.amount) : -1;
    if (amount <= 0) throw invalidParam('amount', `Invalid positive integer`, 'parameter_invalid_integer');
    if (amount > left) throw invalidParam('amount', `Refund amount ($${(amount / 100).toFixed(2)}) is greater than unrefunded amount on charge ($${(left / 100).toFixed(2)})`, 'amount_too_large');
    const refund = store(acct.refunds, this.make('re', 'refund', { amount, charge: charge.id, currency: charge.currency, payment_intent: charge.payment_intent, reason: null, status: 'succeeded' }, p.metadata));
    charge.amount_refunded = (charge.amount_refunded as number) + amount;
    charge.refunded = charge.amount_refunded === charge.amount;
    this.emit(acct, 'refund.created', refund, r);
    this.emit(acct, 'charge.refunded', charge, r);
    return refund;
  }

  dispute(acct: AccountState, chargeId: string, amount?: number): Obj {
    const charge = found(acct.charges, chargeId, 'charge');
    const d = store(acct.disputes, this.make('dp', 'dispute', { amount: amount ?? charge.amount, charge: charge.id, currency: charge.currency, payment_intent: charge.payment_intent, reason: 'fraudulent', status: 'needs_response', is_charge_refundable: false }));
    charge.disputed = true;
    this.emit(acct, 'charge.dispute.created', d);
    this.emit(acct, 'charge.dispute.funds_withdrawn', d);
    return d;
  }

  closeDispute(acct: AccountState, disputeId: string, outcome: 'won' | 'lost'): Obj {
    const d = found(acct.disputes, disputeId, 'dispute');
    d.status = outcome;
    this.emit(acct, 'charge.dispute.closed', d);
    if (outcome === 'won') this.emit(acct, 'charge.dispute.funds_reinstated', d);
    return d;
  }

  /** The client pays on the hosted page: the session completes, its PaymentIntent and charge succeed. */
  paySession(acct: AccountState, sessionId: string): { session: Obj; paymentIntent: Obj } {
    const s = found(acct.sessions, sessionId, 'checkout.session');
    if (s.status !== 'open') throw new StripeWireError(400, 'invalid_request_error', `This Checkout Session is ${String(s.status)}.`, 'checkout_session_not_open');
    if ((s.expires_at as number) <= this.seconds()) throw new StripeWireError(400, 'invalid_request_error', 'This Checkout Session has expired.', 'checkout_session_expired');
    const data = s.payment_intent_data as { metadata: Record<string, string>; setup_future_usage: string | null };
    const pm = newId('pm');
    const customer = (s.customer as string | null) ?? null;
    if (customer && data.setup_future_usage) acct.paymentMethods.set(pm, customer);
    const pi = this.settle(acct, { amount: s.amount_total as number, currency: s.currency as string, customer, paymentMethod: pm, metadata: data.metadata, setupFutureUsage: data.setup_future_usage });
    Object.assign(s, { status: 'complete', payment_status: 'paid', payment_intent: pi.id });
    this.emit(acct, 'checkout.session.completed', s);
    return { session: s, paymentIntent: pi };
  }

  expireSession(acct: AccountState, sessionId: string): Obj {
    const s = found(acct.sessions, sessionId, 'checkout.session');
    s.status = 'expired';
    this.emit(acct, 'checkout.session.expired', s);
    return s;
  }
}

function ok(body: unknown): Answer {
  return { status: 200, body };
}

function store(map: Map<string, Obj>, o: Obj): Obj {
  map.set(o.id, o);
  return o;
}

function found(map: Map<string, Obj>, id: string, what: string): Obj {
  const o = map.get(id);
  if (!o) throw missing(what, id);
  return o;
}

function unrecognised(r: ApiRequest): StripeWireError {
  return new StripeWireError(404, 'invalid_request_error', `Unrecognized request URL (${r.method}: ${r.path}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.`);
}

export function eventOf(type: string, object: Obj, req: ApiRequest | undefined, created: number): FakeEvent {
  return {
    id: newId('evt'),
    object: 'event',
    api_version: Stripe.API_VERSION,
    created,
    // A snapshot: later changes to the object do not reach an event already made.
    data: { object: structuredClone(object) },
    livemode: false,
    pending_webhooks: 1,
    request: { id: req ? newId('req') : null, idempotency_key: req?.idempotencyKey ?? null },
    type,
  };
}
