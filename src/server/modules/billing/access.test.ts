// Who may do what in billing, route by route and role by role, on every test database: the owner
// everything; billing staff everything of billing; a provider creates, issues and voids invoices for
// their own clients only (another client answers 404); front desk records payments and reads
// invoices and balances; compliance reads. Every read and change of an invoice, payment and refund
// is audited, and no audit record carries an amount, a name or a service.
import { beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import type { Actor } from '../../testing/actors.js';
import { testDialects } from '../../testing/dialects.js';
import { teamSuite } from '../../testing/suite.js';
import { newClient, type InvoiceJson } from '../../testing/billing.js';

type Role = 'owner' | 'provider' | 'front_desk' | 'billing' | 'compliance';
const ROLES: Role[] = ['owner', 'provider', 'front_desk', 'billing', 'compliance'];

interface Case {
  name: string;
  allowed: Role[];
  /** The request, prepared afresh for each caller (drafts, issued or paid invoices made by the owner). */
  request: (as: Actor) => Promise<LightMyRequestResponse>;
}

describe.each(testDialects())('billing access on %s', (dialect) => {
  const { h, p, other, staff } = teamSuite(dialect, { smtp: true }, ['provider', 'front_desk', 'billing', 'compliance']);
  let own: string; // a client of the provider's
  let notOwn: string; // a client of someone else's
  let payerId: string;
  const actor = (r: Role): Actor => (r === 'owner' ? p.owner : staff[r]!.actor);

  beforeAll(async () => {
    own = await newClient(p.owner, [staff.provider!.id], 'Owen');
    notOwn = await newClient(p.owner, [], 'Nora');
    payerId = ((await p.owner.post('/api/billing/payers', { name: 'Cigna' })).json() as { id: string }).id;
  });

  const draft = async (clientId = own, rateCents = 10000): Promise<InvoiceJson> => {
    const res = await p.owner.post('/api/invoices', { clientId, lines: [{ description: 'Session', units: 1, rateCents }] });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as InvoiceJson;
  };
  const issued = async (clientId = own): Promise<InvoiceJson> => (await p.owner.post(`/api/invoices/${(await draft(clientId)).id}/issue`)).json() as InvoiceJson;
  const paid = async (): Promise<InvoiceJson> => {
    const inv = await issued();
    await p.owner.post('/api/payments', { clientId: own, method: 'cash', amountCents: inv.totalCents, invoiceIds: [inv.id] });
    return inv;
  };

  const CASES: Case[] = [
    { name: 'GET settings', allowed: ['owner', 'billing', 'compliance'], request: (a) => a.get('/api/billing/settings') },
    { name: 'PATCH settings', allowed: ['owner'], request: (a) => a.patch('/api/billing/settings', { dueDays: 14 }) },
    { name: 'GET payers', allowed: ['owner', 'billing', 'compliance'], request: (a) => a.get('/api/billing/payers') },
    { name: 'POST payer', allowed: ['owner', 'billing'], request: (a) => a.post('/api/billing/payers', { name: `Payer ${a.label} ${Math.random()}` }) },
    { name: 'PATCH payer', allowed: ['owner', 'billing'], request: (a) => a.patch(`/api/billing/payers/${payerId}`, { active: true }) },
    { name: "GET the provider's billing profile", allowed: ['owner', 'billing', 'compliance', 'provider'], request: (a) => a.get(`/api/billing/providers/${staff.provider!.id}`) },
    {
      name: "PUT the provider's billing profile",
      allowed: ['owner', 'billing', 'provider'],
      request: (a) => a.request('PUT', `/api/billing/providers/${staff.provider!.id}`, { credentials: 'LCSW', licence: 'CA 12345', npi: '1234567893' }),
    },
    { name: "GET own client's billing profile", allowed: ['owner', 'billing', 'compliance', 'provider'], request: (a) => a.get(`/api/clients/${own}/billing`) },
    { name: "PATCH own client's billing profile", allowed: ['owner', 'billing', 'provider'], request: (a) => a.patch(`/api/clients/${own}/billing`, { slidingScalePercent: '10' }) },
    { name: 'GET invoices', allowed: ROLES, request: (a) => a.get('/api/invoices') },
    { name: 'POST invoice', allowed: ['owner', 'billing', 'provider'], request: (a) => a.post('/api/invoices', { clientId: own, lines: [{ description: 'S', units: 1, rateCents: 100 }] }) },
    { name: 'GET invoice', allowed: ROLES, request: async (a) => a.get(`/api/invoices/${(await draft()).id}`) },
    { name: 'PATCH draft', allowed: ['owner', 'billing', 'provider'], request: async (a) => a.patch(`/api/invoices/${(await draft()).id}`, { memo: 'Note', version: 1 }) },
    { name: 'DELETE draft', allowed: ['owner', 'billing', 'provider'], request: async (a) => a.del(`/api/invoices/${(await draft()).id}`) },
    { name: 'issue', allowed: ['owner', 'billing', 'provider'], request: async (a) => a.post(`/api/invoices/${(await draft()).id}/issue`) },
    { name: 'void', allowed: ['owner', 'billing', 'provider'], request: async (a) => a.post(`/api/invoices/${(await issued()).id}/void`, { reason: 'Wrong' }) },
    { name: 'credit note', allowed: ['owner', 'billing'], request: async (a) => a.post(`/api/invoices/${(await issued()).id}/credit-notes`, { reason: 'Wrong' }) },
    { name: 'refund', allowed: ['owner', 'billing'], request: async (a) => a.post(`/api/invoices/${(await paid()).id}/refunds`, { amountCents: 100 }) },
    { name: 'record payment', allowed: ['owner', 'billing', 'front_desk'], request: (a) => a.post('/api/payments', { clientId: own, method: 'check', amountCents: 500 }) },
    { name: 'list payments', allowed: ROLES, request: (a) => a.get(`/api/payments?clientId=${own}`) },
    { name: 'balance', allowed: ROLES, request: (a) => a.get(`/api/clients/${own}/balance`) },
  ];

  it('each billing route answers each role as the access matrix says', async () => {
    const failures: string[] = [];
    for (const c of CASES) {
      for (const role of ROLES) {
        const res = await c.request(actor(role));
        const ok = res.statusCode < 300;
        const expected = c.allowed.includes(role);
        if (ok !== expected || (!expected && res.statusCode !== 403)) failures.push(`${c.name} as ${role}: ${res.statusCode} ${res.body.slice(0, 120)}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it("a provider reaches only their own clients' billing: another client answers 404", async () => {
    const prov = staff.provider!.actor;
    const theirs = await issued(notOwn);
    const answers = {
      create: await prov.post('/api/invoices', { clientId: notOwn, lines: [{ description: 'S', units: 1, rateCents: 100 }] }),
      read: await prov.get(`/api/invoices/${theirs.id}`),
      void: await prov.post(`/api/invoices/${theirs.id}/void`, { reason: 'x' }),
      profile: await prov.get(`/api/clients/${notOwn}/billing`),
      balance: await prov.get(`/api/clients/${notOwn}/balance`),
      list: await prov.get(`/api/invoices?clientId=${notOwn}`),
      otherProvider: await prov.get(`/api/billing/providers/${p.userId}`),
    };
    expect(Object.fromEntries(Object.entries(answers).map(([k, v]) => [k, v.statusCode]))).toEqual({ create: 404, read: 404, void: 404, profile: 404, balance: 404, list: 404, otherProvider: 404 });
    expect((await p.owner.get(`/api/invoices/${theirs.id}`)).json().status).toBe('issued');
    // The provider's list holds their own clients' invoices only.
    const listed = (await prov.get('/api/invoices?limit=200')).json().items as { clientId: string }[];
    expect(listed.length).toBeGreaterThan(0);
    expect(listed.every((i) => i.clientId === own)).toBe(true);
  });

  it("another practice's invoice, payment target and client answer 404 and change nothing", async () => {
    const inv = await issued();
    const o = other.owner;
    expect((await o.get(`/api/invoices/${inv.id}`)).statusCode).toBe(404);
    expect((await o.post(`/api/invoices/${inv.id}/void`, { reason: 'x' })).statusCode).toBe(404);
    expect((await o.post('/api/payments', { clientId: own, method: 'cash', amountCents: 100 })).statusCode).toBe(404);
    const theirClient = await newClient(o);
    const foreignTarget = await o.post('/api/payments', { clientId: theirClient, method: 'cash', amountCents: 100, invoiceIds: [inv.id] });
    expect(foreignTarget.statusCode).toBe(400);
    expect(foreignTarget.json().error.field).toBe('invoiceIds[0]');
    expect((await p.owner.get(`/api/invoices/${inv.id}`)).json()).toMatchObject({ status: 'issued', paidCents: 0 });
  });

  it('audits reads and changes of invoices, payments and refunds, without amounts, names or services', async () => {
    const inv = await paid();
    await p.owner.get(`/api/invoices/${inv.id}`);
    await p.owner.post(`/api/invoices/${inv.id}/refunds`, { amountCents: 100 });
    const rows = await h.database.db.selectFrom('audit_log').select(['action', 'resource_type', 'resource_id', 'details']).where('practice_id', '=', p.practiceId).execute();
    const of = (type: string) => rows.filter((r) => r.resource_type === type).map((r) => r.action);
    expect(of('invoice')).toEqual(expect.arrayContaining(['create', 'update', 'read']));
    expect(of('payment')).toContain('create');
    expect(of('refund')).toContain('create');
    expect(of('invoices')).toContain('search');
    const text = JSON.stringify(rows.map((r) => r.details));
    for (const secret of ['Owen', 'Nora', 'Session', String(inv.totalCents)]) expect(text).not.toContain(secret);
  });
});
