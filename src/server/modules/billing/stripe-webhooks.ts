// Stripe's webhook events, applied once. The signature is verified with the SDK and the practice's
// own secret (a bad one or an old timestamp: 400, nothing stored). Each event id is inserted once
// (stripe_events' key) in the same transaction that applies it, and a payment is booked once per
// PaymentIntent (payments.stripe_payment_intent_id is unique; the invoice row is locked first), so
// checkout.session.completed and payment_intent.succeeded for one payment, in any order, any number
// of times, book one payment. Refunds and disputes are booked once per Stripe id.
import type { AppContext } from '../../context.js';
import type { Tx } from '../../db/index.js';
import { invalid } from '../../errors.js';
import { recordPayment, recordRefund, updateRefundStatus } from './ledger.js';
import * as repo from './repo.js';
import { StripeClient, StripeFailure, stripeAppError, type Stripe } from './stripe-client.js';
import * as stripeRepo from './stripe-repo.js';
import type { Connection, StripeBilling } from './stripe-service.js';
import type { RefundsTable } from './table.js';

/** A payment as the events describe it. */
interface Paid {
  paymentIntentId: string;
  chargeId: string | null;
  amountCents: number;
  currency: string;
  invoiceId: string | undefined;
  attempt: number | undefined;
  created: number;
  /** The card saved for autopay (a checkout that saved it), if any. */
  saved: { customerId: string; paymentMethodId: string } | null;
}

/** What an event needs from Stripe before its transaction (never an API call inside one). */
interface Fetched {
  paid?: Paid;
  refunds?: Stripe.Refund[];
}

const refundStatus = (s: string | null | undefined): RefundsTable['status'] => (s === 'succeeded' ? 'succeeded' : s === 'failed' || s === 'canceled' ? 'failed' : 'pending');
const idOf = (x: string | { id: string } | null | undefined): string | null => (x == null ? null : typeof x === 'string' ? x : x.id);

export class StripeWebhooks {
  constructor(
    private readonly ctx: AppContext,
    private readonly stripe: StripeBilling,
  ) {}

  async receive(practiceId: string, raw: Buffer, signature: string | undefined): Promise<{ received: true; outcome: string }> {
    const conn = await this.stripe.connection(practiceId);
    // A practice without Stripe (or no such practice) answers like a bad signature: ids reveal nothing.
    const event = conn ? StripeClient.verifyEvent(raw, signature, conn.webhookSecret, this.ctx.clock.now()) : null;
    if (!conn || !event) throw invalid('stripe-signature', "is missing, not signed with this practice's webhook secret, or too old");
    const fetched = await this.fetch(conn, event);
    return { received: true, outcome: await this.apply(practiceId, event, fetched) };
  }

  private async fetch(conn: Connection, event: Stripe.Event): Promise<Fetched> {
    try {
      // eslint-disable-next-line @typescript-eslint/switch-exhaustiveness-check -- Stripe has hundreds of event types; the few applied are listed, the rest are recorded as ignored
      switch (event.type) {
        case 'checkout.session.completed':
        case 'checkout.session.async_payment_succeeded': {
          const s = event.data.object;
          const pi = idOf(s.payment_intent);
          if (s.payment_status !== 'paid' || !pi) return {};
          return { paid: paidOf(await conn.client.retrievePaymentIntent(pi)) };
        }
        case 'payment_intent.succeeded':
          return { paid: paidOf(event.data.object) };
        case 'charge.refunded': {
          const ch = event.data.object;
          const pi = idOf(ch.payment_intent);
          return { refunds: await conn.client.refundsOfCharge(ch.id), ...(pi ? { paid: paidOf(await conn.client.retrievePaymentIntent(pi)) } : {}) };
        }
        case 'charge.dispute.created':
        case 'charge.dispute.funds_withdrawn':
        case 'charge.dispute.closed':
        case 'charge.dispute.funds_reinstated': {
          const pi = idOf(event.data.object.payment_intent);
          return pi ? { paid: paidOf(await conn.client.retrievePaymentIntent(pi)) } : {};
        }
        default:
          return {};
      }
    } catch (err) {
      // Stripe down: 503, nothing stored, and Stripe delivers the event again later.
      if (err instanceof StripeFailure) throw stripeAppError(err);
      throw err;
    }
  }

  /** Applies the event once; a second delivery (or one racing this) changes nothing. */
  private async apply(practiceId: string, event: Stripe.Event, f: Fetched): Promise<string> {
    for (let round = 0; ; round++) {
      try {
        return await this.ctx.db.transaction().execute(async (tx) => {
          const now = this.ctx.clock.now();
          const took = await stripeRepo.takeEvent(tx, { id: event.id, practice_id: practiceId, type: event.type, stripe_created: event.created * 1000, outcome: 'applying', received_at: now });
          if (!took) return 'duplicate';
          const outcome = await this.applyIn(tx, practiceId, event, f);
          await stripeRepo.setEventOutcome(tx, event.id, outcome);
          return outcome;
        });
      } catch (err) {
        // Two different events for one payment racing on a database without row locks: the loser's
        // unique violation rolls it back whole; the next round sees the payment booked.
        if (round >= 2 || !/unique|duplicate key/i.test((err as Error).message)) throw err;
      }
    }
  }

  private async applyIn(tx: Tx, practiceId: string, event: Stripe.Event, f: Fetched): Promise<string> {
    // eslint-disable-next-line @typescript-eslint/switch-exhaustiveness-check -- Stripe has hundreds of event types; the few applied are listed, the rest are recorded as ignored
    switch (event.type) {
      case 'checkout.session.completed':
      case 'checkout.session.async_payment_succeeded': {
        if (!f.paid) return 'unpaid';
        const s = event.data.object;
        const attempt = await stripeRepo.attemptByStripeId(tx, practiceId, s.id);
        if (attempt) await stripeRepo.updateAttempt(tx, attempt.id, { status: 'complete', updated_at: this.ctx.clock.now() });
        return this.book(tx, practiceId, f.paid, attempt?.kind === 'autopay' ? 'autopay' : 'portal', attempt?.created_at ?? null);
      }
      case 'payment_intent.succeeded': {
        if (!f.paid) return 'ignored';
        const attempt = f.paid.invoiceId && f.paid.attempt !== undefined ? await stripeRepo.attemptOf(tx, f.paid.invoiceId, f.paid.attempt) : undefined;
        if (attempt && attempt.practice_id === practiceId) await stripeRepo.updateAttempt(tx, attempt.id, { status: 'complete', updated_at: this.ctx.clock.now() });
        return this.book(tx, practiceId, f.paid, attempt?.kind === 'autopay' ? 'autopay' : 'portal', attempt?.created_at ?? null);
      }
      case 'checkout.session.expired': {
        const attempt = await stripeRepo.attemptByStripeId(tx, practiceId, event.data.object.id);
        if (attempt && attempt.status !== 'complete') await stripeRepo.updateAttempt(tx, attempt.id, { status: 'expired', updated_at: this.ctx.clock.now() });
        return attempt ? 'expired' : 'ignored';
      }
      case 'charge.refunded':
        return this.refunds(tx, practiceId, f);
      case 'charge.dispute.created':
      case 'charge.dispute.funds_withdrawn':
      case 'charge.dispute.closed':
      case 'charge.dispute.funds_reinstated':
        return this.dispute(tx, practiceId, event.data.object, f);
      default:
        return 'ignored';
    }
  }

  private async sourceOf(tx: Tx, p: Paid): Promise<'portal' | 'autopay'> {
    if (!p.invoiceId || p.attempt === undefined) return 'portal';
    const a = await stripeRepo.attemptOf(tx, p.invoiceId, p.attempt);
    return a?.kind === 'autopay' ? 'autopay' : 'portal';
  }

  /** Books the payment once (by PaymentIntent) on its invoice; the card saved at checkout turns autopay on. */
  async book(tx: Tx, practiceId: string, p: Paid, source: 'portal' | 'autopay', consentAt: number | null): Promise<string> {
    if (!p.invoiceId) return 'no_invoice';
    const inv = await repo.lockInvoice(tx, this.ctx.dialect, practiceId, p.invoiceId);
    if (!inv) return 'unknown_invoice';
    if (await stripeRepo.paymentByIntent(tx, practiceId, p.paymentIntentId)) return 'duplicate_payment';
    if (p.currency.toUpperCase() !== inv.currency) return 'currency_mismatch';
    const open = inv.kind === 'invoice' && (inv.status === 'issued' || inv.status === 'partly_paid');
    await recordPayment(tx, this.ctx, {
      practiceId,
      clientId: inv.client_id,
      method: 'stripe',
      source,
      amountCents: p.amountCents,
      currency: inv.currency,
      receivedAt: p.created * 1000,
      recordedBy: null,
      stripePaymentIntentId: p.paymentIntentId,
      stripeChargeId: p.chargeId,
      // A payment for an invoice no longer open (voided meanwhile) stays as the client's credit.
      invoiceIds: open ? [inv.id] : [],
    });
    if (p.saved && source === 'portal') {
      const now = this.ctx.clock.now();
      await repo.upsertClientProfile(
        tx,
        { client_id: inv.client_id, practice_id: practiceId, sliding_scale_percent: null, payer_id: null, diagnoses_enc: null, autopay: 1, autopay_consent_at: consentAt ?? now, stripe_customer_id: p.saved.customerId, stripe_payment_method_id: p.saved.paymentMethodId, updated_by: null, updated_at: now },
        { autopay: 1, autopay_consent_at: consentAt ?? now, stripe_customer_id: p.saved.customerId, stripe_payment_method_id: p.saved.paymentMethodId, updated_at: now },
      );
    }
    return open ? 'payment_applied' : 'payment_unapplied';
  }

  /** The payment a refund or dispute is against, booked first if its own events have not arrived yet. */
  private async paymentOf(tx: Tx, practiceId: string, f: Fetched): Promise<repo.PaymentRow | undefined> {
    if (!f.paid) return undefined;
    const found = await stripeRepo.paymentByIntent(tx, practiceId, f.paid.paymentIntentId);
    if (found) return found;
    await this.book(tx, practiceId, f.paid, await this.sourceOf(tx, f.paid), null);
    return stripeRepo.paymentByIntent(tx, practiceId, f.paid.paymentIntentId);
  }

  private async refunds(tx: Tx, practiceId: string, f: Fetched): Promise<string> {
    const payment = await this.paymentOf(tx, practiceId, f);
    if (!payment) return 'unknown_payment';
    let booked = 0;
    for (const r of (f.refunds ?? []).sort((a, b) => a.created - b.created)) {
      const status = refundStatus(r.status);
      const existing = await stripeRepo.refundByStripeId(tx, practiceId, r.id);
      if (existing) {
        if (existing.status !== status && (await updateRefundStatus(tx, this.ctx, { practiceId, refundId: existing.id, status, recordedBy: null }))) booked++;
        continue;
      }
      await recordRefund(tx, this.ctx, { practiceId, paymentId: payment.id, amountCents: r.amount, kind: 'refund', status, stripeId: r.id, invoiceId: r.metadata?.invoiceId ?? f.paid?.invoiceId ?? null, recordedBy: null });
      booked++;
    }
    return booked ? 'refund_booked' : 'duplicate_refund';
  }

  private async dispute(tx: Tx, practiceId: string, d: Stripe.Dispute, f: Fetched): Promise<string> {
    const payment = await this.paymentOf(tx, practiceId, f);
    if (!payment) return 'unknown_payment';
    const status: RefundsTable['status'] = d.status === 'won' ? 'won' : d.status === 'lost' ? 'lost' : 'pending';
    const existing = await stripeRepo.refundByStripeId(tx, practiceId, d.id);
    if (!existing) {
      await recordRefund(tx, this.ctx, { practiceId, paymentId: payment.id, amountCents: d.amount, kind: 'dispute', status, stripeId: d.id, invoiceId: f.paid?.invoiceId ?? null, recordedBy: null });
      return `dispute_${status}`;
    }
    // A closed dispute's later events (funds withdrawn arriving after "won") never reopen it.
    if (existing.status === 'won' || existing.status === 'lost' || existing.status === status) return 'duplicate_dispute';
    await updateRefundStatus(tx, this.ctx, { practiceId, refundId: existing.id, status, recordedBy: null });
    return `dispute_${status}`;
  }
}

function paidOf(pi: Stripe.PaymentIntent): Paid | undefined {
  if (pi.status !== 'succeeded') return undefined;
  const attempt = Number(pi.metadata?.attempt);
  const customer = idOf(pi.customer);
  const pm = idOf(pi.payment_method);
  return {
    paymentIntentId: pi.id,
    chargeId: idOf(pi.latest_charge),
    amountCents: pi.amount_received,
    currency: pi.currency,
    invoiceId: pi.metadata?.invoiceId,
    attempt: Number.isSafeInteger(attempt) ? attempt : undefined,
    created: pi.created,
    saved: pi.setup_future_usage === 'off_session' && customer && pm ? { customerId: customer, paymentMethodId: pm } : null,
  };
}
