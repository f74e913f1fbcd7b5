// The billing feature's query keys, all under the root other features may refresh (lib/keys.ts).
import { BILLING_KEY } from '../../../lib/keys.js';

export interface InvoiceFilters {
  status: string;
  clientId: string;
}

export const billingKeys = {
  all: BILLING_KEY,
  invoices: [...BILLING_KEY, 'invoices'] as const,
  invoiceList: (f: InvoiceFilters) => [...BILLING_KEY, 'invoices', 'list', f] as const,
  invoice: (id: string) => [...BILLING_KEY, 'invoices', 'one', id] as const,
  balance: (clientId: string) => [...BILLING_KEY, 'balance', clientId] as const,
  clientProfile: (clientId: string) => [...BILLING_KEY, 'client-profile', clientId] as const,
  unbilled: (clientId: string) => [...BILLING_KEY, 'unbilled', clientId] as const,
  settings: [...BILLING_KEY, 'settings'] as const,
  payers: [...BILLING_KEY, 'payers'] as const,
  diagnosisCodes: [...BILLING_KEY, 'diagnosis-codes'] as const,
  providerProfile: (userId: string) => [...BILLING_KEY, 'provider-profile', userId] as const,
  clientSearch: (q: string) => [...BILLING_KEY, 'client-search', q] as const,
  reconciliation: [...BILLING_KEY, 'reconciliation'] as const,
};
