// Invoices, the ledger and settings through the HTTP API on every test database: drafts priced from
// attended appointments, late cancellations and no-shows under the fee policy, sliding scale and
// tax per line; issue with gapless numbers; manual payments allocated oldest-first with the rest kept
// as credit; credit applied to the next invoice; void (and replace) releasing appointments; credit
// notes; refunds; balances; and settings (defaults, owner writes, stale version, fixed currency).
import { beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../../testing/dialects.js';
import { teamSuite } from '../../testing/suite.js';
import { attended, book, lateCancelled, newClient, newService, setStatus, type InvoiceJson } from '../../testing/billing.js';

describe.each(testDialects())('billing invoices on %s', (dialect) => {
  const { h, p, staff } = teamSuite(dialect, { smtp: true }, ['provider', 'billing', 'front_desk']);
  let serviceId: string;
  let clientId: string;

  beforeAll(async () => {
    serviceId = await newService(p.owner, 15000, '90837');
    clientId = await newClient(p.owner, [staff.provider!.id]);
  });

  const invoice = async (body: unknown) => {
    const res = await p.owner.post('/api/invoices', body);
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as InvoiceJson;
  };
  const issue = async (id: string) => {
    const res = await p.owner.post(`/api/invoices/${id}/issue`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as InvoiceJson;
  };

  it('settings start with defaults; the owner changes them; billing reads; a stale version is 409', async () => {
    const first = await staff.billing!.actor.get('/api/billing/settings');
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toMatchObject({ currency: 'USD', taxRate: '0', lateCancelFee: { policy: 'none' }, noShowFee: { policy: 'none' }, autoInvoice: 'off', dueDays: 14, identity: null, stripe: { connected: false } });
    const version = (first.json() as { version: number }).version;
    expect((await staff.billing!.actor.patch('/api/billing/settings', { taxRate: '5' })).statusCode).toBe(403);
    const changed = await p.owner.patch('/api/billing/settings', {
      taxRate: '8.875',
      lateCancelFee: { policy: 'flat', amountCents: 5000 },
      noShowFee: { policy: 'service_rate', amountCents: 0 },
      identity: { legalName: 'Hearth Therapy LLC', address: '1 Main St\nSpringfield', taxId: '12-3456789', npi: '1234567893' },
      version,
    });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json()).toMatchObject({ taxRate: '8.875', identity: { legalName: 'Hearth Therapy LLC' }, version: version + 1 });
    const stale = await p.owner.patch('/api/billing/settings', { dueDays: 30, version });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.field).toBe('version');
    expect((await p.owner.get('/api/billing/settings')).json().dueDays).toBe(14);
    const bad = await p.owner.patch('/api/billing/settings', { taxRate: '8.87501' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('taxRate');
  });

  it('prices attended, late-cancelled and no-show appointments and manual lines, tax per line', async () => {
    const seen = await attended(p.owner, { clientId, providerId: staff.provider!.id, serviceId });
    const late = await lateCancelled(p.owner, { clientId, providerId: staff.provider!.id, serviceId });
    const missed = await book(p.owner, { clientId, providerId: staff.provider!.id, serviceId });
    await setStatus(p.owner, missed, 'no_show');
    const inv = await invoice({ clientId, appointmentIds: [seen, late, missed], lines: [{ description: 'Workbook', units: 1, rateCents: 10000, taxable: true }] });
    expect(inv.status).toBe('draft');
    expect(inv.number).toBeNull();
    expect(inv.lines.map((l) => [l.kind, l.cptCode, l.posCode, l.amountCents, l.taxCents])).toEqual([
      ['service', '90837', '11', 15000, 0],
      ['late_cancel', null, null, 5000, 0],
      ['no_show', null, null, 15000, 0],
      // 10,000 × 8.875% = 887.5, half to even: 888.
      ['manual', null, null, 10000, 888],
    ]);
    expect(inv.totalCents).toBe(15000 + 5000 + 15000 + 10888);
    // The same appointment on a second invoice: 409 naming it, nothing stored.
    const before = (await p.owner.get(`/api/invoices?clientId=${clientId}`)).json().total as number;
    const fresh = await attended(p.owner, { clientId, providerId: staff.provider!.id, serviceId });
    const again = await p.owner.post('/api/invoices', { clientId, appointmentIds: [fresh, seen] });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.field).toBe('appointmentIds[1]');
    expect((await p.owner.get(`/api/invoices?clientId=${clientId}`)).json().total).toBe(before);
    // Nothing was kept of the refused invoice: the fresh appointment is still free to bill.
    const freshOnly = await invoice({ clientId, appointmentIds: [fresh] });
    await p.owner.del(`/api/invoices/${freshOnly.id}`);
    // Deleting the draft releases them.
    expect((await p.owner.del(`/api/invoices/${inv.id}`)).statusCode).toBe(204);
    expect((await p.owner.get(`/api/invoices/${inv.id}`)).statusCode).toBe(404);
    const rebilled = await invoice({ clientId, appointmentIds: [seen] });
    expect(rebilled.lines).toHaveLength(1);
    await p.owner.del(`/api/invoices/${rebilled.id}`);
  });

  it('refuses appointments it cannot bill, naming each', async () => {
    const upcoming = await book(p.owner, { clientId, providerId: staff.provider!.id, serviceId, days: 5 });
    const res = await p.owner.post('/api/invoices', { clientId, appointmentIds: [upcoming] });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.field).toBe('appointmentIds[0]');
    const other = await newClient(p.owner);
    const theirs = await attended(p.owner, { clientId: other, providerId: staff.provider!.id, serviceId });
    const foreign = await p.owner.post('/api/invoices', { clientId, appointmentIds: [theirs] });
    expect(foreign.statusCode).toBe(400);
    expect(foreign.json().error.field).toBe('appointmentIds[0]');
  });

  it('applies the sliding scale to service lines and spreads the invoice discount', async () => {
    const client = await newClient(p.owner);
    const profile = await p.owner.patch(`/api/clients/${client}/billing`, { slidingScalePercent: '40' });
    expect(profile.statusCode, profile.body).toBe(200);
    const a = await attended(p.owner, { clientId: client, providerId: p.userId, serviceId });
    const inv = await invoice({ clientId: client, appointmentIds: [a], lines: [{ description: 'Letter', units: 1, rateCents: 3000 }], discountCents: 1200 });
    // Service: 15,000 less 40% = 9,000; manual 3,000; the 1,200 discount in proportion 9:3 → 900 and 300.
    expect(inv.lines.map((l) => l.amountCents)).toEqual([8100, 2700]);
    expect(inv.totalCents).toBe(10800);
    await p.owner.del(`/api/invoices/${inv.id}`);
  });

  it('issues with gapless numbers, applies payments oldest first and keeps the rest as credit', async () => {
    const client = await newClient(p.owner);
    const one = await issue((await invoice({ clientId: client, lines: [{ description: 'A', units: 1, rateCents: 10000 }] })).id);
    const two = await issue((await invoice({ clientId: client, lines: [{ description: 'B', units: 2, rateCents: 5000 }] })).id);
    const n1 = Number(one.number!.slice(4));
    expect(one.number).toMatch(/^INV-\d{6}$/);
    expect(two.number).toBe(`INV-${String(n1 + 1).padStart(6, '0')}`);
    expect(one.status).toBe('issued');
    // Front desk records cash: 150.00 pays the first in full and half the second.
    const pay = await staff.front_desk!.actor.post('/api/payments', { clientId: client, method: 'cash', amountCents: 15000, reference: 'R-1' });
    expect(pay.statusCode, pay.body).toBe(201);
    expect(pay.json()).toMatchObject({ unappliedCents: 0, recordedBy: staff.front_desk!.id, reference: 'R-1' });
    expect((await p.owner.get(`/api/invoices/${one.id}`)).json()).toMatchObject({ status: 'paid', balanceCents: 0 });
    expect((await p.owner.get(`/api/invoices/${two.id}`)).json()).toMatchObject({ status: 'partly_paid', balanceCents: 5000 });
    // A check for 80.00: 50.00 to the second, 30.00 stays as credit.
    await staff.front_desk!.actor.post('/api/payments', { clientId: client, method: 'check', amountCents: 8000 });
    const bal = (await staff.front_desk!.actor.get(`/api/clients/${client}/balance`)).json();
    expect(bal).toMatchObject({ outstandingCents: 0, unappliedCents: 3000, balanceCents: -3000, openInvoices: [] });
    // The credit pays the next invoice when it is issued.
    const three = await issue((await invoice({ clientId: client, lines: [{ description: 'C', units: 1, rateCents: 2000 }] })).id);
    expect(three).toMatchObject({ status: 'paid', paidCents: 2000 });
    expect((await p.owner.get(`/api/clients/${client}/balance`)).json()).toMatchObject({ unappliedCents: 1000 });
    // An issued invoice is never edited.
    const edit = await p.owner.patch(`/api/invoices/${three.id}`, { memo: 'changed', version: three.version });
    expect(edit.statusCode).toBe(409);
    expect(edit.json().error.code).toBe('invoice_issued');
    expect((await p.owner.get(`/api/invoices/${three.id}`)).json()).toMatchObject({ memo: null, version: three.version });
  });

  it('a zero-total invoice issues straight to paid', async () => {
    const inv = await issue((await invoice({ clientId, lines: [{ description: 'Courtesy', units: 1, rateCents: 0 }] })).id);
    expect(inv).toMatchObject({ status: 'paid', totalCents: 0 });
  });

  it('void releases the appointments, keeps money paid as credit, and can open a replacement', async () => {
    const client = await newClient(p.owner);
    const a = await attended(p.owner, { clientId: client, providerId: p.userId, serviceId });
    const inv = await issue((await invoice({ clientId: client, appointmentIds: [a] })).id);
    await p.owner.post('/api/payments', { clientId: client, method: 'card_terminal', amountCents: 5000 });
    const voided = await p.owner.post(`/api/invoices/${inv.id}/void`, { reason: 'Wrong service', replace: true });
    expect(voided.statusCode, voided.body).toBe(200);
    expect(voided.json()).toMatchObject({ status: 'void', paidCents: 0, voidReason: 'Wrong service' });
    expect((await p.owner.get(`/api/clients/${client}/balance`)).json()).toMatchObject({ outstandingCents: 0, unappliedCents: 5000 });
    const list = (await p.owner.get(`/api/invoices?clientId=${client}&status=draft`)).json().items as { id: string }[];
    expect(list).toHaveLength(1);
    const replacement = (await p.owner.get(`/api/invoices/${list[0]!.id}`)).json();
    expect(replacement).toMatchObject({ replacesInvoiceId: inv.id, status: 'draft', totalCents: inv.totalCents });
    expect(replacement.lines[0].appointmentId).toBe(a);
    // Issuing the replacement takes the credit.
    const issued = await issue(replacement.id);
    expect(issued).toMatchObject({ paidCents: 5000, status: 'partly_paid' });
  });

  it('a credit note reverses lines exactly and returns money paid twice over as credit', async () => {
    const client = await newClient(p.owner);
    const inv = await issue((await invoice({ clientId: client, lines: [{ description: 'Book', units: 1, rateCents: 10000, taxable: true }, { description: 'Session', units: 1, rateCents: 5000 }] })).id);
    await p.owner.post('/api/payments', { clientId: client, method: 'cash', amountCents: inv.totalCents });
    const cn = await p.owner.post(`/api/invoices/${inv.id}/credit-notes`, { lineIds: [inv.lines[0]!.id], reason: 'Returned' });
    expect(cn.statusCode, cn.body).toBe(201);
    expect(cn.json()).toMatchObject({ kind: 'credit_note', totalCents: -10888, originalInvoiceId: inv.id });
    expect(cn.json().number).toMatch(/^CN-\d{6}$/);
    expect((await p.owner.get(`/api/invoices/${inv.id}`)).json()).toMatchObject({ creditedCents: 10888, paidCents: 5000, status: 'paid', creditNoteIds: [cn.json().id] });
    expect((await p.owner.get(`/api/clients/${client}/balance`)).json()).toMatchObject({ unappliedCents: 10888 });
    const twice = await p.owner.post(`/api/invoices/${inv.id}/credit-notes`, { lineIds: [inv.lines[0]!.id], reason: 'Again' });
    expect(twice.statusCode).toBe(409);
  });

  it('refunds a manual payment; more than was paid is 400 naming amountCents with nothing changed', async () => {
    const client = await newClient(p.owner);
    const inv = await issue((await invoice({ clientId: client, lines: [{ description: 'S', units: 1, rateCents: 10000 }] })).id);
    const pay = (await p.owner.post('/api/payments', { clientId: client, method: 'cash', amountCents: 10000 })).json() as { id: string };
    const over = await staff.billing!.actor.post(`/api/invoices/${inv.id}/refunds`, { amountCents: 10001 });
    expect(over.statusCode).toBe(400);
    expect(over.json().error.field).toBe('amountCents');
    expect((await p.owner.get(`/api/invoices/${inv.id}`)).json()).toMatchObject({ paidCents: 10000, status: 'paid', refundedCents: 0 });
    const ok = await staff.billing!.actor.post(`/api/invoices/${inv.id}/refunds`, { amountCents: 4000, reason: 'Goodwill' });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json()).toMatchObject({ paymentId: pay.id, amountCents: 4000, status: 'succeeded' });
    expect((await p.owner.get(`/api/invoices/${inv.id}`)).json()).toMatchObject({ paidCents: 6000, status: 'partly_paid', refundedCents: 4000, balanceCents: 4000 });
    const payments = (await p.owner.get(`/api/payments?clientId=${client}`)).json().items;
    expect(payments[0]).toMatchObject({ refundedCents: 4000, unappliedCents: 0, allocations: [{ invoiceId: inv.id, amountCents: 6000 }] });
  });

  it('lists newest first a page at a time', async () => {
    const client = await newClient(p.owner);
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await invoice({ clientId: client, lines: [{ description: `L${i}`, units: 1, rateCents: 100 }] })).id);
    const first = (await p.owner.get(`/api/invoices?clientId=${client}&limit=2`)).json();
    expect(first.total).toBe(3);
    const second = (await p.owner.get(`/api/invoices?clientId=${client}&limit=2&cursor=${first.nextCursor}`)).json();
    expect([...first.items, ...second.items].map((i: { id: string }) => i.id).sort()).toEqual([...ids].sort());
    expect(second.nextCursor).toBeNull();
    expect(h.dialect).toBe(dialect);
  });

  it('automatic invoicing drafts and issues as the system, with the same pricing and the same one-line-per-appointment rule', async () => {
    const billing = h.app.services.billing.invoices;
    const client = await newClient(p.owner);
    const a = await attended(p.owner, { clientId: client, providerId: p.userId, serviceId });
    const id = await billing.createAsSystem({ practiceId: p.practiceId, clientId: client, appointmentIds: [a], source: 'auto_appointment' });
    await billing.issueAsSystem(p.practiceId, id);
    const inv = await billing.invoiceOf(p.practiceId, id);
    expect(inv).toMatchObject({ source: 'auto_appointment', status: 'issued', totalCents: 15000, providerId: p.userId });
    expect(inv!.number).toMatch(/^INV-/);
    await expect(billing.createAsSystem({ practiceId: p.practiceId, clientId: client, appointmentIds: [a], source: 'auto_appointment' })).rejects.toMatchObject({ status: 409, field: 'appointmentIds[0]' });
    await expect(billing.issueAsSystem(p.practiceId, id)).rejects.toMatchObject({ status: 409 });
    await expect(billing.createAsSystem({ practiceId: p.practiceId, clientId: 'nope', source: 'auto_monthly' })).rejects.toMatchObject({ status: 404 });
    const audits = await h.database.db.selectFrom('audit_log').select(['action', 'actor_type']).where('resource_id', '=', id).execute();
    expect(audits).toEqual(expect.arrayContaining([{ action: 'create', actor_type: 'system' }, { action: 'update', actor_type: 'system' }]));
    expect(await billing.balanceOf(p.practiceId, client)).toMatchObject({ outstandingCents: 15000, openInvoices: [{ id }] });
  });

  it('edits a draft: lines given replace the manual lines, its appointments stay claimed; appointments given release the rest', async () => {
    const client = await newClient(p.owner);
    const a = await attended(p.owner, { clientId: client, providerId: p.userId, serviceId });
    const b = await attended(p.owner, { clientId: client, providerId: p.userId, serviceId });
    const inv = await invoice({ clientId: client, appointmentIds: [a, b], lines: [{ description: 'Old', units: 1, rateCents: 100 }] });
    const relined = await p.owner.patch(`/api/invoices/${inv.id}`, { lines: [{ description: 'New', units: 2, rateCents: 700 }], memo: 'See me', version: inv.version });
    expect(relined.statusCode, relined.body).toBe(200);
    expect(relined.json()).toMatchObject({ memo: 'See me', totalCents: 15000 * 2 + 1400, version: inv.version + 1 });
    expect((relined.json() as InvoiceJson).lines.map((l) => [l.kind, l.description])).toEqual([['service', expect.any(String)], ['service', expect.any(String)], ['manual', 'New']]);
    // Only `a` now: `b` is free for another invoice.
    const narrowed = await p.owner.patch(`/api/invoices/${inv.id}`, { appointmentIds: [a], version: inv.version + 1 });
    expect(narrowed.statusCode, narrowed.body).toBe(200);
    expect((narrowed.json() as InvoiceJson).lines.map((l) => l.kind)).toEqual(['service', 'manual']);
    const other = await invoice({ clientId: client, appointmentIds: [b] });
    expect((await p.owner.post('/api/invoices', { clientId: client, appointmentIds: [a] })).statusCode).toBe(409);
    await p.owner.del(`/api/invoices/${other.id}`);
  });
});
