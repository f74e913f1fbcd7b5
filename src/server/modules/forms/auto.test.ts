// Automatic sending with a new client's first booking, on every test database: the forms marked
// sendOnFirstBooking (current versions) go with the first appointment, whoever booked it, exactly
// once (a retried event, a second booking and a client with earlier appointments get nothing more),
// with one PHI-free mail ("before your appointment") through the real SMTP receiver.
import { beforeAll, describe, expect, it } from 'vitest';
import { joinColleague, type Colleague } from '../../testing/actors.js';
import { testDialects } from '../../testing/dialects.js';
import { practiceSuite } from '../../testing/suite.js';
import type { DomainEvent } from '../outbox/index.js';

type Summary = { id: string; templateId: string; status: string; via: string; appointmentId: string | null };
const HOUR = 3600_000;

describe.each(testDialects())('forms on first booking on %s', (dialect) => {
  const { h, p } = practiceSuite(dialect, { smtp: true, env: { OUTBOX_POLL_MS: '0' } }, { practiceName: 'Larkspur Trauma Therapy' });
  let provider: Colleague;
  let n = 0;
  const drain = async () => {
    await h.app.services.pump.drain();
    await h.app.services.notifications.dispatcher.drain();
  };
  const client = async (email: string) => {
    const res = await p.owner.post('/api/clients', { firstName: 'Marigold', lastName: 'Quince', dateOfBirth: '1988-05-06', email, providerIds: [provider.id], consents: { email: true, sms: false, details: false } });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id as string;
  };
  const book = async (clientId: string) => {
    const start = new Date(Date.now() + (24 + ++n) * HOUR).toISOString();
    const res = await p.owner.post('/api/appointments', { clientIds: [clientId], providerId: provider.id, start, durationMinutes: 50, timeZone: 'UTC', type: 'video' });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id as string;
  };
  const requests = async (clientId: string) => (await p.owner.get(`/api/clients/${clientId}/form-requests`)).json().items as Summary[];
  const formMails = (email: string) => h.smtp!.messages.filter((m) => m.to.includes(email) && /forms/.test(m.subject));

  beforeAll(async () => {
    provider = await joinColleague(h, p.owner, 'provider', 'Priya Autoprovider');
  });

  it('nothing is sent while no form is marked for first bookings', async () => {
    const id = await client(`a0.${dialect}@example.test`);
    await book(id);
    await drain();
    expect(await requests(id)).toEqual([]);
  });

  it("sends the marked forms with a new client's first booking, once: one PHI-free mail; not on the second booking, not twice for a retried event", async () => {
    // A client who had an appointment before the forms were marked is not new.
    const old = await client(`a1.${dialect}@example.test`);
    await book(old);
    await drain();
    const starters = (await p.owner.get('/api/form-templates')).json().items as { id: string; name: string; kind: string; fields: unknown; wording: string | null }[];
    const marked: string[] = [];
    for (const st of starters) {
      const res = await p.owner.post('/api/form-templates', { name: st.name, kind: st.kind, wording: st.wording, fields: st.fields, sendOnFirstBooking: true, replaces: st.id });
      expect(res.statusCode, res.body).toBe(201);
      marked.push(res.json().id as string);
    }

    const email = `a2.${dialect}@example.test`;
    const id = await client(email);
    const first = await book(id);
    await drain();
    const sent = await requests(id);
    expect(sent.map((r) => [r.via, r.appointmentId, r.status]).sort()).toEqual([
      ['first_booking', first, 'sent'],
      ['first_booking', first, 'sent'],
    ]);
    expect(sent.map((r) => r.templateId).sort()).toEqual([...marked].sort());
    const mails = formMails(email);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toBe('You have forms to complete before your appointment');
    expect(mails[0]!.text).toContain(`${h.config.publicUrl}/portal/forms`);
    const all = `${mails[0]!.raw}\n${mails[0]!.text}`.toLowerCase();
    for (const w of ['marigold', 'quince', 'larkspur', 'trauma', 'telehealth', 'intake', 'consent', 'priya']) expect(all).not.toContain(w);

    // A retried event (the consumer handed the same event again) sends nothing more.
    const event: DomainEvent = { id: 'retry', practiceId: p.practiceId, type: 'appointment.created', aggregateType: 'appointment', aggregateId: first, payload: { appointmentId: first, clientIds: [id] }, createdAt: Date.now() };
    await h.app.services.forms.firstBooking.handle(event);
    await book(id);
    await drain();
    expect(await requests(id)).toHaveLength(2);
    expect(formMails(email)).toHaveLength(1);

    await book(old);
    await drain();
    expect(await requests(old)).toEqual([]);

    // The day's list shows the packet beside the first appointment.
    const firstAppt = (await p.owner.get(`/api/appointments/${first}`)).json() as { start: string };
    const today = (await p.owner.get(`/api/today?date=${firstAppt.start.slice(0, 10)}&timeZone=UTC`)).json().appointments as { id: string; forms: unknown }[];
    expect(today.find((a) => a.id === first)?.forms).toEqual({ pending: 2, completed: 0 });
    const audit = await h.database.db.selectFrom('audit_log').select(['actor_type', 'action']).where('resource_type', '=', 'form_request').where('practice_id', '=', p.practiceId).where('actor_type', '=', 'system').execute();
    expect(audit).toEqual([{ actor_type: 'system', action: 'create' }]);
  });

  // The forms marked by the test above.
  it('a new client booking through the portal gets the packet too', async () => {
    const hours = await p.owner.request('PUT', `/api/providers/${provider.id}/availability`, { timeZone: 'UTC', bufferMinutes: 0, hours: [{ weekday: 1, start: '09:00', end: '17:00' }] });
    expect(hours.statusCode, hours.body).toBe(200);
    const svc = await p.owner.post('/api/practice/appointment-services', { name: 'First visit', defaultMinutes: 50, rateCents: 0, requiresApproval: false });
    expect(svc.statusCode, svc.body).toBe(201);
    const email = `a3.${dialect}@example.test`;
    const id = await client(email);
    const booked = await h.app.services.booking.request(
      { practiceId: p.practiceId, clientId: id, accountId: 'portal-account', meta: { ip: '127.0.0.1', userAgent: 'test' } },
      { providerId: provider.id, serviceId: svc.json().id as string, start: '2031-03-10T09:00:00Z' },
    );
    expect(booked.outcome).toBe('booked');
    await drain();
    const sent = await requests(id);
    expect(sent.length).toBeGreaterThan(0);
    expect(sent.every((r) => r.via === 'first_booking' && r.appointmentId === booked.appointmentId)).toBe(true);
    expect(formMails(email)).toHaveLength(1);
  });
});
