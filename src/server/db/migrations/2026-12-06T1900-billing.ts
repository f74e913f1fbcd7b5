// Billing (issue 17). Frozen once landed. Money is integer minor units in the practice's currency;
// rates are decimal percent strings ("8.875"); free text and identifiers a client could be known by
// are envelope-encrypted (_enc).
//  - billing_settings: one row per practice: currency, sales tax, the late-cancel / no-show fee
//    policy, automatic invoicing, the two gapless number sequences (invoices, credit notes), the
//    practice's billing identity (name, address, tax id, NPI, encrypted) and its Stripe account
//    (restricted key and webhook secret, encrypted like PHI).
//  - billing_provider_profiles: a provider's credentials, licence and NPI (encrypted) for superbills.
//  - billing_payers: the practice's payers, each with an optional coding override (POS, modifiers).
//  - billing_client_profiles: per client: sliding scale, payer, diagnoses (encrypted), autopay
//    consent and the Stripe customer / payment method ids (ids only, never card data).
//  - icd10_codes: the CMS ICD-10-CM code file, imported by an operator command (not PHI).
//  - billing_diagnosis_codes: the codes a practice keeps on its own list.
//  - invoices: invoices and credit notes; number is set when issued, from the practice's sequence
//    in the same transaction, so numbers have no gaps; an issued row's figures never change.
//  - invoice_lines: each line's figures as computed once (shared/money.ts lineTotals).
//  - billed_appointments: one live line per appointment and client, so an appointment is never
//    billed twice by two concurrent requests; a void releases it.
//  - payments, payment_allocations, refunds: the ledger. A payment is money received (by hand or
//    through Stripe); allocations apply it to invoices; refunds and disputes give money back.
//  - checkout_attempts: each Stripe Checkout session opened for an invoice, keyed by invoice and
//    attempt, so a double click, a retry or two tabs reuse one session and one charge.
//  - stripe_events: each webhook event applied once (the event id is the key).
//  - reconciliation_runs: the nightly comparison of Stripe's payments with the ledger.
import { sql, type Kysely } from 'kysely';
import { bigintType, type Dialect } from '../index.js';

export function up(dialect: Dialect) {
  const ts = bigintType(dialect);
  // Amounts can exceed 2^31 minor units in a year's report, never on one row; still, bigint on PostgreSQL.
  const money = bigintType(dialect);
  return async (db: Kysely<unknown>): Promise<void> => {
    await db.schema
      .createTable('billing_settings')
      .addColumn('practice_id', 'text', (c) => c.primaryKey().references('practices.id'))
      .addColumn('currency', 'text', (c) => c.notNull())
      .addColumn('tax_rate', 'text', (c) => c.notNull())
      .addColumn('tax_label', 'text')
      .addColumn('late_cancel_fee', 'text', (c) => c.notNull())
      .addColumn('late_cancel_fee_cents', money, (c) => c.notNull())
      .addColumn('no_show_fee', 'text', (c) => c.notNull())
      .addColumn('no_show_fee_cents', money, (c) => c.notNull())
      .addColumn('auto_invoice', 'text', (c) => c.notNull())
      .addColumn('due_days', 'integer', (c) => c.notNull())
      .addColumn('next_invoice_number', 'integer', (c) => c.notNull())
      .addColumn('next_credit_number', 'integer', (c) => c.notNull())
      .addColumn('identity_enc', 'text')
      .addColumn('stripe_key_enc', 'text')
      .addColumn('stripe_webhook_secret_enc', 'text')
      .addColumn('stripe_account_label', 'text')
      .addColumn('stripe_connected_at', ts)
      .addColumn('updated_by', 'text', (c) => c.references('users.id'))
      .addColumn('updated_at', ts, (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull())
      .addCheckConstraint('billing_settings_fees', sql`late_cancel_fee in ('none', 'flat', 'service_rate') and no_show_fee in ('none', 'flat', 'service_rate')`)
      .addCheckConstraint('billing_settings_auto', sql`auto_invoice in ('off', 'per_appointment', 'monthly')`)
      .execute();

    await db.schema
      .createTable('billing_provider_profiles')
      .addColumn('user_id', 'text', (c) => c.primaryKey().references('users.id'))
      .addColumn('practice_id', 'text', (c) => c.notNull().references('practices.id'))
      .addColumn('profile_enc', 'text', (c) => c.notNull())
      .addColumn('updated_at', ts, (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('billing_payers')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('practice_id', 'text', (c) => c.notNull().references('practices.id'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('override_pos', 'text')
      .addColumn('override_modifiers', 'text')
      .addColumn('active', 'integer', (c) => c.notNull())
      .addColumn('created_at', ts, (c) => c.notNull())
      .addColumn('updated_at', ts, (c) => c.notNull())
      .addUniqueConstraint('billing_payers_name', ['practice_id', 'name'])
      .execute();

    await db.schema
      .createTable('billing_client_profiles')
      .addColumn('client_id', 'text', (c) => c.primaryKey().references('clients.id'))
      .addColumn('practice_id', 'text', (c) => c.notNull().references('practices.id'))
      .addColumn('sliding_scale_percent', 'text')
      .addColumn('payer_id', 'text', (c) => c.references('billing_payers.id'))
      .addColumn('diagnoses_enc', 'text')
      .addColumn('autopay', 'integer', (c) => c.notNull())
      .addColumn('autopay_consent_at', ts)
      .addColumn('stripe_customer_id', 'text')
      .addColumn('stripe_payment_method_id', 'text')
      .addColumn('updated_by', 'text')
      .addColumn('updated_at', ts, (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('icd10_codes')
      .addColumn('code', 'text', (c) => c.primaryKey())
      .addColumn('description', 'text', (c) => c.notNull())
      .addColumn('billable', 'integer', (c) => c.notNull())
      .addColumn('release', 'text', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('billing_diagnosis_codes')
      .addColumn('practice_id', 'text', (c) => c.notNull().references('practices.id'))
      .addColumn('code', 'text', (c) => c.notNull())
      .addColumn('description', 'text', (c) => c.notNull())
      .addColumn('created_at', ts, (c) => c.notNull())
      .addPrimaryKeyConstraint('billing_diagnosis_codes_pk', ['practice_id', 'code'])
      .execute();

    await db.schema
      .createTable('invoices')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('practice_id', 'text', (c) => c.notNull().references('practices.id'))
      .addColumn('client_id', 'text', (c) => c.notNull().references('clients.id'))
      .addColumn('provider_id', 'text', (c) => c.references('users.id'))
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('number', 'integer')
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('currency', 'text', (c) => c.notNull())
      .addColumn('subtotal_cents', money, (c) => c.notNull())
      .addColumn('reduction_cents', money, (c) => c.notNull())
      .addColumn('tax_cents', money, (c) => c.notNull())
      .addColumn('total_cents', money, (c) => c.notNull())
      // Net money applied (allocations less refunds) and credit notes applied; balance = total − both.
      .addColumn('paid_cents', money, (c) => c.notNull())
      .addColumn('credited_cents', money, (c) => c.notNull())
      .addColumn('source', 'text', (c) => c.notNull())
      .addColumn('period_start', ts)
      .addColumn('period_end', ts)
      .addColumn('original_invoice_id', 'text', (c) => c.references('invoices.id'))
      .addColumn('replaces_invoice_id', 'text', (c) => c.references('invoices.id'))
      .addColumn('memo_enc', 'text')
      .addColumn('void_reason_enc', 'text')
      .addColumn('issued_at', ts)
      .addColumn('due_at', ts)
      .addColumn('paid_at', ts)
      .addColumn('voided_at', ts)
      .addColumn('created_by', 'text')
      .addColumn('issued_by', 'text')
      .addColumn('voided_by', 'text')
      .addColumn('created_at', ts, (c) => c.notNull())
      .addColumn('updated_at', ts, (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull())
      .addCheckConstraint('invoices_kind', sql`kind in ('invoice', 'credit_note')`)
      .addCheckConstraint('invoices_status', sql`status in ('draft', 'issued', 'partly_paid', 'paid', 'void')`)
      .addCheckConstraint('invoices_source', sql`source in ('manual', 'auto_appointment', 'auto_monthly')`)
      .addCheckConstraint('invoices_numbered', sql`(status = 'draft') = (number is null)`)
      .addUniqueConstraint('invoices_number', ['practice_id', 'kind', 'number'])
      .execute();
    await db.schema.createIndex('invoices_practice_status').on('invoices').columns(['practice_id', 'status', 'issued_at']).execute();
    await db.schema.createIndex('invoices_client').on('invoices').columns(['client_id', 'created_at']).execute();

    await db.schema
      .createTable('invoice_lines')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('invoice_id', 'text', (c) => c.notNull().references('invoices.id'))
      .addColumn('practice_id', 'text', (c) => c.notNull().references('practices.id'))
      .addColumn('position', 'integer', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('appointment_id', 'text', (c) => c.references('appointments.id'))
      .addColumn('provider_id', 'text', (c) => c.references('users.id'))
      .addColumn('service_date', ts)
      .addColumn('description_enc', 'text', (c) => c.notNull())
      .addColumn('cpt_code', 'text')
      .addColumn('modifiers', 'text')
      .addColumn('pos_code', 'text')
      .addColumn('units', 'integer', (c) => c.notNull())
      .addColumn('rate_cents', money, (c) => c.notNull())
      .addColumn('discount_cents', money, (c) => c.notNull())
      .addColumn('sliding_scale_percent', 'text')
      .addColumn('tax_rate', 'text', (c) => c.notNull())
      .addColumn('gross_cents', money, (c) => c.notNull())
      .addColumn('reduction_cents', money, (c) => c.notNull())
      .addColumn('amount_cents', money, (c) => c.notNull())
      .addColumn('tax_cents', money, (c) => c.notNull())
      .addColumn('total_cents', money, (c) => c.notNull())
      .addCheckConstraint('invoice_lines_kind', sql`kind in ('service', 'late_cancel', 'no_show', 'manual', 'credit')`)
      .addUniqueConstraint('invoice_lines_position', ['invoice_id', 'position'])
      .execute();
    await db.schema.createIndex('invoice_lines_appointment').on('invoice_lines').columns(['appointment_id']).execute();

    await db.schema
      .createTable('billed_appointments')
      .addColumn('appointment_id', 'text', (c) => c.notNull().references('appointments.id'))
      .addColumn('client_id', 'text', (c) => c.notNull().references('clients.id'))
      .addColumn('practice_id', 'text', (c) => c.notNull().references('practices.id'))
      .addColumn('invoice_id', 'text', (c) => c.notNull().references('invoices.id'))
      .addColumn('line_id', 'text', (c) => c.notNull().references('invoice_lines.id'))
      .addPrimaryKeyConstraint('billed_appointments_pk', ['appointment_id', 'client_id'])
      .execute();
    await db.schema.createIndex('billed_appointments_invoice').on('billed_appointments').columns(['invoice_id']).execute();

    await db.schema
      .createTable('payments')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('practice_id', 'text', (c) => c.notNull().references('practices.id'))
      .addColumn('client_id', 'text', (c) => c.notNull().references('clients.id'))
      .addColumn('method', 'text', (c) => c.notNull())
      .addColumn('source', 'text', (c) => c.notNull())
      .addColumn('amount_cents', money, (c) => c.notNull())
      .addColumn('currency', 'text', (c) => c.notNull())
      .addColumn('refunded_cents', money, (c) => c.notNull())
      .addColumn('disputed_cents', money, (c) => c.notNull())
      .addColumn('reference_enc', 'text')
      .addColumn('stripe_payment_intent_id', 'text', (c) => c.unique())
      .addColumn('stripe_charge_id', 'text')
      .addColumn('received_at', ts, (c) => c.notNull())
      .addColumn('recorded_by', 'text', (c) => c.references('users.id'))
      .addColumn('created_at', ts, (c) => c.notNull())
      .addCheckConstraint('payments_method', sql`method in ('cash', 'check', 'card_terminal', 'bank_transfer', 'other', 'stripe')`)
      .addCheckConstraint('payments_source', sql`source in ('staff', 'portal', 'autopay')`)
      .addCheckConstraint('payments_amounts', sql`amount_cents > 0 and refunded_cents >= 0 and disputed_cents >= 0 and refunded_cents + disputed_cents <= amount_cents`)
      .execute();
    await db.schema.createIndex('payments_practice_received').on('payments').columns(['practice_id', 'received_at']).execute();
    await db.schema.createIndex('payments_client').on('payments').columns(['client_id', 'received_at']).execute();

    await db.schema
      .createTable('payment_allocations')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('practice_id', 'text', (c) => c.notNull().references('practices.id'))
      .addColumn('payment_id', 'text', (c) => c.notNull().references('payments.id'))
      .addColumn('invoice_id', 'text', (c) => c.notNull().references('invoices.id'))
      .addColumn('amount_cents', money, (c) => c.notNull())
      .addColumn('created_by', 'text')
      .addColumn('created_at', ts, (c) => c.notNull())
      .execute();
    await db.schema.createIndex('payment_allocations_payment').on('payment_allocations').columns(['payment_id']).execute();
    await db.schema.createIndex('payment_allocations_invoice').on('payment_allocations').columns(['invoice_id']).execute();

    await db.schema
      .createTable('refunds')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('practice_id', 'text', (c) => c.notNull().references('practices.id'))
      .addColumn('payment_id', 'text', (c) => c.notNull().references('payments.id'))
      .addColumn('invoice_id', 'text', (c) => c.references('invoices.id'))
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('amount_cents', money, (c) => c.notNull())
      .addColumn('stripe_id', 'text', (c) => c.unique())
      .addColumn('reason_enc', 'text')
      .addColumn('recorded_by', 'text', (c) => c.references('users.id'))
      .addColumn('created_at', ts, (c) => c.notNull())
      .addColumn('updated_at', ts, (c) => c.notNull())
      .addCheckConstraint('refunds_kind', sql`kind in ('refund', 'dispute')`)
      .addCheckConstraint('refunds_status', sql`status in ('pending', 'succeeded', 'failed', 'lost', 'won')`)
      .addCheckConstraint('refunds_amount', sql`amount_cents > 0`)
      .execute();
    await db.schema.createIndex('refunds_payment').on('refunds').columns(['payment_id']).execute();

    await db.schema
      .createTable('checkout_attempts')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('practice_id', 'text', (c) => c.notNull().references('practices.id'))
      .addColumn('invoice_id', 'text', (c) => c.notNull().references('invoices.id'))
      .addColumn('attempt', 'integer', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('amount_cents', money, (c) => c.notNull())
      .addColumn('idempotency_key', 'text', (c) => c.notNull().unique())
      .addColumn('stripe_id', 'text')
      .addColumn('url', 'text')
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('expires_at', ts)
      .addColumn('created_at', ts, (c) => c.notNull())
      .addColumn('updated_at', ts, (c) => c.notNull())
      .addCheckConstraint('checkout_attempts_kind', sql`kind in ('checkout', 'autopay')`)
      .addCheckConstraint('checkout_attempts_status', sql`status in ('opening', 'open', 'complete', 'expired', 'failed')`)
      .addUniqueConstraint('checkout_attempts_attempt', ['invoice_id', 'attempt'])
      .execute();

    await db.schema
      .createTable('stripe_events')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('practice_id', 'text', (c) => c.notNull().references('practices.id'))
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('stripe_created', ts, (c) => c.notNull())
      .addColumn('outcome', 'text', (c) => c.notNull())
      .addColumn('received_at', ts, (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('reconciliation_runs')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('practice_id', 'text', (c) => c.notNull().references('practices.id'))
      .addColumn('day', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('checked', 'integer', (c) => c.notNull())
      .addColumn('differences', 'text', (c) => c.notNull())
      .addColumn('ran_at', ts, (c) => c.notNull())
      .addCheckConstraint('reconciliation_runs_status', sql`status in ('matched', 'differences', 'failed')`)
      .addUniqueConstraint('reconciliation_runs_day', ['practice_id', 'day'])
      .execute();
  };
}
