// The ledger: how money moves, always inside the caller's transaction so a payment, its allocations
// and the invoices' figures change together or not at all. Other billing parts (Stripe webhooks,
// autopay) use these same functions, so a card payment and a cash payment are booked alike.
//
// The figures kept consistent here:
//  - an invoice's paid_cents is the sum of the allocations to it (net of refunds taken from them);
//  - a payment's unapplied credit is amount − refunded − disputed − its allocations;
//  - an invoice's status follows from total − paid − credited (issued / partly paid / paid).
import { randomUUID } from 'node:crypto';
import type { AppContext, RequestMeta } from '../../context.js';
import type { Tx } from '../../db/index.js';
import * as repo from './repo.js';
import type { PaymentMethod, PaymentSource, RefundsTable } from './table.js';

/** What ledger functions need of the app context. */
export type LedgerContext = Pick<AppContext, 'clock' | 'audit' | 'dialect'>;

export interface PaymentInput {
  /** The payment's id when the caller needs it first (e.g. to encrypt referenceEnc bound to the row); else a new one. */
  id?: string;
  practiceId: string;
  clientId: string;
  method: PaymentMethod;
  source: PaymentSource;
  amountCents: number;
  currency: string;
  receivedAt: number;
  /** The staff member who recorded it; null for the client (portal) or the system (autopay). */
  recordedBy: string | null;
  referenceEnc?: string | null;
  stripePaymentIntentId?: string | null;
  stripeChargeId?: string | null;
  /** Apply to these invoices in order (up to each one's balance); without them, to the oldest open ones. */
  invoiceIds?: readonly string[];
  /** Where the request came from, for the audit record. */
  meta?: RequestMeta;
}

export interface RefundInput {
  practiceId: string;
  paymentId: string;
  amountCents: number;
  kind: 'refund' | 'dispute';
  status: RefundsTable['status'];
  stripeId?: string | null;
  /** Take the money back from this invoice's allocation first. */
  invoiceId?: string | null;
  reasonEnc?: string | null;
  recordedBy: string | null;
  meta?: RequestMeta;
}

/** A refund or dispute in this status has taken the money back (a failed refund or a won dispute has not). */
export const takesMoney = (status: RefundsTable['status']): boolean => status !== 'failed' && status !== 'won';

function who(practiceId: string, recordedBy: string | null, meta?: RequestMeta) {
  return { actor: { type: recordedBy ? ('user' as const) : ('system' as const), id: recordedBy }, practiceId, ip: meta?.ip ?? null, userAgent: meta?.userAgent ?? null };
}

/** What is left of a payment to apply: amount − refunded − disputed − what is already allocated. */
function unappliedOf(p: repo.PaymentRow, allocations: readonly repo.AllocationRow[]): number {
  const allocated = allocations.filter((a) => a.payment_id === p.id).reduce((sum, a) => sum + Number(a.amount_cents), 0);
  return Number(p.amount_cents) - Number(p.refunded_cents) - Number(p.disputed_cents) - allocated;
}

export const balanceOf = (inv: Pick<repo.InvoiceRow, 'total_cents' | 'paid_cents' | 'credited_cents'>): number =>
  Number(inv.total_cents) - Number(inv.paid_cents) - Number(inv.credited_cents);

/** Sets an issued invoice's status from its figures: paid when nothing is left, partly paid when something was. */
export async function settleStatus(tx: Tx, ctx: LedgerContext, practiceId: string, invoiceId: string): Promise<repo.InvoiceRow> {
  const inv = (await repo.findInvoice(tx, practiceId, invoiceId))!;
  if (inv.status === 'draft' || inv.status === 'void' || inv.kind === 'credit_note') return inv;
  const now = ctx.clock.now();
  const left = balanceOf(inv);
  const status = left <= 0 ? 'paid' : Number(inv.paid_cents) + Number(inv.credited_cents) > 0 ? 'partly_paid' : 'issued';
  const paidAt = status === 'paid' ? (inv.paid_at ?? now) : null;
  if (status !== inv.status || paidAt !== inv.paid_at) await repo.setInvoiceStatus(tx, invoiceId, status, paidAt, now);
  return { ...inv, status, paid_at: paidAt };
}

/** Applies up to `amount` of a payment to one invoice (up to its balance); what was applied. */
async function allocate(tx: Tx, ctx: LedgerContext, practiceId: string, paymentId: string, invoiceId: string, amount: number, createdBy: string | null): Promise<number> {
  const inv = await repo.lockInvoice(tx, ctx.dialect, practiceId, invoiceId);
  if (!inv || inv.kind !== 'invoice' || (inv.status !== 'issued' && inv.status !== 'partly_paid')) return 0;
  const take = Math.min(amount, balanceOf(inv));
  if (take <= 0) return 0;
  const now = ctx.clock.now();
  await repo.insertAllocation(tx, { id: randomUUID(), practice_id: practiceId, payment_id: paymentId, invoice_id: invoiceId, amount_cents: take, created_by: createdBy, created_at: now });
  await repo.addToInvoice(tx, invoiceId, { paid: take }, now);
  await settleStatus(tx, ctx, practiceId, invoiceId);
  return take;
}

/**
 * Books money received: the payment row, then allocations to the invoices given (in order), else to
 * the client's oldest open invoices; what is left stays as the client's unapplied credit. Audited.
 * Returns the payment's id.
 */
export async function recordPayment(tx: Tx, ctx: LedgerContext, input: PaymentInput): Promise<string> {
  if (!Number.isSafeInteger(input.amountCents) || input.amountCents <= 0) throw new RangeError('a payment is a whole number of minor units above zero');
  const id = input.id ?? randomUUID();
  const now = ctx.clock.now();
  await repo.insertPayment(tx, {
    id,
    practice_id: input.practiceId,
    client_id: input.clientId,
    method: input.method,
    source: input.source,
    amount_cents: input.amountCents,
    currency: input.currency,
    refunded_cents: 0,
    disputed_cents: 0,
    reference_enc: input.referenceEnc ?? null,
    stripe_payment_intent_id: input.stripePaymentIntentId ?? null,
    stripe_charge_id: input.stripeChargeId ?? null,
    received_at: input.receivedAt,
    recorded_by: input.recordedBy,
    created_at: now,
  });
  const targets = input.invoiceIds?.length ? input.invoiceIds : (await repo.openInvoices(tx, input.practiceId, input.clientId)).map((i) => i.id);
  let left = input.amountCents;
  const applied: string[] = [];
  for (const invoiceId of targets) {
    if (left <= 0) break;
    const took = await allocate(tx, ctx, input.practiceId, id, invoiceId, left, input.recordedBy);
    if (took > 0) applied.push(invoiceId);
    left -= took;
  }
  await ctx.audit.record(
    {
      ...who(input.practiceId, input.recordedBy, input.meta),
      action: 'create',
      resource: { type: 'payment', id },
      outcome: 'success',
      details: { clientId: input.clientId, method: input.method, source: input.source, invoiceIds: applied, unapplied: left > 0 },
    },
    tx,
  );
  return id;
}

/**
 * Spends the client's unapplied credit (oldest payment first) on one issued invoice, e.g. when it
 * is issued. Returns what was applied.
 */
export async function applyCredit(tx: Tx, ctx: LedgerContext, practiceId: string, clientId: string, invoiceId: string, by: string | null): Promise<number> {
  const payments = await repo.lockPaymentsOfClient(tx, ctx.dialect, practiceId, clientId);
  const allocations = await repo.allocationsOfPayments(tx, payments.map((p) => p.id));
  let applied = 0;
  for (const p of payments) {
    const free = unappliedOf(p, allocations);
    if (free <= 0) continue;
    const took = await allocate(tx, ctx, practiceId, p.id, invoiceId, free, by);
    applied += took;
    if (took < free) break; // the invoice is settled
  }
  return applied;
}

/**
 * Takes up to `amount` of the money applied to an invoice off it, newest allocation first (a void
 * takes all of it; a credit note the part now paid twice over). The money goes back to its
 * payments as the client's unapplied credit. Returns what was released.
 */
export async function releaseFromInvoice(tx: Tx, ctx: LedgerContext, practiceId: string, invoiceId: string, amount: number = Number.MAX_SAFE_INTEGER): Promise<number> {
  const allocations = (await repo.allocationsOfInvoice(tx, invoiceId)).reverse();
  let left = amount;
  for (const a of allocations) {
    if (left <= 0) break;
    const take = Math.min(left, Number(a.amount_cents));
    await repo.setAllocation(tx, a.id, Number(a.amount_cents) - take);
    left -= take;
  }
  const released = amount === Number.MAX_SAFE_INTEGER ? allocations.reduce((s, a) => s + Number(a.amount_cents), 0) : amount - left;
  if (released > 0) {
    await repo.addToInvoice(tx, invoiceId, { paid: -released }, ctx.clock.now());
    await settleStatus(tx, ctx, practiceId, invoiceId);
  }
  return released;
}

/** Takes money back from a payment: the given invoice's allocation first, then its unapplied part, then its other allocations newest first. */
async function takeBack(tx: Tx, ctx: LedgerContext, p: repo.PaymentRow, amount: number, invoiceId: string | null): Promise<string[]> {
  const allocations = await repo.allocationsOfPayments(tx, [p.id]);
  let left = amount;
  const touched: string[] = [];
  const fromAllocation = async (a: repo.AllocationRow) => {
    const take = Math.min(left, Number(a.amount_cents));
    if (take <= 0) return;
    await repo.setAllocation(tx, a.id, Number(a.amount_cents) - take);
    await repo.addToInvoice(tx, a.invoice_id, { paid: -take }, ctx.clock.now());
    await settleStatus(tx, ctx, p.practice_id, a.invoice_id);
    touched.push(a.invoice_id);
    left -= take;
  };
  for (const a of allocations.filter((x) => x.invoice_id === invoiceId).reverse()) await fromAllocation(a);
  left -= Math.min(left, Math.max(0, unappliedOf(p, allocations)));
  for (const a of allocations.filter((x) => x.invoice_id !== invoiceId).reverse()) {
    if (left <= 0) break;
    await fromAllocation(a);
  }
  return touched;
}

/**
 * Books a refund or a dispute against a payment. In a status that takes the money back (not failed,
 * not won) it reduces the payment's allocations (the invoice named first, newest first) and the
 * invoices' paid figures and status. Throws RangeError when more is asked back than the payment
 * still holds: callers check first and answer 400. Audited. Returns the refund's id.
 */
export async function recordRefund(tx: Tx, ctx: LedgerContext, input: RefundInput): Promise<string> {
  if (!Number.isSafeInteger(input.amountCents) || input.amountCents <= 0) throw new RangeError('a refund is a whole number of minor units above zero');
  const p = await repo.lockPayment(tx, ctx.dialect, input.practiceId, input.paymentId);
  if (!p) throw new RangeError('no such payment');
  const now = ctx.clock.now();
  const id = randomUUID();
  const takes = takesMoney(input.status);
  if (takes) {
    const held = Number(p.amount_cents) - Number(p.refunded_cents) - Number(p.disputed_cents);
    if (input.amountCents > held) throw new RangeError('more than the payment still holds');
  }
  await repo.insertRefund(tx, {
    id,
    practice_id: input.practiceId,
    payment_id: input.paymentId,
    invoice_id: input.invoiceId ?? null,
    kind: input.kind,
    status: input.status,
    amount_cents: input.amountCents,
    stripe_id: input.stripeId ?? null,
    reason_enc: input.reasonEnc ?? null,
    recorded_by: input.recordedBy,
    created_at: now,
    updated_at: now,
  });
  let touched: string[] = [];
  if (takes) {
    touched = await takeBack(tx, ctx, p, input.amountCents, input.invoiceId ?? null);
    await repo.addToPayment(tx, p.id, input.kind === 'refund' ? { refunded: input.amountCents } : { disputed: input.amountCents });
  }
  await ctx.audit.record(
    {
      ...who(input.practiceId, input.recordedBy, input.meta),
      action: 'create',
      resource: { type: input.kind, id },
      outcome: 'success',
      details: { paymentId: p.id, clientId: p.client_id, status: input.status, invoiceIds: [...new Set(touched)] },
    },
    tx,
  );
  return id;
}

/**
 * Moves a refund or dispute to a new status (Stripe reports a refund failed, a dispute won or
 * lost). Crossing into a status that takes money takes it back (as recordRefund); crossing out of
 * one gives it back to the payment as unapplied credit. Audited. Returns whether anything changed.
 */
export async function updateRefundStatus(tx: Tx, ctx: LedgerContext, input: { practiceId: string; refundId: string; status: RefundsTable['status']; recordedBy: string | null }): Promise<boolean> {
  const r = await repo.findRefund(tx, input.practiceId, input.refundId);
  if (!r || r.status === input.status) return false;
  const p = (await repo.lockPayment(tx, ctx.dialect, input.practiceId, r.payment_id))!;
  const before = takesMoney(r.status);
  const after = takesMoney(input.status);
  const amount = Number(r.amount_cents);
  const field = r.kind === 'refund' ? 'refunded' : 'disputed';
  if (!before && after) {
    const held = Number(p.amount_cents) - Number(p.refunded_cents) - Number(p.disputed_cents);
    if (amount > held) throw new RangeError('more than the payment still holds');
    await takeBack(tx, ctx, p, amount, r.invoice_id);
    await repo.addToPayment(tx, p.id, { [field]: amount });
  } else if (before && !after) {
    await repo.addToPayment(tx, p.id, { [field]: -amount });
  }
  await repo.setRefundStatus(tx, r.id, input.status, ctx.clock.now());
  await ctx.audit.record(
    { ...who(input.practiceId, input.recordedBy), action: 'update', resource: { type: r.kind, id: r.id }, outcome: 'success', details: { paymentId: p.id, from: r.status, to: input.status } },
    tx,
  );
  return true;
}
