// Portal appointments scenario: a practice owner (also the provider) signs up; services, working
// hours and a client are set up through the same API the staff screens use. The client joins the
// portal from the invitation mail and requests a time that needs approval; the owner approves it
// on the Requests page. The client books a check-in at once and cancels it (the confirmation says
// whether it counts as late), joins the waitlist, and, when an earlier appointment is cancelled,
// opens the PHI-free offer mail's link and takes the time. Every page visited passes axe-core and
// fits 390 px.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { addedClientJoinsPortal, ownerAndClient } from './fixtures/actors.js';
import type { StaffApi } from './fixtures/api.js';
import { expectClean, shots } from './fixtures/checks.js';
import { scenario } from './fixtures/scenario.js';

const practice = {
  practiceName: 'Willow Creek Anxiety Clinic',
  ownerName: 'Noor Owner',
  email: 'noor@willowcreek.example',
  password: 'gentle otters paddle past lighthouses 9',
  signerTitle: 'Practice owner',
};
const client = { firstName: 'Ilse', lastName: 'Brandvold', email: 'ilse.b@example.org', password: 'meadowlark quiet river stones 43' };

let ownerId = '';
let clientId = '';
let requestedStart = '';

describe('portal appointments: request, book, cancel, waitlist offer', () => {
  const world = scenario({ owner: 'owner', person: 'client' });
  const { owner, person } = world.actors;
  const { staff, ui, portal } = ownerAndClient(owner, person);

  /** The owner's API calls (the staff SPA's own session and CSRF token). */
  const api = (...args: Parameters<StaffApi['fetch']>) => staff.fetch(...args);

  const page = () => person.page;

  const ready = (testId: string) => page().locator(`[data-testid="${testId}"][data-ready="true"]`).first().waitFor({ state: 'attached' });

  async function openAppointments() {
    await page().goto('/portal');
    await portal.homeReady();
    await page().locator(`[data-testid="portal-link"][data-client-id="${clientId}"]`).getByTestId('portal-open-appointments').click();
    await page().getByRole('heading', { level: 2, name: 'Appointments' }).waitFor();
    for (const id of ['portal-appointments', 'portal-offers', 'portal-requests', 'portal-booking-options', 'portal-slots', 'portal-waitlist-entries']) await ready(id);
  }

  async function chooseService(name: string) {
    const service = page().getByTestId('portal-request-service').getByRole('combobox');
    await service.selectOption((await service.getByRole('option', { name }).getAttribute('value'))!);
    await ready('portal-slots');
  }

  it('owner signs up; services, hours and a client are set up; the client joins the portal', async () => {
    await ui.signUpWithTotp(practice);
    ownerId = await staff.myId();
    for (const svc of [
      { name: 'Intake', defaultMinutes: 50, rateCents: 20000, requiresApproval: true },
      { name: 'Check-in', defaultMinutes: 25, rateCents: 8000, requiresApproval: false },
    ]) {
      const res = await api('POST', '/api/practice/appointment-services', svc);
      expect(res.status(), await res.text()).toBe(201);
    }
    expect((await api('PATCH', '/api/practice/scheduling-settings', { clientMinNoticeHours: 1, cancellationWindowHours: 24 })).status()).toBe(200);
    const hours = await api('PUT', `/api/providers/${ownerId}/availability`, { timeZone: 'UTC', bufferMinutes: 10, hours: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '08:00', end: '12:00' })) });
    expect(hours.status(), await hours.text()).toBe(200);
    clientId = await addedClientJoinsPortal(staff, world.mailbox, portal, { ...client, dateOfBirth: '1987-05-14' }, [ownerId]);
  });

  it('the client requests a time that needs approval; the owner approves; the client sees it with join info', async () => {
    await openAppointments();
    expect(await page().getByTestId('portal-appointments').getAttribute('data-count')).toBe('0');
    expect(await page().getByText('Times are shown in your time zone (America/Chicago)').count()).toBe(1);
    await expectClean(page(), 'portal: appointments (empty)');

    await chooseService('Intake (50 min)');
    // The last open time of the week, so an earlier one can free up later.
    const slot = page().getByTestId('portal-slot').last();
    requestedStart = (await slot.getAttribute('data-start')) ?? '';
    await slot.click();
    await page().getByTestId('portal-request-submit').click();
    await page().getByTestId('portal-request-done').getByText(/Request sent for/).waitFor();
    await page().locator('[data-testid="portal-request"][data-status="pending"]').waitFor();
    // The requested time is held: no longer offered.
    await ready('portal-slots');
    expect(await page().locator(`[data-testid="portal-slot"][data-start="${requestedStart}"]`).count()).toBe(0);
    await expectClean(page(), 'portal: appointments (request pending)');

    const alert = await world.mailbox.waitFor(practice.email, /appointment-requests/);
    for (const secret of [client.firstName, client.lastName, practice.practiceName]) expect(alert.mail.raw).not.toContain(secret);
    // The owner approves it on the Requests page.
    await owner.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Requests' }).click();
    await ui.heading('Appointment requests');
    await owner.page.locator('[data-testid="requests"][data-ready="true"][data-total="1"]').waitFor();
    const row = owner.page.getByTestId('request-row');
    expect(await row.textContent()).toContain(`${client.firstName} ${client.lastName}`);
    expect(await row.textContent()).toContain('Intake');
    await expectClean(owner.page, 'requests (pending)');
    await row.getByTestId('request-approve').click();
    await owner.page.getByTestId('requests-notice').getByText(/Approved: Ilse Brandvold is booked/).waitFor();
    await owner.page.locator('[data-testid="requests"][data-ready="true"][data-total="0"]').waitFor();
    const approved = (await (await api('GET', '/api/appointment-requests?status=approved')).json()) as { items: { start: string; appointmentId: string }[] };
    expect(approved.items.map((r) => r.start)).toEqual([requestedStart]);
    const update = await world.mailbox.waitFor(client.email, /update about your appointment request/);
    expect(update.mail.subject).toBe('An update in your secure portal');

    // The portal home names the next appointment: the one just approved.
    await page().goto('/portal');
    await portal.homeReady();
    const next = page().locator(`[data-testid="portal-next-appointment"][data-appointment-id="${approved.items[0]!.appointmentId}"]`);
    await next.waitFor();
    expect(await next.textContent()).toMatch(/^Next appointment: .+ · Video with Noor Owner$/);
    await expectClean(page(), 'portal: home with the next appointment');

    await openAppointments();
    const booked = page().getByTestId('portal-appointment');
    expect(await booked.count()).toBe(1);
    expect(await booked.first().textContent()).toContain('Intake');
    // Not yet joinable: the card says from when (the shared window), and has no Join button.
    expect(await booked.first().getByTestId('portal-join-later').textContent()).toMatch(/You can join this video visit from 10 minutes before it starts \(from .+\)\. A Join button appears here then\./);
    expect(await booked.first().getByTestId('portal-join-button').count()).toBe(0);
    expect(await page().locator('[data-testid="portal-request"][data-status="approved"]').count()).toBe(1);
  });

  it('books a check-in at once and cancels it from the portal', async () => {
    await chooseService('Check-in (25 min)');
    await page().getByTestId('portal-slot').first().click();
    await page().getByTestId('portal-request-submit').click();
    await page().getByTestId('portal-request-done').getByText(/Booked for/).waitFor();
    await page().locator('[data-testid="portal-appointments"][data-count="2"][data-ready="true"]').waitFor();

    const checkIn = page().getByTestId('portal-appointment').filter({ hasText: 'Check-in' });
    await checkIn.getByTestId('portal-cancel-appointment').click();
    // Less than 24 hours or not, the confirmation says what the cancellation will count as.
    expect(await checkIn.getByRole('group', { name: 'Confirm cancellation' }).textContent()).toMatch(/Cancel (this appointment|anyway)\?/);
    await expectClean(page(), 'portal: appointments (confirm cancel)');
    await checkIn.getByTestId('portal-cancel-confirm').click();
    await page().locator('[data-testid="portal-appointment"][data-status="cancelled"]').waitFor();
    expect(await page().locator('[data-testid="portal-appointment"][data-status="cancelled"]').getByTestId('portal-appointment-status').textContent()).toMatch(/Cancelled by you/);
  });

  it('joins the waitlist; a freed earlier time is offered by PHI-free mail and taken from its link', async () => {
    await page().getByTestId('portal-waitlist-join').click();
    await page().getByTestId('portal-waitlist-done').getByText(/You are on the waitlist/).waitFor();
    await page().locator('[data-testid="portal-waitlist-entries"][data-count="1"][data-ready="true"]').waitFor();
    await expectClean(page(), 'portal: appointments (waitlist)');

    // Another client's appointment two hours from now, cancelled by the practice.
    const other = await api('POST', '/api/clients', { firstName: 'Other', lastName: 'Client', dateOfBirth: '1990-01-01', providerIds: [ownerId] });
    const start = new Date(Math.ceil((Date.now() + 2 * 3600_000) / 60_000) * 60_000).toISOString();
    expect(Date.parse(start)).toBeLessThan(Date.parse(requestedStart));
    const appt = await api('POST', '/api/appointments', { clientIds: [((await other.json()) as { id: string }).id], providerId: ownerId, start, durationMinutes: 50, timeZone: 'UTC', type: 'video' });
    expect(appt.status(), await appt.text()).toBe(201);
    expect((await api('POST', `/api/appointments/${((await appt.json()) as { id: string }).id}/cancel`, {})).status()).toBe(200);

    const { mail, match } = await world.mailbox.waitFor(client.email, /(https?:\/\/[^\s"'<>]+\/portal\/offers\/[0-9a-f-]{36})/);
    expect(mail.subject).toBe('An earlier appointment time is available');
    for (const secret of [client.firstName, client.lastName, practice.practiceName, practice.ownerName, 'Other']) expect(mail.raw).not.toContain(secret);

    await page().goto(match[1]!);
    await page().getByRole('heading', { level: 1, name: 'An earlier appointment time' }).waitFor();
    await ready('portal-offer-detail');
    await expectClean(page(), 'portal: waitlist offer');
    await page().getByTestId('portal-offer-accept').click();
    await page().getByTestId('portal-offer-result').getByText(/Booked/).waitFor();
    await page().getByRole('link', { name: 'Go to your appointments' }).click();
    await page().locator('[data-testid="portal-appointments"][data-ready="true"]').waitFor();
    await page().locator('[data-testid="portal-offers"][data-count="0"][data-ready="true"]').waitFor({ state: 'attached' });
    const upcoming = page().locator('[data-testid="portal-upcoming"] [data-testid="portal-appointment"]:not([data-status="cancelled"])');
    expect(await upcoming.count()).toBe(2);
    // The waitlist entry is fulfilled.
    await page().locator('[data-testid="portal-waitlist-entries"][data-count="0"][data-ready="true"]').waitFor();
    await expectClean(page(), 'portal: appointments (offer taken)');
  });

  it('a video visit: the Join button appears when its join window opens (10 minutes before), not earlier, and opens its call', async () => {
    // A visit whose window opens a few seconds from now (it starts 10 minutes and 8 seconds on).
    const start = new Date(Math.ceil((Date.now() + 10 * 60_000 + 8_000) / 1000) * 1000);
    const opensAt = start.getTime() - 10 * 60_000;
    const appt = await api('POST', '/api/appointments', { clientIds: [clientId], providerId: ownerId, start: start.toISOString(), durationMinutes: 25, timeZone: 'UTC', type: 'video' });
    expect(appt.status(), await appt.text()).toBe(201);
    const apptId = ((await appt.json()) as { id: string }).id;
    await openAppointments();
    const card = page().locator(`[data-testid="portal-appointment"][data-appointment-id="${apptId}"]`);
    const later = card.getByTestId('portal-join-later');
    // Before the window: the text, no button (unless this machine was slow enough to pass the opening).
    if (Date.now() < opensAt - 2000) {
      expect(await later.getAttribute('data-opens-at')).toBe(new Date(opensAt).toISOString());
      expect(await card.getByTestId('portal-join-button').count()).toBe(0);
    }
    // The page itself turns the button on at the opening: no reload.
    await card.getByTestId('portal-join-button').waitFor({ timeout: 90_000 });
    expect(Date.now()).toBeGreaterThanOrEqual(opensAt);
    expect(await later.count()).toBe(0);
    expect(await card.getByTestId('portal-join').textContent()).toContain('Your video visit is open.');
    await expectClean(page(), 'portal: appointments (join open)');
    await card.scrollIntoViewIfNeeded();
    await shots(page(), 'portal-appointments-join', { fullPage: true });
    if (process.env.SHOTS_DIR) {
      await page().setViewportSize({ width: 390, height: 844 });
      await card.screenshot({ path: path.join(process.env.SHOTS_DIR, 'portal-join-card-390.png') });
      await page().setViewportSize({ width: 1280, height: 800 });
    }
    await card.getByTestId('portal-join-button').click();
    await page().waitForURL(/\/portal\/calls\/[^/]+$/);
    const callId = page().url().split('/').pop()!;
    const call = (await (await api('GET', `/api/calls/${callId}`)).json()) as { appointmentId: string };
    expect(call.appointmentId).toBe(apptId);
  });

  it('the root page, signed out, offers staff and client sign-in; client sign-in leads to the portal', async () => {
    const visitor = await owner.context.browser()!.newContext({ baseURL: new URL(owner.page.url()).origin });
    try {
      const v = await visitor.newPage();
      await v.goto('/');
      await v.waitForURL(/\/login$/);
      await v.getByRole('heading', { level: 2, name: 'Practice staff' }).waitFor();
      const path_ = v.getByTestId('client-signin-path');
      expect(await path_.getByRole('heading', { name: 'Client? Sign in to your portal' }).count()).toBe(1);
      await expectClean(v, 'sign-in (staff and client)');
      await shots(v, 'login-root', { fullPage: true });
      // A client on the staff form is pointed to the portal, once their portal password is right.
      await v.getByLabel('Email').fill(client.email);
      await v.getByLabel('Password').fill(client.password);
      await v.getByTestId('login-submit').click();
      await v.getByTestId('use-portal-notice').waitFor();
      await shots(v, 'login-client-on-staff-form', { fullPage: true });
      await path_.getByTestId('client-signin-link').click();
      await v.waitForURL(/\/portal\/login$/);
      await v.getByRole('heading', { level: 1, name: 'Sign in to your client portal' }).waitFor();
    } finally {
      await visitor.close();
    }
  });
});
