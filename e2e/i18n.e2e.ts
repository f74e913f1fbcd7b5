// Spanish (issue 19): a visitor whose browser speaks Spanish (es-MX) gets the portal's sign-in,
// registration and the public status page in Spanish; a link's ?lang=en overrides the browser
// and is remembered on the device; the language menu switches back, each language named in its
// own language. A signed-in client switches the portal shell to Spanish from its menu. Every page
// is checked by expectSpanish (html lang, no English message text left), axe and 390 px.
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { addedClientJoinsPortal, ownerAndClient } from './fixtures/actors.js';
import { DESKTOP, expectClean, PHONE, shots } from './fixtures/checks.js';
import { expectSpanish } from './fixtures/i18n.js';
import { scenario } from './fixtures/scenario.js';

const SMALL = { width: 360, height: 740 };
const SIZES = [DESKTOP, PHONE, SMALL];
const practice = {
  practiceName: 'Clínica Los Pinos',
  ownerName: 'Lucía Owner',
  email: 'lucia@lospinos.example',
  password: 'gentle otters paddle past lighthouses 8',
  signerTitle: 'Practice owner',
};
const client = { firstName: 'Rosa', lastName: 'Méndez', email: 'rosa.mendez@example.org', password: 'meadowlark quiet river stones 42' };

let context: BrowserContext;
let page: Page;

describe('Spanish: the browser language, ?lang= links and the language menu', () => {
  const world = scenario({ owner: 'owner', person: 'client' });
  const { owner, person } = world.actors;
  afterAll(async () => context?.close());

  it('a browser in es-MX gets the portal sign-in in Spanish', async () => {
    context = await world.browser.newContext({ baseURL: world.server.url, locale: 'es-MX', viewport: DESKTOP });
    page = await context.newPage();
    await page.goto('/portal/login');
    await page.locator('[data-testid="portal-login-page"][data-ready="true"]').waitFor();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Inicie sesión en su portal de clientes');
    await expectSpanish(page, 'portal sign-in');
    expect(await page.getByTestId('language-es').getAttribute('lang')).toBe('es');
    expect(await page.getByTestId('language-es').getAttribute('aria-pressed')).toBe('true');
    await expectClean(page, 'portal sign-in (es)');
    await shots(page, 'portal-login-es', { sizes: SIZES });
  });

  it('registration is in Spanish, and so are the form checks', async () => {
    await page.getByRole('link', { name: 'Cree una cuenta del portal' }).click();
    await page.locator('[data-testid="portal-register-page"][data-ready="true"]').waitFor();
    await page.getByTestId('portal-register-submit').click();
    await page.locator('.error-summary').waitFor();
    await expectSpanish(page, 'portal registration');
    expect(await page.getByTestId('form-error').textContent()).toContain('Corrija los campos marcados');
    await expectClean(page, 'portal registration (es)');
    await shots(page, 'portal-register-es', { sizes: SIZES, fullPage: true });
  });

  it('the public status page is in Spanish', async () => {
    await page.goto('/status');
    await page.locator('[data-testid="status-page"][data-ready="true"]').waitFor();
    await expectSpanish(page, 'status page');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Estado de Hearth');
    await expectClean(page, 'status page (es)');
    await shots(page, 'status-es', { sizes: SIZES });
  });

  it('?lang=en overrides the browser and is remembered; the menu switches back to Spanish', async () => {
    await page.goto('/portal/login?lang=en');
    await page.locator('[data-testid="portal-login-page"][data-ready="true"]').waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Sign in to your client portal');
    await page.goto('/portal/register');
    await page.locator('[data-testid="portal-register-page"][data-ready="true"]').waitFor();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Create a portal account');
    await page.getByTestId('language-es').click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Crear una cuenta del portal');
    await expectSpanish(page, 'registration after the menu');
    await page.reload();
    await page.locator('[data-testid="portal-register-page"][data-ready="true"]').waitFor();
    await expectSpanish(page, 'registration after a reload');
  });

  it('a signed-in client switches the portal shell to Spanish from its menu', async () => {
    const { staff, ui, portal } = ownerAndClient(owner, person);
    await ui.signUpWithTotp(practice);
    const ownerId = await staff.myId();
    await addedClientJoinsPortal(staff, world.mailbox, portal, { ...client, dateOfBirth: '1984-02-11' }, [ownerId]);
    const p = person.page;
    expect(await p.evaluate(() => document.documentElement.lang)).toBe('en');
    const put = p.waitForRequest((r) => r.url().endsWith('/api/portal/me/locale') && r.method() === 'PUT');
    await p.getByTestId('language-es').click();
    expect((await put).postDataJSON()).toEqual({ locale: 'es' });
    await p.waitForFunction(() => document.documentElement.lang === 'es');
    expect(await p.getByTestId('portal-sign-out').textContent()).toBe('Cerrar sesión');
    expect(await p.getByTestId('portal-security-link').textContent()).toBe('Seguridad de la cuenta');
    await shots(p, 'portal-home-es', { sizes: SIZES });
  });
});
