// The billing module's public face: one field per part (PARTS.md), each in its own files.
//  - invoices: settings, invoices and credit notes, manual payments, refunds, balances (service.ts)
//  - portal: the client portal's invoice list (portal.ts, routes-portal.ts)
// ledger.ts's functions move money inside a caller's transaction, for every part alike.
import { defineModule } from '../contract.js';
import { BillingPortal } from './portal.js';
import { BillingService } from './service.js';
import { StripeBilling } from './stripe-service.js';
import { stripeWorkers } from './stripe-workers.js';

export { BillingService, type BillingWiring } from './service.js';
export { applyCredit, balanceOf, recordPayment, recordRefund, settleStatus, takesMoney, updateRefundStatus, type LedgerContext, type PaymentInput, type RefundInput } from './ledger.js';
export { invoiceNumber } from './invoice-store.js';
export type { SystemDraft } from './invoices.js';
export type { RefundProvider } from './payments.js';
export { StripeBilling } from './stripe-service.js';

export interface Billing {
  invoices: BillingService;
  /** The client portal's invoice list. */
  portal: BillingPortal;
  /** The practice's Stripe account, portal checkout, webhooks, refunds at Stripe, autopay, reconciliation. */
  stripe: StripeBilling;
}

declare module '../contract.js' {
  interface ServiceRegistry {
    /** Billing: invoices, payments, Stripe, documents, reports, automation (one field per part). */
    billing: Billing;
  }
}

export const billingModule = defineModule({
  name: 'billing',
  needs: ['clients', 'scheduling', 'calls', 'portal'],
  build: (ctx, { clients, scheduling, calls, portal }): Billing => {
    // Other parts are built here too; one whose work the invoices part needs hands it in through the wiring (e.g. refundProvider).
    const parts: { stripe?: StripeBilling } = {};
    const invoices = new BillingService(ctx, clients, scheduling, calls, { refundProvider: (s, input, meta) => parts.stripe!.refund(s, input, meta) });
    const stripe = (parts.stripe = new StripeBilling(ctx, invoices, portal));
    return { invoices, portal: new BillingPortal(ctx), stripe };
  },
  workers: (billing, _needs, ctx) => [...stripeWorkers(ctx, billing.stripe)],
  routes: async (app, billing, { portal }) => {
    (await import('./routes.js')).billingRoutes(app, billing.invoices);
    (await import('./routes-portal.js')).billingPortalRoutes(app, billing.portal, portal);
    (await import('./routes-stripe.js')).stripeRoutes(app, billing.stripe);
  },
});
