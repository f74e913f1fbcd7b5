// SQL of billing's automation part (auto-invoice.ts, mail.ts): which practices invoice
// automatically, which (appointment, client) pairs are billed already, whether a client's monthly
// invoice for a period exists, and the invoices issued and payments recorded since an instant.
import type { DbOrTx } from '../../db/index.js';
import type { AutoInvoice, InvoiceSource } from './table.js';

export const practicesInvoicing = (db: DbOrTx, mode: Exclude<AutoInvoice, 'off'>) =>
  db.selectFrom('billing_settings').select('practice_id').where('auto_invoice', '=', mode).orderBy('practice_id').execute();

export const practiceIds = (db: DbOrTx) => db.selectFrom('billing_settings').select('practice_id').orderBy('practice_id').execute();

/** The (appointment, client) pairs among these appointments that a live invoice line holds. */
export async function billedPairs(db: DbOrTx, practiceId: string, appointmentIds: readonly string[]): Promise<Set<string>> {
  const out = new Set<string>();
  for (let i = 0; i < appointmentIds.length; i += 500) {
    const ids = appointmentIds.slice(i, i + 500);
    const rows = await db.selectFrom('billed_appointments').select(['appointment_id', 'client_id']).where('practice_id', '=', practiceId).where('appointment_id', 'in', ids).execute();
    for (const r of rows) out.add(`${r.appointment_id}|${r.client_id}`);
  }
  return out;
}

/** Whether the client's monthly invoice for the period starting at `periodStart` was ever made (even if voided since). */
export async function hasMonthlyInvoice(db: DbOrTx, practiceId: string, clientId: string, periodStart: number): Promise<boolean> {
  const row = await db
    .selectFrom('invoices')
    .select('id')
    .where('practice_id', '=', practiceId)
    .where('client_id', '=', clientId)
    .where('source', '=', 'auto_monthly')
    .where('period_start', '=', periodStart)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/** The client's drafts made by automatic invoicing (meant to be issued at once: one still a draft was stranded by a crash). */
export const automaticDrafts = (db: DbOrTx, practiceId: string, clientId: string, source: InvoiceSource) =>
  db.selectFrom('invoices').select('id').where('practice_id', '=', practiceId).where('client_id', '=', clientId).where('source', '=', source).where('status', '=', 'draft').orderBy('created_at').execute();

/** Invoices (not credit notes) of a practice issued at or after `since` and still standing. */
export const issuedSince = (db: DbOrTx, practiceId: string, since: number) =>
  db
    .selectFrom('invoices')
    .select(['id', 'client_id'])
    .where('practice_id', '=', practiceId)
    .where('status', 'in', ['issued', 'partly_paid', 'paid'])
    .where('issued_at', '>=', since)
    .where('kind', '=', 'invoice')
    .execute();

/** Payments of a practice recorded at or after `since`. */
export const paymentsSince = (db: DbOrTx, practiceId: string, since: number) =>
  db.selectFrom('payments').select(['id', 'client_id']).where('practice_id', '=', practiceId).where('created_at', '>=', since).execute();

export const invoiceForMail = (db: DbOrTx, practiceId: string, id: string) =>
  db.selectFrom('invoices').select(['id', 'client_id', 'status', 'kind']).where('practice_id', '=', practiceId).where('id', '=', id).executeTakeFirst();

export const paymentForMail = (db: DbOrTx, practiceId: string, id: string) =>
  db.selectFrom('payments').select(['id', 'client_id']).where('practice_id', '=', practiceId).where('id', '=', id).executeTakeFirst();
