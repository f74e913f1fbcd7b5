// Forms, the staff side, through the HTTP API on every test database: template versions and the
// built-in starters; sending by hand (one PHI-free mail per packet, through the real SMTP
// receiver); who sees what (front desk and billing see the status, never answers or the PDF);
// cancelling; the per-appointment status on Today.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { testDialects } from '../../testing/dialects.js';
import { teamSuite } from '../../testing/suite.js';
import type { ReceivedMail } from '../../testing/smtp.js';

type Template = { id: string; familyId: string; version: number; current: boolean; name: string; kind: string; sendOnFirstBooking: boolean };
type Summary = { id: string; templateId: string; name: string; version: number; status: string; via: string; appointmentId: string | null };

const FIELDS = [
  { key: 'color', kind: 'choice', label: 'Favourite colour', required: true, options: [{ value: 'red', label: 'Red' }, { value: 'blue', label: 'Blue' }] },
  { key: 'story', kind: 'text', label: 'Tell us more', required: false },
];

describe.each(testDialects())('forms (staff) on %s', (dialect) => {
  const { h, p, other, staff } = teamSuite(dialect, { smtp: true }, ['provider', 'front_desk', 'billing', 'compliance'], { practiceName: 'Aspenwood Grief Care' });

  const newClient = async (first: string, last: string, email: string) => {
    const res = await p.owner.post('/api/clients', { firstName: first, lastName: last, dateOfBirth: '1990-02-03', email, providerIds: [staff.provider!.id], consents: { email: true, sms: false, details: false } });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id as string;
  };
  const createTemplate = async (body: Record<string, unknown>) => {
    const res = await p.owner.post('/api/form-templates', { name: 'Colour survey', kind: 'intake', fields: FIELDS, ...body });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as Template;
  };
  const noPhi = (m: ReceivedMail, words: string[]) => {
    const all = `${m.raw}\n${m.text}`.toLowerCase();
    for (const w of words) expect(all, `${w} in "${m.subject}"`).not.toContain(w.toLowerCase());
  };

  it('seeds the starter forms once; a change is a new version of the family, the old one kept', async () => {
    const first = await p.owner.get('/api/form-templates');
    expect(first.statusCode, first.body).toBe(200);
    const starters = first.json().items as Template[];
    expect(starters.map((t) => [t.name, t.kind, t.version, t.current, t.sendOnFirstBooking])).toEqual([
      ['Telehealth consent', 'telehealth_consent', 1, true, false],
      ['Intake questionnaire', 'intake', 1, true, false],
    ]);
    expect(((await staff.front_desk!.actor.get('/api/form-templates')).json().items as Template[]).length).toBe(2);

    const v1 = await createTemplate({});
    const v2 = await createTemplate({ name: 'Colour survey (revised)', replaces: v1.id, sendOnFirstBooking: true });
    expect(v2).toMatchObject({ familyId: v1.id, version: 2, current: true, sendOnFirstBooking: true });
    const v3 = await createTemplate({ replaces: v1.familyId });
    expect(v3.version).toBe(3);
    const all = (await p.owner.get('/api/form-templates')).json().items as Template[];
    expect(all.filter((t) => t.familyId === v1.id).map((t) => [t.version, t.current])).toEqual([
      [1, false],
      [2, false],
      [3, true],
    ]);
    const audit = await h.database.db.selectFrom('audit_log').select('action').where('resource_type', '=', 'form_template').where('resource_id', '=', v2.id).execute();
    expect(audit.map((a) => a.action)).toEqual(['create']);
  });

  it('templates: bad input names the field; only owners and providers write, senders read', async () => {
    const dup = await p.owner.post('/api/form-templates', { name: 'X', kind: 'intake', fields: [FIELDS[0], { ...FIELDS[0] }] });
    expect(dup.statusCode).toBe(400);
    expect(dup.json().error.field).toMatch(/^fields/);
    const kind = await p.owner.post('/api/form-templates', { name: 'X', kind: 'poem', fields: FIELDS });
    expect(kind.statusCode).toBe(400);
    expect(kind.json().error.field).toBe('kind');
    const foreign = await other.owner.post('/api/form-templates', { name: 'X', kind: 'intake', fields: FIELDS });
    const replaces = await p.owner.post('/api/form-templates', { name: 'X', kind: 'intake', fields: FIELDS, replaces: foreign.json().id });
    expect(replaces.statusCode).toBe(400);
    expect(replaces.json().error.field).toBe('replaces');
    expect((await staff.provider!.actor.post('/api/form-templates', { name: 'Provider form', kind: 'other', fields: FIELDS })).statusCode).toBe(201);
    expect((await staff.front_desk!.actor.post('/api/form-templates', { name: 'X', kind: 'other', fields: FIELDS })).statusCode).toBe(403);
    expect((await staff.billing!.actor.get('/api/form-templates')).statusCode).toBe(403);
    expect((await staff.compliance!.actor.get('/api/form-templates')).statusCode).toBe(403);
  });

  it('sends forms by hand as one packet: one PHI-free mail; the status list for every role, answers and PDF for records.read only', async () => {
    const email = `f1.${dialect}@example.test`;
    const clientId = await newClient('Odile', 'Fennimore', email);
    const starters = (await p.owner.get('/api/form-templates')).json().items as Template[];
    const consent = starters.find((t) => t.name === 'Telehealth consent')!;
    const intake = starters.find((t) => t.name === 'Intake questionnaire')!;
    const res = await staff.front_desk!.actor.post(`/api/clients/${clientId}/form-requests`, { templateIds: [consent.id, intake.id] });
    expect(res.statusCode, res.body).toBe(201);
    const sent = res.json().items as Summary[];
    expect(sent.map((s) => [s.name, s.status, s.via, s.version])).toEqual(
      expect.arrayContaining([
        ['Telehealth consent', 'sent', 'staff', 1],
        ['Intake questionnaire', 'sent', 'staff', 1],
      ]),
    );
    const mail = await h.smtp!.waitFor((m) => m.to.includes(email) && /forms/.test(m.subject));
    expect(mail.subject).toBe('You have forms to complete');
    expect(mail.text).toContain(`${h.config.publicUrl}/portal/forms`);
    noPhi(mail, ['Odile', 'Fennimore', 'Aspenwood', 'Grief', 'Telehealth', 'Intake', 'consent', 'questionnaire']);
    await new Promise((r) => setTimeout(r, 300));
    expect(h.smtp!.messages.filter((m) => m.to.includes(email) && /forms/.test(m.subject))).toHaveLength(1);

    for (const actor of [p.owner, staff.provider!.actor, staff.front_desk!.actor, staff.billing!.actor, staff.compliance!.actor]) {
      const list = await actor.get(`/api/clients/${clientId}/form-requests`);
      expect(list.statusCode, list.body).toBe(200);
      expect((list.json().items as Summary[]).length).toBe(2);
      expect(list.body).not.toContain('answers');
    }
    const id = sent[0]!.id;
    for (const actor of [staff.front_desk!.actor, staff.billing!.actor, staff.compliance!.actor]) {
      expect((await actor.get(`/api/form-requests/${id}`)).statusCode).toBe(403);
      expect((await actor.get(`/api/form-requests/${id}/pdf`)).statusCode).toBe(403);
    }
    expect((await other.owner.get(`/api/form-requests/${id}`)).statusCode).toBe(404);
    expect((await other.owner.get(`/api/clients/${clientId}/form-requests`)).statusCode).toBe(404);
    const detail = await p.owner.get(`/api/form-requests/${id}`);
    expect(detail.statusCode, detail.body).toBe(200);
    expect(detail.headers['cache-control']).toBe('no-store');
    expect(detail.json()).toMatchObject({ id, status: 'sent', answers: {}, signing: null, integrity: null });
    const pdf = await staff.provider!.actor.get(`/api/form-requests/${id}/pdf`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toContain('application/pdf');
    const audit = await h.database.db.selectFrom('audit_log').select(['action', 'actor_id']).where('resource_type', '=', 'form_request').where('resource_id', '=', id).execute();
    expect(audit.map((a) => a.action).sort()).toEqual(['export', 'read']);
  });

  it('send: bad input names the field and sends nothing; billing may not send', async () => {
    const clientId = await newClient('Basil', 'Thorne', `basil.${dialect}@example.test`);
    const mine = ((await p.owner.get('/api/form-templates')).json().items as Template[])[0]!;
    const theirs = ((await other.owner.get('/api/form-templates')).json().items as Template[])[0]!;
    const cases: [unknown, string][] = [
      [{ templateIds: [] }, 'templateIds'],
      [{ templateIds: [mine.id, mine.id] }, 'templateIds'],
      [{ templateIds: [mine.id, theirs.id] }, 'templateIds.1'],
      [{ templateIds: [mine.id], appointmentId: randomUUID() }, 'appointmentId'],
      [{ templateIds: [mine.id], extra: 1 }, ''],
    ];
    for (const [body, field] of cases) {
      const res = await p.owner.post(`/api/clients/${clientId}/form-requests`, body);
      expect(res.statusCode, res.body).toBe(400);
      if (field) expect(res.json().error.field).toBe(field);
    }
    expect((await staff.billing!.actor.post(`/api/clients/${clientId}/form-requests`, { templateIds: [mine.id] })).statusCode).toBe(403);
    expect((await other.owner.post(`/api/clients/${clientId}/form-requests`, { templateIds: [theirs.id] })).statusCode).toBe(404);
    expect(((await p.owner.get(`/api/clients/${clientId}/form-requests`)).json().items as Summary[]).length).toBe(0);
  });

  it('a form is sent in its current version; cancelling withdraws it once (then 409)', async () => {
    const clientId = await newClient('Wren', 'Alder', `wren.${dialect}@example.test`);
    const v1 = await createTemplate({ name: 'Versioned form' });
    const v2 = await createTemplate({ name: 'Versioned form', replaces: v1.id });
    const [req] = (await p.owner.post(`/api/clients/${clientId}/form-requests`, { templateIds: [v1.id] })).json().items as Summary[];
    expect(req).toMatchObject({ templateId: v2.id, version: 2 });
    const cancel = await staff.front_desk!.actor.post(`/api/form-requests/${req!.id}/cancel`);
    expect(cancel.statusCode, cancel.body).toBe(200);
    expect(cancel.json().status).toBe('cancelled');
    expect((await p.owner.post(`/api/form-requests/${req!.id}/cancel`)).statusCode).toBe(409);
  });

  it("shows each appointment's forms status on Today, for every role", async () => {
    const clientId = await newClient('Juno', 'Pike', `juno.${dialect}@example.test`);
    const start = new Date(Date.now() + 2 * 3600_000);
    const appt = await p.owner.post('/api/appointments', { clientIds: [clientId], providerId: staff.provider!.id, start: start.toISOString(), durationMinutes: 50, timeZone: 'UTC', type: 'video' });
    expect(appt.statusCode, appt.body).toBe(201);
    const appointmentId = appt.json().id as string;
    const t = ((await p.owner.get('/api/form-templates')).json().items as Template[])[0]!;
    const sent = await p.owner.post(`/api/clients/${clientId}/form-requests`, { templateIds: [t.id], appointmentId });
    expect(sent.statusCode, sent.body).toBe(201);
    const date = start.toISOString().slice(0, 10);
    for (const actor of [p.owner, staff.front_desk!.actor, staff.billing!.actor]) {
      const today = await actor.get(`/api/today?date=${date}&timeZone=UTC`);
      expect(today.statusCode, today.body).toBe(200);
      const row = (today.json().appointments as { id: string; forms: unknown }[]).find((a) => a.id === appointmentId);
      expect(row?.forms).toEqual({ pending: 1, completed: 0 });
    }
  });
});
