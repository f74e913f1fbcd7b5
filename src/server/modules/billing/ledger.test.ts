// The ledger functions other billing parts call inside their own transaction (Stripe webhooks,
// autopay), on every test database: a card payment allocated to the invoice it names; a partial
// refund, a dispute lost and then won, a failed refund; more than a payment holds refused with
// nothing changed; figures always add up (paid = allocations; unapplied = amount − refunded −
// disputed − allocated).
import { beforeAll, describe, expect, it } from 'vitest';
import type { Tx } from '../../db/index.js';
import { testDialects } from '../../testing/dialects.js';
import { practiceSuite } from '../../testing/suite.js';
import { newClient, type InvoiceJson } from '../../testing/billing.js';
import { recordPayment, recordRefund, updateRefundStatus } from './ledger.js';

describe.each(testDialects())('billing ledger on %s', (dialect) => {
  const { h, p } = practiceSuite(dialect);
  let clientId: string;

  beforeAll(async () => {
    clientId = await newClient(p.owner);
  });

  const issued = async (rateCents: number): Promise<InvoiceJson> => {
    const d = (await p.owner.post('/api/invoices', { clientId, lines: [{ description: 'Session', units: 1, rateCents }] })).json() as InvoiceJson;
    return (await p.owner.post(`/api/invoices/${d.id}/issue`)).json() as InvoiceJson;
  };
  const invoice = async (id: string) => (await p.owner.get(`/api/invoices/${id}`)).json() as InvoiceJson & { refundedCents: number };
  const payment = async (id: string) => ((await p.owner.get(`/api/payments?clientId=${clientId}`)).json().items as { id: string; refundedCents: number; disputedCents: number; unappliedCents: number }[]).find((x) => x.id === id)!;
  const tx = <T>(fn: (t: Tx) => Promise<T>): Promise<T> => h.database.db.transaction().execute(fn);

  it('books a card payment, a partial refund, a dispute lost then won, and refuses more than the payment holds', async () => {
    const ctx = h.app.services.ctx;
    const older = await issued(4000);
    const inv = await issued(10000);
    // A portal card payment names its invoice: the older one stays open.
    const pid = await tx((t) =>
      recordPayment(t, ctx, { practiceId: p.practiceId, clientId, method: 'stripe', source: 'portal', amountCents: 10000, currency: 'USD', receivedAt: Date.now(), recordedBy: null, stripePaymentIntentId: `pi_${dialect}_1`, invoiceIds: [inv.id] }),
    );
    expect(await invoice(inv.id)).toMatchObject({ status: 'paid', paidCents: 10000 });
    expect(await invoice(older.id)).toMatchObject({ status: 'issued', paidCents: 0 });
    // Staff refund a card payment through Stripe; with no Stripe part wired, 409 naming the payment and nothing booked.
    const viaApi = await p.owner.post(`/api/invoices/${inv.id}/refunds`, { amountCents: 100 });
    expect(viaApi.statusCode).toBe(409);
    expect(viaApi.json().error.field).toBe('paymentId');
    expect(await invoice(inv.id)).toMatchObject({ paidCents: 10000, refundedCents: 0 });

    // A partial refund reduces the invoice it was paid on.
    await tx((t) => recordRefund(t, ctx, { practiceId: p.practiceId, paymentId: pid, amountCents: 2500, kind: 'refund', status: 'succeeded', stripeId: `re_${dialect}_1`, recordedBy: null }));
    expect(await invoice(inv.id)).toMatchObject({ status: 'partly_paid', paidCents: 7500, balanceCents: 2500 });
    expect(await payment(pid)).toMatchObject({ refundedCents: 2500, unappliedCents: 0 });

    // A dispute of the rest takes it back; won, the money returns as the client's credit.
    const dispute = await tx((t) => recordRefund(t, ctx, { practiceId: p.practiceId, paymentId: pid, amountCents: 7500, kind: 'dispute', status: 'pending', stripeId: `dp_${dialect}_1`, recordedBy: null }));
    expect(await invoice(inv.id)).toMatchObject({ status: 'issued', paidCents: 0 });
    expect(await payment(pid)).toMatchObject({ disputedCents: 7500, unappliedCents: 0 });
    expect(await tx((t) => updateRefundStatus(t, ctx, { practiceId: p.practiceId, refundId: dispute, status: 'won', recordedBy: null }))).toBe(true);
    expect(await payment(pid)).toMatchObject({ disputedCents: 0, unappliedCents: 7500 });
    // The same status again changes nothing.
    expect(await tx((t) => updateRefundStatus(t, ctx, { practiceId: p.practiceId, refundId: dispute, status: 'won', recordedBy: null }))).toBe(false);

    // More than the payment still holds: refused, nothing stored.
    const before = await h.database.db.selectFrom('refunds').select('id').where('payment_id', '=', pid).execute();
    await expect(tx((t) => recordRefund(t, ctx, { practiceId: p.practiceId, paymentId: pid, amountCents: 7501, kind: 'refund', status: 'succeeded', recordedBy: null }))).rejects.toThrow(RangeError);
    expect(await h.database.db.selectFrom('refunds').select('id').where('payment_id', '=', pid).execute()).toEqual(before);
    expect(await payment(pid)).toMatchObject({ refundedCents: 2500, unappliedCents: 7500 });

    // A failed refund takes nothing; the credit left is refunded from the unapplied part.
    await tx((t) => recordRefund(t, ctx, { practiceId: p.practiceId, paymentId: pid, amountCents: 1000, kind: 'refund', status: 'failed', recordedBy: null }));
    expect(await payment(pid)).toMatchObject({ refundedCents: 2500, unappliedCents: 7500 });
    await tx((t) => recordRefund(t, ctx, { practiceId: p.practiceId, paymentId: pid, amountCents: 500, kind: 'refund', status: 'succeeded', recordedBy: null }));
    expect(await payment(pid)).toMatchObject({ refundedCents: 3000, unappliedCents: 7000 });
    expect(await invoice(inv.id)).toMatchObject({ paidCents: 0 });
  });

  it('a payment without invoices pays the oldest open ones and keeps the rest; zero or fractional amounts are refused', async () => {
    const ctx = h.app.services.ctx;
    const client = await newClient(p.owner);
    const a = (await p.owner.post('/api/invoices', { clientId: client, lines: [{ description: 'A', units: 1, rateCents: 3000 }] })).json() as InvoiceJson;
    await p.owner.post(`/api/invoices/${a.id}/issue`);
    const b = (await p.owner.post('/api/invoices', { clientId: client, lines: [{ description: 'B', units: 1, rateCents: 3000 }] })).json() as InvoiceJson;
    await p.owner.post(`/api/invoices/${b.id}/issue`);
    await tx((t) => recordPayment(t, ctx, { practiceId: p.practiceId, clientId: client, method: 'cash', source: 'staff', amountCents: 4000, currency: 'USD', receivedAt: Date.now(), recordedBy: p.userId }));
    expect(await invoice(a.id)).toMatchObject({ status: 'paid' });
    expect(await invoice(b.id)).toMatchObject({ status: 'partly_paid', paidCents: 1000 });
    for (const amountCents of [0, -1, 1.5]) {
      await expect(tx((t) => recordPayment(t, ctx, { practiceId: p.practiceId, clientId: client, method: 'cash', source: 'staff', amountCents, currency: 'USD', receivedAt: Date.now(), recordedBy: null }))).rejects.toThrow(RangeError);
    }
  });
});
