// Security keys end to end with Chromium's virtual authenticator (CDP WebAuthn domain): the
// owner enrols a key as the practice's required second factor, signs out, and signs in with
// password + key.
import type { Browser, CDPSession } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { auditPage, describeFailure, launchBrowser, newActor, type Actor } from './fixtures/browser.js';
import { startMailbox, type Mailbox } from './fixtures/mailbox.js';
import { HearthPages } from './fixtures/pages.js';
import { startHearth, type HearthServer } from './fixtures/server.js';

const owner = {
  practiceName: 'Cedar Path Psychology',
  ownerName: 'Kofi Owner',
  email: 'kofi@cedar.example',
  password: 'violet trains cross the frozen river 9',
  signerTitle: 'Owner',
};

let server: HearthServer;
let mailbox: Mailbox;
let browser: Browser;
let actor: Actor;
let ui: HearthPages;
let cdp: CDPSession;
let authenticatorId = '';

describe('security key (WebAuthn) enrolment and sign-in', () => {
  beforeAll(async () => {
    mailbox = await startMailbox();
    server = await startHearth({ smtpPort: mailbox.port, idleSeconds: 600, publicHost: 'localhost' });
    browser = await launchBrowser();
    actor = await newActor(browser, 'owner', server.url);
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

  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail') console.log(await describeFailure([actor], server));
  });

  afterAll(async () => {
    await browser?.close();
    await server?.dispose();
    await mailbox?.close();
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
    const check = await auditPage(actor.page, 'account security with a key');
    expect(check.axeViolations).toEqual([]);
    expect(check.overflowPx).toBeLessThanOrEqual(0);
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
