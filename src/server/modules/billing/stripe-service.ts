// The Stripe part of billing (Billing.stripe): the practice's own Stripe account (its key and
// webhook secret stored encrypted like PHI, never shown, never logged), the portal's card checkout
// (one session per invoice attempt, reused while open, so a double click, a retry or two tabs never
// charge twice), and refunds of card payments at Stripe before the ledger books them. Webhooks are
// applied in stripe-webhooks.ts; autopay and reconciliation in stripe-autopay.ts / stripe-reconcile.ts.
import { randomUUID } from 'node:crypto';
import type { AppContext, RequestMeta } from '../../context.js';
import { AppError, invalid, notFound } from '../../errors.js';
import { clientConflict } from '../../i18n/errors.js';
import { portalCheckoutReturnPaths, type BillingSettings, type StripeConnect } from '../../../shared/billing.js';
import { byStaff } from '../audit/index.js';
import type { ResolvedPortalSession, ResolvedSession } from '../auth/index.js';
import type { PortalService } from '../portal/index.js';
import { invoiceNumber } from './invoice-store.js';
import { balanceOf, recordRefund } from './ledger.js';
import * as repo from './repo.js';
import type { BillingService } from './service.js';
import { StripeAutopay } from './stripe-autopay.js';
import { attemptKey, StripeClient, StripeFailure, stripeAppError } from './stripe-client.js';
import { StripeReconciliation } from './stripe-reconcile.js';
import * as stripeRepo from './stripe-repo.js';
import { StripeWebhooks } from './stripe-webhooks.js';

/** How long the same refund asked again by the same person counts as the same click. */
const REPEAT_MS = 30_000;

const keyRef = (practiceId: string) => ({ table: 'billing_settings', column: 'stripe_key_enc', rowId: practiceId });
const secretRef = (practiceId: string) => ({ table: 'billing_settings', column: 'stripe_webhook_secret_enc', rowId: practiceId });

/** A checkout session is reused while it has at least this long left; Stripe's sessions last an hour here. */
const REUSE_MARGIN_MS = 10 * 60_000;
const SESSION_MS = 60 * 60_000;

export interface Connection {
  client: StripeClient;
  webhookSecret: string;
  currency: string;
}

export class StripeBilling {
  private readonly clients = new Map<string, { keyEnc: string; client: StripeClient }>();
  /** Stripe's signed events, applied once. */
  readonly webhooks: StripeWebhooks;
  /** Off-session charges of invoices issued to clients who chose autopay. */
  readonly autopay: StripeAutopay;
  /** The nightly comparison of Stripe's charges with the ledger. */
  readonly reconciliation: StripeReconciliation;

  constructor(
    private readonly ctx: AppContext,
    private readonly billing: BillingService,
    private readonly portal: PortalService,
  ) {
    // The invoices part refunds card payments through this.refund (handed in as its refundProvider, index.ts).
    this.webhooks = new StripeWebhooks(ctx, this);
    this.autopay = new StripeAutopay(ctx, this, this.webhooks);
    this.reconciliation = new StripeReconciliation(ctx, this);
  }

  // ---- the practice's account ----

  /** The practice's Stripe client and webhook secret, or null while it has none connected. */
  async connection(practiceId: string): Promise<Connection | null> {
    const row = await stripeRepo.connection(this.ctx.db, practiceId);
    if (!row?.stripe_key_enc || !row.stripe_webhook_secret_enc) return null;
    let cached = this.clients.get(practiceId);
    if (cached?.keyEnc !== row.stripe_key_enc) {
      const key = await this.ctx.crypto.decrypt(keyRef(practiceId), row.stripe_key_enc);
      cached = { keyEnc: row.stripe_key_enc, client: new StripeClient(key, this.ctx.config.stripe) };
      this.clients.set(practiceId, cached);
    }
    return { client: cached.client, webhookSecret: await this.ctx.crypto.decrypt(secretRef(practiceId), row.stripe_webhook_secret_enc), currency: row.currency };
  }

  /** Checks the key with Stripe, then stores key and secret encrypted; the settings answer shows the account label only. */
  async connect(s: ResolvedSession, input: StripeConnect, meta: RequestMeta): Promise<BillingSettings> {
    const pid = s.user.practiceId;
    let label: string;
    try {
      label = (await new StripeClient(input.secretKey, this.ctx.config.stripe).verifyKey(input.secretKey)).label;
    } catch (err) {
      if (!(err instanceof StripeFailure)) throw err;
      await this.ctx.audit.record({ ...byStaff(s, meta), action: 'setting_change', resource: { type: 'billing_stripe', id: pid }, outcome: 'failure', details: { reason: err.kind } });
      throw stripeAppError(err, 'secretKey');
    }
    await this.billing.settings.row(pid);
    await this.ctx.db.transaction().execute(async (tx) => {
      await stripeRepo.setConnection(tx, pid, {
        stripe_key_enc: await this.ctx.crypto.encrypt(pid, keyRef(pid), input.secretKey, tx),
        stripe_webhook_secret_enc: await this.ctx.crypto.encrypt(pid, secretRef(pid), input.webhookSecret, tx),
        stripe_account_label: label,
        stripe_connected_at: this.ctx.clock.now(),
        updated_by: s.user.id,
        updated_at: this.ctx.clock.now(),
      });
      await this.ctx.audit.record({ ...byStaff(s, meta), action: 'setting_change', resource: { type: 'billing_stripe', id: pid }, outcome: 'success', details: { connected: true, account: label } }, tx);
    });
    this.clients.delete(pid);
    return this.billing.settings.present(await this.billing.settings.row(pid));
  }

  async disconnect(s: ResolvedSession, meta: RequestMeta): Promise<BillingSettings> {
    const pid = s.user.practiceId;
    await this.billing.settings.row(pid);
    await this.ctx.db.transaction().execute(async (tx) => {
      await stripeRepo.setConnection(tx, pid, { stripe_key_enc: null, stripe_webhook_secret_enc: null, stripe_account_label: null, stripe_connected_at: null, updated_by: s.user.id, updated_at: this.ctx.clock.now() });
      await this.ctx.audit.record({ ...byStaff(s, meta), action: 'setting_change', resource: { type: 'billing_stripe', id: pid }, outcome: 'success', details: { connected: false } }, tx);
    });
    this.clients.delete(pid);
    return this.billing.settings.present(await this.billing.settings.row(pid));
  }

  // ---- portal checkout ----

  /**
   * The URL of Stripe's hosted page for the client's own issued invoice. An open session of the
   * newest attempt for the same amount and choice is reused; otherwise attempt n+1 is taken (its
   * row unique per invoice and number) and its session created with the attempt's idempotency
   * key, so requests racing for one attempt all get Stripe's one session.
   */
  async checkout(ps: ResolvedPortalSession, invoiceId: string, saveCard: boolean, meta: RequestMeta): Promise<{ url: string }> {
    const found = await stripeRepo.invoiceById(this.ctx.db, invoiceId);
    if (!found) throw notFound('Invoice');
    const { practiceId } = await this.portal.linked(ps, found.client_id);
    if (practiceId !== found.practice_id) throw notFound('Invoice');
    const conn = await this.connection(practiceId);
    if (!conn) throw clientConflict('errors.payment.notSetUp', 'id');
    const customer = saveCard ? await this.customerOf(conn, practiceId, found.client_id) : undefined;
    const attempt = await this.ctx.db.transaction().execute(async (tx) => {
      const inv = (await repo.lockInvoice(tx, this.ctx.dialect, practiceId, invoiceId))!;
      const balance = balanceOf(inv);
      if (inv.kind !== 'invoice' || (inv.status !== 'issued' && inv.status !== 'partly_paid') || balance <= 0) throw clientConflict('errors.payment.nothingDue', 'id');
      const now = this.ctx.clock.now();
      const [last] = await stripeRepo.attemptsOf(tx, invoiceId);
      const key = (n: number) => attemptKey(invoiceId, n, saveCard);
      if (last && last.kind === 'checkout' && (last.status === 'open' || last.status === 'opening') && Number(last.amount_cents) === balance && last.idempotency_key === key(Number(last.attempt)) && Number(last.expires_at) > now + REUSE_MARGIN_MS) {
        return { row: last, superseded: null };
      }
      const n = (last ? Number(last.attempt) : 0) + 1;
      const row: stripeRepo.AttemptRow = { id: randomUUID(), practice_id: practiceId, invoice_id: invoiceId, attempt: n, kind: 'checkout', amount_cents: balance, idempotency_key: key(n), stripe_id: null, url: null, status: 'opening', expires_at: now + SESSION_MS, created_at: now, updated_at: now };
      await stripeRepo.insertAttempt(tx, row);
      const superseded = last && last.kind === 'checkout' && last.status === 'open' && last.stripe_id ? last : null;
      if (superseded) await stripeRepo.updateAttempt(tx, superseded.id, { status: 'expired', updated_at: now });
      await this.ctx.audit.record({ actor: { type: 'client', id: ps.accountId }, practiceId, action: 'create', resource: { type: 'checkout_attempt', id: row.id }, outcome: 'success', details: { invoiceId, attempt: n, via: 'portal' }, ip: meta.ip, userAgent: meta.userAgent }, tx);
      return { row, superseded };
    });
    if (attempt.superseded?.stripe_id) await conn.client.expireSession(attempt.superseded.stripe_id).catch(() => undefined);
    const row = attempt.row;
    if (row.status === 'open' && row.url) return { url: row.url };
    const paths = portalCheckoutReturnPaths(found.client_id, invoiceId);
    try {
      const session = await conn.client.createCheckoutSession({
        invoiceId,
        practiceId,
        attempt: Number(row.attempt),
        amountCents: Number(row.amount_cents),
        currency: found.currency,
        label: `Invoice ${invoiceNumber('invoice', found.number) ?? ''}`.trim(),
        successUrl: `${this.ctx.config.publicUrl}${paths.success}`,
        cancelUrl: `${this.ctx.config.publicUrl}${paths.cancel}`,
        expiresAt: Math.floor(Number(row.expires_at) / 1000),
        ...(customer ? { saveCardFor: customer } : {}),
      });
      await stripeRepo.updateAttempt(this.ctx.db, row.id, { stripe_id: session.id, url: session.url, status: 'open', updated_at: this.ctx.clock.now() });
      return { url: session.url };
    } catch (err) {
      if (!(err instanceof StripeFailure)) throw err;
      // A refusal (not an outage) ends this attempt: the next request takes a new one.
      if (err.kind !== 'unavailable') await stripeRepo.updateAttempt(this.ctx.db, row.id, { status: 'failed', updated_at: this.ctx.clock.now() });
      throw err.kind === 'unavailable' ? stripeAppError(err) : clientConflict('errors.payment.pageFailed', 'id');
    }
  }

  /** The client's Stripe customer (ids only), made once and kept in their billing profile. */
  private async customerOf(conn: Connection, practiceId: string, clientId: string): Promise<string> {
    const profile = await repo.clientProfile(this.ctx.db, practiceId, clientId);
    if (profile?.stripe_customer_id) return profile.stripe_customer_id;
    const id = await conn.client.createCustomer({ practiceId, clientId }).catch((err: unknown) => {
      throw err instanceof StripeFailure ? stripeAppError(err) : err;
    });
    const now = this.ctx.clock.now();
    await repo.upsertClientProfile(
      this.ctx.db,
      { client_id: clientId, practice_id: practiceId, sliding_scale_percent: null, payer_id: null, diagnoses_enc: null, autopay: 0, autopay_consent_at: null, stripe_customer_id: id, stripe_payment_method_id: null, updated_by: null, updated_at: now },
      { stripe_customer_id: id, updated_at: now },
    );
    return id;
  }

  // ---- refunds of card payments ----

  /**
   * Refunds at Stripe, then books it. The key is the payment's next refund number, so a double
   * click (or a retry) asks Stripe for one refund and books it once (refunds.stripe_id is unique).
   */
  async refund(s: ResolvedSession, input: { invoiceId: string; paymentId: string; amountCents: number; reason: string | null }, meta: RequestMeta): Promise<string> {
    const pid = s.user.practiceId;
    const payment = await repo.findPayment(this.ctx.db, pid, input.paymentId);
    if (!payment?.stripe_payment_intent_id) throw invalid('paymentId', 'is not a card payment made through Stripe');
    const held = Number(payment.amount_cents) - Number(payment.refunded_cents) - Number(payment.disputed_cents);
    if (input.amountCents > held) throw invalid('amountCents', `cannot be more than the payment still holds (${held} minor units)`);
    const conn = await this.connection(pid);
    if (!conn) throw new AppError('conflict', 409, 'Stripe is not connected: card payments cannot be refunded until it is', 'paymentId');
    const mine = (await repo.refundsOfInvoice(this.ctx.db, input.invoiceId)).filter((r) => r.payment_id === payment.id && r.kind === 'refund');
    // The same refund asked again by the same person within REPEAT_MS is the same click: a double
    // click whose second request reached the server after the first was booked, or a retry after a
    // lost answer. It is that refund, not a second one.
    const now = this.ctx.clock.now();
    const repeat = mine.find((r) => Number(r.amount_cents) === input.amountCents && r.recorded_by === s.user.id && r.status !== 'failed' && now - new Date(r.created_at).getTime() < REPEAT_MS);
    if (repeat) return repeat.id;
    const earlier = mine.length;
    const key = `hearth:pay:${payment.id}:refund:${earlier + 1}:${input.amountCents}`;
    let made: { id: string; status: string };
    try {
      made = await conn.client.createRefund({ paymentIntentId: payment.stripe_payment_intent_id, amountCents: input.amountCents, key, metadata: { paymentId: payment.id, invoiceId: input.invoiceId, practiceId: pid } });
    } catch (err) {
      if (!(err instanceof StripeFailure)) throw err;
      if (err.kind === 'invalid' && err.stripeCode === 'amount_too_large') throw invalid('amountCents', 'is more than Stripe still holds of this payment');
      throw stripeAppError(err);
    }
    return this.ctx.db.transaction().execute(async (tx) => {
      await repo.lockPayment(tx, this.ctx.dialect, pid, payment.id);
      const existing = await stripeRepo.refundByStripeId(tx, pid, made.id);
      if (existing) return existing.id;
      const status = made.status === 'succeeded' ? 'succeeded' : made.status === 'failed' || made.status === 'canceled' ? 'failed' : 'pending';
      const id = await recordRefund(tx, this.ctx, { practiceId: pid, paymentId: payment.id, amountCents: input.amountCents, kind: 'refund', status, stripeId: made.id, invoiceId: input.invoiceId, recordedBy: s.user.id, meta });
      if (input.reason) await repo.setRefundReason(tx, id, await this.ctx.crypto.encrypt(pid, { table: 'refunds', column: 'reason_enc', rowId: id }, input.reason, tx));
      return id;
    });
  }
}
