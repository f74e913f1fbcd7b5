// Notes under attack and under bad input, on every test database: each bad request answers 4xx
// naming the field with nothing stored or changed; a signed note changed in the database directly
// (its answers re-encrypted with other words, its signing time moved, an addendum rewritten) reads
// as integrity 'tampered'; a group visit's shared part is locked by the first signature.
import { beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../../testing/dialects.js';
import { teamSuite } from '../../testing/suite.js';
import { attendedVisit, fillAndSign, SOAP, startNote } from '../../testing/notes.js';
import { newClient } from '../../testing/billing.js';

const TABLES = ['notes', 'note_addenda', 'note_templates', 'group_notes'] as const;

describe.each(testDialects())('notes integrity and bad input on %s', (dialect) => {
  const { h, p, staff } = teamSuite(dialect, { smtp: true }, ['provider', 'provider2']);
  let visit: { clientId: string; appointmentId: string };
  let draftId: string;
  let signedId: string;
  let otherClient: string;

  const snapshot = async () => {
    const out: Record<string, unknown[]> = {};
    for (const t of TABLES) out[t] = await h.database.db.selectFrom(t).selectAll().where('practice_id', '=', p.practiceId).execute();
    for (const rows of Object.values(out)) rows.sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
    return out;
  };

  beforeAll(async () => {
    visit = await attendedVisit(p.owner, staff.provider!.id);
    draftId = await startNote(staff.provider!.actor, visit, 'psychotherapy');
    const second = await attendedVisit(p.owner, staff.provider!.id);
    signedId = await startNote(staff.provider!.actor, second);
    await fillAndSign(staff.provider!.actor, signedId);
    otherClient = await newClient(p.owner, [staff.provider!.id]);
  });

  const note = (over: Record<string, unknown>) => ({ appointmentId: visit.appointmentId, clientId: visit.clientId, kind: 'progress', templateId: 'soap', fields: {}, ...over });
  const CASES: { name: string; send: () => Promise<{ statusCode: number; json: () => { error: unknown } }>; status: number; field: string }[] = [
    { name: 'an unknown template field', send: () => staff.provider!.actor.post('/api/notes', note({ fields: { mood: 'fine' } })), status: 400, field: 'fields.mood' },
    { name: 'an answer out of the choice list', send: () => staff.provider!.actor.post('/api/notes', note({ fields: { risk: 'extreme' } })), status: 400, field: 'fields.risk' },
    { name: 'a text answer that is not text', send: () => staff.provider!.actor.post('/api/notes', note({ fields: { plan: 42 } })), status: 400, field: 'fields.plan' },
    { name: 'an unknown template', send: () => staff.provider!.actor.post('/api/notes', note({ templateId: 'nope' })), status: 400, field: 'templateId' },
    { name: 'an unknown kind', send: () => staff.provider!.actor.post('/api/notes', note({ kind: 'private' })), status: 400, field: 'kind' },
    { name: 'an unknown appointment', send: () => staff.provider!.actor.post('/api/notes', note({ appointmentId: 'nope' })), status: 400, field: 'appointmentId' },
    { name: 'a client not on the appointment', send: () => staff.provider!.actor.post('/api/notes', note({ clientId: otherClient })), status: 400, field: 'clientId' },
    { name: "another provider's appointment", send: () => staff.provider2!.actor.post('/api/notes', note({})), status: 403, field: 'provider' },
    { name: 'a second psychotherapy note', send: () => staff.provider!.actor.post('/api/notes', note({ kind: 'psychotherapy' })), status: 409, field: 'kind' },
    { name: 'a draft answer out of the list', send: () => staff.provider!.actor.patch(`/api/notes/${draftId}`, { version: 1, fields: { risk: 'extreme' } }), status: 400, field: 'fields.risk' },
    { name: 'a stale draft version', send: () => staff.provider!.actor.patch(`/api/notes/${draftId}`, { version: 7, fields: {} }), status: 409, field: 'version' },
    { name: 'signing an incomplete note', send: () => staff.provider!.actor.post(`/api/notes/${draftId}/sign`, { version: 1 }), status: 400, field: 'fields.subjective' },
    { name: 'signing twice', send: () => staff.provider!.actor.post(`/api/notes/${signedId}/sign`, { version: 3 }), status: 409, field: 'status' },
    { name: 'editing a signed note', send: () => staff.provider!.actor.patch(`/api/notes/${signedId}`, { version: 3, fields: SOAP }), status: 409, field: 'status' },
    { name: 'an addendum to a draft', send: () => staff.provider!.actor.post(`/api/notes/${draftId}/addenda`, { text: 'x' }), status: 409, field: 'status' },
    { name: 'an empty addendum', send: () => staff.provider!.actor.post(`/api/notes/${signedId}/addenda`, { text: '' }), status: 400, field: 'text' },
    { name: 'an unknown query field', send: () => staff.provider!.actor.get('/api/notes?author=me'), status: 400, field: 'author' },
    { name: 'a scale template with min over max', send: () => staff.provider!.actor.post('/api/note-templates', { name: 'x', fields: [{ key: 'a', label: 'A', kind: 'scale', min: 5, max: 1 }] }), status: 400, field: 'max' },
    { name: 'a shared part with an unknown field', send: () => staff.provider!.actor.request('PUT', `/api/appointments/${visit.appointmentId}/group-note`, { version: 0, fields: { who: 'x' } }), status: 400, field: 'fields.who' },
  ];

  it.each(CASES.map((c) => [c.name, c] as const))('%s: 4xx naming the field, nothing stored or changed', async (_name, c) => {
    const before = await snapshot();
    const res = await c.send();
    expect(res.statusCode, JSON.stringify(res.json())).toBe(c.status);
    expect(JSON.stringify(res.json().error)).toContain(c.field);
    expect(await snapshot()).toEqual(before);
  });

  it('detects a signed note changed in the database: answers re-encrypted, signing time moved, an addendum rewritten', async () => {
    const crypto = h.app.services.ctx.crypto;
    const db = h.database.db;
    const v = await attendedVisit(p.owner, staff.provider!.id);
    const id = await startNote(staff.provider!.actor, v);
    await fillAndSign(staff.provider!.actor, id);
    const read = async () => (await staff.provider!.actor.get(`/api/notes/${id}`)).json() as { integrity: string; fields: Record<string, unknown> };
    expect((await read()).integrity).toBe('ok');
    const original = await db.selectFrom('notes').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

    // Validly encrypted (the key is right) but different words: only the signed hash tells.
    const forged = await crypto.encrypt(p.practiceId, { table: 'notes', column: 'fields_enc', rowId: id }, JSON.stringify({ ...SOAP, plan: 'Discharge' }));
    await db.updateTable('notes').set({ fields_enc: forged }).where('id', '=', id).execute();
    expect(await read()).toMatchObject({ integrity: 'tampered', fields: { plan: 'Discharge' } });
    await db.updateTable('notes').set({ fields_enc: original.fields_enc }).where('id', '=', id).execute();
    expect((await read()).integrity).toBe('ok');

    await db.updateTable('notes').set({ signed_at: Number(original.signed_at) - 86_400_000 }).where('id', '=', id).execute();
    expect((await read()).integrity).toBe('tampered');
    await db.updateTable('notes').set({ signed_at: original.signed_at }).where('id', '=', id).execute();

    await db.updateTable('notes').set({ status: 'draft' }).where('id', '=', id).execute();
    expect((await read()).integrity).toBe('tampered');
    await db.updateTable('notes').set({ status: original.status }).where('id', '=', id).execute();

    expect((await staff.provider!.actor.post(`/api/notes/${id}/addenda`, { text: 'Called back.' })).statusCode).toBe(201);
    const add = await db.selectFrom('note_addenda').selectAll().where('note_id', '=', id).executeTakeFirstOrThrow();
    await db.updateTable('note_addenda').set({ text_enc: await crypto.encrypt(p.practiceId, { table: 'note_addenda', column: 'text_enc', rowId: add.id }, 'Never called.') }).where('id', '=', add.id).execute();
    expect((await read()).integrity).toBe('tampered');
    // The operator's check finds it too.
    const report = await h.app.services.notes.verifyAll();
    expect(report.tampered).toContain(id);
    await db.updateTable('note_addenda').set({ text_enc: add.text_enc }).where('id', '=', add.id).execute();
    expect((await read()).integrity).toBe('ok');
    expect((await h.app.services.notes.verifyAll()).tampered).not.toContain(id);
  });

  it("a group visit's shared part shows in the note, saves at its version, and locks with the first signature", async () => {
    const v = await attendedVisit(p.owner, staff.provider!.id);
    const url = `/api/appointments/${v.appointmentId}/group-note`;
    const provider = staff.provider!.actor;
    expect((await provider.get(url)).json()).toMatchObject({ version: 0, fields: {}, lockedAt: null });
    const first = await provider.request('PUT', url, { version: 0, fields: { topic: 'Coping skills', summary: 'Practised grounding.' } });
    expect(first.statusCode, first.body).toBe(200);
    expect((await provider.request('PUT', url, { version: 0, fields: { summary: 'again' } })).statusCode).toBe(409);
    expect((await provider.request('PUT', url, { version: 1, fields: { topic: 'Coping skills', summary: 'Practised grounding together.' } })).json()).toMatchObject({ version: 2 });
    expect((await staff.provider2!.actor.get(url)).statusCode).toBe(403);
    const id = await startNote(provider, v);
    expect((await provider.get(`/api/notes/${id}`)).json().shared).toEqual({ topic: 'Coping skills', summary: 'Practised grounding together.' });
    await fillAndSign(provider, id);
    expect((await provider.get(url)).json().lockedAt).not.toBeNull();
    const locked = await provider.request('PUT', url, { version: 2, fields: { summary: 'rewritten' } });
    expect(locked.statusCode).toBe(409);
    // The shared part changed in the database shows on the signed note.
    await h.database.db
      .updateTable('group_notes')
      .set({ fields_enc: await h.app.services.ctx.crypto.encrypt(p.practiceId, { table: 'group_notes', column: 'fields_enc', rowId: v.appointmentId }, JSON.stringify({ summary: 'rewritten' })) })
      .where('appointment_id', '=', v.appointmentId)
      .execute();
    expect((await provider.get(`/api/notes/${id}`)).json().integrity).toBe('tampered');
  });
});
