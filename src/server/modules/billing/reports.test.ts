// Billing reports over known rows, on both databases: income by month in the reader's zone (credit
// notes subtract, voided and draft invoices count nowhere, refunds and lost disputes reduce what
// was collected), aging buckets at their exact boundaries, payments by method, unbilled visits,
// the CSV downloads (exact decimals, formula-safe cells), access by role and the audit of each read.
import { beforeAll, describe, expect, it } from 'vitest';
import { billableRate } from './reports.js';
import { textCell, toCsv } from './reports-csv.js';
import { testDialects } from '../../testing/dialects.js';
import { teamSuite } from '../../testing/suite.js';
import { seedAppointment, seedInvoice, seedPayment, seedRefund, seedSettings, type BillingRows } from '../../testing/billing-rows.js';
import type { BillableAppointment } from '../scheduling/index.js';

const DAY = 86_400_000;
const at = (s: string) => Date.parse(s);
const q = (o: Record<string, string>) => new URLSearchParams(o).toString();

describe('reports CSV cells', () => {
  it('prefixes a text cell that a spreadsheet would run as a formula, and quotes what needs quoting', () => {
    expect(['=SUM(A1)', '+1', '-2', '@cmd', '\tx', 'plain', 'a,b', 'say "hi"'].map(textCell)).toEqual(["'=SUM(A1)", "'+1", "'-2", "'@cmd", "'\tx", 'plain', '"a,b"', '"say ""hi"""']);
  });
  it('writes amounts as exact decimals in major units, negative ones unprefixed', () => {
    expect(toCsv(['a', 'b'], [[{ cents: -15000 }, { cents: 5 }]], 'USD')).toBe('a,b\r\n-150.00,0.05\r\n');
    expect(toCsv(['a'], [[{ cents: 1234 }]], 'JPY')).toBe('a\r\n1234\r\n');
  });
});

describe('billable rate', () => {
  const visit = (v: Partial<BillableAppointment>): BillableAppointment => ({ id: 'a', providerId: 'p', start: 0, status: 'completed', lateCancel: false, serviceId: null, serviceName: null, cptCode: null, rateCents: 15000, clientIds: ['c'], ...v });
  const facts = (late: 'none' | 'flat' | 'service_rate', noShow: 'none' | 'flat' | 'service_rate') => ({ currency: 'USD', lateCancelFee: late, lateCancelFeeCents: 2500, noShowFee: noShow, noShowFeeCents: 4000 });
  it('bills attended visits at the rate, a checked-in visit only with a call held, fees under the policy', () => {
    expect(billableRate(visit({}), null, false)).toBe(15000);
    expect(billableRate(visit({ status: 'checked_in' }), null, false)).toBeNull();
    expect(billableRate(visit({ status: 'checked_in' }), null, true)).toBe(15000);
    expect(billableRate(visit({ status: 'no_show' }), null, false)).toBeNull();
    expect(billableRate(visit({ status: 'no_show' }), facts('none', 'flat'), false)).toBe(4000);
    expect(billableRate(visit({ status: 'no_show' }), facts('none', 'service_rate'), false)).toBe(15000);
    expect(billableRate(visit({ status: 'cancelled', lateCancel: true }), facts('none', 'flat'), false)).toBeNull();
    expect(billableRate(visit({ status: 'cancelled', lateCancel: true }), facts('flat', 'none'), false)).toBe(2500);
    expect(billableRate(visit({ status: 'cancelled', lateCancel: false }), facts('flat', 'flat'), false)).toBeNull();
  });
});

describe.each(testDialects())('billing reports (%s)', (dialect) => {
  const { h, p, other, staff } = teamSuite(dialect, { smtp: true }, ['provider', 'front_desk', 'billing', 'compliance']);
  const ids = { c1: '', c2: '', evil: '', service: '', otherClient: '' };
  let rows: BillingRows;

  beforeAll(async () => {
    const client = async (firstName: string, lastName: string, owner = p.owner) => {
      const res = await owner.post('/api/clients', { firstName, lastName, dateOfBirth: '1985-03-04', providerIds: [] });
      expect(res.statusCode, res.body).toBe(201);
      return res.json().id as string;
    };
    ids.c1 = await client('Ada', 'Lovelace');
    ids.c2 = await client('Grace', 'Hopper');
    ids.evil = await client('=HYPERLINK("http://x")', 'Mallory');
    ids.otherClient = await client('Other', 'Practice', other.owner);
    const svc = await p.owner.post('/api/practice/appointment-services', { name: 'Psychotherapy, 53 min', cptCode: '90837', defaultMinutes: 53, rateCents: 15000 });
    expect(svc.statusCode, svc.body).toBe(201);
    ids.service = svc.json().id;
    rows = { db: h.database.db, crypto: h.app.services.ctx.crypto, practiceId: p.practiceId };
    await seedSettings(rows, { noShowFee: 'flat', noShowFeeCents: 4000, lateCancelFee: 'none' });
  });

  it('sums income by month in the reader zone: credit notes subtract, void and draft count nowhere, refunds and lost disputes reduce collected', async () => {
    const prov = staff.provider!.id;
    const service = (amountCents: number, cptCode: string | null, kind: 'service' | 'late_cancel' | 'manual' | 'credit' = 'service') => ({ amountCents, cptCode, kind, providerId: prov });
    await seedInvoice(rows, { clientId: ids.c1, providerId: prov, status: 'paid', issuedAt: at('2026-01-15T12:00:00Z'), lines: [service(15000, '90837'), service(5000, null, 'late_cancel')] });
    // 22:00 on 31 January in New York: January there, February in UTC.
    await seedInvoice(rows, { clientId: ids.c2, providerId: prov, status: 'issued', issuedAt: at('2026-02-01T03:00:00Z'), lines: [service(10000, '90834')] });
    await seedInvoice(rows, { clientId: ids.c1, providerId: prov, kind: 'credit_note', status: 'issued', issuedAt: at('2026-02-10T15:00:00Z'), lines: [service(-15000, '90837', 'credit')] });
    await seedInvoice(rows, { clientId: ids.c1, providerId: prov, status: 'void', issuedAt: at('2026-01-20T15:00:00Z'), lines: [service(99900, '90837')] });
    await seedInvoice(rows, { clientId: ids.c1, providerId: prov, status: 'draft', issuedAt: null, lines: [service(88800, '90837')] });
    // Tax is not income: the line's amount before tax counts.
    await seedInvoice(rows, { clientId: ids.c2, providerId: null, status: 'partly_paid', issuedAt: at('2026-03-03T15:00:00Z'), lines: [{ amountCents: 10000, taxCents: 800, kind: 'manual' }] });
    await seedInvoice({ ...rows, practiceId: other.practiceId }, { clientId: ids.otherClient, status: 'issued', issuedAt: at('2026-01-10T15:00:00Z'), lines: [{ amountCents: 77700, cptCode: '90837' }] });
    const cash = await seedPayment(rows, { clientId: ids.c1, method: 'cash', amountCents: 20000, receivedAt: at('2026-01-20T15:00:00Z') });
    const card = await seedPayment(rows, { clientId: ids.c2, method: 'stripe', amountCents: 10000, receivedAt: at('2026-03-05T15:00:00Z') });
    await seedPayment(rows, { clientId: ids.c2, method: 'check', amountCents: 4400, receivedAt: at('2026-04-02T15:00:00Z') });
    await seedRefund(rows, { paymentId: cash, amountCents: 3000, at: at('2026-03-10T15:00:00Z') });
    await seedRefund(rows, { paymentId: cash, amountCents: 1000, at: at('2026-03-11T15:00:00Z'), status: 'failed' });
    await seedRefund(rows, { paymentId: card, amountCents: 500, at: at('2026-03-12T15:00:00Z'), kind: 'dispute', status: 'won' });
    await seedRefund(rows, { paymentId: card, amountCents: 2000, at: at('2026-03-20T15:00:00Z'), kind: 'dispute', status: 'lost' });

    const range = { from: '2026-01-01T00:00:00-05:00', to: '2026-04-01T00:00:00-04:00', timeZone: 'America/New_York' };
    const res = await staff.billing!.actor.get(`/api/billing/reports/income?${q(range)}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const report = res.json();
    expect(report.currency).toBe('USD');
    expect(report.byMonth).toEqual([
      { month: '2026-01', invoicedCents: 30000, collectedCents: 20000 },
      { month: '2026-02', invoicedCents: -15000, collectedCents: 0 },
      { month: '2026-03', invoicedCents: 10000, collectedCents: 5000 },
    ]);
    const jan = report.rows.filter((r: { month: string }) => r.month === '2026-01');
    expect(jan).toEqual([
      { month: '2026-01', providerId: prov, providerName: 'Priya Provider', service: '90834', serviceName: null, invoicedCents: 10000, collectedCents: 0 },
      { month: '2026-01', providerId: prov, providerName: 'Priya Provider', service: '90837', serviceName: 'Psychotherapy, 53 min', invoicedCents: 15000, collectedCents: 0 },
      { month: '2026-01', providerId: prov, providerName: 'Priya Provider', service: 'late_cancel', serviceName: null, invoicedCents: 5000, collectedCents: 0 },
      { month: '2026-01', providerId: null, providerName: null, service: null, serviceName: null, invoicedCents: 0, collectedCents: 20000 },
    ]);
    expect(report.rows).toContainEqual({ month: '2026-03', providerId: null, providerName: null, service: 'manual', serviceName: null, invoicedCents: 10000, collectedCents: 0 });

    // In UTC the late-January invoice falls in February.
    const utc = (await staff.billing!.actor.get(`/api/billing/reports/income?${q({ from: '2026-01-01T00:00:00Z', to: '2026-04-01T00:00:00Z' })}`)).json();
    expect(utc.byMonth.map((m: { invoicedCents: number }) => m.invoicedCents)).toEqual([20000, -5000, 10000]);

    const csv = await staff.billing!.actor.get(`/api/billing/reports/income?${q({ ...range, format: 'csv' })}`);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.headers['content-disposition']).toBe('attachment; filename="hearth-income-2026-01-01.csv"');
    expect(csv.headers['cache-control']).toBe('no-store');
    const lines = csv.body.trim().split('\r\n');
    expect(lines[0]).toBe('month,provider_id,provider,service_code,service,invoiced,collected,currency');
    expect(lines).toContain(`2026-02,${prov},Priya Provider,90837,"Psychotherapy, 53 min",-150.00,0.00,USD`);
    expect(lines).toContain('2026-03,,,,,0.00,50.00,USD');

    const pay = (await staff.billing!.actor.get(`/api/billing/reports/payments?${q(range)}`)).json();
    expect(pay.rows).toEqual([
      { method: 'cash', payments: 1, amountCents: 20000, refundedCents: 3000 },
      { method: 'stripe', payments: 1, amountCents: 10000, refundedCents: 2000 },
    ]);
    const payCsv = await staff.billing!.actor.get(`/api/billing/reports/payments?${q({ ...range, format: 'csv' })}`);
    expect(payCsv.body).toBe('method,payments,amount,refunded,net,currency\r\ncash,1,200.00,30.00,170.00,USD\r\nstripe,1,100.00,20.00,80.00,USD\r\n');
  });

  it('buckets open balances by whole days past due, at the 30/31, 60/61 and 90/91 boundaries', async () => {
    const asOf = at('2026-06-30T12:00:00Z');
    const open = (clientId: string, dueAt: number, total: number, extra: { status?: 'issued' | 'partly_paid' | 'paid' | 'void' | 'draft'; paidCents?: number; creditedCents?: number; issuedAt?: number; kind?: 'invoice' | 'credit_note' } = {}) =>
      seedInvoice(rows, { clientId, status: extra.status ?? 'issued', issuedAt: extra.status === 'draft' ? null : (extra.issuedAt ?? dueAt - 14 * DAY), dueAt, lines: [{ amountCents: total, cptCode: '90837' }], ...(extra.kind ? { kind: extra.kind } : {}), ...(extra.paidCents ? { paidCents: extra.paidCents } : {}), ...(extra.creditedCents ? { creditedCents: extra.creditedCents } : {}) });
    await open(ids.c1, asOf - 30 * DAY, 10000);
    await open(ids.c1, asOf + 5 * DAY, 2000);
    await open(ids.c1, asOf - 31 * DAY, 5000, { status: 'partly_paid', paidCents: 1000 });
    await open(ids.c1, asOf - 91 * DAY, 7000, { creditedCents: 2000 });
    await open(ids.c2, asOf - 31 * DAY + 1, 100);
    await open(ids.c2, asOf - 60 * DAY, 3000);
    await open(ids.c2, asOf - 61 * DAY, 4000);
    await open(ids.c2, asOf - 90 * DAY, 6000);
    await open(ids.evil, asOf - 10 * DAY, 1500);
    // Not outstanding: paid, void, draft, credit notes, issued after asOf.
    await open(ids.c2, asOf - 100 * DAY, 9999, { status: 'paid', paidCents: 9999 });
    await open(ids.c2, asOf - 100 * DAY, 9999, { status: 'void' });
    await open(ids.c2, asOf - 100 * DAY, 9999, { status: 'draft' });
    await open(ids.c2, asOf - 100 * DAY, -9999, { kind: 'credit_note' });
    await open(ids.c2, asOf + 20 * DAY, 9999, { issuedAt: asOf + DAY });

    // The income test's invoices are open too (issued January to March): the report is over every open invoice.
    const res = await staff.billing!.actor.get(`/api/billing/reports/aging?${q({ asOf: '2026-06-30T12:00:00Z' })}`);
    expect(res.statusCode, res.body).toBe(200);
    const report = res.json();
    const c1 = report.clients.find((c: { clientId: string }) => c.clientId === ids.c1);
    expect(c1).toEqual({ clientId: ids.c1, clientName: 'Ada Lovelace', bucketCents: { '0-30': 12000, '31-60': 4000, '61-90': 0, '90+': 5000 }, totalCents: 21000 });
    const c2 = report.clients.find((c: { clientId: string }) => c.clientId === ids.c2);
    // c2 also has the income test's February (10000, due none: aged from issue) and March (10800) invoices, both 90+.
    expect(c2).toEqual({ clientId: ids.c2, clientName: 'Grace Hopper', bucketCents: { '0-30': 100, '31-60': 3000, '61-90': 10000, '90+': 20800 }, totalCents: 33900 });
    expect(report.buckets).toEqual([
      { bucket: '0-30', invoices: 4, outstandingCents: 13600 },
      { bucket: '31-60', invoices: 2, outstandingCents: 7000 },
      { bucket: '61-90', invoices: 2, outstandingCents: 10000 },
      { bucket: '90+', invoices: 3, outstandingCents: 25800 },
    ]);
    expect(report.clients.map((c: { clientId: string }) => c.clientId)).toEqual([ids.c2, ids.c1, ids.evil]);

    const csv = await staff.billing!.actor.get(`/api/billing/reports/aging?${q({ asOf: '2026-06-30T12:00:00Z', format: 'csv' })}`);
    const lines = csv.body.trim().split('\r\n');
    expect(lines[0]).toBe('client_id,client,days_0-30,days_31-60,days_61-90,days_90+,total,currency,as_of');
    expect(lines).toContain(`${ids.evil},"'=HYPERLINK(""http://x"") Mallory",15.00,0.00,0.00,0.00,15.00,USD,2026-06-30T12:00:00.000Z`);
    expect(lines.at(-1)).toBe(',All clients,136.00,70.00,100.00,258.00,564.00,USD,2026-06-30T12:00:00.000Z');
  });

  it('lists attended visits, no-shows under the fee policy and unbilled clients of a group visit, nothing else', async () => {
    const prov = staff.provider!.id;
    const visit = (start: string, status: 'completed' | 'checked_in' | 'no_show' | 'cancelled' | 'scheduled', clientIds = [ids.c1], extra: { lateCancel?: boolean; cancelledBy?: 'client' | 'practice' } = {}) =>
      seedAppointment(rows, { providerId: prov, clientIds, start: at(start), status, serviceId: ids.service, ...extra });
    const attended = await visit('2026-05-04T15:00:00Z', 'completed');
    const couple = await visit('2026-05-05T15:00:00Z', 'completed', [ids.c1, ids.c2]);
    const noShow = await visit('2026-05-06T15:00:00Z', 'no_show');
    await visit('2026-05-07T15:00:00Z', 'cancelled', [ids.c1], { lateCancel: true, cancelledBy: 'client' });
    await visit('2026-05-08T15:00:00Z', 'cancelled', [ids.c1], { cancelledBy: 'practice' });
    await visit('2026-05-09T15:00:00Z', 'scheduled');
    await visit('2026-05-10T15:00:00Z', 'checked_in');
    await visit('2026-06-02T15:00:00Z', 'completed');
    await seedInvoice(rows, { clientId: ids.c1, providerId: prov, status: 'issued', issuedAt: at('2026-05-06T15:00:00Z'), markBilled: true, lines: [{ amountCents: 15000, cptCode: '90837', appointmentId: couple }] });

    const range = { from: '2026-05-01T00:00:00Z', to: '2026-06-01T00:00:00Z' };
    const res = await staff.billing!.actor.get(`/api/billing/reports/unbilled?${q(range)}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().currency).toBe('USD');
    expect(res.json().rows).toEqual([
      { appointmentId: attended, clientId: ids.c1, clientName: 'Ada Lovelace', providerId: prov, start: '2026-05-04T15:00:00.000Z', status: 'completed', service: 'Psychotherapy, 53 min', rateCents: 15000 },
      { appointmentId: couple, clientId: ids.c2, clientName: 'Grace Hopper', providerId: prov, start: '2026-05-05T15:00:00.000Z', status: 'completed', service: 'Psychotherapy, 53 min', rateCents: 15000 },
      { appointmentId: noShow, clientId: ids.c1, clientName: 'Ada Lovelace', providerId: prov, start: '2026-05-06T15:00:00.000Z', status: 'no_show', service: 'Psychotherapy, 53 min', rateCents: 4000 },
    ]);
    const csv = await staff.billing!.actor.get(`/api/billing/reports/unbilled?${q({ ...range, format: 'csv' })}`);
    expect(csv.body.trim().split('\r\n')[3]).toBe(`${noShow},2026-05-06T15:00:00.000Z,${ids.c1},Ada Lovelace,${prov},no_show,"Psychotherapy, 53 min",40.00,USD`);

    // One client's list, for whoever invoices them: a provider sees their own clients' only.
    expect((await p.owner.patch(`/api/clients/${ids.c1}`, { providerIds: [prov] })).statusCode).toBe(200);
    const mine = await staff.provider!.actor.get(`/api/clients/${ids.c1}/unbilled?${q(range)}`);
    expect(mine.statusCode, mine.body).toBe(200);
    expect(mine.json().rows.map((r: { appointmentId: string }) => r.appointmentId)).toEqual([attended, noShow]);
    expect((await staff.provider!.actor.get(`/api/clients/${ids.c2}/unbilled?${q(range)}`)).statusCode).toBe(404);
    expect((await p.owner.get(`/api/clients/${ids.otherClient}/unbilled?${q(range)}`)).statusCode).toBe(404);
    expect((await staff.front_desk!.actor.get(`/api/clients/${ids.c1}/unbilled?${q(range)}`)).statusCode).toBe(403);
    expect((await p.owner.get(`/api/clients/${ids.c2}/unbilled?${q(range)}`)).json().rows.map((r: { appointmentId: string }) => r.appointmentId)).toEqual([couple]);
  });

  it('reports what the invoicing API made: an invoice issued, paid, partly refunded and credited; the credited visit is unbilled again', async () => {
    const prov = staff.provider!.id;
    const now = Date.now();
    // A client of its own: no payment seeded above becomes credit applied to this invoice when it is issued.
    const made0 = await p.owner.post('/api/clients', { firstName: 'Hedy', lastName: 'Lamarr', dateOfBirth: '1985-03-04', providerIds: [] });
    const hedy = made0.json().id as string;
    const visit = await seedAppointment(rows, { providerId: prov, clientIds: [hedy], start: now - 3 * 3_600_000, status: 'completed', serviceId: ids.service });
    const range = { from: new Date(now - 2 * DAY).toISOString(), to: new Date(now + DAY).toISOString() };
    const unbilled = async () => ((await staff.billing!.actor.get(`/api/billing/reports/unbilled?${q(range)}`)).json() as { rows: { appointmentId: string }[] }).rows.filter((r) => r.appointmentId === visit);
    expect(await unbilled()).toHaveLength(1);

    const made = await staff.billing!.actor.post('/api/invoices', { clientId: hedy, appointmentIds: [visit] });
    expect(made.statusCode, made.body).toBe(201);
    const invoiceId = made.json().id as string;
    expect((await staff.billing!.actor.post(`/api/invoices/${invoiceId}/issue`, {})).statusCode).toBe(200);
    expect(await unbilled()).toHaveLength(0);
    const paid = await staff.billing!.actor.post('/api/payments', { clientId: hedy, method: 'card_terminal', amountCents: 5000, invoiceIds: [invoiceId] });
    expect(paid.statusCode, paid.body).toBe(201);
    const refund = await staff.billing!.actor.post(`/api/invoices/${invoiceId}/refunds`, { amountCents: 2000, paymentId: paid.json().id, reason: 'Overcharged' });
    expect(refund.statusCode, refund.body).toBe(201);

    const month = new Date(now).toISOString().slice(0, 7);
    const income = async () => (await staff.billing!.actor.get(`/api/billing/reports/income?${q(range)}`)).json() as { rows: { month: string; providerId: string | null; service: string | null; invoicedCents: number; collectedCents: number }[] };
    const probe = await staff.billing!.actor.get(`/api/billing/reports/income?${q(range)}`);
    expect(probe.statusCode, probe.body).toBe(200);
    const mine = (r: Awaited<ReturnType<typeof income>>) => r.rows.filter((x) => x.month === month && x.providerId === prov && x.service === '90837');
    expect(mine(await income())).toEqual([expect.objectContaining({ invoicedCents: 15000 })]);
    expect((await income()).rows.filter((x) => x.service === null)).toEqual([expect.objectContaining({ collectedCents: 3000 })]);
    const pay = (await staff.billing!.actor.get(`/api/billing/reports/payments?${q(range)}`)).json() as { rows: unknown[] };
    expect(pay.rows).toEqual([{ method: 'card_terminal', payments: 1, amountCents: 5000, refundedCents: 2000 }]);

    // A credit note of the whole invoice: nothing invoiced on balance, and the visit may be billed again.
    const credit = await staff.billing!.actor.post(`/api/invoices/${invoiceId}/credit-notes`, { reason: 'Billed in error' });
    expect(credit.statusCode, credit.body).toBe(201);
    expect(mine(await income())).toEqual([expect.objectContaining({ invoicedCents: 0 })]);
    expect(await unbilled()).toHaveLength(1);
    // The credited invoice asks for nothing more: the client has no open balance.
    const aging = (await staff.billing!.actor.get('/api/billing/reports/aging')).json() as { clients: { clientId: string }[] };
    expect(aging.clients.map((c) => c.clientId)).not.toContain(hedy);
  });

  it('is for the owner, billing and compliance; every read is audited, a CSV as an export; a bad range is refused naming the field', async () => {
    const url = `/api/billing/reports/payments?${q({ from: '2026-01-01T00:00:00Z', to: '2026-02-01T00:00:00Z' })}`;
    expect((await p.owner.get(url)).statusCode).toBe(200);
    expect((await staff.compliance!.actor.get(url)).statusCode).toBe(200);
    expect((await staff.provider!.actor.get(url)).statusCode).toBe(403);
    expect((await staff.front_desk!.actor.get(url)).statusCode).toBe(403);
    // The other practice sees none of this practice's money.
    expect((await other.owner.get(url)).json().rows).toEqual([]);

    const audit = () => h.database.db.selectFrom('audit_log').select(['action', 'resource_id', 'actor_id', 'outcome']).where('resource_type', '=', 'billing_report').where('actor_id', '=', staff.compliance!.id).orderBy('seq').execute();
    const before = (await audit()).length;
    await staff.compliance!.actor.get(`${url}&format=csv`);
    expect((await audit()).slice(before)).toEqual([{ action: 'export', resource_id: 'payments', actor_id: staff.compliance!.id, outcome: 'success' }]);
    expect((await audit()).slice(0, 1)).toEqual([{ action: 'read', resource_id: 'payments', actor_id: staff.compliance!.id, outcome: 'success' }]);

    const backwards = await p.owner.get(`/api/billing/reports/income?${q({ from: '2026-02-01T00:00:00Z', to: '2026-01-01T00:00:00Z' })}`);
    expect([backwards.statusCode, backwards.json().error.field]).toEqual([400, 'to']);
    const tooLong = await p.owner.get(`/api/billing/reports/income?${q({ from: '2020-01-01T00:00:00Z', to: '2026-01-02T00:00:00Z' })}`);
    expect([tooLong.statusCode, tooLong.json().error.field]).toEqual([400, 'to']);
    const noZone = await p.owner.get(`/api/billing/reports/income?${q({ from: '2026-01-01', to: '2026-02-01T00:00:00Z' })}`);
    expect(noZone.statusCode).toBe(400);
    expect(noZone.body).toContain('from');
    const badZone = await p.owner.get(`/api/billing/reports/income?${q({ from: '2026-01-01T00:00:00Z', to: '2026-02-01T00:00:00Z', timeZone: 'Mars/Olympus' })}`);
    expect(badZone.statusCode).toBe(400);
    expect(badZone.body).toContain('timeZone');
  });
});
