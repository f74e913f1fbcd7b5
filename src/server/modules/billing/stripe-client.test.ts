// The local Stripe speaks to the official SDK through Hearth's adapter exactly as Stripe would:
// keys, form bodies, idempotent replays, errors, lists, and signed webhooks the SDK verifies.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClientError } from '../../i18n/errors.js';
import { attemptKey, StripeClient, StripeFailure, stripeAppError } from './stripe-client.js';
import { startFakeStripe, type FakeAccount, type FakeStripe } from '../../testing/fake-stripe.js';

describe('fake Stripe, through the real adapter', () => {
  let fake: FakeStripe;
  let acct: FakeAccount;
  let client: StripeClient;
  const endpoint = () => {
    const u = new URL(fake.url);
    return { protocol: 'http' as const, host: u.hostname, port: Number(u.port), timeoutMs: 5000 };
  };
  const now = () => Math.floor(Date.now() / 1000);
  // One expiry for the whole file: a replay must carry the same parameters, and two calls a second
  // apart on a busy machine computed two expiries (Stripe then rightly refused the key).
  const expiresAt = now() + 3600;
  const checkout = (invoiceId: string, attempt: number, amountCents = 12_000, saveCardFor?: string) =>
    client.createCheckoutSession({ invoiceId, practiceId: 'prac1', attempt, amountCents, currency: 'USD', label: 'Invoice INV-000001', successUrl: 'http://127.0.0.1:3000/portal/billing?paid=1', cancelUrl: 'http://127.0.0.1:3000/portal/billing', expiresAt, ...(saveCardFor ? { saveCardFor } : {}) });

  beforeAll(async () => {
    fake = await startFakeStripe();
    acct = fake.addAccount();
    client = new StripeClient(acct.secretKey, endpoint());
  });
  afterAll(async () => fake.close());

  it('verifies keys: the account id for a secret key, the mode and last four for a restricted one, a refusal for a wrong one', async () => {
    expect(await client.verifyKey(acct.secretKey)).toEqual({ label: acct.id, livemode: false });
    const rk = fake.addAccount({ restricted: true });
    expect(await new StripeClient(rk.secretKey, endpoint()).verifyKey(rk.secretKey)).toEqual({ label: `test key …${rk.secretKey.slice(-4)}`, livemode: false });
    const wrong = new StripeClient('sk_test_NotAKeyStripeKnows123', endpoint());
    const err = await wrong.verifyKey('sk_test_NotAKeyStripeKnows123').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StripeFailure);
    expect((err as StripeFailure).kind).toBe('auth');
  });

  it('replays a checkout session created twice with one attempt key, and refuses the key with other parameters', async () => {
    const a = await checkout('inv_replay', 1);
    const b = await checkout('inv_replay', 1);
    expect(b.id).toBe(a.id);
    expect(a.url).toBe(`${fake.url}/c/pay/${a.id}`);
    expect(fake.sessionsFor('inv_replay')).toBe(1);
    expect(fake.log.filter((l) => l.path === '/v1/checkout/sessions').map((l) => l.idempotencyKey)).toEqual([attemptKey('inv_replay', 1), attemptKey('inv_replay', 1)]);
    const other = await checkout('inv_replay', 1, 9_000).catch((e: unknown) => e);
    expect((other as StripeFailure).kind).toBe('idempotency');
    const next = await checkout('inv_replay', 2, 9_000);
    expect(next.id).not.toBe(a.id);
    const tooSmall = await checkout('inv_small', 1, 10).catch((e: unknown) => e);
    expect((tooSmall as StripeFailure).kind).toBe('invalid');
    expect((tooSmall as StripeFailure).stripeCode).toBe('amount_too_small');
  });

  it('pays a session: a PaymentIntent and one charge tagged with the invoice, and events the SDK verifies', async () => {
    const s = await checkout('inv_pay', 1);
    const received: { body: string; sig: string | undefined }[] = [];
    fake.setWebhook(acct.id, async (body, headers) => {
      received.push({ body, sig: headers['stripe-signature'] });
      return { status: 200, body: '{}' };
    });
    const paid = fake.paySession(acct.id, s.id);
    expect(fake.chargesFor('inv_pay')).toBe(1);
    const session = await client.retrieveSession(s.id);
    expect(session).toMatchObject({ object: 'checkout.session', status: 'complete', payment_status: 'paid', payment_intent: paid.paymentIntentId, client_reference_id: 'inv_pay', metadata: { invoiceId: 'inv_pay', practiceId: 'prac1', attempt: '1' } });
    const pi = await client.retrievePaymentIntent(paid.paymentIntentId);
    expect(pi).toMatchObject({ object: 'payment_intent', status: 'succeeded', amount_received: 12_000, latest_charge: paid.chargeId, metadata: { invoiceId: 'inv_pay' } });
    const events = fake.takePending(acct.id);
    expect(events.map((e) => e.type)).toEqual(['payment_intent.succeeded', 'charge.succeeded', 'checkout.session.completed']);
    for (const e of events) await fake.send(acct.id, e);
    await fake.send(acct.id, events[0]!, { signature: 'wrong' });
    await fake.send(acct.id, events[0]!, { timestamp: now() - 3600 });
    const verified = received.map((r) => StripeClient.verifyEvent(r.body, r.sig, acct.webhookSecret));
    expect(verified.slice(0, 3).map((e) => e?.type)).toEqual(['payment_intent.succeeded', 'charge.succeeded', 'checkout.session.completed']);
    expect(verified[3]).toBeNull();
    expect(verified[4]).toBeNull();
    expect(StripeClient.verifyEvent(received[0]!.body, received[0]!.sig, acct.webhookSecret, Date.now() + 3_600_000)).toBeNull();
    expect(() => fake.paySession(acct.id, s.id)).toThrow(/complete/);
  });

  it('saves a card to a customer at checkout and charges it off-session once per attempt; a declined card is a card failure', async () => {
    const customer = await client.createCustomer({ practiceId: 'prac1', clientId: 'client1' });
    expect(await client.createCustomer({ practiceId: 'prac1', clientId: 'client1' })).toBe(customer);
    const s = await checkout('inv_save', 1, 5_000, customer);
    const paid = fake.paySession(acct.id, s.id);
    const pi = await client.retrievePaymentIntent(paid.paymentIntentId);
    expect(pi.setup_future_usage).toBe('off_session');
    const pm = String(pi.payment_method);
    const charge = () => client.chargeOffSession({ invoiceId: 'inv_auto', practiceId: 'prac1', attempt: 1, amountCents: 7_500, currency: 'USD', customerId: customer, paymentMethodId: pm });
    const first = await charge();
    const again = await charge();
    expect(again.id).toBe(first.id);
    expect(first.status).toBe('succeeded');
    expect(fake.chargesFor('inv_auto')).toBe(1);
    fake.declineNext(acct.id, 1);
    const declined = await client.chargeOffSession({ invoiceId: 'inv_auto2', practiceId: 'prac1', attempt: 1, amountCents: 7_500, currency: 'USD', customerId: customer, paymentMethodId: pm }).catch((e: unknown) => e);
    expect((declined as StripeFailure).kind).toBe('card');
    expect(fake.chargesFor('inv_auto2')).toBe(0);
    const foreign = await client.chargeOffSession({ invoiceId: 'inv_auto3', practiceId: 'prac1', attempt: 1, amountCents: 7_500, currency: 'USD', customerId: customer, paymentMethodId: 'pm_notsaved' }).catch((e: unknown) => e);
    expect((foreign as StripeFailure).kind).toBe('invalid');
    // Stripe's refusal answers with its own English, and in the client's language on the portal.
    expect(stripeAppError(foreign as StripeFailure)).toMatchObject({ status: 409, code: 'conflict', message: (foreign as StripeFailure).message });
    expect((stripeAppError(foreign as StripeFailure) as ClientError).in('es')).toMatch(/^El servicio de pago rechazó la solicitud/);
  });

  it('refunds in part and in full, once per key, never more than was paid; lists refunds and settled charges in a window', async () => {
    const from = now() - 1;
    const s = await checkout('inv_refund', 1, 10_000);
    const paid = fake.paySession(acct.id, s.id);
    const r1 = await client.createRefund({ paymentIntentId: paid.paymentIntentId, amountCents: 4_000, key: 'hearth:refund:r1', metadata: { refundId: 'r1' } });
    expect(await client.createRefund({ paymentIntentId: paid.paymentIntentId, amountCents: 4_000, key: 'hearth:refund:r1', metadata: { refundId: 'r1' } })).toEqual(r1);
    const over = await client.createRefund({ paymentIntentId: paid.paymentIntentId, amountCents: 6_001, key: 'hearth:refund:r2', metadata: {} }).catch((e: unknown) => e);
    expect((over as StripeFailure).stripeCode).toBe('amount_too_large');
    await client.createRefund({ paymentIntentId: paid.paymentIntentId, amountCents: 6_000, key: 'hearth:refund:r3', metadata: {} });
    expect((await client.refundsOfCharge(paid.chargeId)).map((r) => r.amount).sort()).toEqual([4_000, 6_000]);
    const settled = await client.settledCharges(from, now() + 10);
    expect(settled.find((c) => c.chargeId === paid.chargeId)).toMatchObject({ paymentIntentId: paid.paymentIntentId, amountCents: 10_000, refundedCents: 10_000, currency: 'USD', invoiceId: 'inv_refund' });
    expect(await client.settledCharges(from - 7200, from - 3600)).toEqual([]);
  });

  it('retries a 5xx with the same idempotency key (one object made), and reports Stripe down when retries run out', async () => {
    fake.failNext(1, 500);
    const s = await checkout('inv_retry', 1);
    expect(fake.sessionsFor('inv_retry')).toBe(1);
    const tries = fake.log.filter((l) => l.idempotencyKey === attemptKey('inv_retry', 1));
    expect(tries.map((t) => t.status)).toEqual([500, 200]);
    expect(s.id).toMatch(/^cs_test_/);
    fake.failNext(3, 503);
    const down = await checkout('inv_down', 1).catch((e: unknown) => e);
    expect((down as StripeFailure).kind).toBe('unavailable');
    const answer = stripeAppError(down as StripeFailure) as ClientError;
    expect([answer.status, answer.headers, answer.message]).toEqual([503, { 'retry-after': '30' }, 'The payment service could not be reached; try again in a minute']);
    expect(answer.in('es')).toBe('No se pudo conectar con el servicio de pago; inténtelo de nuevo en un minuto.');
  }, 20_000);

  it('serves a hosted checkout page (for e2e): paying it redirects to success_url and, with autoDeliver, posts the events as they happen', async () => {
    const other = fake.addAccount();
    const c = new StripeClient(other.secretKey, endpoint());
    const s = await c.createCheckoutSession({ invoiceId: 'inv_hosted', practiceId: 'prac2', attempt: 1, amountCents: 4_200, currency: 'USD', label: 'Invoice INV-000002', successUrl: 'http://127.0.0.1:3000/done', cancelUrl: 'http://127.0.0.1:3000/back', expiresAt: now() + 3600 });
    const types: string[] = [];
    fake.setWebhook(other.id, async (body, headers) => {
      const e = StripeClient.verifyEvent(body, headers['stripe-signature'], other.webhookSecret);
      types.push(e?.type ?? 'unverified');
      return { status: 200, body: '{}' };
    }, { autoDeliver: true });
    const page = await fetch(s.url);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('42.00 USD');
    const paid = await fetch(s.url, { method: 'POST', redirect: 'manual' });
    expect(paid.status).toBe(303);
    expect(paid.headers.get('location')).toBe('http://127.0.0.1:3000/done');
    await expect.poll(() => types.length).toBe(3);
    expect(types).toEqual(['payment_intent.succeeded', 'charge.succeeded', 'checkout.session.completed']);
    expect(fake.chargesFor('inv_hosted')).toBe(1);
    expect((await fetch(s.url, { method: 'POST', redirect: 'manual' })).status).toBe(303);
    expect(fake.chargesFor('inv_hosted')).toBe(1);
  });
});
