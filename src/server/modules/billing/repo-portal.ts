// SQL of the portal's view of billing: one client's issued invoices and credit notes, newest issued
// first (drafts are the practice's work in progress and never shown). The settings and the client's
// billing profile come from ./repo.ts.
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
