// The billing module's tables; db/schema.ts assembles every module's into Database. Only this module
// queries them: other modules ask its service (db/table-ownership.test.ts fails otherwise).
// Amounts are integer minor units (_cents) in the invoice's currency; rates are decimal percent
// strings (shared/money.ts); _enc columns are envelope-encrypted.

export type FeePolicy = 'none' | 'flat' | 'service_rate';
export type AutoInvoice = 'off' | 'per_appointment' | 'monthly';
export type InvoiceKind = 'invoice' | 'credit_note';
export type InvoiceStatus = 'draft' | 'issued' | 'partly_paid' | 'paid' | 'void';
export type InvoiceSource = 'manual' | 'auto_appointment' | 'auto_monthly';
export type InvoiceLineKind = 'service' | 'late_cancel' | 'no_show' | 'manual' | 'credit';
export type PaymentMethod = 'cash' | 'check' | 'card_terminal' | 'bank_transfer' | 'other' | 'stripe';
export type PaymentSource = 'staff' | 'portal' | 'autopay';

export interface BillingSettingsTable {
  practice_id: string;
  currency: string;
  tax_rate: string;
  tax_label: string | null;
  late_cancel_fee: FeePolicy;
  late_cancel_fee_cents: number;
  no_show_fee: FeePolicy;
  no_show_fee_cents: number;
  auto_invoice: AutoInvoice;
  due_days: number;
  next_invoice_number: number;
  next_credit_number: number;
  /** JSON { legalName, address, taxId, npi, phone }, encrypted. */
  identity_enc: string | null;
  stripe_key_enc: string | null;
  stripe_webhook_secret_enc: string | null;
  /** What the owner sees of the connected account (e.g. its id), never the key. */
  stripe_account_label: string | null;
  stripe_connected_at: number | null;
  updated_by: string | null;
  updated_at: number;
  version: number;
}

export interface BillingProviderProfilesTable {
  user_id: string;
  practice_id: string;
  /** JSON { credentials, licence, npi }, encrypted. */
  profile_enc: string;
  updated_at: number;
}

export interface BillingPayersTable {
  id: string;
  practice_id: string;
  name: string;
  override_pos: string | null;
  /** Comma-separated modifiers, or null for the computed ones. */
  override_modifiers: string | null;
  active: number;
  created_at: number;
  updated_at: number;
}

export interface BillingClientProfilesTable {
  client_id: string;
  practice_id: string;
  sliding_scale_percent: string | null;
  payer_id: string | null;
  /** JSON array of ICD-10-CM codes in claim order, encrypted (a diagnosis is PHI). */
  diagnoses_enc: string | null;
  autopay: number;
  autopay_consent_at: number | null;
  stripe_customer_id: string | null;
  stripe_payment_method_id: string | null;
  updated_by: string | null;
  updated_at: number;
}

export interface Icd10CodesTable {
  code: string;
  description: string;
  billable: number;
  release: string;
}

export interface BillingDiagnosisCodesTable {
  practice_id: string;
  code: string;
  description: string;
  created_at: number;
}

export interface InvoicesTable {
  id: string;
  practice_id: string;
  client_id: string;
  provider_id: string | null;
  kind: InvoiceKind;
  number: number | null;
  status: InvoiceStatus;
  currency: string;
  subtotal_cents: number;
  reduction_cents: number;
  tax_cents: number;
  total_cents: number;
  paid_cents: number;
  credited_cents: number;
  source: InvoiceSource;
  period_start: number | null;
  period_end: number | null;
  original_invoice_id: string | null;
  replaces_invoice_id: string | null;
  memo_enc: string | null;
  void_reason_enc: string | null;
  issued_at: number | null;
  due_at: number | null;
  paid_at: number | null;
  voided_at: number | null;
  created_by: string | null;
  issued_by: string | null;
  voided_by: string | null;
  created_at: number;
  updated_at: number;
  version: number;
}

export interface InvoiceLinesTable {
  id: string;
  invoice_id: string;
  practice_id: string;
  position: number;
  kind: InvoiceLineKind;
  appointment_id: string | null;
  provider_id: string | null;
  service_date: number | null;
  description_enc: string;
  cpt_code: string | null;
  modifiers: string | null;
  pos_code: string | null;
  units: number;
  rate_cents: number;
  discount_cents: number;
  sliding_scale_percent: string | null;
  tax_rate: string;
  gross_cents: number;
  reduction_cents: number;
  amount_cents: number;
  tax_cents: number;
  total_cents: number;
}

export interface BilledAppointmentsTable {
  appointment_id: string;
  client_id: string;
  practice_id: string;
  invoice_id: string;
  line_id: string;
}

export interface PaymentsTable {
  id: string;
  practice_id: string;
  client_id: string;
  method: PaymentMethod;
  source: PaymentSource;
  amount_cents: number;
  currency: string;
  refunded_cents: number;
  disputed_cents: number;
  reference_enc: string | null;
  stripe_payment_intent_id: string | null;
  stripe_charge_id: string | null;
  received_at: number;
  recorded_by: string | null;
  created_at: number;
}

export interface PaymentAllocationsTable {
  id: string;
  practice_id: string;
  payment_id: string;
  invoice_id: string;
  amount_cents: number;
  created_by: string | null;
  created_at: number;
}

export interface RefundsTable {
  id: string;
  practice_id: string;
  payment_id: string;
  invoice_id: string | null;
  kind: 'refund' | 'dispute';
  status: 'pending' | 'succeeded' | 'failed' | 'lost' | 'won';
  amount_cents: number;
  stripe_id: string | null;
  reason_enc: string | null;
  recorded_by: string | null;
  created_at: number;
  updated_at: number;
}

export interface CheckoutAttemptsTable {
  id: string;
  practice_id: string;
  invoice_id: string;
  attempt: number;
  kind: 'checkout' | 'autopay';
  amount_cents: number;
  idempotency_key: string;
  stripe_id: string | null;
  url: string | null;
  status: 'opening' | 'open' | 'complete' | 'expired' | 'failed';
  expires_at: number | null;
  created_at: number;
  updated_at: number;
}

export interface StripeEventsTable {
  id: string;
  practice_id: string;
  type: string;
  stripe_created: number;
  outcome: string;
  received_at: number;
}

export interface ReconciliationRunsTable {
  id: string;
  practice_id: string;
  day: string;
  status: 'matched' | 'differences' | 'failed';
  checked: number;
  /** JSON array of { kind, stripeId, paymentId, stripeCents, ledgerCents }: ids and amounts, no PHI. */
  differences: string;
  ran_at: number;
}

export interface BillingTables {
  billing_settings: BillingSettingsTable;
  billing_provider_profiles: BillingProviderProfilesTable;
  billing_payers: BillingPayersTable;
  billing_client_profiles: BillingClientProfilesTable;
  icd10_codes: Icd10CodesTable;
  billing_diagnosis_codes: BillingDiagnosisCodesTable;
  invoices: InvoicesTable;
  invoice_lines: InvoiceLinesTable;
  billed_appointments: BilledAppointmentsTable;
  payments: PaymentsTable;
  payment_allocations: PaymentAllocationsTable;
  refunds: RefundsTable;
  checkout_attempts: CheckoutAttemptsTable;
  stripe_events: StripeEventsTable;
  reconciliation_runs: ReconciliationRunsTable;
}
