// Autopay: a client who saved a card at checkout (their consent, with its time) has each invoice
// issued after that consent charged off-session. One attempt row per charge (unique per invoice and
// number, kind autopay) is committed before Stripe is called, and the call carries the attempt's
// idempotency key, so two dispatchers, a retry or a crash between the call and its answer never
// charge twice: an attempt left "opening" is sent again with the same key and Stripe replays it.
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { AppContext } from '../../context.js';
import { DispatchLoop } from '../../jobs/index.js';
import { balanceOf } from './ledger.js';
import * as repo from './repo.js';
import { attemptKey, StripeFailure } from './stripe-client.js';
import * as stripeRepo from './stripe-repo.js';
import type { StripeBilling } from './stripe-service.js';
import type { StripeWebhooks } from './stripe-webhooks.js';

const BATCH = 20;
/** An attempt still "opening" after this long lost its process; it is sent again with its key. */
const STALE_MS = 5 * 60_000;

export type AutopayOutcome = 'charged' | 'declined' | 'skipped' | 'unavailable';

export class StripeAutopay {
  constructor(
    private readonly ctx: AppContext,
    private readonly stripe: StripeBilling,
    private readonly webhooks: StripeWebhooks,
  ) {}

  /** Charges every invoice due for autopay (and resumes attempts left opening); how each went. */
  async runDue(): Promise<AutopayOutcome[]> {
    const out: AutopayOutcome[] = [];
    for (const inv of await stripeRepo.autopayDue(this.ctx.db, BATCH)) out.push(await this.charge(inv.practice_id, inv.id));
    for (const a of await stripeRepo.staleAutopayAttempts(this.ctx.db, this.ctx.clock.now() - STALE_MS)) out.push(await this.send(a));
    return out;
  }

  /** Takes the invoice's autopay attempt (once) and charges it. */
  async charge(practiceId: string, invoiceId: string): Promise<AutopayOutcome> {
    const row = await this.ctx.db.transaction().execute(async (tx) => {
      const inv = await repo.lockInvoice(tx, this.ctx.dialect, practiceId, invoiceId);
      if (!inv || inv.kind !== 'invoice' || (inv.status !== 'issued' && inv.status !== 'partly_paid') || balanceOf(inv) <= 0) return null;
      const attempts = await stripeRepo.attemptsOf(tx, invoiceId);
      if (attempts.some((a) => a.kind === 'autopay')) return null;
      const now = this.ctx.clock.now();
      const n = (attempts[0] ? Number(attempts[0].attempt) : 0) + 1;
      const attempt: stripeRepo.AttemptRow = { id: randomUUID(), practice_id: practiceId, invoice_id: invoiceId, attempt: n, kind: 'autopay', amount_cents: balanceOf(inv), idempotency_key: attemptKey(invoiceId, n), stripe_id: null, url: null, status: 'opening', expires_at: null, created_at: now, updated_at: now };
      await stripeRepo.insertAttempt(tx, attempt);
      return attempt;
    });
    return row ? this.send(row) : 'skipped';
  }

  private async send(a: stripeRepo.AttemptRow): Promise<AutopayOutcome> {
    const inv = await repo.findInvoice(this.ctx.db, a.practice_id, a.invoice_id);
    const profile = inv && (await repo.clientProfile(this.ctx.db, a.practice_id, inv.client_id));
    const conn = await this.stripe.connection(a.practice_id);
    const now = () => this.ctx.clock.now();
    if (!inv || !conn || !profile?.autopay || !profile.stripe_customer_id || !profile.stripe_payment_method_id) {
      await stripeRepo.updateAttempt(this.ctx.db, a.id, { status: 'failed', updated_at: now() });
      return 'skipped';
    }
    try {
      const pi = await conn.client.chargeOffSession({
        invoiceId: a.invoice_id,
        practiceId: a.practice_id,
        attempt: Number(a.attempt),
        amountCents: Number(a.amount_cents),
        currency: inv.currency,
        customerId: profile.stripe_customer_id,
        paymentMethodId: profile.stripe_payment_method_id,
      });
      const done = pi.status === 'succeeded';
      await this.ctx.db.transaction().execute(async (tx) => {
        await stripeRepo.updateAttempt(tx, a.id, { stripe_id: pi.id, status: done ? 'complete' : 'open', updated_at: now() });
        // Booked now rather than on the webhook (which then finds it booked): the balance is right at once.
        if (done) await this.webhooks.book(tx, a.practice_id, { paymentIntentId: pi.id, chargeId: pi.chargeId, amountCents: Number(a.amount_cents), currency: inv.currency, invoiceId: a.invoice_id, attempt: Number(a.attempt), created: Math.floor(now() / 1000), saved: null }, 'autopay', null);
      });
      return done ? 'charged' : 'skipped';
    } catch (err) {
      if (!(err instanceof StripeFailure)) throw err;
      if (err.kind === 'unavailable') return 'unavailable';
      await stripeRepo.updateAttempt(this.ctx.db, a.id, { status: 'failed', updated_at: now() });
      return 'declined';
    }
  }
}

/** Looks for invoices due for autopay every minute. */
export class AutopayLoop extends DispatchLoop {
  constructor(
    log: Logger,
    private readonly autopay: StripeAutopay,
  ) {
    super(log, 'stripe-autopay', 60_000);
  }

  protected async pass(): Promise<void> {
    await this.autopay.runDue();
  }
}
