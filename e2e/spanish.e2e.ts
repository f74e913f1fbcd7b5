// Issue 19's must-show, end to end in Spanish: the owner adds a client through the staff form with
// Language = Español and sends the portal invitation; the invitation arrives by real SMTP in
// Spanish with a link carrying lang=es; the client opens it, sees Spanish, sets a password (a
// common one first: the server's refusal is in Spanish) and lands in the Spanish portal home. A
// video visit booked a few minutes ahead (a 5-minute mail rule) brings a Spanish reminder whose
// date is Spanish, in the client's zone (es-US, "lunes, 7 de diciembre de 2026, 10:05 a.m. CST"),
// with links carrying lang=es. The client opens the reminder's join link: the pre-join, the call
// with the provider (fake camera and microphone in both browsers), the first window's words when
// the client joins again from a second one, and the end of the call are in Spanish; the used
// link's page says so in Spanish.
// Every page passes axe and fits 390 px; with SHOTS_DIR set each is photographed at 1280×800 and
// 390×844.
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { StaffApi } from './fixtures/api.js';
import { DESKTOP, PHONE, expectClean, shots } from './fixtures/checks.js';
import { expectSpanish } from './fixtures/i18n.js';
import { readable } from './fixtures/mailbox.js';
import { ClientRecordPages, HearthPages } from './fixtures/pages.js';
import { scenario } from './fixtures/scenario.js';

const practice = { practiceName: 'Clínica Sierra Azul', ownerName: 'Beatriz Solano', email: 'beatriz@sierraazul.example', password: 'mesquite shadows over red canyons 72', signerTitle: 'Practice owner' };
const client = { firstName: 'Rogelio', lastName: 'Castañeda', dateOfBirth: '03/11/1979', email: 'rogelio.c@example.org', password: 'colibrí jardín mañana tranquila 35' };
const CHI = 'America/Chicago';
const INVITE_LINK = /(https?:\/\/[^\s"'<>]+\/portal\/accept\?lang=es#token=[A-Za-z0-9_\-.~%]+)/;
const JOIN_LINK = /(https?:\/\/[^\s"'<>]+\/join\?lang=es#[A-Za-z0-9_\-.~%=]+)/;
const CONFIRM_LINK = /(https?:\/\/[^\s"'<>]+\/r\?lang=es#token=[A-Za-z0-9_\-.~%]+)/;

let clientId = '';
let ownerId = '';
let joinLink = '';
let callId = '';

describe('Spanish end to end: invitation, portal, reminder by mail, the call', () => {
  const world = scenario({ owner: 'owner', person: 'client' }, { fakeMedia: true });
  const { owner, person } = world.actors;
  const ui = new HearthPages(owner);
  const staff = new StaffApi(owner);
  const record = new ClientRecordPages(owner);

  it('the owner adds a client with Language = Español in the staff form and invites them to the portal', async () => {
    await ui.signUpWithTotp(practice);
    ownerId = await staff.myId();
    await ui.gotoClients();
    await ui.openAddClient();
    await ui.fillClientName(client);
    await ui.field('email').fill(client.email);
    await owner.page.getByTestId('field-timeZone-input').fill('Chicago');
    await owner.page.getByRole('option', { name: `Chicago (${CHI})` }).click();
    const language = owner.page.getByTestId('field-locale');
    await language.getByRole('button').click();
    await owner.page.getByRole('option', { name: 'Español' }).click();
    expect(await language.getByRole('button').textContent()).toContain('Español');
    await owner.page.getByTestId('consent-email').click();
    await owner.page.getByRole('checkbox', { name: practice.ownerName }).check({ force: true });
    await expectClean(owner.page, 'add client (language Español)');
    await shots(owner.page, 'es-client-form-language', { prepare: () => language.scrollIntoViewIfNeeded() });
    await owner.page.getByTestId('client-submit').click();
    await ui.heading(`${client.firstName} ${client.lastName}`);
    await ui.clientProfileReady();
    clientId = (await owner.page.getByTestId('client-profile').getAttribute('data-client-id')) ?? '';
    expect(clientId).not.toBe('');
    const saved = await staff.ok<{ locale: string; timeZone: string }>('GET', `/api/clients/${clientId}`);
    expect([saved.locale, saved.timeZone]).toEqual(['es', CHI]);
    expect(await record.invite()).toBe('sent');
  });

  it('the invitation mail is Spanish with lang=es; the client registers in Spanish and lands in the Spanish portal', async () => {
    const { mail: got, match } = await world.mailbox.waitFor(client.email, INVITE_LINK);
    const mail = readable(got);
    expect(mail.subject).toBe(`Su invitación al portal seguro de ${practice.practiceName}`);
    expect(mail.text).toContain(`${practice.practiceName} le invita a su portal seguro`);
    expect(mail.text).toContain('Abra este enlace dentro de los próximos 7 días');
    expect(mail.text).not.toMatch(/has invited you|Open this link/);
    const page = person.page;
    await page.goto(match[1]!);
    await page.locator('[data-testid="portal-invite-preview"][data-ready="true"]').waitFor();
    expect(page.url()).not.toContain('token=');
    await expectSpanish(page, 'portal invitation');
    expect(await page.getByTestId('portal-invite-summary').textContent()).toContain(client.email);
    await expectClean(page, 'portal (es): accept invitation');
    await shots(page, 'es-portal-accept');
    // A common password: the server's refusal comes in the page's language, beside the field.
    await page.getByTestId('field-password').fill('password1234567');
    await page.getByTestId('portal-accept-submit').click();
    const refused = page.getByText('La contraseña es una contraseña común o filtrada', { exact: false });
    await refused.first().waitFor();
    expect(await page.getByText('is a common or breached password', { exact: false }).count()).toBe(0);
    await expectClean(page, 'portal (es): accept invitation, a common password refused');
    await shots(page, 'es-portal-accept-refused');
    await page.getByTestId('field-password').fill(client.password);
    await page.getByTestId('portal-accept-submit').click();
    await page.locator('[data-testid="portal-home"][data-ready="true"]').waitFor();
    expect(new URL(page.url()).pathname).toBe('/portal');
    await expectSpanish(page, 'portal home');
    await expectClean(page, 'portal (es): home');
    await shots(page, 'es-portal-home');
  });

  it('a video visit a few minutes ahead brings a Spanish reminder: a Spanish date in the client\'s zone, links with lang=es', async () => {
    await staff.ok('PATCH', '/api/practice/reminder-settings', { rules: [{ channel: 'email', minutesBefore: 5 }], quietHours: null });
    // Due 15 s from now (5-minute rule), and inside the join window (from 10 minutes before).
    const start = DateTime.now().plus({ minutes: 5, seconds: 15 }).setZone(CHI);
    await staff.ok('POST', '/api/appointments', { clientIds: [clientId], providerId: ownerId, start: start.toISO(), durationMinutes: 50, timeZone: CHI, type: 'video' });
    const when = new Intl.DateTimeFormat('es-US', { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', hour: 'numeric', minute: '2-digit', timeZoneName: 'short', timeZone: CHI }).format(start.toMillis());
    const mail = readable((await world.mailbox.waitFor(client.email, CONFIRM_LINK, 200_000)).mail);
    expect(mail.subject).toBe('Recordatorio de su cita');
    expect(mail.text).toContain(when);
    // "lunes, 7 de diciembre de 2026, 10:05 a.m. CST": the weekday and month in Spanish, the clock es-US.
    expect(when).toMatch(/^[a-záéíóúñ]+, \d{1,2} de [a-z]+ de \d{4}, \d{1,2}:\d{2}\s[ap]\.\s?m\.\s(CST|CDT)$/);
    expect(mail.text).toContain('Le recordamos su próxima cita');
    expect(mail.text).not.toMatch(/This is a reminder|To confirm or cancel/);
    joinLink = mail.text.match(JOIN_LINK)?.[1] ?? '';
    expect(joinLink, mail.text).not.toBe('');
    for (const phi of [client.firstName, client.lastName]) expect(mail.text).not.toContain(phi);
  }, 240_000);

  it('the client opens the join link: pre-join, the call with the provider and its end are in Spanish', async () => {
    const page = person.page;
    await page.goto(joinLink);
    await page.waitForURL(/\/portal\/calls\/[^/#?]+$/);
    callId = decodeURIComponent(new URL(page.url()).pathname.split('/').pop()!);
    await page.locator('[data-testid="prejoin-video"][data-live="true"]').waitFor();
    await expectSpanish(page, 'pre-join');
    await expectClean(page, 'call (es): pre-join');
    await shots(page, 'es-call-prejoin');

    // The provider joins the same room from the staff side.
    await owner.page.goto(`/calls/${encodeURIComponent(callId)}`);
    await owner.page.locator('[data-testid="join-call"]:not([disabled])').waitFor();
    await owner.page.getByTestId('join-call').click();
    await owner.page.getByTestId('call-room').waitFor();

    // An appointment's call: the client waits until the provider admits them (the waiting room, in Spanish too).
    await page.getByTestId('join-call').click();
    await page.getByTestId('call-waiting').waitFor();
    await expectSpanish(page, 'waiting room');
    await expectClean(page, 'call (es): waiting room');
    await shots(page, 'es-call-waiting');
    await owner.page.getByTestId('call-lobby').getByRole('button', { name: /Admit/ }).click();
    await page.getByTestId('call-room').waitFor();
    await page.locator('[data-call-stage] [data-peer]:not([data-peer="self"])').waitFor({ timeout: 30_000 });
    await expectSpanish(page, 'in the call');
    await expectClean(page, 'call (es): in the call');
    // The Spanish labels are longer: at 390 px no control's label spills out of its button.
    await page.setViewportSize(PHONE);
    const spilled = await page.locator('[data-call-controls] button').evaluateAll((bs) => bs.filter((b) => b.scrollWidth > b.clientWidth + 1).map((b) => b.textContent));
    expect(spilled, 'control labels wider than their buttons at 390 px').toEqual([]);
    await page.setViewportSize(DESKTOP);
    await shots(page, 'es-call-in-call');

    // The client joins again from a second window (a phone beside the laptop): the first window
    // says why it is out of the call, by the socket's code, in Spanish.
    const second = await person.context.newPage();
    await second.goto(`/portal/calls/${encodeURIComponent(callId)}`);
    await second.locator('[data-testid="join-call"]:not([disabled])').waitFor();
    await second.getByTestId('join-call').click();
    await page.getByTestId('call-refused').getByText('Usted se unió a esta llamada desde otra ventana', { exact: false }).waitFor();
    await expectSpanish(page, 'out of the call: joined from another window');
    await expectClean(page, 'call (es): joined from another window');
    await shots(page, 'es-call-replaced');
    // Back in the call from the second window (admitted again if the room asks for it).
    const admit = owner.page.getByTestId('call-lobby').getByRole('button', { name: /Admit/ });
    await Promise.race([second.getByTestId('call-room').waitFor(), admit.click().catch(() => undefined)]);
    await second.getByTestId('call-room').waitFor();

    await owner.page.getByTestId('end-call').click();
    await owner.page.getByTestId('end-call-confirm').click();
    await owner.page.getByTestId('call-ended').waitFor();
    await second.getByTestId('call-ended').waitFor();
    await expectSpanish(second, 'call ended');
    await expectClean(second, 'call (es): ended');
    await shots(second, 'es-call-ended');
    await second.close();
  });

  it('the join link again: the join page says in Spanish that it was used', async () => {
    const page = person.page;
    await page.goto('about:blank');
    await page.goto(joinLink);
    await page.locator('[data-testid="join-page"][data-state="error"][data-code="link_used"]').waitFor();
    await expectSpanish(page, 'join page (link used)');
    expect(await page.getByTestId('join-error').textContent()).toMatch(/^Este enlace ya se usó/);
    await expectClean(page, 'join page (es): link used');
    await shots(page, 'es-join-used');
  });

  it('the portal appointments and billing pages and the device check with the connection check read in Spanish', async () => {
    const page = person.page;
    await page.goto(`/portal/clients/${clientId}/appointments`);
    for (const id of ['portal-appointments', 'portal-offers', 'portal-requests', 'portal-booking-options', 'portal-waitlist-entries'])
      await page.locator(`[data-testid="${id}"][data-ready="true"]`).first().waitFor({ state: 'attached' });
    await expectSpanish(page, 'portal appointments');
    await expectClean(page, 'portal (es): appointments');
    await shots(page, 'es-portal-appointments', { fullPage: true });

    await page.goto(`/portal/clients/${clientId}/billing`);
    await page.locator('[data-testid="portal-invoices"][data-ready="true"]').waitFor({ state: 'attached' });
    await expectSpanish(page, 'portal billing');
    await expectClean(page, 'portal (es): billing');
    await shots(page, 'es-portal-billing', { fullPage: true });

    await page.goto('/portal/device-check');
    await page.locator('[data-testid="network-check"]:is([data-state="done"], [data-state="error"])').waitFor({ timeout: 30_000 });
    await page.locator('[data-testid="connection-check"][data-state="done"]').waitFor({ timeout: 40_000 });
    await expectSpanish(page, 'device check');
    if ((await page.getByTestId('network-check').getAttribute('data-state')) === 'done') expect(await page.getByTestId('network-direct').textContent()).toMatch(/Conexión directa: /);
    expect(await page.getByRole('meter', { name: 'Nivel del micrófono' }).count()).toBe(1);
    await expectClean(page, 'portal (es): device check');
    await shots(page, 'es-device-check', { fullPage: true });
    await shots(page, 'es-device-check-connection', { prepare: () => page.getByTestId('connection-check').evaluate((el) => el.scrollIntoView({ block: 'center' })) });
  });
});
