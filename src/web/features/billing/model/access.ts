// What the active role may do on the billing screens. The server is the authority (it refuses
// anything else); the screens only leave out what would be refused. The billing role's
// permissions cover everything; the narrower ones let providers write invoices for their own
// clients and front desk record payments (shared/roles.ts).
export interface BillingAccess {
  read: boolean;
  writeInvoices: boolean;
  recordPayments: boolean;
  refund: boolean;
  settings: boolean;
}

export function billingAccess(permissions: readonly string[] | undefined): BillingAccess {
  const has = (p: string) => permissions?.includes(p) ?? false;
  const write = has('billing.write');
  const writeInvoices = write || has('invoices.write');
  const recordPayments = write || has('payments.record');
  return {
    read: has('billing.read') || has('invoices.read') || writeInvoices || recordPayments,
    writeInvoices,
    recordPayments,
    refund: write,
    settings: has('practice.settings.write'),
  };
}
