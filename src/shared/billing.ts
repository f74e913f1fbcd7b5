// Billing contracts, shared by the server (validation, OpenAPI) and the SPA: settings and the Stripe
// connection, payers and diagnosis codes, invoices and credit notes, payments and refunds, balances,
// the portal's invoices and reports. Amounts are integer minor units (shared/money.ts); rates are
// decimal percent strings. docs/billing.md holds the rounding rule.
import { z } from 'zod';
import { Page } from './api.js';
import { CptCode, Icd10Code, Modifier, PosCode } from './billing-codes.js';
import { Currency, minorUnits, percent } from './money.js';
import { portalBillingPath } from './portal-paths.js';
import { id, pageLimit, text } from './strings.js';
import { TimeZone } from './time-zone.js';

const Instant = z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time with a time zone offset (e.g. 2026-12-01T16:00:00-08:00)' });

// ---- settings ----

export const FEE_POLICIES = ['none', 'flat', 'service_rate'] as const;
export const FeePolicy = z.enum(FEE_POLICIES, { message: 'must be none, flat or service_rate' });
export const AUTO_INVOICE = ['off', 'per_appointment', 'monthly'] as const;
export const AutoInvoice = z.enum(AUTO_INVOICE, { message: 'must be off, per_appointment or monthly' });

/** What is charged for a late cancellation or a no-show: nothing, a flat fee, or the service's rate. */
export const FeeRule = z.strictObject({ policy: FeePolicy, amountCents: minorUnits('fee') });
export type FeeRule = z.infer<typeof FeeRule>;

/** The practice as it appears on invoices and superbills. */
export const PracticeIdentity = z.strictObject({
  legalName: text({ min: 1, max: 200 }),
  address: text({ min: 1, max: 500, multiline: true }),
  /** EIN (12-3456789) or SSN-style tax id as printed on claims. */
  taxId: z.string().regex(/^\d{2}-?\d{7}$/, { message: 'must be a 9-digit tax id, e.g. 12-3456789' }),
  npi: z.string().regex(/^\d{10}$/, { message: 'must be a 10-digit NPI' }),
  phone: text({ max: 40 }).optional(),
});
export type PracticeIdentity = z.infer<typeof PracticeIdentity>;

export const BillingSettings = z.object({
  currency: Currency,
  taxRate: z.string(),
  taxLabel: z.string().nullable(),
  lateCancelFee: z.object({ policy: FeePolicy, amountCents: z.number() }),
  noShowFee: z.object({ policy: FeePolicy, amountCents: z.number() }),
  autoInvoice: AutoInvoice,
  dueDays: z.number(),
  identity: z.object({ legalName: z.string(), address: z.string(), taxId: z.string(), npi: z.string(), phone: z.string().optional() }).nullable(),
  stripe: z.object({ connected: z.boolean(), accountLabel: z.string().nullable(), connectedAt: z.string().nullable() }),
  version: z.number(),
});
export type BillingSettings = z.infer<typeof BillingSettings>;

export const BillingSettingsPatch = z.strictObject({
  /** Only while the practice has issued nothing: amounts already issued keep their currency. */
  currency: Currency.optional(),
  taxRate: percent('tax rate').optional(),
  taxLabel: text({ max: 40 }).nullable().optional(),
  lateCancelFee: FeeRule.optional(),
  noShowFee: FeeRule.optional(),
  autoInvoice: AutoInvoice.optional(),
  dueDays: z.number().int({ message: 'must be a whole number of days' }).min(0, { message: 'cannot be negative' }).max(365, { message: 'must be at most 365' }).optional(),
  identity: PracticeIdentity.optional(),
  version: z.number().int().positive().optional(),
});
export type BillingSettingsPatch = z.infer<typeof BillingSettingsPatch>;

/** The practice's own Stripe account: a restricted (rk_) or secret (sk_) key and the webhook signing secret. */
export const StripeConnect = z.strictObject({
  secretKey: z.string().regex(/^(rk|sk)_(test|live)_[A-Za-z0-9]{8,247}$/, { message: 'must be a Stripe restricted key (rk_live_… or rk_test_…)' }),
  webhookSecret: z.string().regex(/^whsec_[A-Za-z0-9+/=]{8,200}$/, { message: 'must be a Stripe webhook signing secret (whsec_…)' }),
});
export type StripeConnect = z.infer<typeof StripeConnect>;

export const ProviderBillingProfile = z.strictObject({
  credentials: text({ max: 100 }),
  licence: text({ max: 100 }),
  npi: z.string().regex(/^\d{10}$/, { message: 'must be a 10-digit NPI' }),
});
export type ProviderBillingProfile = z.infer<typeof ProviderBillingProfile>;

export const PayerInput = z.strictObject({
  name: text({ min: 1, max: 200 }),
  /** Replaces the computed place of service / modifiers on this payer's superbills; null: computed. */
  overridePos: PosCode.nullable().optional(),
  overrideModifiers: z.array(Modifier).max(4, { message: 'must have at most 4 modifiers' }).nullable().optional(),
  active: z.boolean().optional(),
});
export type PayerInput = z.infer<typeof PayerInput>;
export const Payer = z.object({
  id: z.string(),
  name: z.string(),
  overridePos: z.string().nullable(),
  overrideModifiers: z.array(z.string()).nullable(),
  active: z.boolean(),
});
export type Payer = z.infer<typeof Payer>;

export const DiagnosisCode = z.object({ code: z.string(), description: z.string() });
export type DiagnosisCode = z.infer<typeof DiagnosisCode>;
export const DiagnosisCodeInput = z.strictObject({ code: Icd10Code, description: text({ max: 300 }).optional() });

/** A client's billing profile: sliding scale, payer, diagnoses (claim order), autopay. */
export const ClientBillingProfile = z.object({
  clientId: z.string(),
  slidingScalePercent: z.string().nullable(),
  payerId: z.string().nullable(),
  diagnoses: z.array(DiagnosisCode),
  autopay: z.boolean(),
  /** A card is saved at Stripe for autopay (Hearth keeps Stripe's ids only, never card data). */
  cardOnFile: z.boolean(),
});
export type ClientBillingProfile = z.infer<typeof ClientBillingProfile>;
export const ClientBillingProfilePatch = z.strictObject({
  slidingScalePercent: percent('sliding scale').nullable().optional(),
  payerId: id.nullable().optional(),
  diagnoses: z.array(Icd10Code).max(12, { message: 'must list at most 12 diagnosis codes' }).optional(),
  /** Staff may only turn autopay off; the client turns it on, with consent, in the portal. */
  autopay: z.literal(false, { message: 'can only be turned off by staff; the client turns autopay on in the portal' }).optional(),
});

// ---- invoices ----

export const INVOICE_STATUSES = ['draft', 'issued', 'partly_paid', 'paid', 'void'] as const;
export const InvoiceStatus = z.enum(INVOICE_STATUSES);
export type InvoiceStatus = z.infer<typeof InvoiceStatus>;
export const InvoiceKind = z.enum(['invoice', 'credit_note']);
export const LINE_KINDS = ['service', 'late_cancel', 'no_show', 'manual', 'credit'] as const;
export const InvoiceLineKind = z.enum(LINE_KINDS);

export const ManualLine = z.strictObject({
  description: text({ min: 1, max: 200 }),
  units: z.number({ message: 'must be a number' }).int({ message: 'must be a whole number' }).min(1, { message: 'must be at least 1' }).max(1000, { message: 'must be at most 1000' }),
  rateCents: minorUnits('rate'),
  discountCents: minorUnits('discount').optional(),
  cptCode: CptCode.optional(),
  /** Sales tax applies to this line (at the practice's rate). Services are untaxed unless the practice says so. */
  taxable: z.boolean().optional(),
});
export type ManualLine = z.infer<typeof ManualLine>;

export const InvoiceCreate = z.strictObject({
  clientId: id,
  /** Attended appointments (service line), late cancellations and no-shows (fee line per the practice's policy). */
  appointmentIds: z.array(id).max(200, { message: 'must list at most 200 appointments' }).optional(),
  lines: z.array(ManualLine).max(100, { message: 'must have at most 100 lines' }).optional(),
  /** A fixed discount on the whole invoice, spread over its lines in proportion. */
  discountCents: minorUnits('discount').optional(),
  memo: text({ max: 1000, multiline: true }).optional(),
});
export type InvoiceCreate = z.infer<typeof InvoiceCreate>;

/** A draft only: an issued invoice is never edited (void and replace it, or credit it). */
export const InvoicePatch = z.strictObject({
  appointmentIds: z.array(id).max(200).optional(),
  lines: z.array(ManualLine).max(100).optional(),
  discountCents: minorUnits('discount').optional(),
  memo: text({ max: 1000, multiline: true }).nullable().optional(),
  version: z.number().int().positive(),
});
export type InvoicePatch = z.infer<typeof InvoicePatch>;

export const InvoiceVoid = z.strictObject({
  reason: text({ min: 1, max: 500 }),
  /** Open a new draft with the same lines, to correct and issue in its place. */
  replace: z.boolean().optional(),
});

/** A credit note against an issued invoice: whole lines, or (without lineIds) the whole invoice. */
export const CreditNoteCreate = z.strictObject({
  lineIds: z.array(id).min(1).max(100).optional(),
  reason: text({ min: 1, max: 500 }),
});

export const InvoiceLine = z.object({
  id: z.string(),
  kind: InvoiceLineKind,
  appointmentId: z.string().nullable(),
  serviceDate: z.string().nullable(),
  description: z.string(),
  cptCode: z.string().nullable(),
  modifiers: z.array(z.string()),
  posCode: z.string().nullable(),
  units: z.number(),
  rateCents: z.number(),
  discountCents: z.number(),
  slidingScalePercent: z.string().nullable(),
  taxRate: z.string(),
  grossCents: z.number(),
  reductionCents: z.number(),
  amountCents: z.number(),
  taxCents: z.number(),
  totalCents: z.number(),
});
export type InvoiceLine = z.infer<typeof InvoiceLine>;

export const InvoiceSummary = z.object({
  id: z.string(),
  kind: InvoiceKind,
  /** "INV-000042" / "CN-000003" once issued; null on a draft. */
  number: z.string().nullable(),
  status: InvoiceStatus,
  clientId: z.string(),
  /** Null when the caller may not see the client's name. */
  clientName: z.string().nullable(),
  providerId: z.string().nullable(),
  currency: Currency,
  totalCents: z.number(),
  paidCents: z.number(),
  creditedCents: z.number(),
  balanceCents: z.number(),
  source: z.enum(['manual', 'auto_appointment', 'auto_monthly']),
  issuedAt: z.string().nullable(),
  dueAt: z.string().nullable(),
  createdAt: z.string(),
});
export type InvoiceSummary = z.infer<typeof InvoiceSummary>;

export const InvoicePaymentLine = z.object({
  paymentId: z.string(),
  method: z.string(),
  amountCents: z.number(),
  receivedAt: z.string(),
});

export const Invoice = InvoiceSummary.extend({
  subtotalCents: z.number(),
  reductionCents: z.number(),
  taxCents: z.number(),
  memo: z.string().nullable(),
  lines: z.array(InvoiceLine),
  payments: z.array(InvoicePaymentLine),
  refundedCents: z.number(),
  originalInvoiceId: z.string().nullable(),
  replacesInvoiceId: z.string().nullable(),
  creditNoteIds: z.array(z.string()),
  paidAt: z.string().nullable(),
  voidedAt: z.string().nullable(),
  voidReason: z.string().nullable(),
  version: z.number(),
});
export type Invoice = z.infer<typeof Invoice>;

export const InvoiceQuery = z.strictObject({
  status: z
    .string()
    .transform((s) => s.split(','))
    .pipe(z.array(InvoiceStatus, { message: `must be one or more of ${INVOICE_STATUSES.join(', ')}` }))
    .optional(),
  clientId: id.optional(),
  kind: InvoiceKind.optional(),
  from: Instant.optional(),
  to: Instant.optional(),
  limit: pageLimit(200),
  cursor: z.string().max(200).optional(),
});
export const InvoiceList = Page(InvoiceSummary);
export type InvoiceList = z.infer<typeof InvoiceList>;

// ---- payments and refunds ----

export const MANUAL_METHODS = ['cash', 'check', 'card_terminal', 'bank_transfer', 'other'] as const;
export const ManualPaymentMethod = z.enum(MANUAL_METHODS, { message: `must be one of ${MANUAL_METHODS.join(', ')}` });
export const PAYMENT_METHODS = [...MANUAL_METHODS, 'stripe'] as const;

/** Money received by hand (cash, check, an external card terminal), recorded by staff. */
export const ManualPayment = z.strictObject({
  clientId: id,
  method: ManualPaymentMethod,
  amountCents: minorUnits('amount').refine((n) => n > 0, { message: 'amount must be more than zero' }),
  receivedAt: Instant.optional(),
  /** Check number or terminal receipt number. */
  reference: text({ max: 100 }).optional(),
  /** Apply to these invoices (in order, up to each balance); without it, to the oldest open ones. What is left stays as the client's credit. */
  invoiceIds: z.array(id).max(50).optional(),
});
export type ManualPayment = z.infer<typeof ManualPayment>;

export const Payment = z.object({
  id: z.string(),
  clientId: z.string(),
  method: z.enum(PAYMENT_METHODS),
  source: z.enum(['staff', 'portal', 'autopay']),
  amountCents: z.number(),
  refundedCents: z.number(),
  disputedCents: z.number(),
  unappliedCents: z.number(),
  currency: Currency,
  reference: z.string().nullable(),
  receivedAt: z.string(),
  recordedBy: z.string().nullable(),
  allocations: z.array(z.object({ invoiceId: z.string(), amountCents: z.number() })),
});
export type Payment = z.infer<typeof Payment>;

export const RefundCreate = z.strictObject({
  amountCents: minorUnits('amount').refine((n) => n > 0, { message: 'amount must be more than zero' }),
  /** Which payment to refund; without it, the invoice's latest payment with enough left. */
  paymentId: id.optional(),
  reason: text({ max: 500 }).optional(),
});
export const Refund = z.object({
  id: z.string(),
  paymentId: z.string(),
  invoiceId: z.string().nullable(),
  kind: z.enum(['refund', 'dispute']),
  status: z.enum(['pending', 'succeeded', 'failed', 'lost', 'won']),
  amountCents: z.number(),
  createdAt: z.string(),
});
export type Refund = z.infer<typeof Refund>;

export const ClientBalance = z.object({
  clientId: z.string(),
  currency: Currency,
  /** What issued invoices still ask for. */
  outstandingCents: z.number(),
  /** Payments received and not applied to any invoice: the client's credit. */
  unappliedCents: z.number(),
  /** outstanding − unapplied: what the client owes (negative: the practice owes the client). */
  balanceCents: z.number(),
  openInvoices: z.array(InvoiceSummary),
});
export type ClientBalance = z.infer<typeof ClientBalance>;

export const SuperbillQuery = z.strictObject({ clientId: id, from: Instant, to: Instant });

// ---- portal ----

export const PortalInvoice = z.object({
  id: z.string(),
  number: z.string(),
  kind: InvoiceKind,
  status: InvoiceStatus,
  currency: Currency,
  totalCents: z.number(),
  balanceCents: z.number(),
  issuedAt: z.string(),
  dueAt: z.string().nullable(),
  /** Online card payment is possible now (issued, a balance, the practice has Stripe connected). */
  canPay: z.boolean(),
  /** The payments applied to it, oldest first: each has its receipt (GET /api/portal/payments/:id/receipt). */
  receipts: z.array(z.object({ paymentId: z.string(), amountCents: z.number(), receivedAt: z.string() })),
});
export type PortalInvoice = z.infer<typeof PortalInvoice>;
export const PortalInvoiceList = z.object({ items: z.array(PortalInvoice), autopay: z.boolean(), cardOnFile: z.boolean() });
export type PortalInvoiceList = z.infer<typeof PortalInvoiceList>;
/**
 * GET /api/portal/invoices: a portal account may be the client of several practices, so the list is
 * of one linked record, `clientId`; without it, the account's only record (400 naming clientId when
 * it has several).
 */
export const PortalInvoiceQuery = z.strictObject({ clientId: id.optional() });

/** The portal's Billing page of one linked record (./portal-paths.ts). */
export { portalBillingPath };
/**
 * Where Stripe's hosted page sends the client back (paths under config.publicUrl): the record's
 * Billing page, which says "Payment received" and watches the invoice until it shows paid, or that
 * nothing was charged.
 */
export const portalCheckoutReturnPaths = (clientId: string, invoiceId: string) => ({
  success: `${portalBillingPath(clientId)}?paid=${encodeURIComponent(invoiceId)}`,
  cancel: `${portalBillingPath(clientId)}?cancelled=${encodeURIComponent(invoiceId)}`,
});
export const PortalCheckout = z.strictObject({
  /** Save the card at Stripe for autopay of later invoices; the client's consent, recorded. */
  saveCardForAutopay: z.boolean().optional(),
});
export const PortalCheckoutAnswer = z.object({ url: z.string() });
export type PortalCheckoutAnswer = z.infer<typeof PortalCheckoutAnswer>;

// ---- Stripe reconciliation ----

export const RECONCILIATION_DIFFERENCES = ['missing_in_ledger', 'missing_at_stripe', 'amount_mismatch', 'refund_mismatch'] as const;
/** One nightly comparison of Stripe's succeeded charges of a UTC day with the ledger: ids and amounts only. */
export const ReconciliationRun = z.object({
  day: z.string(),
  status: z.enum(['matched', 'differences', 'failed']),
  checked: z.number(),
  differences: z.array(
    z.object({ kind: z.enum(RECONCILIATION_DIFFERENCES), stripeId: z.string().nullable(), paymentId: z.string().nullable(), stripeCents: z.number(), ledgerCents: z.number() }),
  ),
  ranAt: z.string(),
});
export type ReconciliationRun = z.infer<typeof ReconciliationRun>;
export const ReconciliationList = z.object({ items: z.array(ReconciliationRun) });
export type ReconciliationList = z.infer<typeof ReconciliationList>;

// ---- reports ----

/** At most this long a range per report (a few years of months, a bounded answer). */
export const MAX_REPORT_DAYS = 1830;
export const ReportFormat = z.enum(['json', 'csv'], { message: 'must be json or csv' });
/** A report's range [from, to); months are counted in `timeZone` (default UTC). */
export const ReportQuery = z.strictObject({ from: Instant, to: Instant, timeZone: TimeZone.optional(), format: ReportFormat.optional() });
export type ReportQuery = z.infer<typeof ReportQuery>;
/** The aging report: ages are counted in days from each invoice's due date to `asOf` (default: now). */
export const AgingQuery = z.strictObject({ asOf: Instant.optional(), format: ReportFormat.optional() });
export type AgingQuery = z.infer<typeof AgingQuery>;
/** `service` is the key (the line's CPT code, else its kind: late_cancel, no_show, manual, credit); `serviceName` the practice's name for that code. */
export const IncomeRow = z.object({ month: z.string(), providerId: z.string().nullable(), providerName: z.string().nullable(), service: z.string().nullable(), serviceName: z.string().nullable(), invoicedCents: z.number(), collectedCents: z.number() });
export type IncomeRow = z.infer<typeof IncomeRow>;
export const IncomeReport = z.object({ currency: Currency, rows: z.array(IncomeRow), byMonth: z.array(z.object({ month: z.string(), invoicedCents: z.number(), collectedCents: z.number() })) });
export type IncomeReport = z.infer<typeof IncomeReport>;
export const AGING_BUCKETS = ['0-30', '31-60', '61-90', '90+'] as const;
export type AgingBucket = (typeof AGING_BUCKETS)[number];
export const AgingReport = z.object({
  currency: Currency,
  asOf: z.string(),
  buckets: z.array(z.object({ bucket: z.enum(AGING_BUCKETS), invoices: z.number(), outstandingCents: z.number() })),
  clients: z.array(z.object({ clientId: z.string(), clientName: z.string().nullable(), bucketCents: z.record(z.enum(AGING_BUCKETS), z.number()), totalCents: z.number() })),
});
export type AgingReport = z.infer<typeof AgingReport>;
export const PaymentsByMethodReport = z.object({ currency: Currency, rows: z.array(z.object({ method: z.enum(PAYMENT_METHODS), payments: z.number(), amountCents: z.number(), refundedCents: z.number() })) });
export type PaymentsByMethodReport = z.infer<typeof PaymentsByMethodReport>;
export const UnbilledReport = z.object({
  currency: Currency,
  rows: z.array(z.object({ appointmentId: z.string(), clientId: z.string(), clientName: z.string().nullable(), providerId: z.string(), start: z.string(), status: z.string(), service: z.string().nullable(), rateCents: z.number() })),
});
export type UnbilledReport = z.infer<typeof UnbilledReport>;
