// The one adapter over the official `stripe` SDK: one Stripe instance per practice key (each
// practice connects its own account), pointed where config says (STRIPE_API_URL; tests: a local
// server speaking the same endpoints). Every create call carries an idempotency key derived from
// what it is for (an invoice's attempt, a client, a refund row), so a retried request, a double
// click or a second instance never creates a second object at Stripe. Nothing here names a client,
// a service or a diagnosis: Stripe sees ids, amounts and the invoice number only.
import Stripe from 'stripe';
import type { Config } from '../../config.js';
import { AppError } from '../../errors.js';
import { ClientError, clientConflict } from '../../i18n/errors.js';

export type StripeEndpoint = Config['stripe'];

/**
 * `hearth:inv:<invoiceId>:att:<n>`: the key of what one checkout or autopay attempt creates; a
 * checkout that saves the card for autopay ends in `:save` (its request differs, so its key must).
 */
export function attemptKey(invoiceId: string, attempt: number, saveCard = false): string {
  return `hearth:inv:${invoiceId}:att:${attempt}${saveCard ? ':save' : ''}`;
}

/** A charge's metadata: ids only (Stripe echoes them back in events and lists). */
export interface ChargeTag {
  invoiceId: string;
  practiceId: string;
  attempt: number;
}

export interface CheckoutRequest extends ChargeTag {
  amountCents: number;
  currency: string;
  /** What the card statement line and the hosted page show: the invoice number, nothing clinical. */
  label: string;
  successUrl: string;
  cancelUrl: string;
  /** Seconds since the epoch; Stripe accepts 30 minutes to 24 hours ahead. */
  expiresAt: number;
  /** Save the card for autopay: the session pays and attaches the card to this customer. */
  saveCardFor?: string;
}

export interface OffSessionCharge extends ChargeTag {
  amountCents: number;
  currency: string;
  customerId: string;
  paymentMethodId: string;
}

/** A succeeded charge as reconciliation compares it with the ledger. */
export interface SettledCharge {
  chargeId: string;
  paymentIntentId: string | null;
  amountCents: number;
  refundedCents: number;
  currency: string;
  created: number;
  invoiceId: string | null;
}

/** Stripe's answer, translated: what the caller may show (never the key, never Stripe's raw text to a client). */
export class StripeFailure extends Error {
  override name = 'StripeFailure';
  constructor(
    readonly kind: 'auth' | 'card' | 'invalid' | 'idempotency' | 'unavailable',
    readonly stripeCode: string | undefined,
    message: string,
    /** Stripe's own refusal of a request (`invalid`): the parameter it named, '' for none; undefined for Hearth's own complaint. */
    readonly refusedParam?: string,
  ) {
    super(message);
  }
}

function translate(err: unknown): StripeFailure {
  if (err instanceof Stripe.errors.StripeError) {
    const code = err.code ?? undefined;
    if (err instanceof Stripe.errors.StripeAuthenticationError || err instanceof Stripe.errors.StripePermissionError) return new StripeFailure('auth', code, 'Stripe refused the key');
    if (err instanceof Stripe.errors.StripeCardError) return new StripeFailure('card', code, 'The card was declined');
    if (err instanceof Stripe.errors.StripeIdempotencyError) return new StripeFailure('idempotency', code, 'Stripe saw this request before with other parameters');
    if (err instanceof Stripe.errors.StripeInvalidRequestError) return new StripeFailure('invalid', code, `Stripe refused the request${err.param ? ` (${err.param})` : ''}`, err.param ?? '');
    return new StripeFailure('unavailable', code, 'Stripe could not be reached');
  }
  return new StripeFailure('unavailable', undefined, 'Stripe could not be reached');
}

/**
 * A StripeFailure as the HTTP answer: the key refused is the owner's field; Stripe down is 503.
 * A client's checkout meets all but the key's, so those are in the page's language.
 */
export function stripeAppError(f: StripeFailure, field = 'secretKey'): AppError {
  switch (f.kind) {
    case 'auth':
      return new AppError('validation_failed', 400, `${field}: Stripe refused this key`, field);
    case 'card':
      return clientConflict('errors.payment.declined');
    case 'invalid':
      return f.refusedParam === undefined ? new AppError('conflict', 409, f.message) : clientConflict('errors.payment.refused', undefined, { param: f.refusedParam || 'none' });
    case 'idempotency':
      return clientConflict('errors.payment.repeated');
    case 'unavailable':
      return new ClientError('unavailable', 503, 'errors.payment.unreachable', {}, undefined, { 'retry-after': '30' });
  }
}

export class StripeClient {
  private readonly stripe: Stripe;

  constructor(secretKey: string, endpoint: StripeEndpoint) {
    this.stripe = new Stripe(secretKey, {
      host: endpoint.host,
      port: endpoint.port,
      protocol: endpoint.protocol,
      timeout: endpoint.timeoutMs,
      maxNetworkRetries: 2,
      telemetry: false,
      appInfo: { name: 'Hearth' },
    });
  }

  private async call<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      throw translate(err);
    }
  }

  /**
   * Whether the key works, and what to show the owner: the account id, or (a restricted key that
   * may not read the account) the key's mode and last four characters, once the balance answers.
   */
  async verifyKey(secretKey: string): Promise<{ label: string; livemode: boolean }> {
    try {
      const account = await this.stripe.accounts.retrieveCurrent();
      return { label: account.id, livemode: secretKey.includes('_live_') };
    } catch (err) {
      if (!(err instanceof Stripe.errors.StripePermissionError)) throw translate(err);
    }
    const balance = await this.call(() => this.stripe.balance.retrieve());
    return { label: `${balance.livemode ? 'live' : 'test'} key …${secretKey.slice(-4)}`, livemode: balance.livemode };
  }

  async createCheckoutSession(r: CheckoutRequest): Promise<{ id: string; url: string; expiresAt: number }> {
    const metadata = tagOf(r);
    const session = await this.call(() =>
      this.stripe.checkout.sessions.create(
        {
          mode: 'payment',
          client_reference_id: r.invoiceId,
          metadata,
          line_items: [{ quantity: 1, price_data: { currency: r.currency.toLowerCase(), unit_amount: r.amountCents, product_data: { name: r.label } } }],
          payment_intent_data: { metadata, ...(r.saveCardFor ? { setup_future_usage: 'off_session' as const } : {}) },
          ...(r.saveCardFor ? { customer: r.saveCardFor } : {}),
          success_url: r.successUrl,
          cancel_url: r.cancelUrl,
          expires_at: r.expiresAt,
        },
        { idempotencyKey: attemptKey(r.invoiceId, r.attempt, r.saveCardFor !== undefined) },
      ),
    );
    if (!session.url) throw new StripeFailure('invalid', undefined, 'Stripe answered a checkout session without a URL');
    return { id: session.id, url: session.url, expiresAt: session.expires_at };
  }

  /** Closes an open session so it can no longer be paid (a newer attempt replaced it). */
  async expireSession(id: string): Promise<void> {
    await this.call(() => this.stripe.checkout.sessions.expire(id));
  }

  retrieveSession(id: string): Promise<Stripe.Checkout.Session> {
    return this.call(() => this.stripe.checkout.sessions.retrieve(id));
  }

  retrievePaymentIntent(id: string): Promise<Stripe.PaymentIntent> {
    return this.call(() => this.stripe.paymentIntents.retrieve(id));
  }

  /** A customer that holds only Hearth's ids (no name, no e-mail: those are PHI and stay here). */
  async createCustomer(ids: { practiceId: string; clientId: string }): Promise<string> {
    const customer = await this.call(() =>
      this.stripe.customers.create({ metadata: { practiceId: ids.practiceId, clientId: ids.clientId } }, { idempotencyKey: `hearth:client:${ids.clientId}:customer` }),
    );
    return customer.id;
  }

  /** Autopay: charges the saved card without the client present, confirmed at once. */
  async chargeOffSession(r: OffSessionCharge): Promise<{ id: string; status: string; chargeId: string | null }> {
    const pi = await this.call(() =>
      this.stripe.paymentIntents.create(
        {
          amount: r.amountCents,
          currency: r.currency.toLowerCase(),
          customer: r.customerId,
          payment_method: r.paymentMethodId,
          off_session: true,
          confirm: true,
          metadata: tagOf(r),
        },
        { idempotencyKey: attemptKey(r.invoiceId, r.attempt) },
      ),
    );
    return { id: pi.id, status: pi.status, chargeId: typeof pi.latest_charge === 'string' ? pi.latest_charge : (pi.latest_charge?.id ?? null) };
  }

  /** A refund of (part of) a payment; `key` names the refund row it is for, so a retry refunds once. */
  async createRefund(r: { paymentIntentId: string; amountCents: number; key: string; metadata: Record<string, string> }): Promise<{ id: string; status: string }> {
    const refund = await this.call(() =>
      this.stripe.refunds.create({ payment_intent: r.paymentIntentId, amount: r.amountCents, metadata: r.metadata }, { idempotencyKey: r.key }),
    );
    return { id: refund.id, status: refund.status ?? 'pending' };
  }

  /** Every refund of a charge (charge.refunded events carry the charge, not its refunds). */
  async refundsOfCharge(chargeId: string): Promise<Stripe.Refund[]> {
    const out: Stripe.Refund[] = [];
    await this.call(() => this.stripe.refunds.list({ charge: chargeId, limit: 100 }).autoPagingEach((r) => void out.push(r)));
    return out;
  }

  /** Succeeded charges created in [from, to) (seconds since the epoch), every page. */
  async settledCharges(from: number, to: number): Promise<SettledCharge[]> {
    const out: SettledCharge[] = [];
    await this.call(() =>
      this.stripe.charges.list({ created: { gte: from, lt: to }, limit: 100 }).autoPagingEach((c) => {
        if (c.status !== 'succeeded' || !c.paid) return;
        out.push({
          chargeId: c.id,
          paymentIntentId: typeof c.payment_intent === 'string' ? c.payment_intent : (c.payment_intent?.id ?? null),
          amountCents: c.amount_captured || c.amount,
          refundedCents: c.amount_refunded,
          currency: c.currency.toUpperCase(),
          created: c.created,
          invoiceId: c.metadata?.invoiceId ?? null,
        });
      }),
    );
    return out;
  }

  /** The verified event, or null when the signature or its timestamp is not acceptable. */
  static verifyEvent(rawBody: Buffer | string, signature: string | undefined, secret: string, nowMs?: number): Stripe.Event | null {
    if (!signature) return null;
    try {
      // The tolerance (300 s) is the SDK's default; receivedAt (ms) is the app clock's "now".
      return Stripe.webhooks.constructEvent(rawBody, signature, secret, undefined, undefined, nowMs);
    } catch {
      return null;
    }
  }
}

function tagOf(t: ChargeTag): Record<string, string> {
  return { invoiceId: t.invoiceId, practiceId: t.practiceId, attempt: String(t.attempt) };
}

export type { Stripe };
