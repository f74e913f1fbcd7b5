// Bad input to billing, on every test database: each answer is 4xx naming the field, and the
// practice's billing rows are exactly as they were before (compared whole, table by table).
import { beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../../testing/dialects.js';
import { practiceSuite } from '../../testing/suite.js';
import { newClient, type InvoiceJson } from '../../testing/billing.js';

const TABLES = ['billing_settings', 'billing_client_profiles', 'invoices', 'invoice_lines', 'billed_appointments', 'payments', 'payment_allocations', 'refunds'] as const;

describe.each(testDialects())('billing bad input on %s', (dialect) => {
  const { h, p } = practiceSuite(dialect);
  let clientId: string;
  let draft: InvoiceJson;
  let issued: InvoiceJson;

  /** Every billing row of the practice, in a stable order. */
  const snapshot = async () => {
    const out: Record<string, unknown[]> = {};
    for (const t of TABLES) out[t] = await h.database.db.selectFrom(t).selectAll().where('practice_id', '=', p.practiceId).orderBy('practice_id').execute();
    for (const rows of Object.values(out)) rows.sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
    return out;
  };

  beforeAll(async () => {
    clientId = await newClient(p.owner);
    draft = (await p.owner.post('/api/invoices', { clientId, lines: [{ description: 'Session', units: 1, rateCents: 10000 }] })).json() as InvoiceJson;
    const second = (await p.owner.post('/api/invoices', { clientId, lines: [{ description: 'Session', units: 1, rateCents: 8000 }] })).json() as InvoiceJson;
    issued = (await p.owner.post(`/api/invoices/${second.id}/issue`)).json() as InvoiceJson;
    await p.owner.post('/api/payments', { clientId, method: 'cash', amountCents: 5000 });
  });

  const CASES: { name: string; send: () => ReturnType<typeof p.owner.post>; status: number; field: string }[] = [
    { name: 'a negative payment', send: () => p.owner.post('/api/payments', { clientId, method: 'cash', amountCents: -100 }), status: 400, field: 'amountCents' },
    { name: 'a fractional payment', send: () => p.owner.post('/api/payments', { clientId, method: 'cash', amountCents: 10.5 }), status: 400, field: 'amountCents' },
    { name: 'a zero payment', send: () => p.owner.post('/api/payments', { clientId, method: 'cash', amountCents: 0 }), status: 400, field: 'amountCents' },
    { name: 'an unknown payment method', send: () => p.owner.post('/api/payments', { clientId, method: 'bitcoin', amountCents: 100 }), status: 400, field: 'method' },
    { name: 'a payment to a draft', send: () => p.owner.post('/api/payments', { clientId, method: 'cash', amountCents: 100, invoiceIds: [draft.id] }), status: 400, field: 'invoiceIds[0]' },
    { name: 'a negative line rate', send: () => p.owner.post('/api/invoices', { clientId, lines: [{ description: 'x', units: 1, rateCents: -1 }] }), status: 400, field: 'lines.0.rateCents' },
    { name: 'a fractional line rate', send: () => p.owner.post('/api/invoices', { clientId, lines: [{ description: 'x', units: 1, rateCents: 99.9 }] }), status: 400, field: 'lines.0.rateCents' },
    { name: 'fractional units', send: () => p.owner.post('/api/invoices', { clientId, lines: [{ description: 'x', units: 1.5, rateCents: 100 }] }), status: 400, field: 'lines.0.units' },
    { name: 'a discount over the lines', send: () => p.owner.post('/api/invoices', { clientId, lines: [{ description: 'x', units: 1, rateCents: 100 }], discountCents: 101 }), status: 400, field: 'discountCents' },
    { name: 'a line discount over the line', send: () => p.owner.post('/api/invoices', { clientId, lines: [{ description: 'x', units: 1, rateCents: 100, discountCents: 200 }] }), status: 400, field: 'lines[0].discountCents' },
    { name: 'an unknown appointment', send: () => p.owner.post('/api/invoices', { clientId, appointmentIds: ['nope'] }), status: 400, field: 'appointmentIds[0]' },
    { name: 'a refund over what was paid', send: () => p.owner.post(`/api/invoices/${issued.id}/refunds`, { amountCents: 5001 }), status: 400, field: 'amountCents' },
    { name: 'a negative refund', send: () => p.owner.post(`/api/invoices/${issued.id}/refunds`, { amountCents: -5 }), status: 400, field: 'amountCents' },
    { name: 'an issued invoice edited', send: () => p.owner.patch(`/api/invoices/${issued.id}`, { lines: [{ description: 'x', units: 1, rateCents: 1 }], version: issued.version }), status: 409, field: 'id' },
    { name: 'an issued invoice deleted', send: () => p.owner.del(`/api/invoices/${issued.id}`), status: 409, field: 'id' },
    { name: 'a draft voided', send: () => p.owner.post(`/api/invoices/${draft.id}/void`, { reason: 'x' }), status: 409, field: 'id' },
    { name: 'a stale draft edit', send: () => p.owner.patch(`/api/invoices/${draft.id}`, { memo: 'x', version: draft.version + 5 }), status: 409, field: 'version' },
    { name: 'a malformed ICD-10 code', send: () => p.owner.patch(`/api/clients/${clientId}/billing`, { diagnoses: ['F32.9', '32.9F'] }), status: 400, field: 'diagnoses.1' },
    { name: 'a sliding scale over 100', send: () => p.owner.patch(`/api/clients/${clientId}/billing`, { slidingScalePercent: '101' }), status: 400, field: 'slidingScalePercent' },
    { name: 'staff turning autopay on', send: () => p.owner.patch(`/api/clients/${clientId}/billing`, { autopay: true }), status: 400, field: 'autopay' },
    { name: 'an unknown payer', send: () => p.owner.patch(`/api/clients/${clientId}/billing`, { payerId: 'nope' }), status: 400, field: 'payerId' },
    { name: 'a currency change after issuing', send: () => p.owner.patch('/api/billing/settings', { currency: 'EUR' }), status: 409, field: 'currency' },
  ];

  it.each(CASES.map((c) => [c.name, c] as const))('%s: 4xx naming the field, nothing stored or changed', async (_name, c) => {
    const before = await snapshot();
    const res = await c.send();
    expect(res.statusCode, res.body).toBe(c.status);
    const err = res.json().error as { field?: string; message: string; details?: unknown };
    expect(JSON.stringify(err)).toContain(c.field);
    expect(await snapshot()).toEqual(before);
  });

  it("a diagnosis off the practice's list is refused once a list exists; one on it is kept encrypted", async () => {
    await h.database.db.insertInto('billing_diagnosis_codes').values({ practice_id: p.practiceId, code: 'F41.1', description: 'Generalized anxiety disorder', created_at: Date.now() }).execute();
    const before = await snapshot();
    const off = await p.owner.patch(`/api/clients/${clientId}/billing`, { diagnoses: ['F41.1', 'F32.9'] });
    expect(off.statusCode).toBe(400);
    expect(off.json().error.field).toBe('diagnoses[1]');
    expect(await snapshot()).toEqual(before);
    const ok = await p.owner.patch(`/api/clients/${clientId}/billing`, { diagnoses: ['f411'] });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().diagnoses).toEqual([{ code: 'F41.1', description: 'Generalized anxiety disorder' }]);
    const row = await h.database.db.selectFrom('billing_client_profiles').select('diagnoses_enc').where('client_id', '=', clientId).executeTakeFirstOrThrow();
    expect(row.diagnoses_enc).not.toContain('F41');
  });
});
