// The start-of-session safety check asks "Is the client at home?" (Yes / No, radio buttons): a
// practice owner (also the provider) calls a client and joins the call page (no camera in this
// browser), the safety check is open beside the stage; saving without an answer says what is
// missing next to the question and stores nothing; answering Yes by keyboard and saving shows the
// check as done "at home", and the call record carries it (billing codes the place of service
// from it). The form passes axe-core and fits 390 px; shots at 1280×800 and 390×844.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { StaffApi } from './fixtures/api.js';
import { DESKTOP, expectClean, settled, shots } from './fixtures/checks.js';
import { HearthPages } from './fixtures/pages.js';
import { scenario } from './fixtures/scenario.js';

const practice = {
  practiceName: 'Alder Brook Therapy',
  ownerName: 'Nadia Owner',
  email: 'nadia@alderbrook.example',
  password: 'slow herons wade through amber reeds 19',
  signerTitle: 'Practice owner',
};

describe('safety check: is the client at home?', () => {
  const world = scenario({ owner: 'owner' });
  const { owner } = world.actors;
  const ui = new HearthPages(owner);
  const staff = new StaffApi(owner);
  let callId = '';

  it('the provider joins a call with the client; the safety check asks where the client is', async () => {
    await ui.signUpWithTotp(practice);
    const ownerId = await staff.myId();
    const { id: clientId } = await staff.ok<{ id: string }>('POST', '/api/clients', {
      firstName: 'Linnea',
      lastName: 'Voss',
      dateOfBirth: '1990-05-14',
      email: 'linnea.v@example.org',
      timeZone: 'America/Chicago',
      providerIds: [ownerId],
      consents: { email: true, sms: false, details: false },
    });
    callId = (await staff.ok<{ id: string }>('POST', '/api/calls', { clientId })).id;
    const page = owner.page;
    await page.goto(`/calls/${encodeURIComponent(callId)}`);
    await page.locator('[data-testid="join-call"]:not([disabled])').click();
    await page.getByTestId('call-room').waitFor();
    await ensureSafetyOpen(page);
    const question = page.getByRole('group', { name: 'Is the client at home?' });
    await question.waitFor();
    // Unanswered to begin with: the provider has to ask, not accept a default.
    expect(await question.getByRole('radio', { name: 'Yes' }).isChecked()).toBe(false);
    expect(await question.getByRole('radio', { name: 'No' }).isChecked()).toBe(false);
    await page.getByLabel('Client’s current location').fill('Home, 4 Larch Lane');
    await page.getByLabel('Emergency contact name').fill('Oskar Voss');
    await page.getByLabel('Emergency contact phone').fill('+1 415 555 0142');
    await page.getByLabel('I confirmed both with the client').check();
    await expectClean(page, 'call page: safety check (staff)');
    await shots(page, 'safety-check-form', { prepare: () => openSafety(page) });
  });

  it('saving without an answer names the question and stores nothing; Yes by keyboard saves it as at home', async () => {
    const page = owner.page;
    await ensureSafetyOpen(page);
    await page.getByRole('button', { name: 'Save safety check' }).click();
    const error = page.locator('#safety-clientAtHome-error');
    await error.waitFor();
    expect(await error.textContent()).toMatch(/Yes or No/);
    const question = page.getByRole('group', { name: 'Is the client at home?' });
    expect(await question.getAttribute('aria-describedby')).toBe('safety-clientAtHome-error');
    expect((await staff.ok<{ safetyCheck: unknown }>('GET', `/api/calls/${callId}`)).safetyCheck).toBeNull();
    await expectClean(page, 'call page: safety check with an error (staff)');
    await shots(page, 'safety-check-error', { prepare: () => openSafety(page) });

    // Keyboard: focus the first radio, choose it with Space (the phone-size shots closed the panel).
    await ensureSafetyOpen(page);
    await question.getByRole('radio', { name: 'Yes' }).focus();
    await page.keyboard.press('Space');
    expect(await question.getByRole('radio', { name: 'Yes' }).isChecked()).toBe(true);
    // Answered: the error under the question goes at once.
    await error.waitFor({ state: 'detached' });
    await shots(page, 'safety-check-answered', { prepare: () => openSafety(page) });
    await page.getByRole('button', { name: 'Save safety check' }).click();
    const done = page.getByTestId('safety-done');
    await done.waitFor();
    expect(await done.textContent()).toContain('Home, 4 Larch Lane (at home)');
    const record = await staff.ok<{ safetyCheck: { clientAtHome: boolean | null } }>('GET', `/api/calls/${callId}`);
    expect(record.safetyCheck.clientAtHome).toBe(true);
    await expectClean(page, 'call page: safety check done (staff)');
    await shots(page, 'safety-check-done', { prepare: () => openSafety(page) });
    await page.setViewportSize(DESKTOP);
  });
});

/** After a resize has settled (a phone's width closes the panel), the safety check open for a picture. */
async function openSafety(page: Page) {
  await settled(page);
  await ensureSafetyOpen(page);
  await settled(page);
}

/** The side panel may be closed (a phone's width closes it so the video shows): open it on the safety check. */
async function ensureSafetyOpen(page: Page) {
  const panel = page.getByTestId('call-panel');
  const now = await panel.getAttribute('data-panel');
  if (now === 'safety') return;
  if (now === 'closed') await page.getByTestId('open-chat').click();
  await page.getByTestId('panel-safety').click();
  await page.locator('[data-testid="call-panel"][data-panel="safety"]').waitFor();
}
