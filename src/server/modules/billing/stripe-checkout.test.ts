// The practice's Stripe account and the portal's card checkout, against the local Stripe through
// the real SDK, on every test database: the owner connects (the key checked with Stripe, stored
// encrypted, never shown); a client pays an issued invoice from the portal; 20 concurrent "pay"
// requests open one session and make one charge; the same webhook 5 times at once and the events
// in reverse order book one payment; a bad signature or an old timestamp stores nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../../testing/dialects.js';
import { startFakeStripe, type FakeAccount, type FakeStripe } from '../../testing/fake-stripe.js';
import { portalClient, type PortalClientFixture } from '../../testing/portal.js';
import { connectStripe, invoiceOf, issuedInvoice, openCheckout, webhookPath } from '../../testing/stripe.js';
import { teamSuite } from '../../testing/suite.js';

let fake: FakeStripe;
const env: Record<string, string> = {};
beforeAll(async () => {
  fake = await startFakeStripe();
  Object.assign(env, fake.env);
});
afterAll(async () => fake.close());

describe.each(testDialects())('Stripe connection and portal checkout on %s', (dialect) => {
  const { h, p, other, staff } = teamSuite(dialect, { smtp: true, env }, ['billing']);
  let acct: FakeAccount;
  let client: PortalClientFixture;
  const db = () => h.database.db;

  beforeAll(async () => {
    client = await portalClient(h, p.owner);
  });

  it('connects only for the owner, with a key Stripe accepts; stores key and secret encrypted and shows the account only', async () => {
    const known = fake.addAccount();
    const body = { secretKey: known.secretKey, webhookSecret: known.webhookSecret };
    expect((await staff.billing!.actor.request('PUT', '/api/billing/stripe', body)).statusCode).toBe(403);
    const malformed = await p.owner.request('PUT', '/api/billing/stripe', { ...body, secretKey: 'pk_test_123' });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().error.field).toBe('secretKey');
    const refused = await p.owner.request('PUT', '/api/billing/stripe', { ...body, secretKey: 'sk_test_StripeNeverIssuedThis1' });
    expect(refused.statusCode, refused.body).toBe(400);
    expect(refused.json().error.field).toBe('secretKey');
    expect((await p.owner.get('/api/billing/settings')).json().stripe).toMatchObject({ connected: false, accountLabel: null });

    acct = await connectStripe(h, fake, p.owner, p.practiceId);
    const settings = await staff.billing!.actor.get('/api/billing/settings');
    expect(settings.json().stripe).toMatchObject({ connected: true, accountLabel: acct.id });
    expect(settings.body).not.toContain(acct.secretKey);
    const row = await db().selectFrom('billing_settings').selectAll().where('practice_id', '=', p.practiceId).executeTakeFirstOrThrow();
    expect(row.stripe_key_enc).not.toContain(acct.secretKey.slice(8));
    expect(row.stripe_webhook_secret_enc).not.toContain(acct.webhookSecret.slice(6));
    const audit = await db().selectFrom('audit_log').select(['action', 'details']).where('resource_type', '=', 'billing_stripe').execute();
    expect(audit.map((a) => a.action)).toContain('setting_change');
    expect(JSON.stringify(audit)).not.toContain(acct.secretKey);
  });

  it('20 concurrent pay requests open one session and make one charge; the same webhook 5 times at once and in reverse order book one payment', async () => {
    const invoiceId = await issuedInvoice(p.owner, client.id, 12_000);
    const answers = await Promise.all(Array.from({ length: 20 }, () => client.portal.post(`/api/portal/invoices/${invoiceId}/checkout`, {})));
    expect(answers.map((a) => a.statusCode)).toEqual(Array(20).fill(200));
    expect(new Set(answers.map((a) => a.json().url as string)).size).toBe(1);
    expect(fake.sessionsFor(invoiceId)).toBe(1);
    const attempts = await db().selectFrom('checkout_attempts').selectAll().where('invoice_id', '=', invoiceId).execute();
    expect(attempts).toHaveLength(1);
    expect(attempts[0]).toMatchObject({ attempt: 1, status: 'open', idempotency_key: `hearth:inv:${invoiceId}:att:1` });

    const sessionId = (answers[0]!.json().url as string).split('/').pop()!;
    fake.paySession(acct.id, sessionId);
    expect(fake.chargesFor(invoiceId)).toBe(1);
    const events = fake.takePending(acct.id);
    const completed = events.find((e) => e.type === 'checkout.session.completed')!;
    const copies = await Promise.all(Array.from({ length: 5 }, () => fake.send(acct.id, completed)));
    expect(copies.map((c) => c.status)).toEqual(Array(5).fill(200));
    expect(copies.map((c) => JSON.parse(c.body).outcome).sort()).toEqual(['duplicate', 'duplicate', 'duplicate', 'duplicate', 'payment_applied']);
    for (const e of [...events].reverse()) expect((await fake.send(acct.id, e)).status).toBe(200);

    const inv = await invoiceOf(p.owner, invoiceId);
    expect(inv).toMatchObject({ status: 'paid', paidCents: 12_000, balanceCents: 0 });
    expect(inv.payments).toHaveLength(1);
    expect(inv.payments[0]).toMatchObject({ method: 'stripe', amountCents: 12_000 });
    const payments = await db().selectFrom('payments').selectAll().where('practice_id', '=', p.practiceId).where('method', '=', 'stripe').execute();
    expect(payments).toHaveLength(1);
    const seen = await db().selectFrom('stripe_events').select(['id', 'outcome']).where('practice_id', '=', p.practiceId).execute();
    expect(seen.map((e) => e.id).sort()).toEqual(events.map((e) => e.id).sort());
    const paidAgain = await client.portal.post(`/api/portal/invoices/${invoiceId}/checkout`, {});
    expect(paidAgain.statusCode).toBe(409);
    expect(paidAgain.json().error.message).toBe('This invoice has nothing left to pay');
    // In the language the portal's page asks for.
    expect((await client.portal.post(`/api/portal/invoices/${invoiceId}/checkout`, {}, { 'accept-language': 'es' })).json().error.message).toBe('Esta factura no tiene saldo pendiente.');
    expect(fake.sessionsFor(invoiceId)).toBe(1);
  });

  it('a webhook with a bad signature, none, an old timestamp or for a practice without Stripe is 400 naming the header, and stores nothing', async () => {
    const invoiceId = await issuedInvoice(p.owner, client.id, 8_000);
    const { sessionId } = await openCheckout(client.portal, invoiceId);
    fake.paySession(acct.id, sessionId);
    const events = fake.takePending(acct.id);
    const before = await db().selectFrom('stripe_events').select('id').execute();
    const nowS = Math.floor(Date.now() / 1000);
    for (const bad of [await fake.send(acct.id, events[0]!, { signature: 'wrong' }), await fake.send(acct.id, events[0]!, { signature: 'none' }), await fake.send(acct.id, events[0]!, { timestamp: nowS - 600 })]) {
      expect(bad.status).toBe(400);
      expect(JSON.parse(bad.body).error.field).toBe('stripe-signature');
    }
    const elsewhere = await h.app.inject({ method: 'POST', url: webhookPath(other.practiceId), payload: JSON.stringify(events[0]), headers: { 'content-type': 'application/json', 'stripe-signature': 't=1,v1=00' } });
    expect(elsewhere.statusCode).toBe(400);
    expect((await db().selectFrom('stripe_events').select('id').execute()).length).toBe(before.length);
    expect((await invoiceOf(p.owner, invoiceId)).status).toBe('issued');
    for (const e of events) await fake.send(acct.id, e);
    expect((await invoiceOf(p.owner, invoiceId)).status).toBe('paid');
  });

  it("reuses an open session for the same amount, opens attempt 2 when the balance changed, and refuses another client's invoice, a draft, or no Stripe", async () => {
    const invoiceId = await issuedInvoice(p.owner, client.id, 20_000);
    const first = await openCheckout(client.portal, invoiceId);
    expect((await openCheckout(client.portal, invoiceId)).url).toBe(first.url);
    const cash = await p.owner.post('/api/payments', { clientId: client.id, method: 'cash', amountCents: 5_000, invoiceIds: [invoiceId] });
    expect(cash.statusCode, cash.body).toBe(201);
    const second = await openCheckout(client.portal, invoiceId);
    expect(second.url).not.toBe(first.url);
    const rows = await db().selectFrom('checkout_attempts').select(['attempt', 'amount_cents', 'status']).where('invoice_id', '=', invoiceId).orderBy('attempt').execute();
    expect(rows.map((r) => [Number(r.attempt), Number(r.amount_cents), r.status])).toEqual([
      [1, 20_000, 'expired'],
      [2, 15_000, 'open'],
    ]);
    expect(() => fake.paySession(acct.id, first.sessionId)).toThrow(/expired/);

    const someoneElse = await portalClient(h, p.owner, { firstName: 'Ash', lastName: 'Other' });
    const theirs = await issuedInvoice(p.owner, someoneElse.id, 9_000);
    expect((await client.portal.post(`/api/portal/invoices/${theirs}/checkout`, {})).statusCode).toBe(404);
    expect((await client.portal.post('/api/portal/invoices/no-such-invoice/checkout', {})).statusCode).toBe(404);
    const draft = await p.owner.post('/api/invoices', { clientId: client.id, lines: [{ description: 'Session', units: 1, rateCents: 1_000 }] });
    expect((await client.portal.post(`/api/portal/invoices/${draft.json().id}/checkout`, {})).statusCode).toBe(409);
    const bad = await client.portal.post(`/api/portal/invoices/${invoiceId}/checkout`, { saveCardForAutopay: 'yes' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('saveCardForAutopay');
    expect(fake.sessionsFor(theirs)).toBe(0);
  });

  it('disconnecting erases the key; checkout is then refused and webhooks are 400', async () => {
    const invoiceId = await issuedInvoice(p.owner, client.id, 6_000);
    const off = await p.owner.del('/api/billing/stripe');
    expect(off.statusCode, off.body).toBe(200);
    expect(off.json().stripe).toMatchObject({ connected: false, accountLabel: null });
    const row = await db().selectFrom('billing_settings').select(['stripe_key_enc', 'stripe_webhook_secret_enc']).where('practice_id', '=', p.practiceId).executeTakeFirstOrThrow();
    expect(row).toEqual({ stripe_key_enc: null, stripe_webhook_secret_enc: null });
    const refused = await client.portal.post(`/api/portal/invoices/${invoiceId}/checkout`, {});
    expect([refused.statusCode, refused.json().error.message]).toEqual([409, 'Online card payment is not set up at this practice']);
    expect((await client.portal.post(`/api/portal/invoices/${invoiceId}/checkout`, {}, { 'accept-language': 'es' })).json().error.message).toBe('Este consultorio no tiene configurado el pago con tarjeta en línea.');
    acct = await connectStripe(h, fake, p.owner, p.practiceId);
  });
});
