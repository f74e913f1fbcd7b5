// The billing module's public face: one field per part (PARTS.md), each in its own files.
//  - invoices: settings, invoices and credit notes, manual payments, refunds, balances (service.ts)
// ledger.ts's functions move money inside a caller's transaction, for every part alike.
import { defineModule } from '../contract.js';
import { BillingDocuments } from './documents.js';
import { BillingService } from './service.js';

export { BillingService, type BillingWiring } from './service.js';
export { applyCredit, balanceOf, recordPayment, recordRefund, settleStatus, takesMoney, updateRefundStatus, type LedgerContext, type PaymentInput, type RefundInput } from './ledger.js';
export { invoiceNumber } from './invoice-store.js';
export type { SystemDraft } from './invoices.js';
export type { RefundProvider } from './payments.js';
export { BillingDocuments, type PdfFile } from './documents.js';
export { importIcd10, Icd10FileError, releaseOf as icd10ReleaseOf, type Icd10ImportResult } from './diagnoses-import.js';

export interface Billing {
  invoices: BillingService;
  documents: BillingDocuments;
}

declare module '../contract.js' {
  interface ServiceRegistry {
    /** Billing: invoices, payments, Stripe, documents, reports, automation (one field per part). */
    billing: Billing;
  }
}

export const billingModule = defineModule({
  name: 'billing',
  needs: ['clients', 'scheduling', 'calls', 'practices', 'availability'],
  routeNeeds: ['portal'],
  build: (ctx, { clients, scheduling, calls, practices, availability }): Billing => {
    // Other parts are built here too; one whose work the invoices part needs hands it in through the wiring (e.g. refundProvider).
    const invoices = new BillingService(ctx, clients, scheduling, calls, {});
    const documents = new BillingDocuments(ctx, invoices, clients, practices, availability);
    return { invoices, documents };
  },
  routes: async (app, billing, { portal }) => {
    (await import('./routes.js')).billingRoutes(app, billing.invoices);
    (await import('./routes-documents.js')).documentRoutes(app, billing.documents, portal);
  },
});
