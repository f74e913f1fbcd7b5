// Treatment plan scenario: an owner (a provider too) adds two diagnosis codes to the practice's
// list and a client who joins the portal. On the client's page the owner starts a treatment plan,
// finds a diagnosis by words, writes a problem, a goal, an objective and an intervention; a target
// date in the past is refused naming that field, and nothing is signed; corrected, the plan is
// signed and shows as active with its next review date. The client reads the plan in the portal,
// is told to tick the agreement, then signs with a typed name; the owner sees the signature, then
// reviews the plan (an objective met), which signs a second version the client has not signed yet.
// Every page visited passes axe-core and fits 390 px.
import { describe, expect, it } from 'vitest';
import { ownerAndClient, addedClientJoinsPortal } from './fixtures/actors.js';
import type { Actor } from './fixtures/browser.js';
import { DESKTOP, PHONE, expectClean, settled, shots } from './fixtures/checks.js';
import { scenario } from './fixtures/scenario.js';

const practice = {
  practiceName: 'Juniper Path Therapy',
  ownerName: 'Noor Owner',
  email: 'noor@juniperpath.example',
  password: 'amber lanterns hum over still ponds 4',
  signerTitle: 'Practice owner',
};
const client = { firstName: 'Ilse', lastName: 'Marrow', dateOfBirth: '1990-05-14', email: 'ilse.m@example.org', password: 'spruce harbor quiet morning 31' };
const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

let clientId = '';

/** Screenshots (with SHOTS_DIR): the viewport at 1280x800 and 390x844 scrolled to the section, and the whole section alone. */
async function sectionShots(page: Actor['page'], testId: string, name: string) {
  const section = page.getByTestId(testId);
  await shots(page, name, { prepare: () => section.evaluate((el) => el.scrollIntoView({ block: 'start' })) });
  const dir = process.env.SHOTS_DIR;
  if (!dir) return;
  for (const size of [DESKTOP, PHONE]) {
    await page.setViewportSize(size);
    await settled(page);
    await section.screenshot({ path: `${dir}/${name}-section-${size.width}.png` });
  }
  await page.setViewportSize(DESKTOP);
}

async function openPlan(page: Actor['page']) {
  await page.goto(`/clients/${clientId}`);
  await page.locator('[data-testid="client-profile"][data-ready="true"]').waitFor();
  await page.locator('[data-testid="treatment-plan-list"][data-ready="true"]').waitFor();
}

describe('treatment plans: write, sign, client signature in the portal, review', () => {
  const world = scenario({ owner: 'owner', person: 'client' });
  const { owner, person } = world.actors;
  const { staff, ui, portal } = ownerAndClient(owner, person);

  it('the owner signs up, lists two diagnosis codes, and a client joins the portal', async () => {
    await ui.signUpWithTotp(practice);
    await staff.ok('POST', '/api/billing/diagnosis-codes', { code: 'F41.1', description: 'Generalized anxiety disorder' });
    await staff.ok('POST', '/api/billing/diagnosis-codes', { code: 'F32.9', description: 'Major depressive disorder, single episode, unspecified' });
    clientId = await addedClientJoinsPortal(staff, world.mailbox, portal, client, [await staff.myId()]);
  });

  it('starts a plan, picks a diagnosis, is told a past target date is refused, then signs', async () => {
    const page = owner.page;
    await openPlan(page);
    await page.getByText('No active treatment plan.').waitFor();
    await page.getByTestId('plan-start').click();
    const plan = page.getByTestId('treatment-plan');
    await plan.locator('[data-testid="plan-current"][data-status="draft"]').waitFor();

    await page.getByTestId('plan-dx-search').fill('anxiety');
    await page.getByRole('button', { name: 'Add F41.1 Generalized anxiety disorder' }).click();
    await plan.getByRole('list', { name: 'Chosen diagnoses' }).getByText('F41.1').waitFor();

    await page.getByTestId('plan-problem-0').fill('Worry most days; trouble falling asleep');
    await page.getByTestId('plan-goal-0-0').fill('Sleep through the night and worry less');
    await page.getByTestId('plan-objective-0-0-0').fill('Keep a wind-down routine 5 nights a week');
    await page.getByTestId('plan-objective-date-0-0-0').fill('2020-01-15');
    await page.getByTestId('plan-intervention-0-0-0').fill('CBT for insomnia');
    await page.getByTestId('plan-sign').click();
    const error = page.getByTestId('plan-error');
    await expect.poll(() => error.textContent()).toContain('objective 1, target date');
    expect(await plan.locator('[data-testid="plan-current"]').getAttribute('data-status')).toBe('draft');
    await expectClean(page, 'staff: treatment plan draft with an error');
    await sectionShots(page, 'treatment-plan', 'plans-draft-error');

    await page.getByTestId('plan-objective-date-0-0-0').fill(inDays(60));
    await page.getByTestId('plan-sign').click();
    await plan.locator('[data-testid="plan-current"][data-status="active"]').waitFor();
    await page.getByTestId('plan-notice').getByText('Plan signed.').waitFor();
    expect(await page.getByTestId('plan-next-review').textContent()).not.toBe('');
    expect(await plan.getByTestId('plan-goal').count()).toBe(1);
    await expectClean(page, 'staff: treatment plan signed');
    await sectionShots(page, 'treatment-plan', 'plans-signed');
  });

  it('the client reads the plan in the portal and signs it with a typed name and agreement', async () => {
    const page = person.page;
    await page.goto('/portal');
    await portal.homeReady();
    await page.goto(`/portal/clients/${clientId}/treatment-plans`);
    await page.locator('[data-testid="portal-plans"][data-ready="true"]').waitFor();
    await page.getByText('Sleep through the night and worry less').waitFor();
    await page.getByTestId('portal-plan-name').fill('Ilse Marrow');
    await page.getByTestId('portal-plan-sign').click();
    await expect.poll(() => page.getByTestId('portal-plan-error').textContent()).toContain('must be checked to sign');
    await expectClean(page, 'portal: treatment plan to sign');
    await sectionShots(page, 'portal-plans-page', 'plans-portal-sign');
    await page.getByTestId('portal-plan-agree').click();
    await page.getByTestId('portal-plan-sign').click();
    await page.getByTestId('portal-plan-signed').waitFor();
    expect(await page.getByTestId('portal-plan').getAttribute('data-signed')).toBe('true');
    await expectClean(page, 'portal: treatment plan signed');
    await sectionShots(page, 'portal-plans-page', 'plans-portal-signed');
  });

  it('the owner sees the signature, reviews the plan (objective met) into a second signed version', async () => {
    const page = owner.page;
    await openPlan(page);
    await expect.poll(() => page.getByTestId('plan-client-signed').textContent()).toContain('Ilse Marrow');
    await page.getByTestId('plan-review').click();
    await page.locator('[data-testid="select-content.problems.0.goals.0.objectives.0.status"] button').click();
    await page.getByRole('option', { name: 'Met', exact: true }).click();
    await expectClean(page, 'staff: treatment plan review');
    await sectionShots(page, 'treatment-plan', 'plans-review');
    await page.getByTestId('plan-review-sign').click();
    await page.locator('[data-testid="plan-current"][data-status="reviewed"][data-version="2"]').waitFor();
    expect(await page.getByTestId('plan-client-signed').textContent()).toBe('Waiting for the client (portal)');
    await page.getByText('Signed versions (2)').click();
    expect(await page.getByTestId('plan-versions').locator('li').count()).toBe(2);
    await expectClean(page, 'staff: treatment plan reviewed');
    await sectionShots(page, 'treatment-plan', 'plans-reviewed');
  });
});
