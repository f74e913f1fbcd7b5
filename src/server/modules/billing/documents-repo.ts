// SQL the billing documents need beyond the invoices part's repo: a client's ledger before a time
// (statements), the service lines of a client's issued invoices in a period (superbills), and an
// invoice or payment found by id alone (the portal checks the client's link afterwards).
import type { DbOrTx } from '../../db/index.js';

export const invoiceById = (db: DbOrTx, id: string) => db.selectFrom('invoices').selectAll().where('id', '=', id).executeTakeFirst();
export const paymentById = (db: DbOrTx, id: string) => db.selectFrom('payments').selectAll().where('id', '=', id).executeTakeFirst();

/** The client's invoices and credit notes issued before `before` (voided ones too: the void is an entry of its own). */
export const issuedBefore = (db: DbOrTx, practiceId: string, clientId: string, before: number) =>
  db
    .selectFrom('invoices')
    .select(['id', 'kind', 'number', 'total_cents', 'issued_at', 'voided_at'])
    .where('practice_id', '=', practiceId)
    .where('client_id', '=', clientId)
    .where('issued_at', 'is not', null)
    .where('issued_at', '<', before)
    .orderBy('issued_at')
    .execute();

export const paymentsBefore = (db: DbOrTx, practiceId: string, clientId: string, before: number) =>
  db
    .selectFrom('payments')
    .select(['id', 'method', 'amount_cents', 'received_at'])
    .where('practice_id', '=', practiceId)
    .where('client_id', '=', clientId)
    .where('received_at', '<', before)
    .orderBy('received_at')
    .execute();

/** Refunds and disputes of the client's payments made before `before`, with their status. */
export const refundsBefore = (db: DbOrTx, practiceId: string, clientId: string, before: number) =>
  db
    .selectFrom('refunds')
    .innerJoin('payments', 'payments.id', 'refunds.payment_id')
    .select(['refunds.id', 'refunds.kind', 'refunds.status', 'refunds.amount_cents', 'refunds.created_at', 'payments.method'])
    .where('refunds.practice_id', '=', practiceId)
    .where('payments.client_id', '=', clientId)
    .where('refunds.created_at', '<', before)
    .orderBy('refunds.created_at')
    .execute();

/** Service lines with a date in [from, to) on the client's issued (not void, not draft) invoices, with their invoice's figures. */
export const serviceLinesIn = (db: DbOrTx, practiceId: string, clientId: string, from: number, to: number) =>
  db
    .selectFrom('invoice_lines')
    .innerJoin('invoices', 'invoices.id', 'invoice_lines.invoice_id')
    .select([
      'invoice_lines.id',
      'invoice_lines.invoice_id',
      'invoice_lines.provider_id',
      'invoice_lines.service_date',
      'invoice_lines.description_enc',
      'invoice_lines.cpt_code',
      'invoice_lines.modifiers',
      'invoice_lines.pos_code',
      'invoice_lines.units',
      'invoice_lines.total_cents',
      'invoices.total_cents as invoice_total_cents',
      'invoices.paid_cents as invoice_paid_cents',
    ])
    .where('invoices.practice_id', '=', practiceId)
    .where('invoices.client_id', '=', clientId)
    .where('invoices.kind', '=', 'invoice')
    .where('invoices.status', 'in', ['issued', 'partly_paid', 'paid'])
    .where('invoice_lines.kind', '=', 'service')
    // A visit credited back by a credit note is not claimed (its credit line names the same appointment).
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('invoice_lines as cl')
            .innerJoin('invoices as cn', 'cn.id', 'cl.invoice_id')
            .select('cl.id')
            .whereRef('cn.original_invoice_id', '=', 'invoices.id')
            .where('cn.kind', '=', 'credit_note')
            .where('cl.kind', '=', 'credit')
            .whereRef('cl.appointment_id', '=', 'invoice_lines.appointment_id'),
        ),
      ),
    )
    .where('invoice_lines.service_date', '>=', from)
    .where('invoice_lines.service_date', '<', to)
    .orderBy('invoice_lines.service_date')
    .execute();

/** How many service lines each of these invoices has (a one-visit invoice's payment is all that visit's). */
export async function serviceLineCounts(db: DbOrTx, invoiceIds: readonly string[]): Promise<Map<string, number>> {
  if (!invoiceIds.length) return new Map();
  const rows = await db
    .selectFrom('invoice_lines')
    .select(['invoice_id', (eb) => eb.fn.countAll().as('n')])
    .where('invoice_id', 'in', [...invoiceIds])
    .where('kind', '=', 'service')
    .groupBy('invoice_id')
    .execute();
  return new Map(rows.map((r) => [r.invoice_id, Number(r.n)]));
}
