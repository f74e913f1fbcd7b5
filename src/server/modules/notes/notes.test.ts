// Notes end to end through the API, on every test database: a draft saved as the provider types
// (version checked), signed and locked, an addendum, a co-signature, the missing-note list, and
// what the record export holds (progress notes, never psychotherapy notes).
import { beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../../testing/dialects.js';
import { teamSuite } from '../../testing/suite.js';
import { attendedVisit, fillAndSign, SOAP, startNote } from '../../testing/notes.js';
import { book, setStatus } from '../../testing/billing.js';

describe.each(testDialects())('notes on %s', (dialect) => {
  const { h, p, staff } = teamSuite(dialect, { smtp: true }, ['provider', 'provider2', 'front_desk', 'billing', 'compliance']);
  let visit: { clientId: string; appointmentId: string };

  beforeAll(async () => {
    visit = await attendedVisit(p.owner, staff.provider!.id, [staff.provider!.id, staff.provider2!.id]);
  });

  const audits = (action: string) => h.database.db.selectFrom('audit_log').select(['action', 'resource_type', 'resource_id', 'actor_id']).where('action', '=', action as never).execute();

  it('lists the built-in templates and takes a practice template of typed fields (not a signature field)', async () => {
    const list = await staff.provider!.actor.get('/api/note-templates');
    expect(list.statusCode, list.body).toBe(200);
    const items = list.json().items as { id: string; fields: { key: string }[] }[];
    expect(items.map((t) => t.id)).toEqual(expect.arrayContaining(['soap', 'dap', 'birp']));
    expect(items.find((t) => t.id === 'birp')!.fields.map((f) => f.key)).toEqual(['behavior', 'intervention', 'response', 'plan', 'risk']);
    const made = await staff.provider!.actor.post('/api/note-templates', {
      name: 'Brief check-in',
      kinds: ['progress'],
      fields: [
        { key: 'mood', label: 'Mood', kind: 'scale', min: 0, max: 10, required: true },
        { key: 'focus', label: 'Focus', kind: 'choice', options: [{ value: 'work', label: 'Work' }, { value: 'family', label: 'Family' }] },
        { key: 'seen_on', label: 'Seen on', kind: 'date' },
      ],
    });
    expect(made.statusCode, made.body).toBe(201);
    expect(made.json()).toMatchObject({ name: 'Brief check-in', builtIn: false, kinds: ['progress'] });
    const sig = await staff.provider!.actor.post('/api/note-templates', { name: 'x', fields: [{ key: 'sig', label: 'Sign', kind: 'signature' }] });
    expect(sig.statusCode).toBe(400);
    expect(sig.json().error.field).toBe('fields.0.kind');
    expect((await staff.front_desk!.actor.post('/api/note-templates', { name: 'x', fields: [{ key: 'a', label: 'A', kind: 'checkbox' }] })).statusCode).toBe(403);
  });

  it('saves a draft at the version seen, signs and locks it, then takes a signed addendum', async () => {
    const provider = staff.provider!.actor;
    const id = await startNote(provider, visit, 'progress', { subjective: 'Started typing' });
    const draft = await provider.get(`/api/notes/${id}`);
    expect(draft.statusCode, draft.body).toBe(200);
    expect(draft.json()).toMatchObject({ status: 'draft', version: 1, fields: { subjective: 'Started typing' }, integrity: null, signed: null, templateName: 'SOAP' });
    expect(draft.headers['cache-control']).toContain('no-store');

    const saved = await provider.patch(`/api/notes/${id}`, { version: 1, fields: { subjective: SOAP.subjective } });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json()).toMatchObject({ version: 2 });
    const stale = await provider.patch(`/api/notes/${id}`, { version: 1, fields: { subjective: 'from another tab' } });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.field).toBe('version');

    const incomplete = await provider.post(`/api/notes/${id}/sign`, { version: 2 });
    expect(incomplete.statusCode).toBe(400);
    expect(incomplete.json().error.field).toBe('fields.objective');

    expect((await provider.patch(`/api/notes/${id}`, { version: 2, fields: SOAP })).statusCode).toBe(200);
    const signed = await provider.post(`/api/notes/${id}/sign`, { version: 3 });
    expect(signed.statusCode, signed.body).toBe(200);
    expect(signed.json()).toMatchObject({ status: 'signed', version: 4, integrity: 'ok', cosignerId: null, signed: { userId: staff.provider!.id, name: 'Priya Provider' } });

    expect((await provider.post(`/api/notes/${id}/sign`, { version: 4 })).statusCode).toBe(409);
    const edit = await provider.patch(`/api/notes/${id}`, { version: 4, fields: { ...SOAP, plan: 'changed' } });
    expect(edit.statusCode).toBe(409);
    expect(edit.json().error.field).toBe('status');

    const add = await provider.post(`/api/notes/${id}/addenda`, { text: 'Client called after the session: all well.' });
    expect(add.statusCode, add.body).toBe(201);
    const after = (await provider.get(`/api/notes/${id}`)).json();
    expect(after.addenda).toHaveLength(1);
    expect(after.addenda[0]).toMatchObject({ text: 'Client called after the session: all well.', signed: { userId: staff.provider!.id } });
    expect(after.integrity).toBe('ok');
    expect(after.fields).toEqual(SOAP);

    const row = await h.database.db.selectFrom('notes').select(['fields_enc', 'content_hash']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.fields_enc).not.toContain('sleep');
    expect(row.content_hash).toBeTruthy();
    expect((await audits('note_signed')).some((a) => a.resource_id === id)).toBe(true);

    // The colleague assigned to the client reads the progress note; front desk, billing and compliance never do.
    expect((await staff.provider2!.actor.get(`/api/notes/${id}`)).statusCode).toBe(200);
    expect((await p.owner.get(`/api/notes/${id}`)).statusCode).toBe(200);
    for (const role of ['front_desk', 'billing', 'compliance'] as const) expect((await staff[role]!.actor.get(`/api/notes/${id}`)).statusCode).toBe(403);
  });

  it('keeps a psychotherapy note to its author: others get 404, lists and exports leave it out, reads are audited as such', async () => {
    const provider = staff.provider!.actor;
    const id = await startNote(provider, visit, 'psychotherapy', { subjective: 'Private impressions of the transference' });
    expect((await provider.get(`/api/notes/${id}`)).statusCode).toBe(200);
    for (const other of [staff.provider2!.actor, p.owner]) {
      expect((await other.get(`/api/notes/${id}`)).statusCode).toBe(404);
      expect((await other.patch(`/api/notes/${id}`, { version: 1, fields: {} })).statusCode).toBe(404);
      expect((await other.post(`/api/notes/${id}/addenda`, { text: 'x' })).statusCode).toBe(404);
      const list = await other.get(`/api/notes?clientId=${visit.clientId}`);
      expect(list.statusCode, list.body).toBe(200);
      expect((list.json().items as { id: string }[]).map((n) => n.id)).not.toContain(id);
      const byAppt = await other.get(`/api/notes?appointmentId=${visit.appointmentId}`);
      expect((byAppt.json().items as { kind: string }[]).every((n) => n.kind === 'progress')).toBe(true);
    }
    for (const role of ['front_desk', 'billing', 'compliance'] as const) expect([403, 404]).toContain((await staff[role]!.actor.get(`/api/notes/${id}`)).statusCode);
    const mine = await provider.get(`/api/notes?clientId=${visit.clientId}`);
    expect((mine.json().items as { id: string }[]).map((n) => n.id)).toContain(id);
    expect((await audits('psychotherapy_note_read')).some((a) => a.resource_id === id && a.resource_type === 'psychotherapy_note')).toBe(true);
    expect((await audits('access_denied')).some((a) => a.resource_id === id && a.actor_id === staff.provider2!.id)).toBe(true);

    await fillAndSign(provider, id);
    const exported = await p.owner.get(`/api/clients/${visit.clientId}/export.json`);
    expect(exported.statusCode, exported.body).toBe(200);
    const body = exported.body;
    expect(body).not.toContain('transference');
    const section = (JSON.parse(body).sections as { name: string; items: { id: string }[] }[]).find((s) => s.name === 'notes')!;
    expect(section.items.map((i) => i.id)).not.toContain(id);
    expect(section.items.length).toBeGreaterThan(0);
    expect(body).toContain(SOAP.subjective);
    const desk = await staff.front_desk!.actor.get(`/api/clients/${visit.clientId}/export.json`);
    expect(desk.statusCode).toBe(200);
    expect(desk.body).not.toContain(SOAP.subjective);
    const pdf = await p.owner.get(`/api/clients/${visit.clientId}/export.pdf`);
    expect(pdf.statusCode).toBe(200);
  });

  it('a pre-licensed clinician signs, the supervisor co-signs, nobody else can', async () => {
    const supervision = await p.owner.request('PUT', `/api/practice/supervision/${staff.provider2!.id}`, { supervisorId: staff.provider!.id });
    expect(supervision.statusCode, supervision.body).toBe(200);
    const v = await attendedVisit(p.owner, staff.provider2!.id);
    const id = await startNote(staff.provider2!.actor, v);
    const signed = await fillAndSign(staff.provider2!.actor, id);
    expect(signed).toMatchObject({ status: 'awaiting_cosign', cosignerId: staff.provider!.id });
    expect((await p.owner.post(`/api/notes/${id}/cosign`)).statusCode).toBe(403);
    expect((await staff.provider2!.actor.post(`/api/notes/${id}/cosign`)).statusCode).toBe(403);
    // The supervisor's queue holds it (with the client's name); the author's and the owner's do not.
    const queue = (await staff.provider!.actor.get('/api/notes?cosign=mine')).json() as { items: { id: string; clientName: string; status: string }[] };
    expect(queue.items).toEqual([expect.objectContaining({ id, status: 'awaiting_cosign', clientName: expect.stringMatching(/\S+ \S+/) })]);
    for (const other of [staff.provider2!.actor, p.owner]) expect(((await other.get('/api/notes?cosign=mine')).json() as { items: unknown[] }).items).toEqual([]);
    expect((await p.owner.get('/api/notes?cosign=theirs')).statusCode).toBe(400);
    // The supervisor is not assigned this client, and still reaches the note to co-sign.
    const cosigned = await staff.provider!.actor.post(`/api/notes/${id}/cosign`);
    expect(cosigned.statusCode, cosigned.body).toBe(200);
    expect(cosigned.json()).toMatchObject({ status: 'cosigned', integrity: 'ok', cosigned: { userId: staff.provider!.id } });
    expect((await staff.provider!.actor.post(`/api/notes/${id}/cosign`)).statusCode).toBe(409);
    expect(((await staff.provider!.actor.get('/api/notes?cosign=mine')).json() as { items: unknown[] }).items).toEqual([]);
    await p.owner.request('PUT', `/api/practice/supervision/${staff.provider2!.id}`, { supervisorId: null });
  });

  it("lists attended visits without a signed progress note: a provider's own, an owner's anyone's", async () => {
    const v = await attendedVisit(p.owner, staff.provider2!.id);
    const missing = async (actor = staff.provider2!.actor, q = '') => {
      const res = await actor.get(`/api/notes/missing${q}`);
      expect(res.statusCode, res.body).toBe(200);
      return res.json().items as { appointmentId: string; clientId: string; draftNoteId: string | null; providerId: string; clientName: string }[];
    };
    expect((await missing()).find((m) => m.appointmentId === v.appointmentId)).toMatchObject({ clientId: v.clientId, draftNoteId: null, providerId: staff.provider2!.id, clientName: expect.stringContaining('Nora') });
    expect((await missing(staff.provider!.actor)).some((m) => m.appointmentId === v.appointmentId)).toBe(false);
    expect((await missing(p.owner)).some((m) => m.appointmentId === v.appointmentId)).toBe(true);
    expect((await missing(p.owner, `?providerId=${staff.provider!.id}`)).some((m) => m.appointmentId === v.appointmentId)).toBe(false);
    expect((await staff.provider!.actor.get(`/api/notes/missing?providerId=${staff.provider2!.id}`)).statusCode).toBe(403);
    expect((await staff.front_desk!.actor.get('/api/notes/missing')).statusCode).toBe(403);
    // Checked in without a call held, a no-show, a future visit: not attended, so no note is missing.
    const checkedIn = await book(p.owner, { clientId: v.clientId, providerId: staff.provider2!.id });
    await setStatus(p.owner, checkedIn, 'checked_in');
    const noShow = await book(p.owner, { clientId: v.clientId, providerId: staff.provider2!.id });
    await setStatus(p.owner, noShow, 'no_show');
    const ids = (await missing()).map((m) => m.appointmentId);
    expect(ids).not.toContain(checkedIn);
    expect(ids).not.toContain(noShow);
    const id = await startNote(staff.provider2!.actor, v);
    expect((await missing()).find((m) => m.appointmentId === v.appointmentId)?.draftNoteId).toBe(id);
    await fillAndSign(staff.provider2!.actor, id);
    expect((await missing()).some((m) => m.appointmentId === v.appointmentId)).toBe(false);
  });

  it('two concurrent creates of the same note make one note', async () => {
    const v = await attendedVisit(p.owner, staff.provider!.id);
    const body = { appointmentId: v.appointmentId, clientId: v.clientId, kind: 'progress', templateId: 'dap', fields: {} };
    const answers = await Promise.all([staff.provider!.actor.post('/api/notes', body), staff.provider!.actor.post('/api/notes', body)]);
    expect(answers.map((a) => a.statusCode).sort()).toEqual([201, 409]);
    const rows = await h.database.db.selectFrom('notes').select('id').where('appointment_id', '=', v.appointmentId).execute();
    expect(rows).toHaveLength(1);
  });
});
