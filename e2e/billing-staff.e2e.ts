// Staff billing: a practice owner sets sales tax, creates an invoice for a client through "New
// invoice" (two charges, one taxable, a discount) whose live totals follow the shared money rule,
// saves it as a draft, issues it (the number is given then), records a card-terminal payment that
// pays it in full, and sees the client's balance at zero on the client page. A bad amount is
// named on its field first. Every screen passes axe and fits 390 px; with SHOTS_DIR set each is
// photographed at 1280×800 and 390×844.
import { describe, expect, it } from 'vitest';
import { StaffApi } from './fixtures/api.js';
import { BillingPages } from './fixtures/billing.js';
import { expectClean, shots } from './fixtures/checks.js';
import { HearthPages } from './fixtures/pages.js';
import { scenario } from './fixtures/scenario.js';

const practice = { practiceName: 'Willow Bend Counseling', ownerName: 'Wren Okafor', email: 'wren@willowbend.example', password: 'amber kites circle over slow rivers 31', signerTitle: 'Practice owner' };
const client = { firstName: 'Anneliese', lastName: 'Moreau', dateOfBirth: '1990-05-02' };

let clientId = '';
let invoiceId = '';

describe('billing (staff): create, issue and record a payment', () => {
  const world = scenario({ owner: 'owner' });
  const { owner } = world.actors;
  const ui = new HearthPages(owner);
  const billing = new BillingPages(owner);
  const api = new StaffApi(owner);

  it('owner signs up; Billing is in the menu and the empty list says what to do', async () => {
    await ui.signUpWithTotp(practice);
    clientId = (await api.ok<{ id: string }>('POST', '/api/clients', { ...client, providerIds: [await api.myId()] })).id;
    await owner.page.getByRole('navigation', { name: /main/i }).getByRole('link', { name: 'Billing' }).click();
    expect(await billing.invoicesTotal()).toBe(0);
    expect(await owner.page.getByTestId('invoices-empty').textContent()).toMatch(/New invoice/);
    await expectClean(owner.page, 'billing (empty)');
    await shots(owner.page, 'billing-empty');
  });

  it('owner sets an 8.875% sales tax in the billing settings', async () => {
    await billing.gotoBillingSettings();
    await billing.saveBillingSettings({ taxRate: '8.875', dueDays: '14' });
    await expectClean(owner.page, 'billing settings');
    const top = (testId: string) => () => owner.page.getByTestId(testId).evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await shots(owner.page, 'billing-settings', { prepare: top('billing-settings') });
    await shots(owner.page, 'billing-settings-stripe', { prepare: top('stripe-card') });
    await shots(owner.page, 'billing-settings-payers', { prepare: top('payers-card') });
  });

  it('owner builds an invoice: live totals, a bad rate named on its field, then a draft', async () => {
    await billing.gotoInvoices();
    await billing.openNewInvoice();
    await billing.pickClient(`${client.firstName} ${client.lastName}`);
    await billing.addCharge({ description: 'Intake assessment', units: 1, rate: '150.00' });
    await billing.addCharge({ description: 'Workbook', units: 1, rate: '100.5.0', taxable: true });
    await owner.page.getByTestId('save-draft').click();
    await owner.page.getByTestId('form-error').getByText(/Line 2 rate must be an amount/).waitFor();
    expect(await owner.page.getByTestId('line-rate').last().getAttribute('aria-invalid')).toBe('true');
    await owner.page.getByTestId('line-rate').last().fill('100.00');
    await billing.setDiscount('25.00');
    // 150 + 100, discount 25 spread 15 / 10: amounts 135 and 90; tax 8.875% of 90 = 7.9875 → 7.99
    await owner.page.locator('[data-testid="draft-totals"][data-total-cents="23299"]').waitFor();
    expect(await owner.page.getByTestId('draft-total').textContent()).toBe('$232.99');
    await expectClean(owner.page, 'new invoice');
    await shots(owner.page, 'billing-new-invoice', { fullPage: true });
    invoiceId = await billing.saveDraft();
    expect(await billing.invoiceStatus()).toBe('draft');
    expect(await owner.page.getByTestId('invoice-total').textContent()).toBe('$232.99');
    await expectClean(owner.page, 'draft invoice');
    await shots(owner.page, 'billing-invoice-draft', { fullPage: true });
  });

  it('owner issues it: it gets its number and can no longer be edited', async () => {
    await billing.issue();
    expect(await owner.page.getByRole('heading', { level: 1 }).textContent()).toMatch(/INV-0+1/);
    expect(await owner.page.getByTestId('invoice-edit').count()).toBe(0);
    expect(await billing.invoiceBalanceCents()).toBe(23299);
    const bad = await api.call('PATCH', `/api/invoices/${invoiceId}`, { memo: 'changed', version: 1 });
    expect(bad.status).toBe(409);
    await expectClean(owner.page, 'issued invoice');
  });

  it('owner records a card-terminal payment that pays it in full; the client owes nothing', async () => {
    await owner.page.getByTestId('invoice-record-payment').click();
    await owner.page.getByTestId('payment-amount').fill('-5');
    await owner.page.getByTestId('payment-submit').click();
    await owner.page.getByTestId('payment-dialog').getByTestId('form-error').getByText(/Amount must be an amount/).waitFor();
    await expectClean(owner.page, 'record payment (error)');
    await shots(owner.page, 'billing-payment-dialog');
    await owner.page.getByTestId('payment-dialog').getByRole('button', { name: 'Cancel' }).click();
    await billing.recordPayment({ method: 'Card terminal', amount: '232.99', reference: 'T-4471' });
    expect(await billing.notice()).toMatch(/Payment of \$232\.99 recorded/);
    expect(await billing.invoiceBalanceCents()).toBe(0);
    expect(await owner.page.getByTestId('invoice-payment').count()).toBe(1);
    await expectClean(owner.page, 'paid invoice');
    await shots(owner.page, 'billing-invoice-paid', { fullPage: true });

    await billing.gotoInvoices();
    expect(await billing.invoiceRow(invoiceId).getAttribute('data-status')).toBe('paid');
    await shots(owner.page, 'billing-list');

    await owner.page.goto(`/clients/${clientId}`);
    await ui.clientProfileReady();
    expect(await billing.clientBalanceText()).toBe('$0.00');
    await owner.page.getByTestId('client-billing').scrollIntoViewIfNeeded();
    await expectClean(owner.page, 'client billing panel');
    await shots(owner.page, 'billing-client-panel', { prepare: () => owner.page.getByTestId('client-billing').scrollIntoViewIfNeeded() });
  });

  it('owner voids an open invoice and replaces it: the replacement draft opens for correcting', async () => {
    const second = await api.ok<{ id: string }>('POST', '/api/invoices', { clientId, lines: [{ description: 'Letter for employer', units: 1, rateCents: 40_00 }] });
    await api.ok('POST', `/api/invoices/${second.id}/issue`, {}, 200);
    await billing.gotoInvoice(second.id);
    await owner.page.getByTestId('invoice-void').click();
    await owner.page.getByTestId('void-dialog').waitFor();
    await owner.page.getByTestId('void-confirm').click();
    await owner.page.getByTestId('void-dialog').getByTestId('form-error').getByText(/Reason/).waitFor();
    await expectClean(owner.page, 'void dialog');
    await shots(owner.page, 'billing-void-dialog');
    await owner.page.getByTestId('void-reason').fill('Wrong fee');
    await owner.page.getByTestId('void-confirm').click();
    await owner.page.getByRole('heading', { level: 1, name: /^Edit draft invoice/ }).waitFor();
    expect(await owner.page.getByTestId('line-description').inputValue()).toBe('Letter for employer');
    await billing.gotoInvoice(second.id);
    expect(await billing.invoiceStatus()).toBe('void');
  });
});
