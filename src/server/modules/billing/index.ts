// The billing module's public face: one field per part (PARTS.md), each in its own files.
//  - invoices: settings, invoices and credit notes, manual payments, refunds, balances (service.ts)
// ledger.ts's functions move money inside a caller's transaction, for every part alike.
import { defineModule } from '../contract.js';
import { BillingService } from './service.js';

export { BillingService, type BillingWiring } from './service.js';
export { applyCredit, balanceOf, recordPayment, recordRefund, settleStatus, takesMoney, updateRefundStatus, type LedgerContext, type PaymentInput, type RefundInput } from './ledger.js';
export { invoiceNumber } from './invoice-store.js';
export type { SystemDraft } from './invoices.js';
export type { RefundProvider } from './payments.js';

export interface Billing {
  invoices: BillingService;
}

declare module '../contract.js' {
  interface ServiceRegistry {
    /** Billing: invoices, payments, Stripe, documents, reports, automation (one field per part). */
    billing: Billing;
  }
}

export const billingModule = defineModule({
  name: 'billing',
  needs: ['clients', 'scheduling', 'calls'],
  build: (ctx, { clients, scheduling, calls }): Billing => {
    // Other parts are built here too; one whose work the invoices part needs hands it in through the wiring (e.g. refundProvider).
    const invoices = new BillingService(ctx, clients, scheduling, calls, {});
    return { invoices };
  },
  routes: async (app, billing) => {
    (await import('./routes.js')).billingRoutes(app, billing.invoices);
  },
});
