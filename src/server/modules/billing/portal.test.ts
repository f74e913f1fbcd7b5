// The portal's invoice list through the HTTP API on every test database: a client sees their own
// issued invoices and credit notes (never drafts, never another client's), newest first, with what
// is left to pay; Pay is offered only on an open invoice with a balance while the practice has
// Stripe connected; the read is audited; another account's record is 404 and an account linked to
// two practices must say which record.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Actor, createPractice } from '../../testing/actors.js';
import { testDialects } from '../../testing/dialects.js';
import { portalClient } from '../../testing/portal.js';
import { linkToken } from '../../testing/smtp.js';
import { practiceSuite } from '../../testing/suite.js';
import type { InvoiceKind, InvoiceStatus } from './table.js';

const DAY = 24 * 3600 * 1000;

describe.each(testDialects())('portal invoices on %s', (dialect) => {
  const { h, p } = practiceSuite(dialect, { smtp: true }, { practiceName: 'Juniper Counseling' });
  const db = () => h.database.db;
  let n = 0;

  /** An invoice as lane core's service leaves it (numbered once issued; drafts unnumbered). */
  async function invoice(practiceId: string, clientId: string, f: { kind?: InvoiceKind; status: InvoiceStatus; total: number; paid?: number; credited?: number; issuedDaysAgo?: number }) {
    const id = randomUUID();
    const kind = f.kind ?? 'invoice';
    const issued = f.status === 'draft' ? null : Date.now() - (f.issuedDaysAgo ?? 0) * DAY;
    await db()
      .insertInto('invoices')
      .values({
        id,
        practice_id: practiceId,
        client_id: clientId,
        provider_id: null,
        kind,
        number: issued === null ? null : ++n,
        status: f.status,
        currency: 'USD',
        subtotal_cents: f.total,
        reduction_cents: 0,
        tax_cents: 0,
        total_cents: f.total,
        paid_cents: f.paid ?? 0,
        credited_cents: f.credited ?? 0,
        source: 'manual',
        period_start: null,
        period_end: null,
        original_invoice_id: null,
        replaces_invoice_id: null,
        memo_enc: null,
        void_reason_enc: null,
        issued_at: issued,
        due_at: issued === null ? null : issued + 14 * DAY,
        paid_at: null,
        voided_at: null,
        created_by: null,
        issued_by: null,
        voided_by: null,
        created_at: Date.now(),
        updated_at: Date.now(),
        version: 1,
      })
      .execute();
    return id;
  }

  async function connectStripe(practiceId: string) {
    const now = Date.now();
    await db()
      .insertInto('billing_settings')
      .values({ practice_id: practiceId, currency: 'USD', tax_rate: '0', tax_label: null, late_cancel_fee: 'none', late_cancel_fee_cents: 0, no_show_fee: 'none', no_show_fee_cents: 0, auto_invoice: 'off', due_days: 14, next_invoice_number: 1, next_credit_number: 1, identity_enc: null, stripe_key_enc: 'sealed', stripe_webhook_secret_enc: 'sealed', stripe_account_label: 'acct_test', stripe_connected_at: now, updated_by: null, updated_at: now, version: 1 })
      .execute();
  }

  it("lists the client's own issued invoices and credit notes, newest first; Pay only once Stripe is connected", async () => {
    const c = await portalClient(h, p.owner, { firstName: 'Odile', lastName: 'Fenn' });
    const other = await portalClient(h, p.owner, { firstName: 'Other', lastName: 'Person' });
    const paid = await invoice(p.practiceId, c.id, { status: 'paid', total: 12000, paid: 12000, issuedDaysAgo: 40 });
    const voided = await invoice(p.practiceId, c.id, { status: 'void', total: 9000, issuedDaysAgo: 35 });
    const partly = await invoice(p.practiceId, c.id, { status: 'partly_paid', total: 15000, paid: 5000, credited: 2500, issuedDaysAgo: 20 });
    const credit = await invoice(p.practiceId, c.id, { kind: 'credit_note', status: 'issued', total: -2500, issuedDaysAgo: 10 });
    const open = await invoice(p.practiceId, c.id, { status: 'issued', total: 10888, issuedDaysAgo: 1 });
    await invoice(p.practiceId, c.id, { status: 'draft', total: 4000 });
    const foreign = await invoice(p.practiceId, other.id, { status: 'issued', total: 7700 });

    const res = await c.portal.get('/api/portal/invoices');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const list = res.json() as { items: { id: string; number: string; kind: string; status: string; totalCents: number; balanceCents: number; canPay: boolean; dueAt: string | null }[]; autopay: boolean; cardOnFile: boolean };
    expect(list.items.map((i) => i.id)).toEqual([open, credit, partly, voided, paid]);
    expect(list.items.map((i) => [i.status, i.totalCents, i.balanceCents])).toEqual([
      ['issued', 10888, 10888],
      ['issued', -2500, 0],
      ['partly_paid', 15000, 7500],
      ['void', 9000, 0],
      ['paid', 12000, 0],
    ]);
    expect(list.items[1]).toMatchObject({ kind: 'credit_note', number: expect.stringMatching(/^CN-\d{6}$/) });
    expect(list.items[0]!.number).toMatch(/^INV-\d{6}$/);
    expect(list.items[0]!.dueAt).not.toBeNull();
    // No Stripe account yet: nothing can be paid online.
    expect(list.items.every((i) => !i.canPay)).toBe(true);
    expect(list).toMatchObject({ autopay: false, cardOnFile: false });
    expect(res.body).not.toContain(foreign);

    await connectStripe(p.practiceId);
    await db()
      .insertInto('billing_client_profiles')
      .values({ client_id: c.id, practice_id: p.practiceId, sliding_scale_percent: null, payer_id: null, diagnoses_enc: null, autopay: 1, autopay_consent_at: Date.now(), stripe_customer_id: 'cus_T1', stripe_payment_method_id: 'pm_T1', updated_by: null, updated_at: Date.now() })
      .execute();
    const after = (await c.portal.get(`/api/portal/invoices?clientId=${c.id}`)).json() as typeof list;
    expect(after.items.filter((i) => i.canPay).map((i) => i.id)).toEqual([open, partly]);
    expect(after).toMatchObject({ autopay: true, cardOnFile: true });

    const audit = await db().selectFrom('audit_log').select(['action', 'actor_type', 'practice_id']).where('resource_type', '=', 'client_invoices').where('resource_id', '=', c.id).execute();
    expect(audit).toHaveLength(2);
    expect(audit.every((a) => a.action === 'read' && a.actor_type === 'client' && a.practice_id === p.practiceId)).toBe(true);
  });

  it("another client's record, an unknown record, a staff or no session: refused, nothing read", async () => {
    const c = await portalClient(h, p.owner);
    const other = await portalClient(h, p.owner);
    await invoice(p.practiceId, other.id, { status: 'issued', total: 5000 });
    const before = await db().selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).where('resource_type', '=', 'client_invoices').executeTakeFirstOrThrow();
    expect((await c.portal.get(`/api/portal/invoices?clientId=${other.id}`)).statusCode).toBe(404);
    expect((await c.portal.get(`/api/portal/invoices?clientId=${randomUUID()}`)).statusCode).toBe(404);
    const bad = await c.portal.get(`/api/portal/invoices?clientId=${'x'.repeat(65)}`);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.field).toBe('clientId');
    expect((await c.portal.get('/api/portal/invoices?clientId=' + c.id + '&status=paid')).statusCode).toBe(400);
    expect((await p.owner.get('/api/portal/invoices')).statusCode).toBe(401);
    expect((await new Actor(h, 'nobody').get('/api/portal/invoices')).statusCode).toBe(401);
    const after = await db().selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).where('resource_type', '=', 'client_invoices').executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it('an account linked to two practices names the record; each list is that practice’s alone', async () => {
    const c = await portalClient(h, p.owner);
    const second = await createPractice(h, { practiceName: 'Alder Family Therapy' });
    const res = await second.owner.post('/api/clients', { firstName: 'Rowan', lastName: 'Hale', dateOfBirth: '1992-03-04', email: c.email, consents: { email: true, sms: false, details: false } });
    expect(res.statusCode, res.body).toBe(201);
    const secondId = res.json().id as string;
    expect((await second.owner.post(`/api/clients/${secondId}/portal-invitation`)).statusCode).toBe(201);
    const mails = await h.smtp!.waitFor((m) => m.to.includes(c.email) && m.subject.includes('Alder Family Therapy'));
    const accept = await c.portal.post('/api/portal/invitations/accept', { token: linkToken(mails, '/portal/accept'), password: 'meadowlark quiet river 3' });
    expect(accept.statusCode, accept.body).toBe(201);
    const here = await invoice(p.practiceId, c.id, { status: 'issued', total: 3000 });
    const there = await invoice(second.practiceId, secondId, { status: 'issued', total: 4000 });

    const ambiguous = await c.portal.get('/api/portal/invoices');
    expect(ambiguous.statusCode).toBe(400);
    expect(ambiguous.json().error.field).toBe('clientId');
    expect(((await c.portal.get(`/api/portal/invoices?clientId=${c.id}`)).json().items as { id: string }[]).map((i) => i.id)).toEqual([here]);
    expect(((await c.portal.get(`/api/portal/invoices?clientId=${secondId}`)).json().items as { id: string }[]).map((i) => i.id)).toEqual([there]);
  });

  it('each payment applied to an invoice is listed for its receipt, oldest first; a refund to nothing drops it', async () => {
    // A practice of its own: the rows inserted above took numbers its sequence would hand out.
    const q = await createPractice(h, { practiceName: 'Birch Hollow Therapy' });
    const c = await portalClient(h, q.owner);
    const draft = await q.owner.post('/api/invoices', { clientId: c.id, lines: [{ description: 'Individual session', units: 1, rateCents: 12000 }] });
    expect(draft.statusCode, draft.body).toBe(201);
    const id = draft.json().id as string;
    expect((await q.owner.post(`/api/invoices/${id}/issue`, {})).statusCode).toBe(200);
    const pay = async (method: string, amountCents: number) => {
      const res = await q.owner.post('/api/payments', { clientId: c.id, method, amountCents, invoiceIds: [id] });
      expect(res.statusCode, res.body).toBe(201);
      return res.json().id as string;
    };
    const cash = await pay('cash', 5000);
    const check = await pay('check', 7000);
    const [inv] = (await c.portal.get('/api/portal/invoices')).json().items as { id: string; status: string; balanceCents: number; receipts: { paymentId: string; amountCents: number; receivedAt: string }[] }[];
    expect(inv).toMatchObject({ id, status: 'paid', balanceCents: 0 });
    expect(inv!.receipts.map((r) => [r.paymentId, r.amountCents])).toEqual([
      [cash, 5000],
      [check, 7000],
    ]);
    expect(Date.parse(inv!.receipts[0]!.receivedAt)).not.toBeNaN();

    const refund = await q.owner.post(`/api/invoices/${id}/refunds`, { amountCents: 7000, paymentId: check, reason: 'Overpaid' });
    expect(refund.statusCode, refund.body).toBe(201);
    const after = (await c.portal.get('/api/portal/invoices')).json().items[0] as typeof inv;
    expect(after).toMatchObject({ status: 'partly_paid', balanceCents: 7000 });
    expect(after!.receipts.map((r) => r.paymentId)).toEqual([cash]);
  });
});
