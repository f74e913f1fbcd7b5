// Intake and consent forms: a practice owner builds a consent form (wording, a question, a
// signature) in the practice settings and sends it to a client from the client page. The client
// sees "Forms to complete" on the portal home, opens it, answers (saved as they go), types their
// name and draws a signature with the mouse, and submits: the form turns read-only with "Signed on".
// The owner sees Completed, opens the answers and the signing record, and the PDF downloads.
// Front desk sees the status but neither View nor the PDF. The client's first booking sends the form
// again on its own (it is marked so): Today's row says "1 form pending", and once the client signs by
// keyboard (typed name and "I agree", no drawing) "Forms complete". Every page passes axe and fits 390 px;
// with SHOTS_DIR set each is photographed at 1280×800 and 390×844.
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { addedClientJoinsPortal, ownerAndClient } from './fixtures/actors.js';
import { expectClean, shots } from './fixtures/checks.js';
import { scenario } from './fixtures/scenario.js';
import { drawSignature } from './fixtures/signature.js';

const practice = { practiceName: 'Linden Path Therapy', ownerName: 'Odile Marsh', email: 'odile@lindenpath.example', password: 'quiet harbor lamps under autumn rain 42', signerTitle: 'Practice owner' };
const client = { firstName: 'Rosalind', lastName: 'Achebe', dateOfBirth: '1992-03-14', email: 'rosalind.a@example.org', password: 'marble finch orchard sunrise 73' };
const FORM = 'Consent to telehealth (Linden Path)';
const WORDING = '# About telehealth\n\nSessions happen by **secure video**. You may stop at any time.\n\n- Use a private room\n- Keep your phone nearby';

let clientId = '';
let templateId = '';
let requestId = '';

describe('forms: build a consent form, send it, the client signs it in the portal', () => {
  const world = scenario({ owner: 'owner', person: 'client' });
  const { owner, person } = world.actors;
  const { staff, ui, portal } = ownerAndClient(owner, person);

  it('owner signs up (also front desk); the client joins the portal', async () => {
    await ui.signUpWithTotp(practice);
    const ownerId = await staff.myId();
    await staff.ok('PATCH', `/api/practice/users/${ownerId}`, { roles: ['owner', 'provider', 'front_desk'] });
    clientId = await addedClientJoinsPortal(staff, world.mailbox, portal, client, [ownerId]);
  });

  it('owner builds a consent form in the practice settings', async () => {
    await owner.page.goto('/practice');
    await owner.page.locator('[data-testid="form-templates"][data-ready="true"]').waitFor();
    await owner.page.getByTestId('form-template-new').click();
    const editor = owner.page.getByTestId('form-editor');
    await editor.waitFor();
    // Saving without a name names the field.
    await owner.page.getByTestId('form-editor-save').click();
    await owner.page.getByTestId('form-editor-error').getByText(/Name/).waitFor();
    await owner.page.getByTestId('form-editor-name').fill(FORM);
    await owner.page.getByTestId('form-editor-wording').fill(WORDING);
    // A required question above the signature.
    await owner.page.getByTestId('form-tb-add').click();
    await owner.page.getByTestId('form-tb-1-label').fill('Where will you be during sessions?');
    await owner.page.getByTestId('form-tb-1-required').click();
    await owner.page.getByTestId('form-tb-1-up').click();
    await editor.getByTestId('form-editor-auto').click();
    await expectClean(owner.page, 'form builder');
    await shots(owner.page, 'forms-builder', { prepare: () => editor.evaluate((el) => el.scrollIntoView({ block: 'start' })) });
    await owner.page.getByTestId('form-editor-preview-toggle').click();
    await owner.page.getByTestId('form-editor-preview').getByRole('heading', { name: 'About telehealth' }).waitFor();
    await shots(owner.page, 'forms-builder-preview', { prepare: () => editor.evaluate((el) => el.scrollIntoView({ block: 'start' })) });
    await owner.page.getByTestId('form-editor-save').click();
    await owner.page.getByTestId('forms-settings-notice').getByText(/saved/).waitFor();
    const row = owner.page.locator(`[data-testid="form-template"][data-name="${FORM}"]`);
    await row.waitFor();
    templateId = (await row.getAttribute('data-template-id'))!;
    expect(await row.textContent()).toMatch(/Sent with first booking/);
    const t = (await staff.ok<{ items: { id: string; fields: { key: string; kind: string }[]; wording: string | null }[] }>('GET', '/api/form-templates')).items.find((x) => x.id === templateId)!;
    expect(t.fields.map((f) => f.kind)).toEqual(['text', 'signature']);
    expect(t.wording).toContain('secure video');
    await expectClean(owner.page, 'forms settings');
    await shots(owner.page, 'forms-settings', { prepare: () => owner.page.getByTestId('forms-settings').evaluate((el) => el.scrollIntoView({ block: 'start' })) });
  });

  it('owner sends it from the client page; the status says Sent', async () => {
    await owner.page.goto(`/clients/${clientId}`);
    await ui.clientProfileReady();
    await owner.page.getByTestId('forms-send-open').click();
    const dialog = owner.page.getByTestId('forms-send-dialog');
    await dialog.locator('[data-testid="forms-send-templates"][data-ready="true"]').waitFor();
    await dialog.getByTestId('forms-send-submit').click();
    await dialog.getByTestId('forms-send-error').getByText(/Forms/).waitFor();
    await expectClean(owner.page, 'send forms dialog');
    await dialog.getByTestId(`forms-send-choice-${templateId}`).click();
    await dialog.getByTestId('forms-send-submit').click();
    await owner.page.getByTestId('client-forms-notice').getByText(/sent/).waitFor();
    const status = owner.page.locator('[data-testid="form-status"][data-status="sent"]');
    await status.waitFor();
    requestId = (await status.getAttribute('data-request-id'))!;
    await expectClean(owner.page, 'client forms (sent)');
  });

  it('the client sees "Forms to complete", fills in, draws a signature and submits', async () => {
    await person.page.goto('/portal');
    await portal.homeReady();
    const due = person.page.locator('[data-testid="forms-due"][data-ready="true"]');
    await due.waitFor();
    expect(await due.getAttribute('data-pending')).toBe('1');
    await expectClean(person.page, 'portal forms list');
    await shots(person.page, 'forms-portal-list');
    await due.locator(`[data-testid="form-due"][data-request-id="${requestId}"]`).getByTestId('form-due-open').click();
    const fill = person.page.getByTestId('form-fill');
    await fill.waitFor();
    await fill.getByRole('heading', { name: 'About telehealth' }).waitFor();
    // Submitting with nothing names the question and the signature.
    await person.page.getByTestId('form-submit').click();
    await person.page.getByTestId('form-fill-error').getByText(/Where will you be during sessions/).waitFor();
    await person.page.getByTestId('form-fill-error').getByText(/Signature/).waitFor();
    await expectClean(person.page, 'portal form (errors)');
    await fill.getByRole('textbox', { name: /Where will you be/ }).fill('At home, in the study');
    await person.page.locator('[data-testid="form-save-state"][data-state="saved"]').waitFor();
    await person.page.getByTestId('signature-pad-name').fill(`${client.firstName} ${client.lastName}`);
    await drawSignature(person.page);
    await person.page.locator('[data-testid="signature-pad"][data-complete="true"]').waitFor();
    await expectClean(person.page, 'portal form (filled, signed)');
    await shots(person.page, 'forms-portal-form', { fullPage: true });
    await shots(person.page, 'forms-portal-signature', { prepare: () => person.page.getByTestId('signature-pad').evaluate((el) => el.scrollIntoView({ block: 'center' })) });
    // A reload keeps the saved answer (the draft is on the server).
    await person.page.reload();
    await expect.poll(() => person.page.getByRole('textbox', { name: /Where will you be/ }).inputValue()).toBe('At home, in the study');
    await person.page.getByTestId('signature-pad-name').fill(`${client.firstName} ${client.lastName}`);
    await drawSignature(person.page);
    await person.page.getByTestId('form-submit').click();
    const signed = person.page.getByTestId('signed-form');
    await signed.waitFor();
    expect(await person.page.getByTestId('form-signed-on').textContent()).toMatch(new RegExp(`Signed on .* by ${client.firstName} ${client.lastName}`));
    await expectClean(person.page, 'portal form (signed)');
    await shots(person.page, 'forms-portal-signed', { fullPage: true });
    await person.page.goto('/portal');
    await person.page.locator('[data-testid="forms-due"][data-ready="true"][data-pending="0"]').waitFor();
    await person.page.locator(`[data-testid="form-done"][data-request-id="${requestId}"]`).waitFor();
  });

  it('owner sees Completed, views the answers and signing record, and downloads the PDF', async () => {
    await owner.page.goto(`/clients/${clientId}`);
    await ui.clientProfileReady();
    const row = owner.page.locator(`[data-testid="form-status"][data-request-id="${requestId}"][data-status="completed"]`);
    await row.waitFor();
    expect(await row.textContent()).toMatch(/Completed/);
    await owner.page.getByTestId('client-forms').evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await expectClean(owner.page, 'client forms (completed)');
    await shots(owner.page, 'forms-client-section', { prepare: () => owner.page.getByTestId('client-forms').evaluate((el) => el.scrollIntoView({ block: 'start' })) });
    await row.getByTestId('form-view').click();
    const view = owner.page.getByTestId('form-view-dialog');
    await view.getByTestId('signing-record').waitFor();
    expect(await view.textContent()).toContain('At home, in the study');
    expect(await view.getByRole('img', { name: /Signature of/ }).count()).toBe(1);
    await expectClean(owner.page, 'form view dialog');
    await shots(owner.page, 'forms-view-dialog');
    const [download] = await Promise.all([owner.page.waitForEvent('download'), view.getByTestId('form-pdf').click()]);
    const { readFile } = await import('node:fs/promises');
    const bytes = await readFile(await download.path());
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    await view.getByTestId('form-view-close').click();
  });

  it('front desk sees the status, but neither View nor the PDF', async () => {
    await staff.ok('POST', '/api/me/active-role', { role: 'front_desk' }, 204);
    await owner.page.goto(`/clients/${clientId}`);
    await ui.clientProfileReady();
    const row = owner.page.locator(`[data-testid="form-status"][data-request-id="${requestId}"][data-status="completed"]`);
    await row.waitFor();
    expect(await row.getByTestId('form-view').count()).toBe(0);
    expect(await row.getByTestId('form-status-pdf').count()).toBe(0);
    expect((await staff.call('GET', `/api/form-requests/${requestId}`)).status).toBe(403);
    await expectClean(owner.page, 'client forms (front desk)');
    await staff.ok('POST', '/api/me/active-role', { role: 'owner' }, 204);
  });

  it("a first booking sends the form on its own; Today says pending, then complete once the client signs by keyboard", async () => {
    const start = DateTime.now().plus({ minutes: 15 }).toUTC();
    const appt = (await staff.ok<{ id: string }>('POST', '/api/appointments', { clientIds: [clientId], providerId: await staff.myId(), start: start.toISO(), durationMinutes: 50, timeZone: 'UTC', type: 'video' })).id;
    const zone = await owner.page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone);
    const day = start.setZone(zone).toISODate()!;
    const todayForms = async () => {
      await owner.page.goto(`/today?date=${day}`);
      await owner.page.locator('[data-testid="today-state"][data-ready="true"]').waitFor();
      const badge = owner.page.locator(`[data-testid="today-appt"][data-appointment-id="${appt}"] [data-testid="today-forms"]`);
      return (await badge.count()) ? await badge.textContent() : null;
    };
    await expect.poll(todayForms, { timeout: 30_000 }).toBe('1 form pending');
    await expectClean(owner.page, 'today (forms pending)');
    await shots(owner.page, 'forms-today');

    await person.page.goto('/portal');
    const due = person.page.locator('[data-testid="forms-due"][data-ready="true"][data-pending="1"]');
    await due.waitFor();
    await due.getByTestId('form-due-open').click();
    await person.page.getByTestId('form-fill').waitFor();
    await person.page.getByRole('textbox', { name: /Where will you be/ }).fill('At the office, door closed');
    // Signing by keyboard: the typed name, then "I agree this typed name is my signature" with Space.
    await person.page.getByTestId('signature-pad-name').focus();
    await person.page.keyboard.type(`${client.firstName} ${client.lastName}`);
    await person.page.getByTestId('signature-pad-agree').focus();
    await person.page.keyboard.press('Space');
    await person.page.locator('[data-testid="signature-pad"][data-complete="true"][data-drawn="false"]').waitFor();
    await person.page.getByTestId('form-submit').focus();
    await person.page.keyboard.press('Enter');
    await person.page.getByTestId('signed-form').waitFor();
    await expect.poll(todayForms, { timeout: 30_000 }).toBe('Forms complete');
  });

  it('owner edits the form: a new version, while the signed form keeps the version the client saw', async () => {
    await owner.page.goto('/practice');
    await owner.page.locator('[data-testid="form-templates"][data-ready="true"]').waitFor();
    await owner.page.locator(`[data-testid="form-template"][data-name="${FORM}"]`).getByTestId('form-template-edit').click();
    await owner.page.getByTestId('form-editor').getByRole('heading', { name: /saves version 2/ }).waitFor();
    expect(await owner.page.getByTestId('form-editor-wording').inputValue()).toContain('secure video');
    await owner.page.getByTestId('form-editor-wording').fill(`${WORDING}\n\nYou can ask for an in-person session instead.`);
    await owner.page.getByTestId('form-editor-save').click();
    await owner.page.getByTestId('forms-settings-notice').getByText(/saved/).waitFor();
    expect(await owner.page.locator(`[data-testid="form-template"][data-name="${FORM}"]`).textContent()).toMatch(/version 2/);
    const signed = await staff.ok<{ version: number; wording: string }>('GET', `/api/form-requests/${requestId}`);
    expect(signed.version).toBe(1);
    expect(signed.wording).not.toContain('in-person');
  });
});
