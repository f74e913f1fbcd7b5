// Billing from real visits, end to end (issue 17's "must show"), inside the loopback-only network
// namespace with real WebRTC between two Chromium contexts: the provider (the practice's owner)
// holds a video visit, the client "at home", and an audio-only visit; invoices both from the New
// invoice screen; the client gets the PHI-free "new invoice" mail through the real SMTP receiver,
// pays from the portal on Stripe's hosted page (the local Stripe of the test support, whose
// webhooks reach Hearth over HTTP, signed with the SDK's own helper); the webhook marks the invoice
// paid; the client downloads the receipt and the provider a superbill, whose text (read back from
// the PDF) carries modifier 95 and POS 10 on the video visit and 93 on the audio-only one.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { pdfText } from '../../src/server/testing/pdf-text.js';
import { startFakeStripe, type FakeAccount, type FakeStripe } from '../../src/server/testing/fake-stripe.js';
import { addedClientJoinsPortal, ownerAndClient } from '../fixtures/actors.js';
import { BillingPages } from '../fixtures/billing.js';
import { callPrerequisites } from '../fixtures/call-prerequisites.js';
import { expectClean, shots } from '../fixtures/checks.js';
import { PortalBillingPages } from '../fixtures/portal-billing.js';
import { scenario } from '../fixtures/scenario.js';
import { expectMediaBothWays, inboundMedia } from '../fixtures/webrtc.js';

const missing = callPrerequisites();

const practice = {
  practiceName: 'Larkspur Counseling',
  ownerName: 'Rowan Provider',
  email: 'rowan@larkspur.example',
  password: 'slow rivers carve the widest valleys 4',
  signerTitle: 'Owner',
};
const client = { firstName: 'Imogen', lastName: 'Castellano', dateOfBirth: '1988-09-14', email: 'imogen.c@example.org', password: 'copper kettles sing at dawn 61' };

/** The bytes of the download a click starts. */
async function download(page: Page, click: () => Promise<void>): Promise<{ name: string; bytes: Buffer }> {
  const [d] = await Promise.all([page.waitForEvent('download'), click()]);
  const stream = await d.createReadStream();
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return { name: d.suggestedFilename(), bytes: Buffer.concat(chunks) };
}

describe.skipIf(missing !== null)('billing from real visits: invoice, PHI-free alert, portal payment, receipt and superbill', () => {
  // The local Stripe starts before the scenario's hooks (registered first): Hearth starts pointed at it.
  let stripe: FakeStripe;
  let account: FakeAccount;
  beforeAll(async () => {
    stripe = await startFakeStripe();
  });
  afterAll(async () => stripe?.close());
  const world = scenario({ owner: 'provider', person: 'client' }, { fakeMedia: true, env: () => stripe.env });
  const { owner, person } = world.actors;
  const { staff, ui, portal } = ownerAndClient(owner, person);
  const billing = new BillingPages(owner);
  const portalBilling = new PortalBillingPages(person);

  let clientId = '';
  let ownerId = '';
  let practiceId = '';
  const visits = { video: '', audio: '' };
  let invoiceId = '';

  /** The appointment's call: both join (the provider admits); resolves once media flows both ways. */
  async function holdVisit(appointmentId: string) {
    const room = await staff.ok<{ id: string }>('POST', `/api/appointments/${appointmentId}/call`, {}, 200);
    await owner.page.goto(`/calls/${room.id}`);
    await owner.page.locator('[data-testid="join-call"]:not([disabled])').click();
    await person.page.goto(`/portal/calls/${room.id}`);
    await person.page.locator('[data-testid="join-call"]:not([disabled])').click();
    await person.page.getByTestId('call-waiting').waitFor();
    await owner.page.getByTestId('call-lobby').getByRole('button', { name: /Admit/ }).click();
    await expectMediaBothWays(owner.page, person.page, { minNewFrames: 10, timeoutMs: 30_000 });
    return room.id;
  }

  async function endVisit(appointmentId: string) {
    await owner.page.getByTestId('end-call').click();
    await owner.page.getByTestId('end-call-confirm').click();
    await owner.page.getByTestId('call-ended').waitFor();
    await person.page.getByTestId('call-ended').waitFor();
    await staff.ok('PATCH', `/api/appointments/${appointmentId}`, { status: 'completed' }, 200);
  }

  it('the owner signs up and sets up billing; the client joins the portal', async () => {
    await ui.signUpWithTotp(practice);
    ownerId = await staff.myId();
    practiceId = (await staff.ok<{ practice: { id: string } }>('GET', '/api/me')).practice.id;
    clientId = await addedClientJoinsPortal(staff, world.mailbox, portal, client, [ownerId]);
    await staff.ok('PATCH', '/api/billing/settings', { identity: { legalName: 'Larkspur Counseling PLLC', address: '12 Aspen Way, Bozeman, MT 59715', taxId: '81-2345678', npi: '1234567893' } }, 200);
    await staff.ok('PUT', `/api/billing/providers/${ownerId}`, { credentials: 'LCPC', licence: 'MT LCPC 4521', npi: '1987654321' }, 200);
    await staff.ok('POST', '/api/billing/diagnosis-codes', { code: 'F41.1', description: 'Generalized anxiety disorder' });
    await staff.ok('PATCH', `/api/clients/${clientId}/billing`, { diagnoses: ['F41.1'] }, 200);
    account = stripe.addAccount({ restricted: true });
    // Stripe's events reach Hearth over HTTP as they happen, as from Stripe.
    stripe.setWebhook(
      account.id,
      async (body, headers) => {
        const res = await fetch(`${world.server.url}/api/billing/stripe/webhook/${practiceId}`, { method: 'POST', headers, body });
        return { status: res.status, body: await res.text() };
      },
      { autoDeliver: true },
    );
    await staff.ok('PUT', '/api/billing/stripe', { secretKey: account.secretKey, webhookSecret: account.webhookSecret }, 200);
    const service = await staff.ok<{ id: string }>('POST', '/api/practice/appointment-services', { name: 'Psychotherapy, 53 min', cptCode: '90837', defaultMinutes: 53, rateCents: 16500 });
    for (const [key, minutes] of [['video', 60], ['audio', 120]] as const) {
      const start = new Date(Date.now() + minutes * 60_000).toISOString();
      const made = await staff.ok<{ id: string }>('POST', '/api/appointments', { clientIds: [clientId], providerId: ownerId, start, durationMinutes: 53, timeZone: 'America/Denver', type: 'video', serviceId: service.id });
      visits[key] = made.id;
    }
  });

  it('a video visit with the client at home, and a visit that went audio only', async () => {
    const video = await holdVisit(visits.video);
    // The start-of-session safety check, as the provider fills it in beside the stage.
    const question = owner.page.getByRole('group', { name: 'Is the client at home?' });
    await question.waitFor();
    await owner.page.getByLabel('Client’s current location').fill('Home, 9 Juniper Rd');
    await owner.page.getByLabel('Emergency contact name').fill('Marco Castellano');
    await owner.page.getByLabel('Emergency contact phone').fill('+1 406 555 0188');
    await question.getByRole('radio', { name: 'Yes' }).check();
    await owner.page.getByLabel('I confirmed both with the client').check();
    await owner.page.getByRole('button', { name: 'Save safety check' }).click();
    await owner.page.getByTestId('safety-done').waitFor();
    await endVisit(visits.video);
    expect(await staff.ok<{ billedMode: string; safetyCheck: { clientAtHome: boolean } }>('GET', `/api/calls/${video}`)).toMatchObject({ billedMode: 'video', safetyCheck: { clientAtHome: true } });

    const audio = await holdVisit(visits.audio);
    await person.page.getByTestId('audio-only').click();
    await expect.poll(() => owner.page.getByTestId('peer-state').first().textContent(), { timeout: 15_000 }).toContain('audio only');
    const before = (await inboundMedia(owner.page)).audio.bytesReceived;
    await expect.poll(async () => (await inboundMedia(owner.page)).audio.bytesReceived, { timeout: 15_000 }).toBeGreaterThan(before);
    await endVisit(visits.audio);
    expect((await staff.ok<{ billedMode: string }>('GET', `/api/calls/${audio}`)).billedMode).toBe('audio');
  });

  it('the provider invoices both visits from the New invoice screen and issues the invoice', async () => {
    await billing.gotoInvoices();
    await billing.openNewInvoice();
    await billing.pickClient(`${client.firstName} ${client.lastName}`);
    await billing.tickAppointment(visits.video);
    await billing.tickAppointment(visits.audio);
    await expect.poll(() => billing.draftTotalCents()).toBe(33_000);
    await expectClean(owner.page, 'staff: new invoice from two visits');
    await shots(owner.page, 'billing-new-invoice-visits');
    invoiceId = await billing.saveDraft(true);
    expect(await billing.invoiceStatus()).toBe('issued');
    const invoice = await staff.ok<{ number: string; totalCents: number; lines: { appointmentId: string; cptCode: string; modifiers: string[]; posCode: string }[] }>('GET', `/api/invoices/${invoiceId}`);
    expect(invoice.number).toBe('INV-000001');
    expect(invoice.totalCents).toBe(33_000);
    const line = (id: string) => invoice.lines.find((l) => l.appointmentId === id);
    expect(line(visits.video)).toMatchObject({ cptCode: '90837', modifiers: ['95'], posCode: '10' });
    expect(line(visits.audio)).toMatchObject({ cptCode: '90837', modifiers: ['93'] });
    await expectClean(owner.page, 'staff: issued invoice with telehealth lines');
    await shots(owner.page, 'billing-invoice-telehealth', { fullPage: true });
  });

  it('the client gets a PHI-free "new invoice" mail: a link to the portal, no amount, name, service or number', async () => {
    const { mail } = await world.mailbox.waitFor(client.email, /new invoice/i);
    const text = `${mail.subject}\n${mail.text}`;
    expect(text).toMatch(/\/portal\/billing/);
    for (const leak of ['$', '330', '165', client.firstName, client.lastName, 'Psychotherapy', '90837', 'INV-', practice.ownerName]) expect(text, `mail must not contain ${leak}`).not.toContain(leak);
  });

  it('the client pays from the portal on Stripe’s page; the webhook marks the invoice paid; one charge', async () => {
    await person.page.goto('/portal');
    await portal.homeReady();
    await portalBilling.openFromMenu();
    expect(await portalBilling.status(invoiceId)).toMatch(/Due/);
    await expectClean(person.page, 'portal: billing with an invoice to pay');
    await shots(person.page, 'portal-billing-to-pay');
    const request = await portalBilling.pay(invoiceId);
    expect(request.postDataJSON()).toEqual({});
    await person.page.getByRole('heading', { name: 'Test checkout' }).waitFor();
    await person.page.getByRole('button', { name: 'Pay' }).click();
    await portalBilling.returnNotice('paid');
    expect(await portalBilling.status(invoiceId)).toBe('Paid');
    expect(stripe.chargesFor(invoiceId)).toBe(1);
    const paid = await staff.ok<{ status: string; balanceCents: number; payments: { method: string; amountCents: number }[] }>('GET', `/api/invoices/${invoiceId}`);
    expect(paid).toMatchObject({ status: 'paid', balanceCents: 0, payments: [{ method: 'stripe', amountCents: 33_000 }] });
    await world.mailbox.waitFor(client.email, /payment was received/i);
  });

  it('the client downloads the receipt; the provider downloads the superbill: 95 and POS 10 on the video visit, 93 on the audio-only one', async () => {
    const receipt = await download(person.page, () => portalBilling.invoice(invoiceId).getByTestId('portal-receipt-pdf').first().click());
    expect(receipt.name).toMatch(/^receipt-.*\.pdf$/);
    const receiptText = (await pdfText(receipt.bytes)).text;
    expect(receiptText).toContain('$330.00');
    expect(receiptText).toContain('INV-000001');

    await owner.page.goto(`/clients/${clientId}`);
    const docs = owner.page.getByTestId('client-billing-docs');
    await docs.waitFor();
    const month = new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone }).format(new Date()).slice(0, 7);
    await owner.page.getByTestId('superbill-from').fill(month);
    await owner.page.getByTestId('superbill-to').fill(month);
    await expectClean(owner.page, 'staff: client page with billing documents');
    await shots(owner.page, 'client-billing-documents');
    const superbill = await download(owner.page, () => owner.page.getByTestId('superbill-download').click());
    expect(superbill.name).toMatch(/^superbill-.*\.pdf$/);
    const { text } = await pdfText(superbill.bytes);
    for (const want of ['Larkspur Counseling PLLC', '81-2345678', '1234567893', 'LCPC', 'MT LCPC 4521', '1987654321', `${client.firstName} ${client.lastName}`, 'F41.1']) expect(text).toContain(want);
    // One row per visit in date order: the video visit first (95, POS 10), then the audio-only one (93, POS 02).
    const rows = [...text.matchAll(/90837\s+(\d\d)\s+(\d\d)\s+1\s+\$165\.00/g)].map((m) => [m[1], m[2]]);
    expect(rows).toEqual([
      ['95', '10'],
      ['93', '02'],
    ]);

    // Billing settings show the Stripe connection and the nightly check against Stripe (none yet).
    await owner.page.goto('/practice');
    await owner.page.getByTestId('stripe-connected').waitFor();
    await owner.page.locator('[data-testid="reconciliation-card"]').getByText('No check has run yet.', { exact: false }).waitFor();
    await expectClean(owner.page, 'staff: billing settings with Stripe connected');
    await owner.page.getByTestId('reconciliation-card').scrollIntoViewIfNeeded();
    await shots(owner.page, 'billing-settings-stripe-connected');
  });
});

if (missing) console.log(`call scenarios skipped: ${missing}`);
