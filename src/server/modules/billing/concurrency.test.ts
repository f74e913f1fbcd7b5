// Billing under concurrent requests, on every test database: 20 drafts issued at once take the
// numbers 1..20 with no gap and no duplicate; one appointment put on invoices by 10 requests at once
// is billed once (the others 409 naming it); payments arriving together never pay an invoice twice.
import { beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../../testing/dialects.js';
import { practiceSuite } from '../../testing/suite.js';
import { attended, newClient, newService, type InvoiceJson } from '../../testing/billing.js';

describe.each(testDialects())('billing under concurrency on %s', (dialect) => {
  const { h, p } = practiceSuite(dialect);
  let clientId: string;

  beforeAll(async () => {
    clientId = await newClient(p.owner);
  });

  const draft = async (rateCents: number) => {
    const res = await p.owner.post('/api/invoices', { clientId, lines: [{ description: 'Session', units: 1, rateCents }] });
    expect(res.statusCode, res.body).toBe(201);
    return (res.json() as InvoiceJson).id;
  };

  it('20 concurrent issues take the numbers 1..20, none twice, none skipped', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 20; i++) ids.push(await draft(1000 + i));
    const answers = await Promise.all(ids.map((id) => p.owner.post(`/api/invoices/${id}/issue`)));
    expect(answers.map((a) => a.statusCode)).toEqual(ids.map(() => 200));
    const numbers = answers.map((a) => (a.json() as InvoiceJson).number).sort();
    expect(numbers).toEqual(Array.from({ length: 20 }, (_, i) => `INV-${String(i + 1).padStart(6, '0')}`));
    // Issuing one again changes nothing and takes no number.
    expect((await p.owner.post(`/api/invoices/${ids[0]}/issue`)).statusCode).toBe(409);
    expect((await p.owner.get('/api/billing/settings')).statusCode).toBe(200);
    const next = await p.owner.post(`/api/invoices/${await draft(5)}/issue`);
    expect((next.json() as InvoiceJson).number).toBe('INV-000021');
  });

  it('one appointment on 10 concurrent invoices is billed once; the rest answer 409 naming it', async () => {
    const serviceId = await newService(p.owner, 12000);
    const appt = await attended(p.owner, { clientId, providerId: p.userId, serviceId });
    const answers = await Promise.all(Array.from({ length: 10 }, () => p.owner.post('/api/invoices', { clientId, appointmentIds: [appt] })));
    const codes = answers.map((a) => a.statusCode).sort();
    expect(codes).toEqual([201, ...Array<number>(9).fill(409)]);
    for (const a of answers.filter((x) => x.statusCode === 409)) expect(a.json().error.field).toBe('appointmentIds[0]');
    const rows = await h.database.db.selectFrom('billed_appointments').select('invoice_id').where('appointment_id', '=', appt).execute();
    expect(rows).toHaveLength(1);
    const lines = await h.database.db.selectFrom('invoice_lines').select('invoice_id').where('appointment_id', '=', appt).execute();
    expect(lines.map((l) => l.invoice_id)).toEqual(rows.map((r) => r.invoice_id));
  });

  it('10 payments at once on one invoice pay it once; the rest is credit', async () => {
    const client = await newClient(p.owner);
    const inv = (await p.owner.post('/api/invoices', { clientId: client, lines: [{ description: 'S', units: 1, rateCents: 10000 }] })).json() as InvoiceJson;
    await p.owner.post(`/api/invoices/${inv.id}/issue`);
    // Half name the invoice, half leave it to the oldest-open rule; one naming a paid invoice is refused.
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) => p.owner.post('/api/payments', { clientId: client, method: 'cash', amountCents: 3000, ...(i % 2 ? { invoiceIds: [inv.id] } : {}) })),
    );
    for (const a of answers) if (a.statusCode !== 201) expect([a.statusCode, a.json().error.field]).toEqual([400, 'invoiceIds[0]']);
    const accepted = answers.filter((a) => a.statusCode === 201).length;
    expect(accepted).toBeGreaterThanOrEqual(5);
    expect((await p.owner.get(`/api/invoices/${inv.id}`)).json()).toMatchObject({ paidCents: 10000, status: 'paid', balanceCents: 0 });
    expect((await p.owner.get(`/api/clients/${client}/balance`)).json()).toMatchObject({ outstandingCents: 0, unappliedCents: accepted * 3000 - 10000 });
    const allocated = await h.database.db.selectFrom('payment_allocations').select('amount_cents').where('invoice_id', '=', inv.id).execute();
    expect(allocated.reduce((s, a) => s + Number(a.amount_cents), 0)).toBe(10000);
  });
});
