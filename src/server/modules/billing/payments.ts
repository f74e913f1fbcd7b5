// Money received by hand (cash, check, an external card terminal) and given back, and what a client
// owes: payments recorded by staff (who recorded them is kept), refunds of manual payments (a Stripe
// payment's refund goes through the refund provider the Stripe part sets), the client's balance and
// payments. Every read and change is audited.
import { randomUUID } from 'node:crypto';
import type { AppContext, RequestMeta } from '../../context.js';
import { AppError, invalid, notFound } from '../../errors.js';
import { iso } from '../../lib/clock.js';
import type { ClientBalance, ManualPayment, Payment, Refund } from '../../../shared/billing.js';
import type { CurrencyCode } from '../../../shared/money.js';
import type { z } from 'zod';
import type { RefundCreate } from '../../../shared/billing.js';
import type { ResolvedSession } from '../auth/index.js';
import type { BillingAccess } from './access.js';
import type { InvoicesPart } from './invoices.js';
import { balanceOf, recordPayment, recordRefund } from './ledger.js';
import * as repo from './repo.js';
import type { BillingSettingsPart } from './settings.js';

const refRef = (id: string) => ({ table: 'payments', column: 'reference_enc', rowId: id });

/**
 * Refunds a card payment at the processor and books it (the Stripe part provides it). Given the
 * refund the staff member asked for; returns the refund's id.
 */
export type RefundProvider = (s: ResolvedSession, input: { invoiceId: string; paymentId: string; amountCents: number; reason: string | null }, meta: RequestMeta) => Promise<string>;

export class PaymentsPart {
  constructor(
    private readonly ctx: AppContext,
    private readonly access: BillingAccess,
    private readonly settings: BillingSettingsPart,
    private readonly invoices: InvoicesPart,
    /** Refunds of Stripe payments go through it (the Stripe part's, wired in index.ts). */
    private readonly refundProvider: RefundProvider | null,
  ) {}

  async present(p: repo.PaymentRow): Promise<Payment> {
    const allocations = await repo.allocationsOfPayments(this.ctx.db, [p.id]);
    const allocated = allocations.reduce((s, a) => s + Number(a.amount_cents), 0);
    return {
      id: p.id,
      clientId: p.client_id,
      method: p.method,
      source: p.source,
      amountCents: Number(p.amount_cents),
      refundedCents: Number(p.refunded_cents),
      disputedCents: Number(p.disputed_cents),
      unappliedCents: Number(p.amount_cents) - Number(p.refunded_cents) - Number(p.disputed_cents) - allocated,
      currency: p.currency as CurrencyCode,
      reference: await this.ctx.crypto.decryptNullable(refRef(p.id), p.reference_enc),
      receivedAt: iso(Number(p.received_at)),
      recordedBy: p.recorded_by,
      allocations: allocations.map((a) => ({ invoiceId: a.invoice_id, amountCents: Number(a.amount_cents) })),
    };
  }

  /** Records money received by hand; applied to the invoices named (each must be the client's, issued and open) or the oldest open ones. */
  async record(s: ResolvedSession, input: ManualPayment, meta: RequestMeta): Promise<Payment> {
    const pid = s.user.practiceId;
    await this.access.assertClient(s, input.clientId);
    const settings = await this.settings.row(pid);
    const invoices = await repo.findInvoices(this.ctx.db, pid, input.invoiceIds ?? []);
    (input.invoiceIds ?? []).forEach((id, i) => {
      const inv = invoices.find((x) => x.id === id);
      if (!inv || inv.client_id !== input.clientId) throw invalid(`invoiceIds[${i}]`, "not an invoice of this client's");
      if (inv.kind !== 'invoice' || (inv.status !== 'issued' && inv.status !== 'partly_paid')) throw invalid(`invoiceIds[${i}]`, 'the invoice is not open for payment (a draft, paid or void)');
    });
    const receivedAt = input.receivedAt ? Date.parse(input.receivedAt) : this.ctx.clock.now();
    if (receivedAt > this.ctx.clock.now() + 60_000) throw invalid('receivedAt', 'cannot be in the future');
    const id = randomUUID();
    await this.ctx.db.transaction().execute(async (tx) => {
      await recordPayment(tx, this.ctx, {
        id,
        practiceId: pid,
        clientId: input.clientId,
        method: input.method,
        source: 'staff',
        amountCents: input.amountCents,
        currency: settings.currency,
        receivedAt,
        recordedBy: s.user.id,
        referenceEnc: input.reference ? await this.ctx.crypto.encrypt(pid, refRef(id), input.reference, tx) : null,
        ...(input.invoiceIds ? { invoiceIds: input.invoiceIds } : {}),
        meta,
      });
    });
    return this.present((await repo.findPayment(this.ctx.db, pid, id))!);
  }

  async list(s: ResolvedSession, clientId: string, meta: RequestMeta): Promise<{ items: Payment[] }> {
    await this.access.assertClient(s, clientId);
    const items = await Promise.all((await repo.paymentsOfClient(this.ctx.db, s.user.practiceId, clientId)).map((p) => this.present(p)));
    await this.ctx.audit.record({ ...this.access.who(s, meta), action: 'read', resource: { type: 'client_payments', id: clientId }, outcome: 'success', details: { count: items.length } });
    return { items };
  }

  /** What a client owes: open invoices, unapplied credit, and the difference. */
  async balance(s: ResolvedSession, clientId: string, meta: RequestMeta): Promise<ClientBalance> {
    const pid = s.user.practiceId;
    await this.access.assertClient(s, clientId);
    const out = await this.balanceOf(pid, clientId);
    await this.ctx.audit.record({ ...this.access.who(s, meta), action: 'read', resource: { type: 'client_balance', id: clientId }, outcome: 'success' });
    return out;
  }

  /** A client's balance, for any part that has already checked access (the portal, statements). Not audited. */
  async balanceOf(practiceId: string, clientId: string): Promise<ClientBalance> {
    const settings = await this.settings.row(practiceId);
    const open = await repo.openInvoices(this.ctx.db, practiceId, clientId);
    const payments = await repo.paymentsOfClient(this.ctx.db, practiceId, clientId);
    const allocations = await repo.allocationsOfPayments(this.ctx.db, payments.map((p) => p.id));
    const allocated = allocations.reduce((sum, a) => sum + Number(a.amount_cents), 0);
    const unapplied = payments.reduce((sum, p) => sum + Number(p.amount_cents) - Number(p.refunded_cents) - Number(p.disputed_cents), 0) - allocated;
    const outstanding = open.reduce((sum, i) => sum + balanceOf(i), 0);
    const names = await this.access.names(practiceId);
    return {
      clientId,
      currency: settings.currency as CurrencyCode,
      outstandingCents: outstanding,
      unappliedCents: unapplied,
      balanceCents: outstanding - unapplied,
      openInvoices: open.map((i) => this.invoices.summary(i, names)),
    };
  }

  /**
   * Gives money paid on an invoice back: from the payment named, or the invoice's latest payment
   * with enough applied to it. More than that payment applied to the invoice answers 400 naming
   * amountCents, with nothing changed. A Stripe payment is refunded through the refund provider.
   */
  async refund(s: ResolvedSession, invoiceId: string, input: z.infer<typeof RefundCreate>, meta: RequestMeta): Promise<Refund> {
    const pid = s.user.practiceId;
    const inv = await this.invoices.visible(s, invoiceId);
    if (inv.kind !== 'invoice' || inv.status === 'draft') throw invalid('id', 'only an issued invoice has payments to refund');
    const allocations = await repo.allocationsOfInvoice(this.ctx.db, invoiceId);
    const byPayment = new Map<string, { amount: number; stripe: boolean }>();
    for (const a of allocations) {
      const prev = byPayment.get(a.payment_id);
      byPayment.set(a.payment_id, { amount: (prev?.amount ?? 0) + Number(a.amount_cents), stripe: a.stripe_payment_intent_id !== null || a.method === 'stripe' });
    }
    let paymentId = input.paymentId;
    if (paymentId !== undefined) {
      if (!byPayment.has(paymentId)) throw invalid('paymentId', 'no payment of this invoice has this id');
    } else {
      paymentId = [...byPayment.entries()].reverse().find(([, v]) => v.amount >= input.amountCents)?.[0];
    }
    const applied = paymentId ? byPayment.get(paymentId)!.amount : 0;
    if (!paymentId || input.amountCents > applied) {
      throw invalid('amountCents', `cannot be more than was paid on this invoice by one payment (${paymentId ? applied : Math.max(0, ...[...byPayment.values()].map((v) => v.amount))} minor units)`);
    }
    if (byPayment.get(paymentId)!.stripe) {
      if (!this.refundProvider) throw new AppError('conflict', 409, 'Card payments are refunded through Stripe, which is not connected', 'paymentId');
      const id = await this.refundProvider(s, { invoiceId, paymentId, amountCents: input.amountCents, reason: input.reason ?? null }, meta);
      return this.presentRefund((await repo.findRefund(this.ctx.db, pid, id))!);
    }
    const id = await this.ctx.db.transaction().execute(async (tx) => {
      const refundId = await recordRefund(tx, this.ctx, { practiceId: pid, paymentId: paymentId, amountCents: input.amountCents, kind: 'refund', status: 'succeeded', invoiceId, recordedBy: s.user.id, meta });
      if (input.reason) {
        const enc = await this.ctx.crypto.encrypt(pid, { table: 'refunds', column: 'reason_enc', rowId: refundId }, input.reason, tx);
        await repo.setRefundReason(tx, refundId, enc);
      }
      return refundId;
    });
    const r = await repo.findRefund(this.ctx.db, pid, id);
    if (!r) throw notFound('Refund');
    return this.presentRefund(r);
  }

  presentRefund(r: repo.RefundRow): Refund {
    return { id: r.id, paymentId: r.payment_id, invoiceId: r.invoice_id, kind: r.kind, status: r.status, amountCents: Number(r.amount_cents), createdAt: iso(Number(r.created_at)) };
  }
}
