// Forms in the client portal, on every test database: the list (pending first), drafts, submit
// with a signature (typed name, drawing, time, IP, version), immutability (409), another client's
// account (404, nothing changed), answers out of the list (400 naming fields.<key>), the PDF's
// text, and a completed form changed in the database directly being detected.
import { describe, expect, it } from 'vitest';
import { testDialects } from '../../testing/dialects.js';
import { pdfText } from '../../testing/pdf-text.js';
import { portalClient } from '../../testing/portal.js';
import { practiceSuite } from '../../testing/suite.js';
import type { ResolvedSession } from '../auth/index.js';

// A 1×1 PNG: what the SignaturePad sends, at its smallest.
const PNG = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
const SIGNATURE = { typedName: 'Odile Fenn', image: PNG };
const FIELDS = [
  { key: 'color', kind: 'choice', label: 'Favourite colour', required: true, options: [{ value: 'red', label: 'Red' }, { value: 'blue', label: 'Blue' }] },
  { key: 'story', kind: 'text', label: 'Tell us more', required: false },
  { key: 'sign', kind: 'signature', label: 'Signature', required: true },
];

describe.each(testDialects())('forms (portal) on %s', (dialect) => {
  const { h, p } = practiceSuite(dialect, { smtp: true }, { practiceName: 'Juniper Counseling' });
  const db = () => h.database.db;

  const template = async (body: Record<string, unknown>) => {
    const res = await p.owner.post('/api/form-templates', { name: 'Colour survey', kind: 'intake', fields: FIELDS, ...body });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id as string;
  };
  const send = async (clientId: string, templateIds: string[]) => {
    const res = await p.owner.post(`/api/clients/${clientId}/form-requests`, { templateIds });
    expect(res.statusCode, res.body).toBe(201);
    return (res.json().items as { id: string; templateId: string }[]).map((i) => i.id);
  };
  const row = (id: string) => db().selectFrom('form_requests').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

  it('fills, saves a draft and signs: time, IP and version kept; then immutable (409); staff read it intact; the PDF shows it all', async () => {
    const c = await portalClient(h, p.owner, { firstName: 'Odile', lastName: 'Fenn' });
    const [id] = await send(c.id, [await template({})]);
    const list = await c.portal.get('/api/portal/form-requests');
    expect(list.statusCode, list.body).toBe(200);
    expect(list.json().items).toEqual([expect.objectContaining({ id, status: 'sent', name: 'Colour survey' })]);

    const draft = await c.portal.request('PUT', `/api/portal/form-requests/${id}/draft`, { fields: { color: 'blue', story: 'Half done' } });
    expect(draft.statusCode, draft.body).toBe(200);
    expect(draft.json()).toMatchObject({ status: 'in_progress', answers: { color: 'blue', story: 'Half done' } });
    expect((await c.portal.get(`/api/portal/form-requests/${id}`)).json().answers).toEqual({ color: 'blue', story: 'Half done' });
    expect((await row(id!)).answers_enc).not.toContain('Half done');

    const unsigned = await c.portal.post(`/api/portal/form-requests/${id}/submit`, { fields: { color: 'blue' } });
    expect(unsigned.statusCode).toBe(400);
    expect(unsigned.json().error.field).toBe('fields.sign');

    const before = Date.now();
    const done = await c.portal.post(`/api/portal/form-requests/${id}/submit`, { fields: { color: 'red', story: 'Blue days, mostly' }, signature: SIGNATURE });
    expect(done.statusCode, done.body).toBe(200);
    const form = done.json();
    expect(form).toMatchObject({ status: 'completed', answers: { color: 'red', story: 'Blue days, mostly', sign: SIGNATURE }, integrity: 'intact' });
    expect(form.signing).toMatchObject({ typedName: 'Odile Fenn', ip: '127.0.0.1', version: 1, contentHash: expect.stringMatching(/^sha256:[0-9a-f]{64}$/) });
    expect(Date.parse(form.signing.signedAt)).toBeGreaterThanOrEqual(before - 1000);
    const stored = await row(id!);
    expect(JSON.stringify(stored)).not.toContain('Odile');
    expect(stored.signed_ip_enc).not.toContain('127.0.0.1');

    // Immutable: every change answers 409 and nothing changes.
    expect((await c.portal.post(`/api/portal/form-requests/${id}/submit`, { fields: { color: 'blue' }, signature: SIGNATURE })).statusCode).toBe(409);
    expect((await c.portal.request('PUT', `/api/portal/form-requests/${id}/draft`, { fields: { color: 'blue' } })).statusCode).toBe(409);
    expect((await p.owner.post(`/api/form-requests/${id}/cancel`)).statusCode).toBe(409);
    expect(await row(id!)).toEqual(stored);

    const staffView = await p.owner.get(`/api/form-requests/${id}`);
    expect(staffView.json()).toMatchObject({ status: 'completed', integrity: 'intact', answers: { color: 'red' }, signing: form.signing });
    const pdf = await p.owner.get(`/api/form-requests/${id}/pdf`);
    expect(pdf.statusCode).toBe(200);
    const { text, info } = await pdfText(pdf.rawPayload);
    for (const s of ['Colour survey', 'Favourite colour', 'Red', 'Blue days, mostly', 'Odile Fenn', '127.0.0.1', form.signing.signedAt, form.signing.contentHash, 'Version 1']) expect(text).toContain(s);
    expect(JSON.stringify(info)).not.toContain('Odile');
    // The client downloads the same signed form from the portal.
    const own = await c.portal.get(`/api/portal/form-requests/${id}/pdf`);
    expect(own.statusCode).toBe(200);
    expect(own.headers['cache-control']).toBe('no-store');
    for (const s of ['Favourite colour', 'Blue days, mostly', 'Odile Fenn', form.signing.contentHash]) expect((await pdfText(own.rawPayload)).text).toContain(s);
    const audit = await db().selectFrom('audit_log').select(['action', 'actor_type']).where('resource_type', '=', 'form_request').where('resource_id', '=', id!).execute();
    expect(audit.filter((a) => a.actor_type === 'client').map((a) => a.action)).toEqual(expect.arrayContaining(['read', 'update']));
  });

  it('consent wording without a signature field still needs a signature; a form without either does not', async () => {
    const c = await portalClient(h, p.owner);
    const consent = await template({ name: 'Release', kind: 'release_of_information', wording: '## Release\nI agree to share records with my GP.', fields: [{ key: 'agree', kind: 'checkbox', label: 'I agree', required: true }] });
    const plain = await template({ name: 'Plain', kind: 'other', fields: [{ key: 'note', kind: 'text', label: 'Anything else?' }] });
    const [a, b] = await send(c.id, [consent, plain]);
    const missing = await c.portal.post(`/api/portal/form-requests/${a}/submit`, { fields: { agree: true } });
    expect(missing.statusCode, missing.body).toBe(400);
    expect(missing.json().error.field).toBe('signature');
    const signed = await c.portal.post(`/api/portal/form-requests/${a}/submit`, { fields: { agree: true }, signature: SIGNATURE });
    expect(signed.statusCode, signed.body).toBe(200);
    expect(signed.json().wording).toContain('share records');
    const noSig = await c.portal.post(`/api/portal/form-requests/${b}/submit`, { fields: {} });
    expect(noSig.statusCode, noSig.body).toBe(200);
    // Pending first, then completed.
    const list = (await c.portal.get('/api/portal/form-requests')).json().items as { id: string; status: string }[];
    expect(list.every((x) => x.status === 'completed')).toBe(true);
  });

  it("bad answers name fields.<key>, and another client's portal account gets 404: nothing changes", async () => {
    const c = await portalClient(h, p.owner);
    const o = await portalClient(h, p.owner);
    const [id] = await send(c.id, [await template({})]);
    const bad: [unknown, string][] = [
      [{ fields: { color: 'green' } }, 'fields.color'],
      [{ fields: { nope: 'x' } }, 'fields.nope'],
      [{ fields: { color: ['red'] } }, 'fields.color'],
      [{ fields: { color: 'red', sign: { typedName: 'X', image: 'data:image/gif;base64,AAAA' } } }, 'fields.sign'],
    ];
    for (const [body, field] of bad) {
      for (const res of [await c.portal.request('PUT', `/api/portal/form-requests/${id}/draft`, body), await c.portal.post(`/api/portal/form-requests/${id}/submit`, { ...(body as object), signature: SIGNATURE })]) {
        expect(res.statusCode, res.body).toBe(400);
        expect(res.json().error.field).toBe(field);
      }
    }
    const badSig = await c.portal.post(`/api/portal/form-requests/${id}/submit`, { fields: { color: 'red' }, signature: { typedName: '', image: PNG } });
    expect(badSig.statusCode).toBe(400);
    expect(badSig.json().error.field).toMatch(/^signature/);
    const untouched = await row(id!);
    expect(untouched.status).toBe('sent');

    expect((await o.portal.get(`/api/portal/form-requests/${id}`)).statusCode).toBe(404);
    expect((await o.portal.request('PUT', `/api/portal/form-requests/${id}/draft`, { fields: { color: 'blue' } })).statusCode).toBe(404);
    expect((await o.portal.post(`/api/portal/form-requests/${id}/submit`, { fields: { color: 'blue' }, signature: SIGNATURE })).statusCode).toBe(404);
    expect((await o.portal.get(`/api/portal/form-requests?clientId=${c.id}`)).statusCode).toBe(404);
    expect((await o.portal.get('/api/portal/form-requests')).json().items).toEqual([]);
    expect(await row(id!)).toEqual(untouched);
    expect((await p.owner.get(`/api/portal/form-requests/${id}`)).statusCode).toBe(401);
  });

  it('words its refusals in the language the page asks for; without it, the English', async () => {
    const c = await portalClient(h, p.owner);
    const [id] = await send(c.id, [await template({ name: 'Pain', kind: 'other', fields: [{ key: 'pain', kind: 'scale', label: 'Pain today', min: 0, max: 100 }] })]);
    const draft = (fields: Record<string, unknown>, headers?: Record<string, string>) => c.portal.request('PUT', `/api/portal/form-requests/${id}/draft`, { fields }, headers);
    const es = { 'accept-language': 'es' };
    expect((await draft({ pain: 150 })).json().error).toMatchObject({ field: 'fields.pain', message: 'fields.pain: must be from 0 to 100' });
    expect((await draft({ pain: 150 }, es)).json().error).toMatchObject({ field: 'fields.pain', message: 'La respuesta (fields.pain) debe ser un número del 0 al 100.' });
    // The problem as data too, for the page to word beside its field (the same in any language).
    expect((await draft({ pain: 150 }, es)).json().error.problem).toEqual({ code: 'range', min: 0, max: 100 });
    expect((await draft({ pain: 2.5 })).json().error.problem).toEqual({ code: 'whole_number' });
    expect((await draft({ pain: 2.5 })).json().error.message).toBe('fields.pain: must be a whole number');
    expect((await draft({ pain: 2.5 }, es)).json().error.message).toBe('La respuesta (fields.pain) debe ser un número entero.');
    expect((await c.portal.post(`/api/portal/form-requests/${id}/submit`, { fields: { pain: 40 } })).statusCode).toBe(200);
    const done = await draft({ pain: 41 }, es);
    expect([done.statusCode, done.json().error.message]).toEqual([409, 'Este formulario ya está completado y no se puede cambiar.']);
    expect(done.json().error).not.toHaveProperty('problem');
    expect((await draft({ pain: 41 })).json().error.message).toBe('This form is already completed and cannot be changed');
  });

  it('a completed form changed in the database directly is detected (integrity on read, verify, audit)', async () => {
    const c = await portalClient(h, p.owner);
    const t = await template({ name: 'Tamper target', wording: 'Original wording.' });
    const [id, id2] = await send(c.id, [t, await template({ name: 'Left alone' })]);
    for (const x of [id, id2]) expect((await c.portal.post(`/api/portal/form-requests/${x}/submit`, { fields: { color: 'red' }, signature: SIGNATURE })).statusCode).toBe(200);
    const forms = h.app.services.forms.service;
    expect(await forms.verify(p.practiceId)).toMatchObject({ tampered: [] });
    // The record export's section: the completed forms with answers and signing record; never for a role without records.read.
    const as = (role: string) => ({ user: { id: p.userId, practiceId: p.practiceId }, session: { active_role: role } }) as unknown as ResolvedSession;
    const meta = { ip: '127.0.0.1', userAgent: 'test' };
    const section = await forms.exportSection(as('owner'), c.id, meta);
    expect(section.title).toBe('Intake and consent forms');
    expect(section.items).toEqual(expect.arrayContaining([expect.objectContaining({ id, answers: expect.objectContaining({ color: 'red' }), signing: expect.objectContaining({ typedName: 'Odile Fenn' }) })]));
    expect(JSON.stringify(section.items)).not.toContain('data:image/png');
    expect(section.printable?.map((x) => x.heading).join('\n')).toContain('signed by Odile Fenn');
    expect(await forms.exportSection(as('front_desk'), c.id, meta)).toEqual({ title: 'Intake and consent forms', items: [], withheld: 'Not shown to your role' });
    // The whole record export carries the section.
    const exported = (await p.owner.get(`/api/clients/${c.id}/export.json`)).json() as { sections: { name: string; items: { id: string }[] }[] };
    expect(exported.sections.find((x) => x.name === 'forms')?.items.map((x) => x.id)).toEqual(expect.arrayContaining([id, id2]));

    await db().updateTable('form_templates').set({ wording: 'Wording the client never saw.' }).where('id', '=', t).execute();
    const read = await p.owner.get(`/api/form-requests/${id}`);
    expect(read.json().integrity).toBe('tampered');
    expect((await p.owner.get(`/api/form-requests/${id2}`)).json().integrity).toBe('intact');
    const flagged = await db().selectFrom('audit_log').select('action').where('resource_id', '=', id!).where('action', '=', 'integrity_failure').execute();
    expect(flagged).toHaveLength(1);

    await db().updateTable('form_requests').set({ signed_at: 1 }).where('id', '=', id2!).execute();
    expect((await forms.verify(p.practiceId)).tampered.sort()).toEqual([id, id2].sort());
  });
});
