// `npm run verify-records`: every signed note matches what was signed (exit 0); a note whose
// signing time was moved in the database directly is named (exit 1).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPractice } from '../src/server/testing/actors.js';
import { testDialects } from '../src/server/testing/dialects.js';
import { createHarness, type Harness } from '../src/server/testing/harness.js';
import { envFor, recorder } from './lib/test-support.js';
import { runVerifyRecords } from './verify-records.js';

describe.each(testDialects())('verify-records on %s', (dialect) => {
  let h: Harness;
  let noteId: string;
  beforeAll(async () => {
    h = await createHarness(dialect);
    const a = await createPractice(h);
    const client = await a.owner.post('/api/clients', { firstName: 'Vera', lastName: 'Record', dateOfBirth: '1990-01-01', providerIds: [a.userId] });
    const appt = await a.owner.post('/api/appointments', { clientIds: [client.json().id], providerId: a.userId, start: '2031-05-05T15:00:00Z', durationMinutes: 50, timeZone: 'UTC', type: 'video' });
    const note = await a.owner.post('/api/notes', { appointmentId: appt.json().id, clientId: client.json().id, kind: 'progress', templateId: 'dap', fields: { data: 'D', assessment: 'A', plan: 'P' } });
    expect(note.statusCode, note.body).toBe(201);
    noteId = note.json().id;
    expect((await a.owner.post(`/api/notes/${noteId}/sign`, { version: 1 })).statusCode).toBe(200);
  });
  afterAll(async () => h?.close());

  it('reports every signed note intact, then names one changed after signing', async () => {
    const ok = recorder();
    expect(await runVerifyRecords(envFor(h), ok)).toMatchObject({ exitCode: 0, checked: 1, tampered: [] });
    expect(ok.lines).toEqual(['clinical notes OK: 1 signed note match what was signed']);
    await h.database.db.updateTable('notes').set({ signed_at: Date.UTC(2031, 0, 1) }).where('id', '=', noteId).execute();
    const bad = recorder();
    expect(await runVerifyRecords(envFor(h), bad)).toMatchObject({ exitCode: 1, tampered: [noteId] });
    expect(bad.lines).toEqual([`note ${noteId}: does not match what was signed (changed after signing)`]);
  });
});
