// What happens to money after a card payment, against the local Stripe on every test database:
// events arriving out of order book one payment; staff refunds go to Stripe first (once, even on a
// double click) and the webhook that follows changes nothing twice; dashboard refunds and disputes
// reach the invoice and the balance (a won dispute gives the money back); a client who saved a card
// has a later invoice charged once by autopay; the nightly run lists a charge the ledger lacks.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../../testing/dialects.js';
import { startFakeStripe, type FakeAccount, type FakeStripe } from '../../testing/fake-stripe.js';
import { portalClient, type PortalClientFixture } from '../../testing/portal.js';
import { connectStripe, invoiceOf, issuedInvoice, openCheckout } from '../../testing/stripe.js';
import { teamSuite } from '../../testing/suite.js';

let fake: FakeStripe;
const env: Record<string, string> = {};
beforeAll(async () => {
  fake = await startFakeStripe();
  Object.assign(env, fake.env);
});
afterAll(async () => fake.close());

describe.each(testDialects())('Stripe refunds, disputes, autopay and reconciliation on %s', (dialect) => {
  const { h, p, staff } = teamSuite(dialect, { smtp: true, env }, ['billing', 'front_desk']);
  let acct: FakeAccount;
  let client: PortalClientFixture;
  const db = () => h.database.db;
  const balance = async () => (await p.owner.get(`/api/clients/${client.id}/balance`)).json() as { outstandingCents: number; unappliedCents: number; balanceCents: number };

  /** An issued invoice paid by card from the portal, events delivered in reverse order; its ids. */
  const paidByCard = async (cents: number, saveCard?: boolean) => {
    const invoiceId = await issuedInvoice(p.owner, client.id, cents);
    const { sessionId } = await openCheckout(client.portal, invoiceId, saveCard);
    const paid = fake.paySession(acct.id, sessionId);
    for (const e of fake.takePending(acct.id).reverse()) expect((await fake.send(acct.id, e)).status).toBe(200);
    const payment = await db().selectFrom('payments').select('id').where('stripe_payment_intent_id', '=', paid.paymentIntentId).executeTakeFirstOrThrow();
    return { invoiceId, paymentId: payment.id, ...paid };
  };
  const deliverPending = async () => {
    for (const e of fake.takePending(acct.id)) expect((await fake.send(acct.id, e)).status).toBe(200);
  };

  beforeAll(async () => {
    acct = await connectStripe(h, fake, p.owner, p.practiceId);
    client = await portalClient(h, p.owner);
  });

  it('books one payment when payment_intent.succeeded arrives before checkout.session.completed', async () => {
    const { invoiceId } = await paidByCard(9_000);
    const inv = await invoiceOf(p.owner, invoiceId);
    expect(inv).toMatchObject({ status: 'paid', paidCents: 9_000 });
    expect(inv.payments).toHaveLength(1);
  });

  it('refunds a card payment at Stripe once (a double click is one refund), partly then fully; the webhook after changes nothing twice; more than paid is 400', async () => {
    const { invoiceId, paymentId } = await paidByCard(10_000);
    const ask = () => staff.billing!.actor.post(`/api/invoices/${invoiceId}/refunds`, { amountCents: 4_000, paymentId, reason: 'Session cut short' });
    const [a, b] = await Promise.all([ask(), ask()]);
    expect([a.statusCode, b.statusCode], a.body + b.body).toEqual([201, 201]);
    expect(b.json().id).toBe(a.json().id);
    // A double click whose second request arrives after the first was booked: the same refund.
    const late = await ask();
    expect(late.statusCode, late.body).toBe(201);
    expect(late.json().id).toBe(a.json().id);
    await deliverPending();
    expect(await invoiceOf(p.owner, invoiceId)).toMatchObject({ status: 'partly_paid', paidCents: 6_000, balanceCents: 4_000 });
    const over = await staff.billing!.actor.post(`/api/invoices/${invoiceId}/refunds`, { amountCents: 6_001, paymentId });
    expect(over.statusCode).toBe(400);
    expect(over.json().error.field).toBe('amountCents');
    const rest = await staff.billing!.actor.post(`/api/invoices/${invoiceId}/refunds`, { amountCents: 6_000, paymentId });
    expect(rest.statusCode, rest.body).toBe(201);
    await deliverPending();
    const refunds = await db().selectFrom('refunds').select(['amount_cents', 'stripe_id', 'status']).where('payment_id', '=', paymentId).orderBy('amount_cents').execute();
    expect(refunds.map((r) => [Number(r.amount_cents), r.status])).toEqual([
      [4_000, 'succeeded'],
      [6_000, 'succeeded'],
    ]);
    expect(refunds.every((r) => r.stripe_id?.startsWith('re_'))).toBe(true);
    expect(await invoiceOf(p.owner, invoiceId)).toMatchObject({ status: 'issued', paidCents: 0, balanceCents: 10_000 });
    const atStripe = fake.log.filter((l) => l.path === '/v1/refunds' && l.idempotencyKey?.includes(paymentId));
    expect(new Set(atStripe.map((l) => l.idempotencyKey)).size).toBe(2);
  });

  it('books a refund made in the Stripe dashboard from its webhook, once', async () => {
    const { invoiceId, chargeId } = await paidByCard(7_000);
    fake.refundFromDashboard(acct.id, chargeId, 2_500);
    const events = fake.takePending(acct.id);
    for (const e of [...events, ...events]) expect((await fake.send(acct.id, e)).status).toBe(200);
    expect(await invoiceOf(p.owner, invoiceId)).toMatchObject({ status: 'partly_paid', paidCents: 4_500, balanceCents: 2_500 });
  });

  it('a dispute takes the money back from the invoice; a lost one keeps it taken; a won one gives it back to the client as credit', async () => {
    const lost = await paidByCard(3_000);
    const d2 = fake.dispute(acct.id, lost.chargeId);
    fake.closeDispute(acct.id, d2, 'lost');
    const events = fake.takePending(acct.id);
    for (const e of [...events].reverse()) expect((await fake.send(acct.id, e)).status).toBe(200);
    expect(await invoiceOf(p.owner, lost.invoiceId)).toMatchObject({ status: 'issued', paidCents: 0, balanceCents: 3_000 });

    const won = await paidByCard(5_000);
    const before = await balance();
    const d1 = fake.dispute(acct.id, won.chargeId);
    await deliverPending();
    expect(await invoiceOf(p.owner, won.invoiceId)).toMatchObject({ status: 'issued', paidCents: 0, balanceCents: 5_000 });
    fake.closeDispute(acct.id, d1, 'won');
    await deliverPending();
    const after = await balance();
    expect(after.unappliedCents - before.unappliedCents).toBe(5_000);
    expect(after.outstandingCents - before.outstandingCents).toBe(5_000);
    const rows = await db().selectFrom('refunds').select(['kind', 'status']).where('kind', '=', 'dispute').execute();
    expect(rows.map((r) => r.status).sort()).toEqual(['lost', 'won']);
    // The credit pays the next invoice when it is issued.
    expect(await invoiceOf(p.owner, await issuedInvoice(p.owner, client.id, 5_000))).toMatchObject({ status: 'paid', balanceCents: 0 });
  });

  it('a card saved at checkout (the client consented) pays a later invoice by autopay, once, however often the job runs', async () => {
    await paidByCard(4_000, true);
    const profile = await db().selectFrom('billing_client_profiles').selectAll().where('client_id', '=', client.id).executeTakeFirstOrThrow();
    expect(profile).toMatchObject({ autopay: 1 });
    expect(profile.stripe_customer_id).toMatch(/^cus_/);
    expect(profile.stripe_payment_method_id).toMatch(/^pm_/);
    expect(profile.autopay_consent_at).not.toBeNull();

    const invoiceId = await issuedInvoice(p.owner, client.id, 6_500);
    const autopay = h.app.services.billing.stripe.autopay;
    const runs = await Promise.all([autopay.runDue(), autopay.runDue()]);
    expect(runs.flat().filter((o) => o === 'charged')).toHaveLength(1);
    expect(await autopay.runDue()).not.toContain('charged');
    expect(fake.chargesFor(invoiceId)).toBe(1);
    await deliverPending();
    const inv = await invoiceOf(p.owner, invoiceId);
    expect(inv).toMatchObject({ status: 'paid', paidCents: 6_500 });
    expect(inv.payments).toHaveLength(1);
    const attempt = await db().selectFrom('checkout_attempts').selectAll().where('invoice_id', '=', invoiceId).executeTakeFirstOrThrow();
    expect(attempt).toMatchObject({ kind: 'autopay', status: 'complete', idempotency_key: `hearth:inv:${invoiceId}:att:1` });

    fake.declineNext(acct.id, 1);
    const declined = await issuedInvoice(p.owner, client.id, 2_000);
    expect(await autopay.runDue()).toContain('declined');
    expect(await invoiceOf(p.owner, declined)).toMatchObject({ status: 'issued', balanceCents: 2_000 });
    expect(await autopay.runDue()).not.toContain('charged');
  });

  it("the nightly reconciliation lists a Stripe charge the ledger lacks, and billing staff read it (front desk may not)", async () => {
    const day = new Date().toISOString().slice(0, 10);
    const reconciliation = h.app.services.billing.stripe.reconciliation;
    const clean = await reconciliation.run(p.practiceId, day);
    expect(clean).toMatchObject({ status: 'matched', differences: [] });
    expect(clean.checked).toBeGreaterThan(3);
    fake.chargeBehindHearthsBack(acct.id, { amount: 1_234, currency: 'USD', invoiceId: 'inv-unknown' });
    fake.takePending(acct.id);
    const run = await reconciliation.run(p.practiceId, day);
    expect(run.status).toBe('differences');
    expect(run.differences).toEqual([expect.objectContaining({ kind: 'missing_in_ledger', stripeCents: 1_234, ledgerCents: 0, paymentId: null })]);
    const listed = await staff.billing!.actor.get('/api/billing/reconciliation');
    expect(listed.statusCode, listed.body).toBe(200);
    expect(listed.json().items[0]).toMatchObject({ day, status: 'differences' });
    expect((await staff.front_desk!.actor.get('/api/billing/reconciliation')).statusCode).toBe(403);
    expect((await db().selectFrom('reconciliation_runs').selectAll().where('practice_id', '=', p.practiceId).execute()).length).toBe(1);
  });
});
