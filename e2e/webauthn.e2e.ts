// Security keys end to end with Chromium's virtual authenticator (CDP WebAuthn domain): the
// owner enrols a key as the practice's required second factor, signs out, and signs in with
// password + key.
import type { CDPSession } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Actor } from './fixtures/browser.js';
import { expectClean } from './fixtures/checks.js';
import { HearthPages } from './fixtures/pages.js';
import { scenario } from './fixtures/scenario.js';

const owner = {
  practiceName: 'Cedar Path Psychology',
  ownerName: 'Kofi Owner',
  email: 'kofi@cedar.example',
  password: 'violet trains cross the frozen river 9',
  signerTitle: 'Owner',
};

let actor: Actor;
let ui: HearthPages;
let cdp: CDPSession;
let authenticatorId = '';

describe('security key (WebAuthn) enrolment and sign-in', () => {
  const world = scenario({ actor: 'owner' }, { idleSeconds: 600, publicHost: 'localhost' });

  beforeAll(async () => {
    ({ actor } = world.actors);
    ui = new HearthPages(actor.page);
    cdp = await actor.context.newCDPSession(actor.page);
    await cdp.send('WebAuthn.enable');
    const res = await cdp.send('WebAuthn.addVirtualAuthenticator', {
      options: {
        protocol: 'ctap2',
        transport: 'usb',
        hasResidentKey: true,
        hasUserVerification: true,
        isUserVerified: true,
        automaticPresenceSimulation: true,
      },
    });
    authenticatorId = res.authenticatorId;
  });

  it('owner registers a security key as their second factor', async () => {
    await ui.gotoSignUp();
    await ui.signUp(owner);
    if (!(await actor.page.getByTestId('mfa-enrolment').isVisible())) await ui.gotoSecurity();
    await actor.page.getByTestId('key-name').fill('Blue USB key');
    await actor.page.getByTestId('key-register').click();
    await ui.appReady();
    if (!(await actor.page.getByTestId('security-page').isVisible())) await ui.gotoSecurity();
    await actor.page.getByTestId('security-keys').getByText('Blue USB key').waitFor();
    const creds = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
    expect(creds.credentials.length).toBe(1);
    await expectClean(actor.page, 'account security with a key');
  });

  it('owner signs out and signs in with password + security key', async () => {
    await ui.signOut();
    await ui.gotoLogin();
    await ui.submitPassword(owner.email, owner.password);
    await actor.page.getByTestId('mfa-step').waitFor();
    await actor.page.getByTestId('mfa-security-key').click();
    await ui.appReady();
    expect(await actor.page.getByTestId('practice-name').textContent()).toBe(owner.practiceName);
  });
});
