// Portal billing scenario: a practice owner signs up and a client joins the portal. The client's
// Billing page starts empty. The owner issues three invoices (one paid in cash at the desk, one
// partly paid); the client's menu then says what is left to pay, and each invoice's card says its
// status in words, with its PDFs. While the practice has no Stripe account nothing offers Pay;
// when the list cannot be loaded the page says so and Retry brings it back. The owner connects
// the practice's Stripe account (the local Stripe of the test support, over HTTP, with webhooks
// signed by the SDK): Pay appears on the open invoices. A double click opens one payment page; the
// client cancels on Stripe's page and is told nothing was charged; pays the other invoice saving the
// card for autopay, comes back to "Payment received" while Stripe's webhook is still on its way, and
// the page turns to paid by itself when it arrives: one charge, autopay on. Every page visited
// passes axe-core and fits 390 px.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeStripe, type FakeAccount, type FakeStripe } from '../src/server/testing/fake-stripe.js';
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
  // The local Stripe starts before the scenario's own hooks (registered first), so Hearth starts with STRIPE_API_URL pointing at it.
  let stripe: FakeStripe;
  let account: FakeAccount;
  beforeAll(async () => {
    stripe = await startFakeStripe();
  });
  afterAll(async () => {
    await stripe?.close();
  });
  const world = scenario({ owner: 'owner', person: 'client' }, { env: () => stripe.env });
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
    // Each payment has its receipt; the PDFs come in English or Spanish.
    const cashReceipt = billing.invoice(invoices.paid).getByTestId('portal-receipt-pdf');
    expect(await cashReceipt.getAttribute('href')).toMatch(/^\/api\/portal\/payments\/[^/?]+\/receipt$/);
    await billing.pdfLanguage('Español');
    expect(await billing.invoice(invoices.paid).getByTestId('portal-invoice-pdf').getAttribute('href')).toBe(`/api/portal/invoices/${invoices.paid}/pdf?locale=es-US`);
    expect(await cashReceipt.getAttribute('href')).toMatch(/\/receipt\?locale=es-US$/);
    await billing.pdfLanguage('English');
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

  it('the owner connects Stripe; Pay appears on the open invoices; a double click opens one payment page', async () => {
    account = stripe.addAccount({ restricted: true });
    const me = await staff.ok<{ practice: { id: string } }>('GET', '/api/me');
    // Stripe's events reach Hearth over HTTP, as from Stripe; held until the test sends them.
    stripe.setWebhook(account.id, async (body, headers) => {
      const res = await fetch(`${world.server.url}/api/billing/stripe/webhook/${me.practice.id}`, { method: 'POST', headers, body });
      return { status: res.status, body: await res.text() };
    });
    await staff.ok('PUT', '/api/billing/stripe', { secretKey: account.secretKey, webhookSecret: account.webhookSecret }, 200);

    await billing.open(clientId);
    expect(await billing.payButton(invoices.open).textContent()).toBe('Pay $120.00 for Invoice INV-000003');
    expect(await billing.payButton(invoices.partly).textContent()).toBe('Pay $70.00 for Invoice INV-000002');
    expect(await billing.invoice(invoices.paid).getByTestId('portal-pay').count()).toBe(0);
    expect(await person.page.getByTestId('portal-pay-offline').count()).toBe(0);
    await expectClean(person.page, 'portal: billing (payable)');
    await shots(person.page, 'portal-billing-payable', { fullPage: true });

    // Hold the answer a moment to see the button wait; count every checkout request the page makes.
    const checkouts: string[] = [];
    person.page.on('request', (r) => {
      if (r.method() === 'POST' && r.url().includes('/checkout')) checkouts.push(r.url());
    });
    let release = () => {};
    const held = new Promise<void>((r) => (release = r));
    await person.page.route('**/api/portal/invoices/*/checkout', async (route) => {
      await held;
      await route.continue();
    });
    const sent = person.page.waitForRequest((r) => r.method() === 'POST' && r.url().includes('/checkout'));
    await billing.payButton(invoices.partly).dblclick();
    const request = await sent;
    expect(request.url()).toContain(`/api/portal/invoices/${invoices.partly}/checkout`);
    expect(request.postDataJSON()).toEqual({});
    const opening = billing.payButton(invoices.partly);
    expect(await opening.getAttribute('data-state')).toBe('opening');
    expect(await opening.isDisabled()).toBe(true);
    expect(await billing.payButton(invoices.open).isDisabled()).toBe(true);
    await shots(person.page, 'portal-billing-opening');
    release();
    await person.page.getByRole('heading', { name: 'Test checkout' }).waitFor();
    expect(await person.page.getByText('Amount due: 70.00 USD').count()).toBe(1);
    expect(checkouts).toHaveLength(1);
    expect(stripe.sessionsFor(invoices.partly)).toBe(1);
    await person.page.unroute('**/api/portal/invoices/*/checkout');
  });

  it("the client cancels on Stripe's page and is told nothing was charged", async () => {
    await person.page.getByRole('link', { name: 'Cancel' }).click();
    await billing.ready();
    expect(await billing.returnNotice('cancelled')).toBe('Payment cancelled: nothing was charged for invoice INV-000002. You can pay whenever you are ready.');
    expect(await billing.status(invoices.partly)).toMatch(/^Partly paid · Due by /);
    expect(stripe.chargesFor(invoices.partly)).toBe(0);
    await expectClean(person.page, 'portal: billing (payment cancelled)');
    await shots(person.page, 'portal-billing-cancelled');
  });

  it('the client pays the other invoice saving the card; the page waits for Stripe, then shows it paid', async () => {
    await billing.saveCardForAutopay();
    const request = await billing.pay(invoices.open);
    expect(request.postDataJSON()).toEqual({ saveCardForAutopay: true });
    await person.page.getByRole('heading', { name: 'Test checkout' }).waitFor();
    await person.page.getByRole('button', { name: 'Pay' }).click();
    // Back in the portal before Stripe's webhook: received, not yet paid.
    expect(await billing.returnNotice('waiting')).toBe('Payment received — it can take a minute to show. This page updates by itself when invoice INV-000003 shows as paid.');
    // Not yet shown paid, and nothing invites paying it again meanwhile.
    expect(await billing.status(invoices.open)).toBe('Payment received, processing');
    expect(await billing.payButton(invoices.open).count()).toBe(0);
    expect(await billing.invoice(invoices.open).getByTestId('portal-invoice-processing').textContent()).toBe('Your payment is on its way. You do not need to pay again.');
    expect(await person.page.getByTestId('portal-billing-due').textContent()).toBe('You have $70.00 to pay on 1 invoice.');
    await expectClean(person.page, 'portal: billing (payment received, waiting)');
    await shots(person.page, 'portal-billing-waiting');

    for (const event of stripe.takePending(account.id)) expect((await stripe.send(account.id, event)).status).toBe(200);
    expect(await billing.returnNotice('paid')).toBe('Thank you: invoice INV-000003 is paid. Your receipt is below.');
    expect(await billing.status(invoices.open)).toBe('Paid');
    expect(await billing.invoice(invoices.open).getByTestId('portal-receipt-pdf').count()).toBe(1);
    expect(stripe.chargesFor(invoices.open)).toBe(1);
    await person.page.getByTestId('portal-autopay-on').waitFor();
    expect(await person.page.getByTestId('portal-save-card').count()).toBe(0);
    expect(await person.page.getByTestId('portal-billing-due').textContent()).toBe('You have $70.00 to pay on 1 invoice.');
    await expectClean(person.page, 'portal: billing (paid, autopay on)');
    await shots(person.page, 'portal-billing-paid', { fullPage: true });
    await person.page.goto('/portal');
    await portal.homeReady();
    expect(await billing.menuLabel()).toBe('Billing, 1 to pay');
  });
});
