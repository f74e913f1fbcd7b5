// The billing feature's public face: the staff billing pages (invoice list, new / edit invoice,
// one invoice), the practice's billing settings section, a provider's billing profile and the
// client page's Billing panel.
export { BillingPage } from './components/BillingPage.js';
export { EditInvoicePage, NewInvoicePage } from './components/InvoiceEditor.js';
export { InvoicePage } from './components/InvoicePage.js';
export { BillingTabs } from './components/BillingTabs.js';
export { BillingSettingsSection } from './components/BillingSettingsSection.js';
export { ClientBillingPanel } from './components/ClientBillingPanel.js';
export { MyBillingProfilePage } from './components/MyBillingProfilePage.js';

// The staff app's routes load this feature's pages on first visit (app/staff/routes.tsx).
export const loadBillingPage = () => import('./components/BillingPage.js');
export const loadInvoiceEditor = () => import('./components/InvoiceEditor.js');
export const loadInvoicePage = () => import('./components/InvoicePage.js');
export const loadMyBillingProfilePage = () => import('./components/MyBillingProfilePage.js');
