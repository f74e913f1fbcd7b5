// Measures scenario: a practice owner signs up and a client joins the portal. The owner schedules a
// PHQ-9 on the client's page; the client gets one mail that says only that a form is waiting, finds
// "Questionnaires" on the portal home, answers every item (item 9: "Several days") with a visible
// progress count, and sees the crisis resources at once (no score). The owner sees the flag on
// Today and on the client's Measures section, with the chart of totals over the severity bands and
// the same figures as a table; marks it reviewed. Every page visited passes axe-core and fits 390 px.
import { describe, expect, it } from 'vitest';
import { ownerAndClient, addedClientJoinsPortal } from './fixtures/actors.js';
import { expectClean, shots } from './fixtures/checks.js';
import { scenario } from './fixtures/scenario.js';

const practice = {
  practiceName: 'Willow Bend Therapy',
  ownerName: 'Nadia Owner',
  email: 'nadia@willowbend.example',
  password: 'amber tides whisper under birch 4',
  signerTitle: 'Practice owner',
};
const client = { firstName: 'Elio', lastName: 'Marsh', dateOfBirth: '1990-02-11', email: 'elio.marsh@example.org', password: 'granite owls circle quiet ponds 62' };
/** PHQ-9 answers: total 8 (mild), item 9 "Several days". */
const ANSWERS = [1, 1, 1, 1, 1, 1, 0, 1, 1];

let clientId = '';

describe('measures: a PHQ-9 with item 9 above zero, crisis resources, the flag and the chart', () => {
  const world = scenario({ owner: 'owner', person: 'client' });
  const { owner, person } = world.actors;
  const { staff, ui, portal } = ownerAndClient(owner, person);

  it('the owner schedules a PHQ-9 on the client page; the client gets one PHI-free reminder', async () => {
    await ui.signUpWithTotp(practice);
    clientId = await addedClientJoinsPortal(staff, world.mailbox, portal, client, [await staff.myId()]);
    await owner.page.goto(`/clients/${clientId}`);
    const section = owner.page.getByTestId('client-measures');
    await section.locator('[data-testid="client-measures-state"][data-ready="true"]').waitFor();
    await owner.page.getByTestId('measure-cadence').click();
    await owner.page.getByRole('option', { name: 'Once', exact: true }).click();
    await owner.page.getByTestId('measure-schedule').click();
    await section.getByText('PHQ-9 scheduled.').waitFor();
    await section.getByTestId('measure-schedules').getByText('PHQ-9: once').waitFor();
    await expectClean(owner.page, 'staff: client measures (scheduled)');
    await shots(owner.page, 'staff-measures-scheduled', { prepare: () => section.scrollIntoViewIfNeeded() });

    const { mail } = await world.mailbox.waitFor(client.email, /A form is waiting/);
    expect(mail.text).toMatch(/\/portal\/measures/);
    expect(mail.text).not.toMatch(/PHQ|depress|Nadia|Willow Bend|questionnaire/i);
  });

  it('the client answers the PHQ-9 in the portal and sees the crisis resources at once', async () => {
    await person.page.goto('/portal');
    await portal.homeReady();
    const due = person.page.locator('[data-testid="measures-due"][data-count="1"]');
    await due.waitFor();
    await shots(person.page, 'portal-measures-due');
    await due.getByTestId('measure-start').click();
    const fill = person.page.getByTestId('measure-fill');
    await fill.waitFor();
    // Sending with nothing answered says which question is missing; nothing is sent.
    await person.page.getByTestId('measure-submit').click();
    await person.page.getByText(/Please answer question 1/).waitFor();
    const questions = fill.getByTestId('measure-question');
    expect(await questions.count()).toBe(10);
    const PHQ_OPTIONS = ['Not at all', 'Several days', 'More than half the days', 'Nearly every day'];
    for (const [i, a] of ANSWERS.entries()) await questions.nth(i).getByLabel(PHQ_OPTIONS[a]!, { exact: true }).check();
    await questions.nth(9).getByLabel('Somewhat difficult', { exact: true }).check();
    expect(await person.page.getByTestId('measure-progress').textContent()).toBe('9 of 9 answered');
    await expectClean(person.page, 'portal: PHQ-9 (filled)');
    await shots(person.page, 'portal-measure-fill');
    await person.page.getByTestId('measure-submit').click();
    const crisis = person.page.getByTestId('crisis-resources');
    await crisis.waitFor();
    const text = (await crisis.textContent()) ?? '';
    expect(text).toContain('988');
    expect(text).toContain('741741');
    expect(text).toContain('911');
    expect(await person.page.getByTestId('measure-done').textContent()).not.toMatch(/\b8\b|Mild/);
    await expectClean(person.page, 'portal: after PHQ-9 (crisis resources)');
    await shots(person.page, 'portal-measure-crisis');
  });

  it('the owner sees the flag on Today and on the Measures section, with the chart and the table', async () => {
    await owner.page.goto('/');
    const flags = owner.page.getByTestId('measure-flags');
    await flags.waitFor();
    await flags.getByText('Elio Marsh', { exact: true }).waitFor();
    await expectClean(owner.page, 'staff: Today with a measure flag');
    await shots(owner.page, 'staff-today-flag');
    await flags.getByRole('link', { name: /Elio Marsh/ }).click();
    const section = owner.page.getByTestId('client-measures');
    await section.locator('[data-testid="client-measures-state"][data-ready="true"]').waitFor();
    await section.getByTestId('item9-flag').waitFor();
    await section.getByTestId('measures-chart').waitFor();
    // One answer: one dot on the line, drawn over the shaded bands.
    await section.locator('.measure-chart .recharts-line-dot').first().waitFor({ state: 'attached' });
    expect(await section.locator('.measure-chart .recharts-reference-area').count()).toBe(5);
    const row = section.getByTestId('measures-table').locator('tbody tr');
    expect(await row.count()).toBe(1);
    expect(await row.first().locator('td').nth(1).textContent()).toBe('8');
    expect(await row.first().locator('td').nth(2).textContent()).toBe('Mild');
    expect(await row.first().locator('td').nth(3).textContent()).toContain('Flagged');
    await expectClean(owner.page, 'staff: client measures (chart, table, flag)');
    await shots(owner.page, 'staff-measures-chart', { prepare: () => section.getByTestId('item9-flag').scrollIntoViewIfNeeded() });
    await shots(owner.page, 'staff-measures-table', { prepare: () => section.getByTestId('measures-table').scrollIntoViewIfNeeded() });
    await section.getByTestId('item9-review').click();
    await section.getByTestId('item9-flag').waitFor({ state: 'detached' });
    await owner.page.goto('/');
    await owner.page.getByTestId('today-state').waitFor();
    expect(await owner.page.getByTestId('measure-flags').count()).toBe(0);
  });
});
