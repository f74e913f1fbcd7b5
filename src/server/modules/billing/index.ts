// The billing module's public face: one field per part (PARTS.md), each in its own files.
//  - invoices: settings, invoices and credit notes, manual payments, refunds, balances (service.ts)
//  - portal: the client portal's invoice list (portal.ts, routes-portal.ts)
// ledger.ts's functions move money inside a caller's transaction, for every part alike.
import { defineModule } from '../contract.js';
import { BillingDocuments } from './documents.js';
import { BillingReports } from './reports.js';
import { BillingPortal } from './portal.js';
import { BillingService } from './service.js';
import { StripeBilling } from './stripe-service.js';
import { stripeWorkers } from './stripe-workers.js';
import { billingWorkers, buildAutomation, type BillingAutomation } from './workers.js';

export { BillingService, type BillingWiring } from './service.js';
export { defaultSettingsRow } from './settings.js';
export { applyCredit, balanceOf, recordPayment, recordRefund, settleStatus, takesMoney, updateRefundStatus, type LedgerContext, type PaymentInput, type RefundInput } from './ledger.js';
export { invoiceNumber } from './invoice-store.js';
export type { SystemDraft } from './invoices.js';
export type { RefundProvider } from './payments.js';
export { StripeBilling } from './stripe-service.js';
export { BillingDocuments, type PdfFile } from './documents.js';
export { BillingReports } from './reports.js';
export { importIcd10, Icd10FileError, releaseOf as icd10ReleaseOf, type Icd10ImportResult } from './diagnoses-import.js';

export interface Billing {
  invoices: BillingService;
  /** The client portal's invoice list. */
  portal: BillingPortal;
  /** The practice's Stripe account, portal checkout, webhooks, refunds at Stripe, autopay, reconciliation. */
  stripe: StripeBilling;
  /** Automatic invoicing (per appointment, monthly) and the PHI-free billing mail. */
  automation: BillingAutomation;
  /** Invoice, receipt, statement and superbill PDFs; the diagnosis code list. */
  documents: BillingDocuments;
  /** Income, aging, payments by method, unbilled visits (JSON and CSV). */
  reports: BillingReports;
}

declare module '../contract.js' {
  interface ServiceRegistry {
    /** Billing: invoices, payments, Stripe, documents, reports, automation (one field per part). */
    billing: Billing;
  }
}

export const billingModule = defineModule({
  name: 'billing',
  needs: ['clients', 'scheduling', 'calls', 'portal', 'notifications', 'messages', 'availability', 'practices'],
  build: (ctx, { clients, scheduling, calls, portal, notifications, messages, availability, practices }): Billing => {
    // Other parts are built here too; one whose work the invoices part needs hands it in through the wiring (e.g. refundProvider).
    const parts: { stripe?: StripeBilling } = {};
    const invoices = new BillingService(ctx, clients, scheduling, calls, { refundProvider: (s, input, meta) => parts.stripe!.refund(s, input, meta) });
    const stripe = (parts.stripe = new StripeBilling(ctx, invoices, portal));
    // The practice's zone: its most recently set working hours' (no provider named).
    const automation = buildAutomation(ctx, { invoices, clients, scheduling, notifications, senderName: (pid) => messages.senderName(pid), practiceZone: (pid) => availability.practiceZone(pid, '') });
    const documents = new BillingDocuments(ctx, invoices, clients, practices, availability);
    const reports = new BillingReports(ctx, { scheduling, clients, heldCalls: (practiceId, ids) => calls.service.billingFacts(practiceId, ids), assertClient: (s, id) => invoices.access.assertClient(s, id) });
    return { invoices, portal: new BillingPortal(ctx), stripe, automation, documents, reports };
  },
  consumers: (billing) => [billing.automation.auto.consumer()],
  workers: (billing, _needs, ctx) => [...stripeWorkers(ctx, billing.stripe), ...billingWorkers(billing.automation)],
  routes: async (app, billing, { portal }) => {
    (await import('./routes.js')).billingRoutes(app, billing.invoices);
    (await import('./routes-portal.js')).billingPortalRoutes(app, billing.portal, portal);
    (await import('./routes-stripe.js')).stripeRoutes(app, billing.stripe);
    (await import('./routes-documents.js')).documentRoutes(app, billing.documents, portal);
    (await import('./routes-reports.js')).billingReportRoutes(app, billing.reports);
  },
});
