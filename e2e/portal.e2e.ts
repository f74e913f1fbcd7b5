// Client portal scenario: a practice owner (signed up, TOTP enrolled, also a provider) adds a
// client with an e-mail address, is told plainly that the client has not agreed to e-mail,
// records the consent and invites the client to the portal. The client (a second browser)
// joins through the link from the real SMTP receiver and sends a message with a message-service
// button; the provider sees the red unread marker in the client list, opens the thread, replies
// and closes it, and the marker is gone. A PDF uploaded by the client is downloaded by the
// provider, and one uploaded by the provider is downloaded by the client, byte for byte; the
// client attaches a file to a message and the provider downloads it from the thread. A
// self-registered account confirms its e-mail. Every page visited passes axe-core and fits 390 px.
import { describe, expect, it } from 'vitest';
import { expectClean, shots } from './fixtures/checks.js';
import { ClientRecordPages, HearthPages, PortalPages } from './fixtures/pages.js';
import { dropAssets } from './fixtures/dropped-assets.js';
import { scenario } from './fixtures/scenario.js';

const practice = {
  practiceName: 'Cedar Lane Counselling',
  ownerName: 'Nadia Owner',
  email: 'nadia@cedarlane.example',
  password: 'gentle otters paddle past lighthouses 8',
  signerTitle: 'Practice owner',
};
const client = {
  firstName: 'Tomasz',
  lastName: 'Wierzbicki',
  dateOfBirth: '1990-06-21',
  email: 'tomasz.w@example.org',
  password: 'meadowlark quiet river stones 42',
};
const SERVICE = 'Billing question';

/** A minimal PDF made here, so the bytes downloaded can be compared with the bytes sent. */
function tinyPdf(label: string): Buffer {
  return Buffer.from(
    `%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n% ${label}\ntrailer << /Root 1 0 R >>\n%%EOF\n`,
    'latin1',
  );
}

let clientId = '';
let inviteLink = '';

describe('client portal: invitation, secure messages and documents', () => {
  const world = scenario({ owner: 'owner', person: 'client' });
  const { owner, person } = world.actors;
  const ui = new HearthPages(owner);
  const record = new ClientRecordPages(owner);
  const portal = new PortalPages(person);

  async function openClientProfile() {
    await ui.gotoClients();
    await owner.page.getByRole('link', { name: `${client.lastName}, ${client.firstName}` }).click();
    await ui.clientProfileReady();
  }

  function clientRow() {
    return owner.page.locator(`[data-testid="client-row"][data-client-id="${clientId}"]`);
  }

  it('owner signs up, enrols TOTP and offers a "Billing question" message service', async () => {
    await ui.signUpWithTotp(practice);
    // Message services are set up in practice settings; here through the same API.
    const me = await owner.context.request.get('/api/me');
    const csrf = ((await me.json()) as { csrfToken: string }).csrfToken;
    const created = await owner.context.request.post('/api/practice/message-services', {
      data: { name: SERVICE, memberIds: [] },
      headers: { 'x-csrf-token': csrf },
    });
    expect(created.status(), await created.text()).toBe(201);
  });

  it('owner adds a client; inviting them is refused plainly until they agree to e-mail', async () => {
    await ui.gotoClients();
    await ui.openAddClient();
    await ui.fillClientName(client);
    await ui.field('email').fill(client.email);
    await owner.page.getByRole('checkbox', { name: practice.ownerName }).check({ force: true });
    await owner.page.getByTestId('client-submit').click();
    await ui.heading(`${client.firstName} ${client.lastName}`);
    await ui.clientProfileReady();
    clientId = (await owner.page.getByTestId('client-profile').getAttribute('data-client-id')) ?? '';
    expect(clientId).not.toBe('');
    await record.messagesReady(0);
    await record.documentsReady();

    expect(await record.invite()).toBe('error');
    expect(await record.inviteError().getAttribute('data-field')).toBe('consents.email');
    expect(await record.inviteError().textContent()).toMatch(/Email consent: the client has not agreed to receive e-mail/);
    await expectClean(owner.page, 'client profile (invite refused)');

    await owner.page.getByTestId('edit-client').click();
    await owner.page.getByTestId('client-form').waitFor();
    await owner.page.getByTestId('consent-email').click();
    await owner.page.getByTestId('client-submit').click();
    await owner.page.getByTestId('client-saved').getByText('Changes saved.').waitFor();
    expect(await owner.page.getByTestId('client-consents').textContent()).toContain('Email: agreed');

    expect(await record.invite()).toBe('sent');
    await expectClean(owner.page, 'client profile (invitation sent)');

    const { mail, match } = await world.mailbox.waitFor(client.email, /(https?:\/\/[^\s"'<>]+\/portal\/accept#token=[A-Za-z0-9_\-.~%]+)/);
    inviteLink = match[1]!;
    expect(inviteLink.startsWith(`${world.server.url}/portal/accept#token=`)).toBe(true);
    for (const secret of [client.firstName, client.lastName]) expect(mail.text).not.toContain(secret);
    // The invitation says who invites (issue 13, bug 8): the practice's name is not the client's PHI.
    expect(mail.text).toContain(`${practice.practiceName} has invited you to its secure portal`);
  });

  it('the client opens the link from the e-mail, chooses a password and sees the practice', async () => {
    const preview = await portal.openInvitation(inviteLink);
    expect(preview.accountExists).toBe(false);
    expect(preview.summary).toContain(client.email);
    // The token is dropped from the address bar once read.
    expect(person.page.url()).not.toContain('token=');
    await expectClean(person.page, 'portal: accept invitation');

    await portal.acceptInvitation(client.password);
    expect(new URL(person.page.url()).pathname).toBe('/portal');
    expect(await portal.links().count()).toBe(1);
    expect(await portal.links().first().getAttribute('data-client-id')).toBe(clientId);
    expect(await portal.links().first().textContent()).toContain(practice.practiceName);
    await expectClean(person.page, 'portal: home');

    await portal.openRecord(clientId, 'details');
    await portal.detailsReady();
    expect(await person.page.getByTestId('portal-dob').textContent()).toBe('06/21/1990');
    expect(await person.page.getByTestId('portal-email').textContent()).toBe(client.email);
    // Staff-only fields never reach the portal.
    expect(await person.page.locator('main').textContent()).not.toContain('Staff notes');
    await expectClean(person.page, 'portal: my details');
  });

  it('the client sends a message with the "Billing question" button', async () => {
    await portal.section('Messages');
    await portal.threadReady(0);
    await portal.serviceButton(SERVICE).waitFor();
    await expectClean(person.page, 'portal: messages (empty)');

    await portal.sendMessage('Could you send me a receipt for my last two sessions?', SERVICE);
    await portal.threadReady(1);
    expect(await person.page.getByTestId('portal-message-sent').textContent()).toContain('was sent');
    const sent = person.page.getByTestId('message').first();
    expect(await sent.getAttribute('data-author')).toBe('client');
    expect(await sent.textContent()).toContain('receipt for my last two sessions');
    expect(await sent.textContent()).toContain(SERVICE);
    expect(await person.page.getByTestId('portal-message-body').inputValue()).toBe('');
    await expectClean(person.page, 'portal: messages (sent)');
  });

  it('a portal page whose code does not arrive says so in the portal frame; the next page comes up', async () => {
    const page = person.page;
    // The link drops as the Appointments page's code comes.
    const dropped = await dropAssets(page, /\/assets\/PortalAppointments-[\w-]+\.js$/);
    try {
      await page.getByRole('navigation', { name: 'Your record' }).getByRole('link', { name: 'Appointments' }).click();
      const failed = page.getByTestId('page-load-error');
      await failed.waitFor();
      expect(await failed.getAttribute('data-kind')).toBe('load');
      await page.getByRole('heading', { level: 2, name: "This page didn't load" }).waitFor();
      expect(await failed.getByRole('alert').textContent()).toContain('The connection dropped or Hearth was busy while it loaded');
      expect(await failed.getByRole('button', { name: 'Reload the page' }).isVisible()).toBe(true);
      // The portal's frame stays: the record's sections and the connection state.
      expect(await page.getByRole('navigation', { name: 'Your record' }).isVisible()).toBe(true);
      expect(await page.getByTestId('connection-state').isVisible()).toBe(true);
      await expectClean(page, 'portal: a page whose code did not load');
      await shots(page, 'portal-page-load-error');
    } finally {
      await dropped.restore();
    }
    // Another page comes up as usual: the failure stays with the page that had it.
    await portal.section('Messages');
    await portal.threadReady(1);
    expect(await page.getByTestId('page-load-error').count()).toBe(0);
  });

  it('the provider sees the red unread marker, replies, closes the thread, and the marker is gone', async () => {
    await ui.gotoClients();
    await clientRow().getByTestId('unread-marker').waitFor();
    await expectClean(owner.page, 'clients (unread marker)');

    await clientRow().getByRole('link').click();
    await ui.clientProfileReady();
    await record.messagesReady(1);
    expect(await record.messages().getAttribute('data-unread')).toBe('true');
    expect(await record.messages().getByTestId('message-body').first().textContent()).toContain('receipt for my last two sessions');
    await expectClean(owner.page, 'client profile (unread message)');

    await record.reply('Of course: both receipts are on their way to your documents.');
    await record.messagesReady(2);
    expect(await record.messages().getAttribute('data-unread')).toBe('false');
    await record.closeThread();
    await owner.page.locator('[data-testid="client-messages"][data-closed="true"]').waitFor();
    await expectClean(owner.page, 'client profile (thread closed)');

    await ui.gotoClients();
    await clientRow().waitFor();
    expect(await clientRow().getByTestId('unread-marker').count()).toBe(0);

    // The client sees the reply in the portal.
    await person.page.reload();
    await portal.threadReady(2);
    expect(await person.page.getByTestId('message').nth(1).getAttribute('data-author')).toBe('staff');
  });

  it('a PDF uploaded by the client is downloaded by the provider, and one from the provider by the client', async () => {
    const fromClient = tinyPdf('intake form from the client');
    const fromProvider = tinyPdf('receipts from the practice, two sessions');

    await portal.section('Documents');
    await portal.documentsReady();
    await expectClean(person.page, 'portal: documents (empty)');
    await portal.upload('intake-form.pdf', fromClient);
    expect(await portal.documentRow('intake-form.pdf').textContent()).toContain('Uploaded by you');
    await expectClean(person.page, 'portal: documents (uploaded)');

    await openClientProfile();
    await record.documentsReady();
    await record.documentRow('intake-form.pdf').waitFor();
    const got = await record.download('intake-form.pdf');
    expect(got.suggested).toBe('intake-form.pdf');
    expect(got.bytes.equals(fromClient)).toBe(true);

    await record.upload('receipts.pdf', fromProvider, { share: true });
    // Sharing is a choice made at upload, off by default: this one stays with the staff.
    await record.upload('supervision-notes.pdf', tinyPdf('for the staff only'));
    expect(await record.documentRow('supervision-notes.pdf').getByTestId('document-sharing').getAttribute('data-shared')).toBe('false');
    expect(await record.documentRow('receipts.pdf').getByTestId('document-sharing').getAttribute('data-shared')).toBe('true');
    await expectClean(owner.page, 'client profile (documents)');

    await person.page.reload();
    await portal.documentsReady();
    const mine = await portal.download('receipts.pdf');
    expect(mine.suggested).toBe('receipts.pdf');
    expect(mine.bytes.equals(fromProvider)).toBe(true);
    expect(await portal.documentRow('receipts.pdf').textContent()).toContain(`Shared by ${practice.practiceName}`);
    expect(await person.page.locator('[data-testid="portal-documents-list"] [data-testid="document-row"][data-name="supervision-notes.pdf"]').count()).toBe(0);

    // The server is overloaded: the list says so and shows no stale rows; retries happen by themselves.
    // The first answers carry no Retry-After, so the list retries by itself; from the third on the
    // server asks for a minute, so only Retry can bring the list back within this test.
    let failed = 0;
    await person.page.route('**/api/portal/clients/*/documents', (route) => {
      failed++;
      const headers: Record<string, string> = failed >= 2 ? { 'Retry-After': '60' } : {};
      return route.fulfill({ status: 503, headers, contentType: 'application/json', body: JSON.stringify({ error: { code: 'overloaded', message: 'The server is busy; try again shortly' } }) });
    });
    await person.page.reload();
    const list = person.page.locator('[data-testid="portal-documents-list"][data-error="true"]');
    await list.getByText("Couldn't load documents — retrying").waitFor();
    expect(await person.page.getByTestId('document-row').count()).toBe(0);
    await expect.poll(() => failed, { timeout: 10_000 }).toBeGreaterThanOrEqual(2);
    await expectClean(person.page, 'portal: documents (load failed)');
    await person.page.unroute('**/api/portal/clients/*/documents');
    await list.getByRole('button', { name: 'Retry' }).click();
    await portal.documentsReady();
    expect(await person.page.getByTestId('document-row').count()).toBe(2);
  });

  it('the client attaches a file to a message; the provider downloads it from the thread', async () => {
    const card = tinyPdf('front and back of the new insurance card');
    await portal.section('Messages');
    await portal.threadReady(2);
    await portal.attach('insurance-card.pdf', card);
    await expectClean(person.page, 'portal: messages (file attached)');
    await portal.sendMessage('My new insurance card is attached.');
    await portal.threadReady(3);
    const mine = person.page.getByTestId('message').nth(2);
    expect(await mine.getByTestId('message-attachment').getAttribute('data-name')).toBe('insurance-card.pdf');
    expect(await person.page.getByTestId('attached-file').count()).toBe(0);
    await expectClean(person.page, 'portal: messages (sent with a file)');

    await openClientProfile();
    await record.messagesReady(3);
    const got = await record.downloadAttachment('insurance-card.pdf');
    expect(got.suggested).toBe('insurance-card.pdf');
    expect(got.bytes.equals(card)).toBe(true);
    await expectClean(owner.page, 'client profile (message with a file)');
  });

  it('the client turns on two-step sign-in, signs out, and signs in again with a code', async () => {
    await person.page.getByRole('link', { name: '← Your portal' }).click();
    await portal.homeReady();
    const device = await portal.enrolTotp((label) => expectClean(person.page, label));
    await expectClean(person.page, 'portal: home (two-step on)');

    await portal.signOut();
    expect(await person.page.getByTestId('portal-login-notice').textContent()).toContain('You signed out');
    expect(await person.page.locator('main').textContent()).not.toContain(practice.practiceName);
    expect(await person.page.evaluate(async () => (await fetch('/api/portal/me')).status)).toBe(401);
    await expectClean(person.page, 'portal: sign in after sign-out');

    // A deep link while signed out: sign in (password, then the code), and land where it pointed.
    await person.page.goto(`/portal/clients/${clientId}/messages`);
    await portal.heading('Sign in to your client portal');
    await portal.submitPassword(client.email, client.password);
    await person.page.getByTestId('portal-mfa-step').waitFor();
    await expectClean(person.page, 'portal: code step');
    await portal.submitCode(await device.nextCode());
    expect(new URL(person.page.url()).pathname).toBe(`/portal/clients/${clientId}/messages`);
    await portal.threadReady(3);

    // The owner's staff session, in its own browser, was never involved.
    await ui.gotoClients();
    expect(await ui.clientsTotal()).toBe(1);
  });

  it('a portal session that ended on the server sends the client to sign in with a notice, showing nothing', async () => {
    await person.context.clearCookies();
    await portal.section('Documents').catch(() => undefined);
    const notice = person.page.getByTestId('portal-login-notice');
    await notice.waitFor();
    expect(await notice.textContent()).toContain('Your session has ended');
    expect(new URL(person.page.url()).pathname).toBe('/portal/login');
    const body = await person.page.evaluate(() => document.body.innerText);
    for (const s of [practice.practiceName, client.email, 'receipts.pdf']) expect(body).not.toContain(s);
  });

  it('someone creates a portal account by themselves and confirms their e-mail', async () => {
    await person.page.goto('/portal/register');
    await portal.heading('Create a portal account');
    await expectClean(person.page, 'portal: create account');
    const email = 'ines.self@example.org';
    await portal.register(email, 'copper kettles whistle at dawn 31');
    await expectClean(person.page, 'portal: registration sent');
    const { match } = await world.mailbox.waitFor(email, /(https?:\/\/[^\s"'<>]+\/portal\/verify#token=[A-Za-z0-9_\-.~%]+)/);
    await person.page.goto(match[1]!);
    await portal.heading('Confirm your e-mail');
    expect(person.page.url()).not.toContain('token=');
    await expectClean(person.page, 'portal: confirm e-mail');
    await person.page.getByTestId('portal-verify-submit').click();
    await portal.homeReady();
    expect(await portal.links().count()).toBe(0);
    expect(await person.page.getByTestId('portal-account').textContent()).toBe(email);
    await expectClean(person.page, 'portal: home (no practice yet)');
  });
});
