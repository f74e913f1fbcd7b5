// Portal account security in the browser: a person who forgot their portal password asks for a
// link from the sign-in page, opens it from the real SMTP world.mailbox, chooses a new password and signs
// in with it. On the Account security page they turn on two-step sign-in and see their recovery
// codes once, see where they are signed in, sign out another device (which learns it within a
// heartbeat and shows "You were signed out"), and turn two-step sign-in off with password and code.
// Every page visited passes axe-core and fits 390 px.
import { beforeAll, describe, expect, it } from 'vitest';
import { expectClean } from './fixtures/checks.js';
import { PortalPages } from './fixtures/pages.js';
import { scenario } from './fixtures/scenario.js';

const email = 'noor.reset@example.org';
const firstPassword = 'amber lanterns over quiet water 7';
const newPassword = 'sixteen paper cranes at midnight 4';

describe('portal account security: forgotten password, two-step sign-in, sessions', () => {
  const world = scenario({ person: 'client', phone: 'client-phone' });
  const { person, phone } = world.actors;
  const portal = new PortalPages(person);

  beforeAll(async () => {
    // A confirmed portal account (self sign-up; the invitation path is covered by portal.e2e.ts).
    await portal.register(email, firstPassword);
    const { match } = await world.mailbox.waitFor(email, /(https?:\/\/[^\s"'<>]+\/portal\/verify#token=[A-Za-z0-9_\-.~%]+)/);
    await portal.verify(match[1]!);
    await person.context.clearCookies();
  });

  it('forgot password: link from the sign-in page, mailed link, new password, sign in', async () => {
    await portal.gotoLogin();
    await person.page.getByTestId('portal-forgot-link').click();
    await portal.heading('Reset your password');
    await expectClean(person.page, 'portal: forgot password');
    await portal.field('email').fill(email);
    await person.page.getByTestId('portal-reset-request-submit').click();
    await person.page.getByTestId('portal-reset-sent').waitFor();
    await expectClean(person.page, 'portal: reset link sent');

    const { mail, match } = await world.mailbox.waitFor(email, /(https?:\/\/[^\s"'<>]+\/portal\/reset#token=[A-Za-z0-9_\-.~%]+)/);
    expect(mail.raw).toMatch(/^From: Hearth </m);
    await person.page.goto(match[1]!);
    await portal.heading('Choose a new password');
    expect(person.page.url()).not.toContain('token=');
    await expectClean(person.page, 'portal: choose a new password');
    await portal.field('password').fill(newPassword);
    await portal.field('confirm').fill(newPassword);
    await person.page.getByTestId('portal-reset-submit').click();

    await portal.heading('Sign in to your client portal');
    expect(await person.page.getByTestId('portal-login-notice').textContent()).toContain('Your password was changed');
    await portal.signIn(email, newPassword);
    await portal.homeReady();
  });

  it('two-step sign-in shows ten recovery codes once; the sessions list signs out another device, which is told', async () => {
    await person.page.getByTestId('portal-security-link').click();
    await person.page.locator('[data-testid="portal-security-page"][data-ready="true"]').waitFor();
    await portal.heading('Account security');
    await person.page.locator('[data-testid="portal-sessions-list"][data-ready="true"]').waitFor();
    await expectClean(person.page, 'portal: account security');

    const device = await portal.enrolTotp();
    const codes = person.page.getByTestId('recovery-codes').locator('li');
    expect(await codes.count()).toBe(10);
    await person.page.getByTestId('recovery-codes-download').waitFor();
    await expectClean(person.page, 'portal: recovery codes');
    await person.page.getByTestId('recovery-codes-done').click();
    await person.page.getByTestId('portal-totp-status').waitFor();

    // The same person on a phone: password, then a code from the app.
    const phonePortal = new PortalPages(phone.page);
    await phonePortal.gotoLogin();
    await phonePortal.submitPassword(email, newPassword);
    await phone.page.getByTestId('portal-mfa-step').waitFor();
    await phonePortal.submitCode(await device.nextCode());

    await person.page.reload();
    const rows = person.page.getByTestId('session-row');
    await person.page.locator('[data-testid="portal-sessions-list"][data-ready="true"]').waitFor();
    expect(await rows.count()).toBe(2);
    expect(await person.page.locator('[data-testid="session-row"][data-current="true"]').count()).toBe(1);
    await person.page.getByTestId('portal-sessions-revoke-others').click();
    await person.page.getByTestId('portal-sessions-done').waitFor();
    await person.page.locator('[data-testid="portal-sessions-list"] [data-testid="session-row"]').nth(1).waitFor({ state: 'detached' });

    // The phone learns from its background session check, without anyone touching it.
    const notice = phone.page.getByTestId('portal-login-notice');
    await notice.waitFor({ timeout: 30_000 });
    expect(await notice.textContent()).toContain('You were signed out');
    expect(await phone.page.evaluate(() => document.body.innerText)).not.toContain(email);
    await expectClean(phone.page, 'portal: signed out elsewhere');

    // Turning two-step sign-in off takes the password and a current code.
    await person.page.getByTestId('portal-totp-remove').click();
    await person.page.getByTestId('portal-totp-remove-form').waitFor();
    await expectClean(person.page, 'portal: turn off two-step sign-in');
    await portal.field('password').fill(newPassword);
    await portal.field('code').fill(await device.nextCode());
    await person.page.getByTestId('portal-totp-remove-form-submit').click();
    await person.page.locator('[data-testid="portal-security"][data-totp="false"]').waitFor();
  });
});
