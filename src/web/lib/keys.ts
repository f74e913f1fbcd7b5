// Query-key roots that more than one feature reads or refreshes. A feature that must refresh
// another's cache (a read thread changes the client list's unread marks) names the root here
// instead of importing that feature.
export const CLIENTS_KEY = ['clients'] as const;
export const PROVIDERS_KEY = ['practice', 'providers'] as const;
/** Billing: invoices, payments, balances, settings (reports and the client page refresh under it). */
export const BILLING_KEY = ['billing'] as const;
/** Forms: templates, a client's form requests (the client page and Today show their status). */
export const FORMS_KEY = ['forms'] as const;
