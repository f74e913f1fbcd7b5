// Billing automation on every test database: per-appointment invoicing from the outbox (attended,
// late cancellations by the client, no-shows under the fee policy), once however often the event is
// delivered; monthly invoicing of last month's unbilled visits per client, once per month even
// after a void; and the PHI-free mail on issue and on payment through the real SMTP receiver
// (no amount, name, service or number; the portal link; the client's e-mail consent respected).
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { testDialects } from '../../testing/dialects.js';
import { providerPracticeSuite } from '../../testing/suite.js';
import { attended, book, lateCancelled, newService, setStatus } from '../../testing/billing.js';
import type { Actor } from '../../testing/actors.js';
import { AUTO_INVOICE_CONSUMER, AutoInvoicing } from './auto-invoice.js';
import type { BillingMail } from './mail.js';

const PRACTICE = { practiceName: 'Willow Eating Disorder Clinic', slug: 'willow-auto', senderName: 'Care Team', providerName: 'Priya Provider' };

describe.each(testDialects())('billing automation on %s', (dialect) => {
  const { h, p, provider } = providerPracticeSuite(dialect, { smtp: true }, PRACTICE);
  let serviceId: string;
  let n = 0;
  const services = () => h.app.services;
  const automation = () => services().billing.automation;
  const db = () => h.database.db;

  const client = async (consent = true) => {
    const email = `auto.client${n}.${dialect}@example.org`;
    const res = await p.owner.post('/api/clients', { firstName: 'Rosalind', lastName: `Quill${n++}`, dateOfBirth: '1990-02-03', email, providerIds: [provider.id], consents: { email: consent, sms: false, details: false } });
    expect(res.statusCode, res.body).toBe(201);
    return { id: (res.json() as { id: string }).id, email };
  };
  const settings = async (actor: Actor, patch: Record<string, unknown>) => {
    const version = (await actor.get('/api/billing/settings')).json().version as number;
    const res = await actor.patch('/api/billing/settings', { ...patch, version });
    expect(res.statusCode, res.body).toBe(200);
  };
  const invoicesOf = (clientId: string) => db().selectFrom('invoices').selectAll().where('client_id', '=', clientId).orderBy('created_at').execute();
  const linesOf = (invoiceId: string) => db().selectFrom('invoice_lines').select(['appointment_id', 'kind']).where('invoice_id', '=', invoiceId).orderBy('position').execute();
  /** The outbox runs every consumer (ours among them) until nothing is left. */
  const pump = () => services().pump.drain();

  beforeAll(async () => {
    serviceId = await newService(p.owner, 12000, '90834');
  });

  it('per appointment: an attended visit, a late cancellation and a no-show each become one issued invoice, made by the system', async () => {
    await settings(p.owner, { autoInvoice: 'per_appointment', lateCancelFee: { policy: 'flat', amountCents: 4000 }, noShowFee: { policy: 'none', amountCents: 0 } });
    const c = await client();
    const seen = await attended(p.owner, { clientId: c.id, providerId: provider.id, serviceId });
    await pump();
    let invoices = await invoicesOf(c.id);
    expect(invoices.map((i) => [i.status, i.source, i.created_by, i.issued_by, i.number !== null])).toEqual([['issued', 'auto_appointment', null, null, true]]);
    expect(Number(invoices[0]!.total_cents)).toBe(12000);
    expect((await linesOf(invoices[0]!.id)).map((l) => [l.appointment_id, l.kind])).toEqual([[seen, 'service']]);
    // Audited as the system.
    const audit = await db().selectFrom('audit_log').select(['actor_type', 'action', 'details']).where('resource_id', '=', invoices[0]!.id).execute();
    expect(audit.map((a) => [a.actor_type, a.action])).toEqual([
      ['system', 'create'],
      ['system', 'update'],
    ]);

    const late = await lateCancelled(p.owner, { clientId: c.id, providerId: provider.id, serviceId });
    // A no-show under a fee policy of none bills nothing: no invoice, nothing claimed.
    const missed = await book(p.owner, { clientId: c.id, providerId: provider.id, serviceId });
    await setStatus(p.owner, missed, 'no_show');
    // A visit merely confirmed is not billable yet.
    const planned = await book(p.owner, { clientId: c.id, providerId: provider.id, serviceId, days: 2 });
    await p.owner.patch(`/api/appointments/${planned}`, { status: 'confirmed' });
    await pump();
    invoices = await invoicesOf(c.id);
    expect(invoices).toHaveLength(2);
    expect((await linesOf(invoices[1]!.id)).map((l) => [l.appointment_id, l.kind])).toEqual([[late, 'late_cancel']]);
    expect(Number(invoices[1]!.total_cents)).toBe(4000);
    expect(Number(invoices[1]!.number)).toBe(Number(invoices[0]!.number) + 1);
    expect(await db().selectFrom('billed_appointments').select('appointment_id').where('appointment_id', 'in', [missed, planned]).execute()).toEqual([]);
  });

  it('per appointment: the same event delivered again, concurrently, or after staff billed the visit makes no second invoice', async () => {
    const c = await client();
    const seen = await attended(p.owner, { clientId: c.id, providerId: provider.id, serviceId });
    const events = (await services().outbox.history(seen)).filter((e) => e.type === 'appointment.updated');
    expect(events).toHaveLength(1);
    const auto = automation().auto;
    // Redelivery (a crashed instance's lease ran out) racing two instances, then the pump's own delivery.
    await Promise.all([auto.onAppointment(events[0]!), auto.onAppointment(events[0]!), new AutoInvoicing(h.app.services.ctx, services().billing.invoices, services().scheduling, async () => null).onAppointment(events[0]!)]);
    await pump();
    await auto.onAppointment(events[0]!);
    const invoices = await invoicesOf(c.id);
    expect(invoices).toHaveLength(1);
    expect(invoices[0]!.status).toBe('issued');
    const consumed = await db().selectFrom('event_consumptions').select('done_at').where('consumer', '=', AUTO_INVOICE_CONSUMER).where('event_id', '=', events[0]!.id).execute();
    expect(consumed).toHaveLength(1);
    expect(consumed[0]!.done_at).not.toBeNull();

    // A crash between making and issuing left an automatic draft: the next delivery issues it, and makes nothing new.
    // (The pump handles the event while the setting is off; the redelivery comes after the crash.)
    await settings(p.owner, { autoInvoice: 'off' });
    const other = await attended(p.owner, { clientId: c.id, providerId: provider.id, serviceId });
    await pump();
    await settings(p.owner, { autoInvoice: 'per_appointment' });
    const otherEvent = (await services().outbox.history(other)).filter((e) => e.type === 'appointment.updated').at(-1)!;
    const stranded = await services().billing.invoices.createAsSystem({ practiceId: p.practiceId, clientId: c.id, appointmentIds: [other], source: 'auto_appointment' });
    await auto.onAppointment(otherEvent);
    expect((await invoicesOf(c.id)).map((i) => [i.id === stranded, i.status])).toEqual([
      [false, 'issued'],
      [true, 'issued'],
    ]);

    // Staff invoiced a visit by hand before it was marked attended: the automatic run leaves it alone.
    const visit = await book(p.owner, { clientId: c.id, providerId: provider.id, serviceId });
    await setStatus(p.owner, visit, 'checked_in');
    await settings(p.owner, { autoInvoice: 'off' });
    await setStatus(p.owner, visit, 'completed');
    await pump();
    expect(await invoicesOf(c.id)).toHaveLength(2);
    await settings(p.owner, { autoInvoice: 'per_appointment' });
    const manual = await p.owner.post('/api/invoices', { clientId: c.id, appointmentIds: [visit] });
    expect(manual.statusCode, manual.body).toBe(201);
    const event = (await services().outbox.history(visit)).filter((e) => e.type === 'appointment.updated').at(-1)!;
    await auto.onAppointment(event);
    expect((await invoicesOf(c.id)).map((i) => [i.source, i.status])).toEqual([
      ['auto_appointment', 'issued'],
      ['auto_appointment', 'issued'],
      ['manual', 'draft'],
    ]);
  });

  it("monthly: last month's unbilled visits, one invoice per client, once (even after it is voided)", async () => {
    await settings(p.owner, { autoInvoice: 'monthly', noShowFee: { policy: 'none', amountCents: 0 } });
    const [a, b] = [await client(), await client()];
    // Days back that always land in last month (UTC: the practice has no hours set, so no zone).
    const back = -(new Date(h.app.services.ctx.clock.now()).getUTCDate() + 3);
    const a1 = await attended(p.owner, { clientId: a.id, providerId: provider.id, serviceId, days: back });
    const a2 = await attended(p.owner, { clientId: a.id, providerId: provider.id, serviceId, days: back - 1 });
    const aMissed = await book(p.owner, { clientId: a.id, providerId: provider.id, serviceId, days: back });
    await setStatus(p.owner, aMissed, 'no_show');
    const aThisMonth = await attended(p.owner, { clientId: a.id, providerId: provider.id, serviceId, days: 0, hours: -1 });
    const b1 = await attended(p.owner, { clientId: b.id, providerId: provider.id, serviceId, days: back });
    const bByHand = await attended(p.owner, { clientId: b.id, providerId: provider.id, serviceId, days: back });
    expect((await p.owner.post('/api/invoices', { clientId: b.id, appointmentIds: [bByHand] })).statusCode).toBe(201);
    await pump();
    // Monthly practices get nothing per appointment.
    expect((await invoicesOf(a.id)).length).toBe(0);

    const auto = automation().auto;
    const [made, again] = await Promise.all([auto.monthlyFor(p.practiceId), auto.monthlyFor(p.practiceId)]);
    expect(made + again).toBe(2);
    const period = AutoInvoicing.lastMonth(h.app.services.ctx.clock.now(), 'UTC');
    const ofA = await invoicesOf(a.id);
    expect(ofA.map((i) => [i.source, i.status, Number(i.period_start), Number(i.period_end)])).toEqual([['auto_monthly', 'issued', period.start, period.end]]);
    expect((await linesOf(ofA[0]!.id)).map((l) => l.appointment_id).sort()).toEqual([a1, a2].sort());
    const ofB = (await invoicesOf(b.id)).filter((i) => i.source === 'auto_monthly');
    expect((await linesOf(ofB[0]!.id)).map((l) => l.appointment_id)).toEqual([b1]);
    expect(await db().selectFrom('billed_appointments').select('appointment_id').where('appointment_id', 'in', [aMissed, aThisMonth]).execute()).toEqual([]);

    // Voided: its visits are free again, but the month is done for that client.
    const voided = await p.owner.post(`/api/invoices/${ofA[0]!.id}/void`, { reason: 'Wrong rate' });
    expect(voided.statusCode, voided.body).toBe(200);
    expect(await auto.runMonthly()).toBe(0);
    expect(await invoicesOf(a.id)).toHaveLength(1);
  });

  it("a draft another instance issues between this run's making and issuing it is still this run's invoice, and counted", async () => {
    await settings(p.owner, { autoInvoice: 'monthly', noShowFee: { policy: 'none', amountCents: 0 } });
    const c = await client();
    const back = -(new Date(h.app.services.ctx.clock.now()).getUTCDate() + 3);
    await attended(p.owner, { clientId: c.id, providerId: provider.id, serviceId, days: back });
    await pump();
    const monthly = async () => (await db().selectFrom('invoices').select('id').where('practice_id', '=', p.practiceId).where('source', '=', 'auto_monthly').execute()).length;
    const before = await monthly();
    const billing = services().billing.invoices;
    const issue = billing.issueAsSystem;
    // The other instance (its issueStranded) issues each fresh draft first: this run's own issuing meets a 409.
    const raced = vi.spyOn(billing, 'issueAsSystem').mockImplementation(async (pid: string, id: string) => {
      await issue(pid, id);
      await issue(pid, id);
    });
    let made: number;
    try {
      made = await automation().auto.monthlyFor(p.practiceId);
    } finally {
      raced.mockRestore();
    }
    expect(made).toBe((await monthly()) - before);
    expect((await invoicesOf(c.id)).map((i) => [i.source, i.status])).toEqual([['auto_monthly', 'issued']]);
  });

  it('mail on issue and on payment says only that there is an invoice or a receipt, with the portal link; once; never without consent', async () => {
    await settings(p.owner, { autoInvoice: 'per_appointment' });
    const c = await client();
    const quiet = await client(false);
    await attended(p.owner, { clientId: c.id, providerId: provider.id, serviceId });
    await attended(p.owner, { clientId: quiet.id, providerId: provider.id, serviceId });
    await pump();
    const mail = automation().mail;
    const sent = services().notifications.dispatcher;
    expect(await mail.sweep()).toBeGreaterThanOrEqual(2);
    await sent.drain();
    const invoiceMail = await h.smtp!.waitFor((m) => m.to.includes(c.email) && /new invoice/.test(m.subject));
    expect(invoiceMail.subject).toBe('You have a new invoice from Care Team');

    const pay = await p.owner.post('/api/payments', { clientId: c.id, method: 'cash', amountCents: 12000 });
    expect(pay.statusCode, pay.body).toBe(201);
    expect(await mail.sweep()).toBe(1);
    // Swept again (or by another instance): nothing new.
    expect(await mail.sweep()).toBe(0);
    await sent.drain();
    const receipt = await h.smtp!.waitFor((m) => m.to.includes(c.email) && /payment was received/.test(m.subject));

    const inv = (await invoicesOf(c.id))[0]!;
    const number = `INV-${String(inv.number).padStart(6, '0')}`;
    for (const m of [invoiceMail, receipt]) {
      // The body, not the headers: a Message-ID's random id once held "120".
      const all = `${m.subject}\n${m.body}`;
      expect(all).toContain(`${h.config.publicUrl}/portal/billing`);
      expect(all).not.toMatch(/\$|\d[.,]\d\d\b|120|Rosalind|Quill|Therapy|90834|Willow|Eating|Priya/);
      expect(all).not.toContain(number);
    }
    expect(h.smtp!.messages.filter((m) => m.to.includes(c.email))).toHaveLength(2);
    // No consent: skipped, never sent.
    const skipped = await db().selectFrom('notifications').select(['status', 'failure']).where('recipient_id', '=', quiet.id).execute();
    expect(skipped).toEqual([{ status: 'skipped', failure: 'no_consent' }]);
    expect(h.smtp!.messages.some((m) => m.to.includes(quiet.email))).toBe(false);
  });

  it('an invoice voided before its mail went is not announced', async () => {
    await settings(p.owner, { autoInvoice: 'off' });
    const c = await client();
    const seen = await attended(p.owner, { clientId: c.id, providerId: provider.id, serviceId });
    const draft = (await p.owner.post('/api/invoices', { clientId: c.id, appointmentIds: [seen] })).json() as { id: string };
    // A draft is not announced.
    expect(await automation().mail.sweep()).toBe(0);
    expect((await p.owner.post(`/api/invoices/${draft.id}/issue`)).statusCode).toBe(200);
    expect((await p.owner.post(`/api/invoices/${draft.id}/void`, { reason: 'Entered twice' })).statusCode).toBe(200);
    // Voided before the sweep: nothing enqueued; voided after it was enqueued: the composer skips it at send time.
    expect(await automation().mail.sweep()).toBe(0);
    const queued = { id: 'n1', practice_id: p.practiceId, kind: 'billing_invoice', channel: 'email', recipient_type: 'client', recipient_id: c.id, dedupe_key: `billing_invoice:${draft.id}`, payload: { invoiceId: draft.id } } as unknown as Parameters<BillingMail['compose']>[0];
    expect(await automation().mail.compose(queued)).toEqual({ skip: 'invoice_void' });
    // A payload naming another client's invoice is refused.
    expect(await automation().mail.compose({ ...queued, recipient_id: 'someone-else' })).toEqual({ skip: 'bad_payload' });
    await services().notifications.dispatcher.drain();
    expect(h.smtp!.messages.some((m) => m.to.includes(c.email))).toBe(false);
  });
});
