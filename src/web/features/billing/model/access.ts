// What the active role may do on the billing screens. The server is the authority (it refuses
// anything else); the screens only leave out what would be refused. The billing role's
// permissions cover everything; the narrower ones let providers write invoices for their own
// clients and front desk record payments (shared/roles.ts).
export interface BillingAccess {
  /** Invoices, balances and payments (a provider: their own clients'). */
  read: boolean;
  /** Create, edit, issue, void and delete invoices. */
  writeInvoices: boolean;
  recordPayments: boolean;
  /** Refunds and credit notes, payers (billing staff and owners). */
  billingWrite: boolean;
  /** The practice's billing settings, payers and diagnosis codes (read). */
  readSettings: boolean;
  /** Change the billing settings and the Stripe connection (owner). */
  settings: boolean;
}

export function billingAccess(permissions: readonly string[] | undefined): BillingAccess {
  const has = (p: string) => permissions?.includes(p) ?? false;
  return {
    read: has('invoices.read'),
    writeInvoices: has('invoices.write'),
    recordPayments: has('payments.record'),
    billingWrite: has('billing.write'),
    readSettings: has('billing.read'),
    settings: has('practice.settings.write'),
  };
}
