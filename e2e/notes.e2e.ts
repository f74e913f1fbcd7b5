// Clinical notes (staff): an owner-provider finds an attended visit on Missing notes, starts a SOAP
// progress note, and types: the draft saves as they type and a reload shows it. Offline, the
// typing is "saved on this device" and reaches the server when the browser is back online. A save
// the server never answers is kept on the device; a closed tab and a new one restore it and send
// it. A stale version (another tab saved) asks which text to keep. Signing asks first and locks
// the note; an addendum is added. A psychotherapy note says only its author can read it; a note
// template is built from typed fields. Every screen passes axe and fits 390 px; with SHOTS_DIR set
// each is photographed at 1280×800 and 390×844.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { StaffApi } from './fixtures/api.js';
import { eventually, expectClean, shots } from './fixtures/checks.js';
import { HearthPages } from './fixtures/pages.js';
import { scenario } from './fixtures/scenario.js';

const practice = { practiceName: 'Juniper Hollow Therapy', ownerName: 'Maren Alcott', email: 'maren@juniperhollow.example', password: 'quiet lanterns drift past copper hills 42', signerTitle: 'Practice owner' };
const client = { firstName: 'Tobias', lastName: 'Ferreira', dateOfBirth: '1987-03-14' };

interface ApiNote {
  id: string;
  version: number;
  status: string;
  fields: Record<string, unknown>;
  addenda: { text: string }[];
}

let clientId = '';
let apptId = '';
let noteId = '';

const saveState = (page: Page) => page.getByTestId('note-save-state');
async function stateIs(page: Page, re: RegExp) {
  await eventually(async () => expect(await saveState(page).textContent()).toMatch(re), { timeoutMs: 20_000 });
}

describe('notes (staff): write, autosave, offline, restore, sign, addendum', () => {
  const world = scenario({ owner: 'owner' });
  const { owner } = world.actors;
  const ui = new HearthPages(owner);
  const api = new StaffApi(owner);
  const serverNote = () => api.ok<ApiNote>('GET', `/api/notes/${noteId}`);

  it('owner signs up; an attended visit is on Missing notes', async () => {
    await ui.signUpWithTotp(practice);
    const me = await api.myId();
    clientId = (await api.ok<{ id: string }>('POST', '/api/clients', { ...client, providerIds: [me] })).id;
    const start = new Date(Date.now() - 3 * 3600_000).toISOString();
    apptId = (await api.ok<{ id: string }>('POST', '/api/appointments', { clientIds: [clientId], providerId: me, start, durationMinutes: 50, timeZone: 'UTC', type: 'video' })).id;
    const appt = await api.ok<{ version: number }>('GET', `/api/appointments/${apptId}`);
    await api.ok('PATCH', `/api/appointments/${apptId}`, { status: 'completed', version: appt.version });

    await owner.page.getByRole('navigation', { name: /main/i }).getByRole('link', { name: 'Notes' }).click();
    await owner.page.locator('[data-testid="notes-missing-list"][data-ready="true"]').waitFor();
    const item = owner.page.getByTestId('notes-missing-item');
    expect(await item.count()).toBe(1);
    expect(await item.textContent()).toContain(`${client.firstName} ${client.lastName}`);
    await expectClean(owner.page, 'missing notes');
    await shots(owner.page, 'notes-missing');
  });

  it('starts a SOAP progress note; typing saves as you type; a reload shows it', async () => {
    await owner.page.getByTestId('notes-missing-item').getByRole('link').click();
    await owner.page.locator('[data-testid="note-templates-list"][data-ready="true"]').waitFor();
    await expectClean(owner.page, 'start a note');
    await owner.page.getByTestId('note-start').click();
    await owner.page.waitForURL((u) => /^\/notes\/[^/]+$/.test(u.pathname) && u.pathname !== '/notes/new');
    noteId = owner.page.url().split('/').pop() ?? '';
    await owner.page.locator('[data-testid="note-editor"][data-ready="true"]').waitFor();
    expect(await owner.page.getByTestId('note-status').textContent()).toBe('Draft');

    await owner.page.getByTestId('note-field-subjective').fill('Reports better sleep this week; less worry at work.');
    await stateIs(owner.page, /^Saved \d/);
    expect((await serverNote()).fields.subjective).toBe('Reports better sleep this week; less worry at work.');
    await owner.page.reload();
    await owner.page.locator('[data-testid="note-editor"][data-ready="true"]').waitFor();
    expect(await owner.page.getByTestId('note-field-subjective').inputValue()).toBe('Reports better sleep this week; less worry at work.');
    await expectClean(owner.page, 'note draft');
    await shots(owner.page, 'note-draft', { fullPage: true });
  });

  it('offline: "saved on this device"; back online it reaches the server', async () => {
    await owner.context.setOffline(true);
    await owner.page.getByTestId('note-field-objective').fill('Calm, engaged; affect brighter than last visit.');
    await stateIs(owner.page, /Offline — saved on this device/);
    await shots(owner.page, 'note-offline');
    await owner.context.setOffline(false);
    await stateIs(owner.page, /^Saved \d/);
    expect((await serverNote()).fields.objective).toBe('Calm, engaged; affect brighter than last visit.');
  });

  it('a save the server never answers is kept on the device; a closed tab and a new one restore and send it', async () => {
    await owner.context.route('**/api/notes/*', (route) => (route.request().method() === 'PATCH' ? route.abort('connectionrefused') : route.fallback()));
    await owner.page.getByTestId('note-field-assessment').fill('Generalized anxiety improving; sleep hygiene helping.');
    await stateIs(owner.page, /saved on this device/);
    await owner.page.close({ runBeforeUnload: false });
    owner.page = await owner.context.newPage();
    await owner.page.goto(`/notes/${noteId}`);
    await owner.page.getByTestId('note-restored').waitFor();
    expect(await owner.page.getByTestId('note-field-assessment').inputValue()).toBe('Generalized anxiety improving; sleep hygiene helping.');
    expect((await serverNote()).fields.assessment).toBeUndefined();
    await owner.context.unroute('**/api/notes/*');
    await stateIs(owner.page, /^Saved \d/);
    expect((await serverNote()).fields.assessment).toBe('Generalized anxiety improving; sleep hygiene helping.');
    // Once the server has it, nothing is left on the device.
    const left = await owner.page.evaluate(
      () =>
        new Promise<number>((resolve) => {
          const req = indexedDB.open('hearth-note-drafts');
          req.onsuccess = () => {
            const c = req.result.transaction('drafts').objectStore('drafts').count();
            c.onsuccess = () => resolve(c.result);
          };
        }),
    );
    expect(left).toBe(0);
  });

  it('another tab saved meanwhile: a clear choice, never a silent overwrite', async () => {
    const n = await serverNote();
    await api.ok('PATCH', `/api/notes/${noteId}`, { version: n.version, fields: { ...n.fields, plan: 'From the other tab' } });
    await owner.page.getByTestId('note-field-plan').fill('Continue weekly CBT; practice the worry-time exercise.');
    await owner.page.getByTestId('note-conflict').waitFor();
    expect(await saveState(owner.page).textContent()).toMatch(/choose which version/);
    expect((await serverNote()).fields.plan).toBe('From the other tab');
    await owner.page.getByTestId('note-conflict-mine').click();
    await stateIs(owner.page, /^Saved \d/);
    expect((await serverNote()).fields.plan).toBe('Continue weekly CBT; practice the worry-time exercise.');
  });

  it('signs after a confirmation; the note is locked; an addendum is added', async () => {
    await owner.page.getByTestId('note-sign').click();
    await owner.page.getByTestId('note-sign-dialog').getByText('Signing locks this note').waitFor();
    await owner.page.getByTestId('note-sign-confirm').click();
    await owner.page.locator('[data-testid="note-editor"][data-status="signed"]').waitFor();
    expect(await owner.page.getByTestId('note-signature').textContent()).toContain(practice.ownerName);
    expect(await owner.page.locator('[data-testid="note-editor"] textarea').count()).toBe(0);
    expect((await api.call('PATCH', `/api/notes/${noteId}`, { version: (await serverNote()).version, fields: {} })).status).toBe(409);

    await owner.page.getByTestId('note-addendum-add').click();
    await owner.page.getByTestId('note-addendum-text').fill('Client called the next day: sleep still improving.');
    await owner.page.getByTestId('note-addendum-save').click();
    await owner.page.getByTestId('note-addendum').waitFor();
    expect(await owner.page.getByTestId('note-addendum').textContent()).toContain('sleep still improving');
    expect((await serverNote()).addenda).toHaveLength(1);
    await expectClean(owner.page, 'signed note with addendum');
    await shots(owner.page, 'note-signed', { fullPage: true });
  });

  it('a psychotherapy note of the same visit says only its author can read it', async () => {
    await owner.page.goto(`/notes/new?appointmentId=${apptId}&clientId=${clientId}`);
    await owner.page.locator('[data-testid="note-templates-list"][data-ready="true"]').waitFor();
    // The visit's notes are their own query: ready when they are, not when the templates are.
    await owner.page.locator('[data-testid="note-existing"][data-ready="true"]').waitFor();
    expect(await owner.page.getByTestId('note-existing-link').count()).toBe(1);
    await owner.page.getByTestId('note-kind-psychotherapy').click();
    await owner.page.getByTestId('note-start').click();
    await owner.page.locator('[data-testid="note-editor"][data-ready="true"]').waitFor();
    expect(await owner.page.getByTestId('note-psychotherapy').textContent()).toContain('only you can read this');
    await expectClean(owner.page, 'psychotherapy note');
    await shots(owner.page, 'note-psychotherapy');
  });

  it('the client page lists the notes; a note template is built from typed fields', async () => {
    await owner.page.goto(`/clients/${clientId}`);
    await owner.page.locator('[data-testid="client-notes-list"][data-ready="true"]').waitFor();
    expect(await owner.page.getByTestId('client-note').count()).toBe(2);

    await owner.page.goto('/practice/note-templates');
    await owner.page.locator('[data-testid="note-templates-list"][data-ready="true"]').waitFor();
    await owner.page.getByTestId('note-template-new').click();
    await owner.page.getByTestId('note-template-name').fill('Couples session');
    await owner.page.getByTestId('tb-0-label').fill('Focus of the session');
    await owner.page.getByTestId('tb-add').click();
    await owner.page.getByTestId('tb-1-label').fill('Conflict intensity');
    await owner.page.getByTestId('tb-1-kind').click();
    await owner.page.getByRole('option', { name: 'Scale' }).click();
    await owner.page.getByTestId('tb-1-min-label').fill('Calm');
    await owner.page.getByTestId('tb-1-max-label').fill('Explosive');
    await owner.page.getByTestId('tb-1-up').click();
    expect(await owner.page.getByTestId('tb-0-label').inputValue()).toBe('Conflict intensity');
    await owner.page.getByText('Preview', { exact: true }).click();
    await owner.page.getByTestId('preview-conflict_intensity-3').click();
    await expectClean(owner.page, 'note template builder');
    await shots(owner.page, 'note-template-builder', { fullPage: true });
    await owner.page.getByTestId('note-template-save').click();
    await owner.page.getByText('Template “Couples session” created.').waitFor();
    const list = await api.ok<{ items: { name: string; fields: { key: string; kind: string }[] }[] }>('GET', '/api/note-templates');
    const made = list.items.find((t) => t.name === 'Couples session');
    expect(made?.fields.map((f) => [f.key, f.kind])).toEqual([
      ['conflict_intensity', 'scale'],
      ['focus_of_the_session', 'text'],
    ]);
  });

  it("a group visit: the shared part is written once, beside the client's own note", async () => {
    const me = await api.myId();
    const second = (await api.ok<{ id: string }>('POST', '/api/clients', { firstName: 'Ines', lastName: 'Okonkwo', dateOfBirth: '1992-08-30', providerIds: [me] })).id;
    const start = new Date(Date.now() - 26 * 3600_000).toISOString();
    const group = (await api.ok<{ id: string }>('POST', '/api/appointments', { clientIds: [clientId, second], providerId: me, start, durationMinutes: 90, timeZone: 'UTC', type: 'in_person' })).id;
    await owner.page.goto(`/notes/new?appointmentId=${group}&clientId=${second}`);
    await owner.page.locator('[data-testid="note-templates-list"][data-ready="true"]').waitFor();
    await owner.page.getByTestId('note-start').click();
    await owner.page.locator('[data-testid="note-editor"][data-ready="true"]').waitFor();
    await owner.page.getByTestId('group-field-summary').fill('Skills group: grounding techniques; each member practised one.');
    await owner.page.getByTestId('note-group-save').click();
    await eventually(async () => expect(await owner.page.getByTestId('note-group-state').textContent()).toMatch(/^Saved \d/));
    const shared = await api.ok<{ fields: Record<string, unknown>; version: number }>('GET', `/api/appointments/${group}/group-note`);
    expect(shared.fields.summary).toBe('Skills group: grounding techniques; each member practised one.');
    await expectClean(owner.page, 'group visit note');
    await shots(owner.page, 'note-group', { fullPage: true });
  });
});
