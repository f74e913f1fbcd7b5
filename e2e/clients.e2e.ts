// Clients scenario: a practice owner (signed up, TOTP enrolled) adds a client through the form,
// finds them by a name prefix, opens and edits the profile, has a CSV with a bad row rejected
// with a row-by-row report (nothing imported), then imports three clients. Every page visited
// passes axe-core and fits 390 px.
import { describe, expect, it } from 'vitest';
import { expectClean } from './fixtures/checks.js';
import { HearthPages } from './fixtures/pages.js';
import { scenario } from './fixtures/scenario.js';

const practice = {
  practiceName: 'Juniper Hill Therapy',
  ownerName: 'Omar Owner',
  email: 'omar@juniper.example',
  password: 'copper finches nest under bridges 19',
  signerTitle: 'Practice owner',
};
const client = {
  firstName: 'Marisol',
  lastName: 'Quintero',
  dateOfBirth: '1987-03-14',
  usDateOfBirth: '03/14/1987',
  email: 'marisol.q@example.org',
  phone: '(415) 555-0134',
  newPhone: '(415) 555-0199',
  newPhoneE164: '+14155550199',
  newPhoneShown: '(415) 555-0199',
};

let clientId = '';

describe('clients: add, search, edit, import', () => {
  const world = scenario({ owner: 'owner' });
  const { owner } = world.actors;
  const ui = new HearthPages(owner);

  it('owner signs up and enrols TOTP; the client list starts empty', async () => {
    await ui.signUpWithTotp(practice);
    await ui.gotoClients();
    expect(await ui.clientsTotal()).toBe(0);
    expect(await owner.page.getByTestId('clients-total').textContent()).toMatch(/No clients yet/);
    await owner.page.getByTestId('add-client').waitFor();
    await owner.page.getByTestId('import-clients').waitFor();
    await expectClean(owner.page, 'clients (empty)');
  });

  it('owner adds a client through the form; a bad date is named on its field first', async () => {
    await ui.openAddClient();
    await expectClean(owner.page, 'add client');

    await ui.fillClientName({ ...client, dateOfBirth: '1987-02-30' });
    await ui.field('email').fill(client.email);
    await ui.field('phone').fill(client.phone);
    await owner.page.getByTestId('client-submit').click();
    await owner.page.getByTestId('form-error').getByText(/Date of birth is not a real calendar date/).waitFor();
    expect(await ui.field('dateOfBirth').getAttribute('aria-invalid')).toBe('true');
    await expectClean(owner.page, 'add client with errors');

    // A US practice types dates month first; the form says so, and the record stores YYYY-MM-DD.
    await ui.field('dateOfBirth').fill('March 14');
    await owner.page.getByTestId('client-submit').click();
    await owner.page.getByTestId('form-error').getByText(/Date of birth is not a date we can read: write it MM\/DD\/YYYY/).waitFor();
    expect(await owner.page.getByText('MM/DD/YYYY, for example 07/23/1984.').isVisible()).toBe(true);
    await ui.field('dateOfBirth').fill(client.usDateOfBirth);
    // Consents: each box sits beside its wording.
    const emailConsent = owner.page.getByTestId('consent-email');
    expect(await emailConsent.textContent()).toContain('Emails never include clinical details');
    await emailConsent.click();
    expect(await owner.page.getByRole('checkbox', { name: /receive email from the practice/ }).isChecked()).toBe(true);
    await owner.page.getByTestId('client-submit').click();

    await ui.heading(`${client.firstName} ${client.lastName}`);
    await ui.clientProfileReady();
    expect(await owner.page.getByTestId('client-saved').textContent()).toContain('Client added');
    clientId = (await owner.page.getByTestId('client-profile').getAttribute('data-client-id')) ?? '';
    expect(clientId).not.toBe('');
    expect(await owner.page.getByTestId('client-dob').textContent()).toBe(client.usDateOfBirth);
    expect(await owner.page.getByTestId('client-consents').textContent()).toContain('Email: agreed');
    await expectClean(owner.page, 'client profile (new)');
  });

  it('owner finds the client by the start of their last name', async () => {
    await ui.gotoClients();
    expect(await ui.clientsTotal()).toBe(1);
    await ui.searchClients('Quin');
    const rows = owner.page.getByTestId('client-row');
    expect(await rows.count()).toBe(1);
    expect(await rows.first().getAttribute('data-client-id')).toBe(clientId);
    expect(await owner.page.getByTestId('clients-total').textContent()).toBe('Showing 1–1 of 1');
    await expectClean(owner.page, 'clients (search)');

    await ui.searchClients('Zebulon');
    expect(await ui.clientsTotal()).toBe(0);
    expect(await owner.page.getByTestId('client-row').count()).toBe(0);
    await ui.searchClients('quin');
    expect(await owner.page.getByTestId('client-row').count()).toBe(1);
  });

  it('owner opens the profile, downloads the record and changes the phone number', async () => {
    await owner.page.getByRole('link', { name: `${client.lastName}, ${client.firstName}` }).click();
    await ui.heading(`${client.firstName} ${client.lastName}`);
    await ui.clientProfileReady();
    expect(await owner.page.getByTestId('client-email').textContent()).toBe(client.email);

    // The export links are same-origin GETs carrying the session cookie.
    const jsonHref = await owner.page.getByTestId('export-json').getAttribute('href');
    expect(await owner.page.getByTestId('export-json').getAttribute('download')).not.toBeNull();
    const exported = await owner.context.request.get(jsonHref!);
    expect(exported.status()).toBe(200);
    expect(await exported.text()).toContain(client.lastName);
    const pdf = await owner.context.request.get((await owner.page.getByTestId('export-pdf').getAttribute('href'))!);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toContain('application/pdf');

    await owner.page.getByTestId('edit-client').click();
    await owner.page.getByTestId('client-form').waitFor();
    expect(await ui.field('phone').inputValue()).not.toBe('');
    await expectClean(owner.page, 'edit client');

    await ui.field('phone').fill(client.newPhone);
    await owner.page.getByTestId('client-submit').click();
    await owner.page.getByTestId('client-saved').getByText('Changes saved.').waitFor();
    // Stored as E.164, shown as people read it, dialled from the stored digits.
    expect(await owner.page.getByTestId('client-phone').textContent()).toBe(client.newPhoneShown);
    expect(await owner.page.getByTestId('client-phone').locator('a').getAttribute('href')).toBe(`tel:${client.newPhoneE164}`);

    // The change is stored, not only shown.
    await owner.page.reload();
    await ui.clientProfileReady();
    expect(await owner.page.getByTestId('client-phone').textContent()).toBe(client.newPhoneShown);
    await expectClean(owner.page, 'client profile (edited)');
  });

  it('a CSV with a bad row is rejected with a row-by-row report, and nothing is imported', async () => {
    await ui.gotoClients();
    const before = await ui.clientsTotal();
    await owner.page.getByTestId('import-clients').click();
    await ui.heading('Import clients from CSV');
    const template = owner.page.getByTestId('csv-template');
    expect(await template.getAttribute('download')).toBe('hearth-clients-template.csv');
    expect(decodeURIComponent((await template.getAttribute('href')) ?? '')).toContain('firstName,lastName,dateOfBirth,');
    await expectClean(owner.page, 'import CSV');

    const bad = [
      'firstName,lastName,dateOfBirth,email,state',
      'Ada,Okafor,1990-05-02,ada@example.org,',
      'Bea,Lindqvist,1990-13-01,bea@example.org,',
      'Cy,Moreau,1979-11-30,cy@example.org,',
    ].join('\n');
    const report = await ui.importCsvExpecting('import-report', bad, 'bad.csv');
    expect(await report.getByRole('heading', { name: 'Nothing was imported' }).isVisible()).toBe(true);
    const rows = owner.page.getByTestId('import-errors').locator('tbody tr');
    expect(await rows.count()).toBeGreaterThanOrEqual(1);
    expect(await rows.first().getAttribute('data-row')).toBe('3');
    expect(await rows.first().getAttribute('data-field')).toBe('dateOfBirth');
    expect(await owner.page.getByRole('table').getByRole('columnheader').allTextContents()).toEqual(['Row', 'Column', 'Problem']);
    await expectClean(owner.page, 'import CSV rejected');

    await ui.gotoClients();
    expect(await ui.clientsTotal()).toBe(before);
  });

  it('a good CSV of three clients is imported and the total goes up by three', async () => {
    const before = await ui.clientsTotal();
    await owner.page.getByTestId('import-clients').click();
    await ui.heading('Import clients from CSV');
    const good = [
      'firstName,lastName,dateOfBirth,preferredName,pronouns,email,phone,addressLine1,addressLine2,city,state,postalCode,status',
      'Ada,Okafor,1990-05-02,,she/her,ada@example.org,(212) 555-0101,1 Main St,,Albany,NY,12207,active',
      'Bea,Lindqvist,1991-01-13,Bee,,bea@example.org,,,,,,,inactive',
      'Cy,Moreau,1979-11-30,,they/them,,,,,,,,',
    ].join('\r\n');
    const result = await ui.importCsvExpecting('import-result', good, 'good.csv');
    expect(await result.getAttribute('data-imported')).toBe('3');
    expect(await result.textContent()).toContain('Imported 3 clients');
    await expectClean(owner.page, 'import CSV accepted');

    await ui.gotoClients();
    expect(await ui.clientsTotal()).toBe(before + 3);
    expect(await owner.page.getByTestId('clients-total').textContent()).toBe(`Showing 1–${before + 3} of ${before + 3}`);
    await ui.searchClients('Lind');
    expect(await owner.page.getByTestId('client-row').count()).toBe(1);
    await expectClean(owner.page, 'clients after import');
  });

  it('at 390 px the list is stacked; a failed answer shows "Couldn\'t load clients — retrying" and no list', async () => {
    const page = owner.page;
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByTestId('client-cards').waitFor();
    expect(await page.getByTestId('clients-table').count()).toBe(0);
    expect(await page.getByTestId('client-row').count()).toBe(1);
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.getByTestId('clients-table').waitFor();

    // The server is overloaded: the list must not show the previous (stale) rows.
    let failed = 0;
    await page.route('**/api/clients?*', (route) => {
      failed++;
      return route.fulfill({
        status: 503,
        // From the second failure on, the server asks for a minute: the automatic retry waits, so
        // the Retry button below is what recovers (and must not merely join the sleeping retry).
        ...(failed >= 2 ? { headers: { 'retry-after': '60' } } : {}),
        contentType: 'application/json',
        body: JSON.stringify({ error: { code: 'overloaded', message: 'The server is busy; try again shortly' } }),
      });
    });
    await page.getByTestId('client-search').fill('Oka');
    const error = page.getByTestId('clients-error');
    await error.waitFor();
    expect(await error.textContent()).toContain("Couldn't load clients — retrying");
    expect(await page.getByTestId('client-row').count()).toBe(0);
    expect(await page.getByTestId('clients-total').count()).toBe(0);
    expect(await page.getByTestId('clients-list').getAttribute('data-ready')).toBe('false');
    // Retries happen by themselves, with backoff.
    await expect.poll(() => failed, { timeout: 10_000 }).toBeGreaterThanOrEqual(2);
    await expectClean(page, 'clients (load failed)');

    await page.unroute('**/api/clients?*');
    await page.getByTestId('clients-retry').click();
    await ui.clientsReady('Oka');
    expect(await ui.clientsTotal()).toBe(1);
    expect(await page.getByTestId('client-row').count()).toBe(1);
  });

  it('filters by status, and pages through more than 25 clients by cursor', async () => {
    const page = owner.page;
    await page.getByTestId('client-search').fill('');
    await ui.clientsReady('');
    const before = await ui.clientsTotal();

    await page.getByTestId('status-filter').getByRole('button').click();
    await page.getByRole('option', { name: 'Inactive' }).click();
    await ui.clientsReady('', 'inactive');
    expect(await ui.clientsTotal()).toBe(1);
    expect(await page.getByRole('link', { name: 'Lindqvist, Bea' }).isVisible()).toBe(true);
    await page.getByTestId('status-filter').getByRole('button').click();
    await page.getByRole('option', { name: 'All statuses' }).click();
    await ui.clientsReady('', '');
    expect(await ui.clientsTotal()).toBe(before);

    await page.getByTestId('import-clients').click();
    await ui.heading('Import clients from CSV');
    const rows = Array.from({ length: 25 }, (_, i) => `Person${i + 1},Pagewood,1980-01-${String((i % 28) + 1).padStart(2, '0')}`);
    await ui.importCsv(['firstName,lastName,dateOfBirth', ...rows].join('\n'), 'many.csv');
    expect(await page.getByTestId('import-result').getAttribute('data-imported')).toBe('25');

    await ui.gotoClients();
    const total = before + 25;
    expect(await ui.clientsTotal()).toBe(total);
    expect(await page.getByTestId('clients-total').textContent()).toBe(`Showing 1–25 of ${total}`);
    expect(await page.getByTestId('client-row').count()).toBe(25);
    await page.getByTestId('page-next').click();
    await page.getByTestId('clients-total').filter({ hasText: `Showing 26–${total} of ${total}` }).waitFor();
    await ui.clientsReady('');
    expect(await page.getByTestId('client-row').count()).toBe(total - 25);
    await expectClean(page, 'clients (page 2)');
    await page.getByTestId('page-previous').click();
    await page.getByTestId('clients-total').filter({ hasText: `Showing 1–25 of ${total}` }).waitFor();
    expect(await page.getByTestId('client-row').count()).toBe(25);
  });
});
