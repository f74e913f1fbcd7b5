// Portal billing scenario: a practice owner signs up and a client joins the portal. The client's
// Billing page starts empty. The owner issues three invoices (one paid in cash at the desk, one
// partly paid); the client's menu then says what is left to pay, and each invoice's card says its
// status in words, with its PDFs. While the practice has no Stripe account nothing offers Pay;
// when the list cannot be loaded the page says so and Retry brings it back. Every page visited
// passes axe-core and fits 390 px.
import { describe, expect, it } from 'vitest';
import { ownerAndClient } from './fixtures/actors.js';
import { addedClientJoinsPortal } from './fixtures/actors.js';
import { expectClean, shots } from './fixtures/checks.js';
import { PortalBillingPages } from './fixtures/portal-billing.js';
import { scenario } from './fixtures/scenario.js';

const practice = {
  practiceName: 'Harbor Light Counseling',
  ownerName: 'Maren Owner',
  email: 'maren@harborlight.example',
  password: 'copper kites drift over quiet meadows 7',
  signerTitle: 'Practice owner',
};
const client = { firstName: 'Teodora', lastName: 'Quill', dateOfBirth: '1985-09-30', email: 'teodora.q@example.org', password: 'lantern moss willow evening 58' };

let clientId = '';
const invoices = { paid: '', partly: '', open: '' };

describe('portal billing: the invoice list, its states and what is left to pay', () => {
  const world = scenario({ owner: 'owner', person: 'client' });
  const { owner, person } = world.actors;
  const { staff, ui, portal } = ownerAndClient(owner, person);
  const billing = new PortalBillingPages(person);

  /** A draft with one manual line, issued; its id. */
  async function issuedInvoice(description: string, rateCents: number): Promise<string> {
    const draft = await staff.ok<{ id: string }>('POST', '/api/invoices', { clientId, lines: [{ description, units: 1, rateCents }] });
    await staff.ok('POST', `/api/invoices/${draft.id}/issue`, {}, 200);
    return draft.id;
  }

  it('owner signs up; the client joins the portal and finds Billing empty', async () => {
    await ui.signUpWithTotp(practice);
    clientId = await addedClientJoinsPortal(staff, world.mailbox, portal, client, [await staff.myId()]);
    expect(await billing.menuLabel()).toBe('Billing');
    await billing.openFromMenu();
    expect(await person.page.getByTestId('portal-invoices').getAttribute('data-count')).toBe('0');
    await person.page.getByText('No invoices yet. When Harbor Light Counseling sends you an invoice, it appears here.').waitFor();
    await expectClean(person.page, 'portal: billing (empty)');
    await shots(person.page, 'portal-billing-empty');
  });

  it('the owner issues three invoices; the client sees each with its status in words and what is left', async () => {
    invoices.paid = await issuedInvoice('Intake session', 15000);
    invoices.partly = await issuedInvoice('Individual session', 12000);
    invoices.open = await issuedInvoice('Individual session', 12000);
    await staff.ok('POST', '/api/payments', { clientId, method: 'cash', amountCents: 15000, invoiceIds: [invoices.paid] });
    await staff.ok('POST', '/api/payments', { clientId, method: 'check', amountCents: 5000, reference: '1042', invoiceIds: [invoices.partly] });

    await person.page.goto('/portal');
    await portal.homeReady();
    expect(await billing.menuLabel()).toBe('Billing, 2 to pay');
    await billing.openFromMenu();
    expect(await billing.ids()).toEqual([invoices.open, invoices.partly, invoices.paid]);
    expect(await billing.status(invoices.open)).toMatch(/^Due by /);
    expect(await billing.status(invoices.partly)).toMatch(/^Partly paid · Due by /);
    expect(await billing.status(invoices.paid)).toBe('Paid');
    expect(await person.page.getByTestId('portal-billing-due').textContent()).toBe('You have $190.00 to pay on 2 invoices.');
    expect(await billing.invoice(invoices.partly).getByTestId('portal-invoice-balance').textContent()).toBe('$70.00');
    // Receipts only where money was applied; every invoice has its PDF.
    expect(await billing.invoice(invoices.paid).getByTestId('portal-receipt-pdf').count()).toBe(1);
    expect(await billing.invoice(invoices.open).getByTestId('portal-receipt-pdf').count()).toBe(0);
    expect(await person.page.getByTestId('portal-invoice-pdf').count()).toBe(3);
    // No Stripe account yet: no Pay button, and the card says how to pay instead.
    expect(await person.page.getByTestId('portal-pay').count()).toBe(0);
    expect(await person.page.getByTestId('portal-pay-offline').textContent()).toBe('Online card payment is not available yet. To pay, contact Harbor Light Counseling.');
    await expectClean(person.page, 'portal: billing (invoices, no card payment)');
    await shots(person.page, 'portal-billing-list-offline-payment', { fullPage: true });
  });

  it('when the list cannot be loaded the page says so; Retry brings it back', async () => {
    await person.page.route('**/api/portal/invoices?*', (route) => route.abort('connectionrefused'));
    await person.page.reload();
    const failing = person.page.locator('[data-testid="portal-invoices"][data-error="true"]');
    await failing.waitFor();
    await person.page.getByText("Couldn't load your invoices").waitFor();
    await expectClean(person.page, 'portal: billing (failing)');
    await shots(person.page, 'portal-billing-error');
    await person.page.unroute('**/api/portal/invoices?*');
    await failing.getByRole('button', { name: /Retry/ }).click();
    await billing.list().waitFor();
    expect(await billing.ids()).toEqual([invoices.open, invoices.partly, invoices.paid]);
  });
});
