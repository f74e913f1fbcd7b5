// SQL of the Stripe part: the practice's connection (columns of billing_settings), checkout and
// autopay attempts, webhook events applied once, the ledger rows Stripe ids point at, clients'
// saved cards, and reconciliation runs. Plain functions taking the db or a transaction first.
import type { Insertable, Updateable } from 'kysely';
import type { DbOrTx } from '../../db/index.js';
import type { CheckoutAttemptsTable, ReconciliationRunsTable } from './table.js';

export type AttemptRow = CheckoutAttemptsTable;
export type RunRow = ReconciliationRunsTable;

// ---- connection ----

export const connection = (db: DbOrTx, practiceId: string) =>
  db.selectFrom('billing_settings').select(['practice_id', 'currency', 'stripe_key_enc', 'stripe_webhook_secret_enc', 'stripe_account_label', 'stripe_connected_at']).where('practice_id', '=', practiceId).executeTakeFirst();

export const setConnection = (
  db: DbOrTx,
  practiceId: string,
  set: { stripe_key_enc: string | null; stripe_webhook_secret_enc: string | null; stripe_account_label: string | null; stripe_connected_at: number | null; updated_by: string; updated_at: number },
) => db.updateTable('billing_settings').set(set).where('practice_id', '=', practiceId).executeTakeFirst();

export const connectedPractices = (db: DbOrTx) =>
  db.selectFrom('billing_settings').select(['practice_id', 'currency']).where('stripe_key_enc', 'is not', null).orderBy('practice_id').execute();

// ---- attempts ----

/** The invoice's attempts, newest first (locked with the invoice by the caller). */
export const attemptsOf = (db: DbOrTx, invoiceId: string) => db.selectFrom('checkout_attempts').selectAll().where('invoice_id', '=', invoiceId).orderBy('attempt', 'desc').execute();

export const insertAttempt = (db: DbOrTx, row: Insertable<CheckoutAttemptsTable>) => db.insertInto('checkout_attempts').values(row).execute();

export const updateAttempt = (db: DbOrTx, id: string, set: Updateable<CheckoutAttemptsTable>) => db.updateTable('checkout_attempts').set(set).where('id', '=', id).execute();

export const attemptByStripeId = (db: DbOrTx, practiceId: string, stripeId: string) =>
  db.selectFrom('checkout_attempts').selectAll().where('practice_id', '=', practiceId).where('stripe_id', '=', stripeId).executeTakeFirst();

export const attemptOf = (db: DbOrTx, invoiceId: string, attempt: number) =>
  db.selectFrom('checkout_attempts').selectAll().where('invoice_id', '=', invoiceId).where('attempt', '=', attempt).executeTakeFirst();

// ---- events ----

/** Inserts the event unless it was seen: true when this call took it (and so applies it). */
export async function takeEvent(db: DbOrTx, row: { id: string; practice_id: string; type: string; stripe_created: number; outcome: string; received_at: number }): Promise<boolean> {
  const r = await db.insertInto('stripe_events').values(row).onConflict((oc) => oc.column('id').doNothing()).executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
}

export const setEventOutcome = (db: DbOrTx, id: string, outcome: string) => db.updateTable('stripe_events').set({ outcome }).where('id', '=', id).execute();

// ---- ledger rows by Stripe id ----

export const paymentByIntent = (db: DbOrTx, practiceId: string, paymentIntentId: string) =>
  db.selectFrom('payments').selectAll().where('practice_id', '=', practiceId).where('stripe_payment_intent_id', '=', paymentIntentId).executeTakeFirst();

export const refundByStripeId = (db: DbOrTx, practiceId: string, stripeId: string) =>
  db.selectFrom('refunds').selectAll().where('practice_id', '=', practiceId).where('stripe_id', '=', stripeId).executeTakeFirst();

export const stripePaymentsBetween = (db: DbOrTx, practiceId: string, from: number, to: number) =>
  db
    .selectFrom('payments')
    .select(['id', 'amount_cents', 'refunded_cents', 'stripe_payment_intent_id', 'received_at'])
    .where('practice_id', '=', practiceId)
    .where('method', '=', 'stripe')
    .where('received_at', '>=', from)
    .where('received_at', '<', to)
    .execute();

export const paymentsByIntents = (db: DbOrTx, practiceId: string, intents: readonly string[]) =>
  intents.length === 0
    ? Promise.resolve([])
    : db.selectFrom('payments').select(['id', 'amount_cents', 'refunded_cents', 'stripe_payment_intent_id']).where('practice_id', '=', practiceId).where('stripe_payment_intent_id', 'in', intents).execute();

// ---- invoices as the Stripe part reads them ----

/** One invoice by id alone (a portal request names no practice; the caller checks whose it is). */
export const invoiceById = (db: DbOrTx, id: string) => db.selectFrom('invoices').selectAll().where('id', '=', id).executeTakeFirst();

/** Issued invoices with a balance of clients who turned autopay on before they were issued, with no autopay attempt yet. */
export const autopayDue = (db: DbOrTx, limit: number) =>
  db
    .selectFrom('invoices as i')
    .innerJoin('billing_client_profiles as p', 'p.client_id', 'i.client_id')
    .select(['i.id', 'i.practice_id', 'i.client_id'])
    .where('i.kind', '=', 'invoice')
    .where('i.status', 'in', ['issued', 'partly_paid'])
    .where('p.autopay', '=', 1)
    .where('p.stripe_payment_method_id', 'is not', null)
    .whereRef('i.issued_at', '>=', 'p.autopay_consent_at')
    .where((eb) => eb.not(eb.exists(eb.selectFrom('checkout_attempts as a').select('a.id').whereRef('a.invoice_id', '=', 'i.id').where('a.kind', '=', 'autopay'))))
    .orderBy('i.issued_at')
    .limit(limit)
    .execute();

/** Autopay attempts still "opening" since before `before` (their process stopped between commit and answer). */
export const staleAutopayAttempts = (db: DbOrTx, before: number) =>
  db.selectFrom('checkout_attempts').selectAll().where('kind', '=', 'autopay').where('status', '=', 'opening').where('updated_at', '<', before).orderBy('updated_at').limit(20).execute();

// ---- reconciliation ----

export const upsertRun = (db: DbOrTx, row: Insertable<ReconciliationRunsTable>) =>
  db
    .insertInto('reconciliation_runs')
    .values(row)
    .onConflict((oc) => oc.columns(['practice_id', 'day']).doUpdateSet({ status: row.status, checked: row.checked, differences: row.differences, ran_at: row.ran_at }))
    .execute();

export const runs = (db: DbOrTx, practiceId: string, limit: number) =>
  db.selectFrom('reconciliation_runs').selectAll().where('practice_id', '=', practiceId).orderBy('day', 'desc').limit(limit).execute();
