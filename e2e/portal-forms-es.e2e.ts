// Forms, questionnaires and the treatment plan in Spanish: a practice writes a consent form in Spanish,
// sends it, schedules a PHQ-9 and signs a treatment plan for a client whose language is Spanish. In
// the portal the client sees every word of Hearth in Spanish: the forms list, the form (errors, saved
// state, the signature pad), the PHQ-9 in its published Spanish version with the crisis resources in
// Spanish after item 9, and the plan to read and sign. What the practice wrote stays as written.
// Every page passes axe and fits 390 px; with SHOTS_DIR set each is photographed at 1280×800,
// 390×844 and 360×740.
import { describe, expect, it } from 'vitest';
import { INSTRUMENT_TEXTS_ES } from '../src/shared/measures-es.js';
import { addedClientJoinsPortal, ownerAndClient } from './fixtures/actors.js';
import { DESKTOP, PHONE, expectClean, shots } from './fixtures/checks.js';
import { scenario } from './fixtures/scenario.js';
import { drawSignature } from './fixtures/signature.js';

const practice = { practiceName: 'Mesa Verde Counseling', ownerName: 'Olga Ruiz', email: 'olga@mesaverde.example', password: 'cactus lanterns under desert stars 58', signerTitle: 'Practice owner' };
const client = { firstName: 'Marisol', lastName: 'Quintero', dateOfBirth: '1987-09-02', email: 'marisol.q@example.org', password: 'naranjo patio lluvia tarde 64' };
const SIZES = [DESKTOP, PHONE, { width: 360, height: 740 }];
const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
/** PHQ-9 answers: item 9 "Varios días". */
const ANSWERS = [1, 2, 1, 1, 0, 1, 0, 0, 1];

let clientId = '';

describe('portal in Spanish: forms, PHQ-9 with crisis resources, treatment plan', () => {
  const world = scenario({ owner: 'owner', person: 'client' });
  const { owner, person } = world.actors;
  const { staff, ui, portal } = ownerAndClient(owner, person);

  it('the practice sends a Spanish consent form, schedules a PHQ-9 and signs a plan; the client reads Spanish', async () => {
    await ui.signUpWithTotp(practice);
    const ownerId = await staff.myId();
    clientId = await addedClientJoinsPortal(staff, world.mailbox, portal, client, [ownerId]);
    // The client's language: the practice's choice where the server knows it (clients.locale), and
    // this device's choice (the language menu's) either way.
    await staff.call('PATCH', `/api/clients/${clientId}`, { locale: 'es' });
    await person.page.evaluate(() => localStorage.setItem('hearth.locale', 'es'));
    const template = await staff.ok<{ id: string }>('POST', '/api/form-templates', {
      name: 'Consentimiento para telesalud',
      kind: 'telehealth_consent',
      wording: '# Sobre la telesalud\n\nLas sesiones son por **video seguro**. Puede terminar en cualquier momento.',
      fields: [
        { key: 'lugar', label: '¿Dónde estará durante las sesiones?', kind: 'text', required: true, multiline: false, maxLength: 300 },
        { key: 'firma', label: 'Firma', kind: 'signature', required: true },
      ],
    });
    await staff.ok('POST', `/api/clients/${clientId}/form-requests`, { templateIds: [template.id] });
    await staff.ok('POST', `/api/clients/${clientId}/measure-schedules`, { instrument: 'phq9', cadence: 'once' });
    await staff.ok('POST', '/api/billing/diagnosis-codes', { code: 'F41.1', description: 'Generalized anxiety disorder' });
    const plan = await staff.ok<{ id: string; version: number }>('POST', `/api/clients/${clientId}/treatment-plans`, {
      diagnoses: ['F41.1'],
      problems: [
        {
          text: 'Preocupación constante que no la deja dormir',
          goals: [{ text: 'Dormir toda la noche y preocuparse menos', objectives: [{ text: 'Practicar la respiración lenta cada noche', targetDate: inDays(60) }], interventions: [{ text: 'Terapia cognitivo-conductual', frequency: 'semanal' }] }],
        },
      ],
    });
    await staff.ok('POST', `/api/treatment-plans/${plan.id}/sign`, { version: plan.version }, 200);
  });

  it('the forms list and the form are in Spanish; errors, saved state and the signature pad too', async () => {
    const page = person.page;
    await page.goto('/portal/forms');
    const due = page.locator('[data-testid="forms-due"][data-ready="true"][data-pending="1"]');
    await due.waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('es');
    await due.getByText('Formularios por completar (1)').waitFor();
    // The form's name already says its kind: said once, with when it was sent.
    expect(await due.getByTestId('form-due').textContent()).toMatch(/^Consentimiento para telesaludEnviado el \d+ \S+ 2\d{3}Llenar y firmar/);
    await expectClean(page, 'portal (es): forms list');
    await shots(page, 'es-forms-list', { sizes: SIZES });
    await due.getByTestId('form-due-open').click();
    const fill = page.getByTestId('form-fill');
    await fill.waitFor();
    await page.getByTestId('form-submit').click();
    const errors = page.getByTestId('form-fill-error');
    await errors.getByText('Por favor, revise 2 respuestas antes de enviar.').waitFor();
    await errors.getByText('¿Dónde estará durante las sesiones?: Por favor, responda esta pregunta.').waitFor();
    await errors.getByText(/^Firma: Escriba su nombre completo y firme\.$/).waitFor();
    await expectClean(page, 'portal (es): form with errors');
    await fill.getByRole('textbox', { name: /Dónde estará/ }).fill('En mi casa, en la recámara');
    await page.locator('[data-testid="form-save-state"][data-state="saved"]').getByText(/Sus respuestas están guardadas/).waitFor();
    await page.getByTestId('signature-pad-name').fill(`${client.firstName} ${client.lastName}`);
    await drawSignature(page);
    await page.locator('[data-testid="signature-pad"][data-complete="true"]').waitFor();
    expect(await page.getByTestId('signature-pad').textContent()).toContain('Acepto que este nombre escrito es mi firma');
    expect(await page.getByTestId('form-submit').textContent()).toBe('Firmar y enviar');
    await expectClean(page, 'portal (es): form filled and signed');
    await shots(page, 'es-form-fill', { sizes: SIZES, fullPage: true });
    await shots(page, 'es-form-signature', { sizes: SIZES, prepare: () => page.getByTestId('signature-pad').evaluate((el) => el.scrollIntoView({ block: 'center' })) });
    const submitUrl = /\/api\/portal\/form-requests\/[^/]+\/submit$/;
    // An answer the server refuses though the page let it through (the request is changed on its
    // way): the problem the server sends as data is worded beside its question, in Spanish.
    const where = '¿Dónde estará durante las sesiones?: Por favor, responda esta pregunta.';
    expect(await errors.getByText(where).count()).toBe(0);
    await page.route(submitUrl, async (route) => {
      const body = JSON.parse(route.request().postData() ?? '{}') as { fields: Record<string, unknown> };
      for (const [k, v] of Object.entries(body.fields)) if (typeof v === 'string') body.fields[k] = '';
      await route.continue({ postData: JSON.stringify(body) });
    });
    await page.getByTestId('form-submit').click();
    await errors.getByText(where).waitFor();
    await expectClean(page, 'portal (es): an answer the server refused');
    await shots(page, 'es-form-server-refused', { sizes: SIZES, prepare: () => errors.evaluate((el) => el.scrollIntoView({ block: 'start' })) });
    await page.unroute(submitUrl);
    // Hearth is busy the first time (the overload guard's answer): the page says so in Spanish, from
    // the refusal's code, and keeps everything for the next press.
    await page.route(submitUrl, (route) =>
      route.fulfill({ status: 503, headers: { 'retry-after': '5', 'content-type': 'application/json' }, body: JSON.stringify({ error: { code: 'overloaded', message: 'Hearth is busy; retrying shortly will work' } }) }),
    );
    await page.getByTestId('form-submit').click();
    await errors.getByText('Hearth está ocupado. Vuelva a intentarlo en un momento, por favor.').waitFor();
    expect(await page.getByTestId('signature-pad-name').inputValue()).toBe(`${client.firstName} ${client.lastName}`);
    await page.unroute(submitUrl);
    await page.getByTestId('form-submit').click();
    await page.getByTestId('signed-form').waitFor();
    expect(await page.getByTestId('form-signed-on').textContent()).toMatch(new RegExp(`Firmado el \\d+ de \\S+ de 2\\d{3}.*\\d:\\d{2}.*[ap]\\.\\s?m\\. por ${client.firstName} ${client.lastName}`));
    await expectClean(page, 'portal (es): signed form');
    await shots(page, 'es-form-signed', { sizes: SIZES, fullPage: true });
  });

  it('the PHQ-9 is the published Spanish version; after item 9 the crisis resources are in Spanish', async () => {
    const page = person.page;
    await page.goto('/portal/measures');
    const due = page.locator('[data-testid="measures-due"][data-count="1"]');
    await due.waitFor();
    await due.getByText(/9 preguntas · unos 2 minutos/).waitFor();
    await due.getByTestId('measure-start').click();
    const fill = page.getByTestId('measure-fill');
    await fill.waitFor();
    await page.getByTestId('measure-submit').click();
    await page.getByText('Por favor, responda la pregunta 1 (faltan 9).').waitFor();
    const es = INSTRUMENT_TEXTS_ES.phq9;
    await fill.getByRole('heading', { name: es.title }).waitFor();
    const questions = fill.getByTestId('measure-question');
    expect(await questions.count()).toBe(10);
    expect(await questions.nth(8).locator('legend').textContent()).toContain(es.items[8]);
    for (const [i, a] of ANSWERS.entries()) await questions.nth(i).getByLabel(es.options[a]!, { exact: true }).check();
    await questions.nth(9).getByLabel('Un poco difícil', { exact: true }).check();
    expect(await page.getByTestId('measure-progress').textContent()).toBe('9 de 9 respondidas');
    // "Please answer question 1" went with the first answer: nothing stale above the button.
    expect(await page.getByTestId('measure-error').textContent()).toBe('');
    await expectClean(page, 'portal (es): PHQ-9 filled');
    await shots(page, 'es-phq9-fill', { sizes: SIZES, prepare: () => questions.nth(8).evaluate((el) => el.scrollIntoView({ block: 'center' })) });
    await page.getByTestId('measure-submit').click();
    const crisis = page.getByTestId('crisis-resources');
    await crisis.waitFor();
    const text = (await crisis.textContent()) ?? '';
    for (const words of ['Si está pensando en hacerse daño', 'presione 2 para español', '741741', 'AYUDA', '911']) expect(text).toContain(words);
    expect(text).not.toMatch(/If you are|Call or text/);
    expect(await page.getByTestId('measure-done').textContent()).toContain('Gracias');
    await expectClean(page, 'portal (es): crisis resources');
    await shots(page, 'es-phq9-crisis', { sizes: SIZES });
  });

  it('the treatment plan reads in Spanish, and signing asks for the agreement in Spanish', async () => {
    const page = person.page;
    await page.goto(`/portal/clients/${clientId}/treatment-plans`);
    await page.locator('[data-testid="portal-plans"][data-ready="true"]').waitFor();
    const plan = page.getByTestId('portal-plan');
    await plan.getByText('Dormir toda la noche y preocuparse menos').waitFor();
    expect(await plan.textContent()).toMatch(/Firmado por Olga Ruiz el .*Próxima revisión: .*Estado: Activo\./);
    await plan.getByText('Meta 1.1:').waitFor();
    await page.getByTestId('portal-plan-name').fill(`${client.firstName} ${client.lastName}`);
    await page.getByTestId('portal-plan-sign').click();
    await expect.poll(() => page.getByTestId('portal-plan-error').textContent()).toContain('marque la casilla para firmar');
    await expectClean(page, 'portal (es): plan to sign');
    await shots(page, 'es-plan-sign', { sizes: SIZES, fullPage: true });
    await page.getByTestId('portal-plan-agree').click();
    await page.getByTestId('portal-plan-sign').click();
    await page.getByTestId('portal-plan-signed').getByText(`Usted firmó esta versión como «${client.firstName} ${client.lastName}»`, { exact: false }).waitFor();
    await expectClean(page, 'portal (es): plan signed');
    await shots(page, 'es-plan-signed', { sizes: SIZES });
  });
});
