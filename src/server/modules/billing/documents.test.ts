// The billing PDFs through the HTTP API on every test database, from real visits: a provider holds
// a video call and a call in which the client goes audio-only, invoices both, the client pays part
// by check; the superbill read back from the PDF carries modifier 95 on the first visit and 93 on
// the second, with the practice's and provider's NPI and the client's diagnoses. Invoice, receipt
// and statement PDFs, the portal's own-invoice download, who may download what, bad input, and one
// audit record per download (an export, with ids only).
import type { AddressInfo } from 'node:net';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPractice, joinColleague, type Actor, type Colleague, type PracticeFixture } from '../../testing/actors.js';
import { newService, type InvoiceJson } from '../../testing/billing.js';
import { testDialects } from '../../testing/dialects.js';
import { createHarness, type Harness } from '../../testing/harness.js';
import { pdfText } from '../../testing/pdf-text.js';
import { callParties, type PortalClientFixture } from '../../testing/portal.js';
import { holdVisit as heldVisit } from '../../testing/held-visits.js';
import { TestSocket } from '../../testing/sockets.js';

function pdfOf(res: LightMyRequestResponse, fileName: RegExp) {
  expect(res.statusCode, res.body).toBe(200);
  expect(res.headers['content-type']).toBe('application/pdf');
  expect(res.headers['cache-control']).toBe('no-store');
  expect(res.headers['content-disposition']).toMatch(fileName);
  return pdfText(res.rawPayload);
}

describe.each(testDialects())('billing documents on %s', (dialect) => {
  let h: Harness;
  let base: string;
  let p: PracticeFixture;
  let provider: Colleague;
  let other: Colleague;
  let frontDesk: Colleague;
  let client: PortalClientFixture;
  let invoice: InvoiceJson;
  let paymentId: string;
  const open: TestSocket[] = [];
  const from = new Date(Date.now() - 86_400_000).toISOString();
  const to = new Date(Date.now() + 2 * 86_400_000).toISOString();

  const socket = async (path: string, cookie: string) => {
    const s = await TestSocket.open(`ws://${base}${path}`, { cookie, origin: h.config.publicUrl });
    open.push(s);
    return s;
  };
  /** A video visit held as a real call (the client goes audio-only when `audioOnly`), then completed. */
  const holdVisit = (as: Actor, serviceId: string, minutesAhead: number, audioOnly: boolean) => heldVisit({ socket, provider, client }, as, serviceId, minutesAhead, audioOnly);

  beforeAll(async () => {
    h = await createHarness(dialect, { smtp: true, env: { CALL_RING_POLL_MS: '0', SOCKET_SWEEP_MS: '200' } });
    await h.app.listen({ host: '127.0.0.1', port: 0 });
    base = `127.0.0.1:${(h.app.server.address() as AddressInfo).port}`;
    p = await createPractice(h);
    ({ provider, client } = await callParties(h, p.owner));
    other = await joinColleague(h, p.owner, 'provider', 'Otto Other');
    frontDesk = await joinColleague(h, p.owner, 'front_desk', 'Farah Desk');
    const settings = (await p.owner.get('/api/billing/settings')).json() as { version: number };
    const identity = { legalName: 'Juniper Hill Counseling LLC', address: '120 Lake St\nEvanston, IL 60201', taxId: '12-3456789', npi: '1234567893' };
    expect((await p.owner.patch('/api/billing/settings', { identity, version: settings.version })).statusCode).toBe(200);
    expect((await p.owner.request('PUT', `/api/billing/providers/${provider.id}`, { credentials: 'PsyD', licence: 'IL PSY 071-012345', npi: '1987654321' })).statusCode).toBe(200);
    const dx = await p.owner.post('/api/billing/diagnosis-codes', { code: 'f411', description: 'Generalized anxiety disorder' });
    expect(dx.statusCode, dx.body).toBe(201);
    expect((await p.owner.patch(`/api/clients/${client.id}/billing`, { diagnoses: ['F41.1'] })).statusCode).toBe(200);
    const serviceId = await newService(p.owner, 16000, '90834');
    const video = await holdVisit(provider.actor, serviceId, 3, false);
    const audio = await holdVisit(provider.actor, serviceId, 9, true);
    const created = await provider.actor.post('/api/invoices', { clientId: client.id, appointmentIds: [video, audio] });
    expect(created.statusCode, created.body).toBe(201);
    const issued = await provider.actor.post(`/api/invoices/${(created.json() as InvoiceJson).id}/issue`);
    expect(issued.statusCode, issued.body).toBe(200);
    invoice = issued.json() as InvoiceJson;
    const paid = await frontDesk.actor.post('/api/payments', { clientId: client.id, method: 'check', amountCents: 20000, reference: '1043', invoiceIds: [invoice.id] });
    expect(paid.statusCode, paid.body).toBe(201);
    paymentId = (paid.json() as { id: string }).id;
  });
  afterAll(async () => {
    for (const s of open) s.terminate();
    await h?.close();
  });

  it('the superbill carries modifier 95 on the video visit and 93 on the audio-only one, with the identities and diagnoses', async () => {
    const q = `clientId=${client.id}&from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`;
    const { text, pages } = await pdfOf(await provider.actor.get(`/api/superbills?${q}`), /^attachment; filename="superbill-[\d-]+(-to-[\d-]+)?\.pdf"$/);
    expect(pages).toHaveLength(1);
    for (const s of ['Juniper Hill Counseling LLC', 'Tax ID: 12-3456789', 'NPI: 1234567893', 'Priya Provider', 'Credentials: PsyD', 'License: IL PSY 071-012345', 'NPI: 1987654321', 'Marigold Quince', 'A F41.1 Generalized anxiety disorder']) {
      expect(text).toContain(s);
    }
    // Two visits, in date order: 90834 with 95 then 90834 with 93; $200 paid over two $160 visits, half each.
    const rows = [...text.matchAll(/(\d\d\/\d\d\/\d{4}) .*? 90834 (\d\d) (\d\d) 1 \$160\.00 (\$[\d.]+)/g)].map((m) => [m[2], m[3], m[4]]);
    expect(rows).toEqual([
      ['95', '02', '$100.00'],
      ['93', '02', '$100.00'],
    ]);
    // In Spanish on request.
    expect((await pdfOf(await provider.actor.get(`/api/superbills?${q}&locale=es-US`), /superbill-/)).text).toContain('Diagnósticos (CIE-10-MC)');
  });

  it('the invoice, receipt and statement PDFs, with file names that carry numbers, not names', async () => {
    const inv = await pdfOf(await provider.actor.get(`/api/invoices/${invoice.id}/pdf`), new RegExp(`^attachment; filename="invoice-${invoice.number}\\.pdf"$`));
    expect(inv.text).toContain(invoice.number!);
    expect(inv.text).toContain('90834 95');
    expect(inv.text).toContain('90834 93');
    expect(inv.text).toMatch(/Total \$320\.00 Paid -\$200\.00 Balance due \$120\.00/);
    expect(inv.info.Title).toBe(`Invoice ${invoice.number}`);

    const receipt = await pdfOf(await frontDesk.actor.get(`/api/payments/${paymentId}/receipt`), /^attachment; filename="receipt-R-[0-9A-F]{8}\.pdf"$/);
    expect(receipt.text).toContain('Method: Check');
    expect(receipt.text).toContain('Reference: 1043');
    expect(receipt.text).toContain(`${invoice.number} $200.00`);
    expect(receipt.text).toContain('Remaining balance $120.00');

    const month = new Date().toISOString().slice(0, 7);
    const statement = await pdfOf(await p.owner.get(`/api/clients/${client.id}/statement?month=${month}`), new RegExp(`^attachment; filename="statement-${month}\\.pdf"$`));
    expect(statement.text).toContain('Opening balance $0.00');
    expect(statement.text).toContain(`Invoice ${invoice.number} $320.00 $320.00`);
    expect(statement.text).toContain('Payment Check $200.00 $120.00');
    expect(statement.text).toContain('Closing balance $320.00 $200.00 $120.00');
  });

  it('the client downloads their own invoice and receipt from the portal; never a draft or another client’s', async () => {
    const own = await pdfOf(await client.portal.get(`/api/portal/invoices/${invoice.id}/pdf`), /invoice-INV-/);
    expect(own.text).toContain('Balance due $120.00');
    await pdfOf(await client.portal.get(`/api/portal/payments/${paymentId}/receipt`), /receipt-R-/);
    const draft = (await p.owner.post('/api/invoices', { clientId: client.id, lines: [{ description: 'Workbook', units: 1, rateCents: 1000 }] })).json() as InvoiceJson;
    expect((await client.portal.get(`/api/portal/invoices/${draft.id}/pdf`)).statusCode).toBe(404);
    const elsewhere = await createPractice(h);
    const theirs = await callParties(h, elsewhere.owner);
    expect((await theirs.client.portal.get(`/api/portal/invoices/${invoice.id}/pdf`)).statusCode).toBe(404);
    expect((await theirs.client.portal.get(`/api/portal/payments/${paymentId}/receipt`)).statusCode).toBe(404);
    // Staff of another practice: 404, exactly like a missing invoice.
    expect((await elsewhere.owner.get(`/api/invoices/${invoice.id}/pdf`)).statusCode).toBe(404);
  });

  it('front desk gets invoices and receipts, not statements or superbills; a provider only their own clients', async () => {
    expect((await frontDesk.actor.get(`/api/invoices/${invoice.id}/pdf`)).statusCode).toBe(200);
    expect((await frontDesk.actor.get(`/api/clients/${client.id}/statement?month=2026-11`)).statusCode).toBe(403);
    expect((await frontDesk.actor.get(`/api/superbills?clientId=${client.id}&from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`)).statusCode).toBe(403);
    expect((await other.actor.get(`/api/invoices/${invoice.id}/pdf`)).statusCode).toBe(404);
    expect((await other.actor.get(`/api/payments/${paymentId}/receipt`)).statusCode).toBe(404);
    expect((await other.actor.get(`/api/clients/${client.id}/statement?month=2026-11`)).statusCode).toBe(404);
  });

  it('bad input answers 400 naming the field', async () => {
    const month = await p.owner.get(`/api/clients/${client.id}/statement?month=2026-13`);
    expect(month.statusCode).toBe(400);
    expect(month.body).toContain('month');
    const backwards = await p.owner.get(`/api/superbills?clientId=${client.id}&from=${encodeURIComponent(to)}&to=${encodeURIComponent(from)}`);
    expect(backwards.statusCode).toBe(400);
    expect(backwards.json().error.field).toBe('to');
    const locale = await p.owner.get(`/api/invoices/${invoice.id}/pdf?locale=fr-FR`);
    expect(locale.statusCode).toBe(400);
    expect(locale.body).toContain('locale');
    expect((await p.owner.get(`/api/superbills?clientId=${client.id}&from=2026-11-01&to=2026-12-01`)).statusCode).toBe(400);
  });

  it('audits each download as an export with ids only', async () => {
    const rows = await h.database.db.selectFrom('audit_log').select(['actor_type', 'action', 'resource_type', 'resource_id', 'details']).where('action', '=', 'export').execute();
    const types = new Set(rows.map((r) => r.resource_type));
    for (const t of ['invoice_pdf', 'receipt', 'statement', 'superbill']) expect(types).toContain(t);
    expect(rows.some((r) => r.actor_type === 'client' && r.resource_type === 'invoice_pdf')).toBe(true);
    const all = JSON.stringify(rows);
    for (const phi of ['Marigold', 'Quince', 'F41.1', 'anxiety', 'Psycho']) expect(all).not.toContain(phi);
  });

  it('a visit credited back by a credit note leaves the superbill; the other visit stays', async () => {
    const audioLine = invoice.lines.find((l) => l.modifiers.includes('93'))!;
    const credit = await p.owner.post(`/api/invoices/${invoice.id}/credit-notes`, { lineIds: [audioLine.id], reason: 'Visit not billable' });
    expect(credit.statusCode, credit.body).toBe(201);
    const q = `clientId=${client.id}&from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`;
    const { text } = await pdfOf(await provider.actor.get(`/api/superbills?${q}`), /superbill-/);
    expect([...text.matchAll(/ 90834 (\d\d) (\d\d) 1 \$160\.00/g)].map((m) => m[1])).toEqual(['95']);
  });
});
