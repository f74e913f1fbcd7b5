// SQL of the portal's view of billing: one client's issued invoices and credit notes, newest issued
// first (drafts are the practice's work in progress and never shown), and the payments applied to
// them (their receipts). The settings and the client's billing profile come from ./repo.ts.
import type { DbOrTx } from '../../db/index.js';

/** A client sees at most this many of their invoices, newest first (years of weekly visits). */
export const PORTAL_INVOICE_LIMIT = 500;

export const issuedInvoicesOf = (db: DbOrTx, practiceId: string, clientId: string) =>
  db
    .selectFrom('invoices')
    .select(['id', 'kind', 'number', 'status', 'currency', 'total_cents', 'paid_cents', 'credited_cents', 'issued_at', 'due_at'])
    .where('practice_id', '=', practiceId)
    .where('client_id', '=', clientId)
    .where('status', '!=', 'draft')
    .where('issued_at', 'is not', null)
    .orderBy('issued_at', 'desc')
    .orderBy('number', 'desc')
    .limit(PORTAL_INVOICE_LIMIT)
    .execute();

/** The payments applied to these invoices (what each receipt is for), oldest first. */
export const receiptsOf = (db: DbOrTx, practiceId: string, invoiceIds: readonly string[]) =>
  invoiceIds.length === 0
    ? Promise.resolve([])
    : db
        .selectFrom('payment_allocations')
        .innerJoin('payments', 'payments.id', 'payment_allocations.payment_id')
        .select(['payment_allocations.invoice_id', 'payments.id as payment_id', 'payment_allocations.amount_cents', 'payments.received_at'])
        .where('payment_allocations.practice_id', '=', practiceId)
        .where('payment_allocations.invoice_id', 'in', [...invoiceIds])
        .where('payment_allocations.amount_cents', '>', 0)
        .orderBy('payments.received_at')
        .orderBy('payments.id')
        .execute();
