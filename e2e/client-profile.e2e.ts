// The client profile as the day needs it: an owner (also the provider) opens a client's record
// and sees the next visits and the last ones (the video visit starting in a few minutes with its
// Start / join call button, the week-ahead one without), the phone and date of birth as people read
// them, and the portal: "Invite to portal" for a client without access, "Invitation sent …,
// Resend" once invited, "Has a portal account" (and no invitation offered) once the client joined.
// A billing clerk opens the same record: no red box for what the role may not read, one muted line
// instead, the appointments without a call button. Every page passes axe-core and fits 390 px;
// with SHOTS_DIR set, each state is photographed at 1280×800 and 390×844.
import { describe, expect, it } from 'vitest';
import { StaffApi } from './fixtures/api.js';
import { colleagueAccepts } from './fixtures/actors.js';
import { type Actor } from './fixtures/browser.js';
import { expectClean, shots } from './fixtures/checks.js';
import { HearthPages, PortalPages, practiceSignUp } from './fixtures/pages.js';
import { scenario } from './fixtures/scenario.js';

const practice = practiceSignUp('Juniper Hill Counseling', 'Hana Owner', 'hana@juniperhill.example', 'amber foxes nap beside the quarry 4');
const billing = { name: 'Bram Billing', email: 'bram@juniperhill.example', password: 'pelicans glide above the salt marsh 62' };
const client = { firstName: 'Odile', lastName: 'Marchetti', email: 'odile.m@example.org', password: 'meadowlark quiet river stones 44' };
const NY = 'America/New_York';
const MIN = 60_000;
const DAY = 24 * 60 * MIN;

let ownerId = '';
let clientId = '';
const appts = { soon: '', nextWeek: '', past: '' };

async function openProfile(page: Actor['page']) {
  await page.goto(`/clients/${clientId}`);
  await page.locator('[data-testid="client-profile"][data-ready="true"]').waitFor();
  await page.locator('[data-testid="client-appointments"][data-ready="true"]').waitFor();
  await page.locator('[data-testid="portal-invite"][data-status]').waitFor();
}

const row = (page: Actor['page'], id: string) => page.locator(`[data-testid="client-appt"][data-appointment-id="${id}"]`);

describe('client profile: appointments, portal access, readable phone and date of birth, nothing red for a rule', () => {
  const world = scenario({ owner: 'owner', bill: 'billing', person: 'client' });
  const { owner, bill, person } = world.actors;
  const staff = new StaffApi(owner);
  const ui = new HearthPages(owner);

  /** The owner's API calls (the staff SPA's own session and CSRF token). */
  const api = (...args: Parameters<StaffApi['fetch']>) => staff.fetch(...args);

  async function book(start: number, type: 'video' | 'in_person', durationMinutes = 50): Promise<string> {
    const res = await api('POST', '/api/appointments', { clientIds: [clientId], providerId: ownerId, start: new Date(start).toISOString(), durationMinutes, timeZone: NY, type });
    expect(res.status(), await res.text()).toBe(201);
    return ((await res.json()) as { id: string }).id;
  }

  it('owner sees the next visits with Start / join call for the one about to start, and the last ones', async () => {
    await ui.signUpWithTotp(practice);
    ownerId = await staff.myId();
    clientId = (await staff.ok<{ id: string }>('POST', '/api/clients', {
      firstName: client.firstName,
      lastName: client.lastName,
      dateOfBirth: '1990-06-21',
      email: client.email,
      phone: '+13125550148',
      timeZone: NY,
      providerIds: [ownerId],
      emergencyContact: { name: 'Luca Marchetti', phone: '+442079460018', relationship: 'Brother' },
      consents: { email: true, sms: false, details: false },
    })).id;
    const now = Date.now();
    appts.soon = await book(now + 6 * MIN, 'video');
    appts.nextWeek = await book(now + 7 * DAY, 'in_person');
    appts.past = await book(now - 3 * DAY, 'video');

    await openProfile(owner.page);
    const upcoming = owner.page.getByTestId('client-appts-upcoming').getByTestId('client-appt');
    expect(await upcoming.evaluateAll((els) => els.map((e) => e.getAttribute('data-appointment-id')))).toEqual([appts.soon, appts.nextWeek]);
    const recent = owner.page.getByTestId('client-appts-recent').getByTestId('client-appt');
    expect(await recent.evaluateAll((els) => els.map((e) => e.getAttribute('data-appointment-id')))).toEqual([appts.past]);
    // The video visit six minutes away is in its join window; the in-person one next week is not.
    expect(await row(owner.page, appts.soon).getAttribute('data-joinable')).toBe('true');
    expect(await row(owner.page, appts.soon).getByTestId('appointment-call').textContent()).toContain('Start / join call');
    expect(await row(owner.page, appts.nextWeek).getByTestId('appointment-call').count()).toBe(0);
    expect(await row(owner.page, appts.past).getByTestId('appointment-call').count()).toBe(0);
    const soon = (await row(owner.page, appts.soon).textContent()) ?? '';
    expect(soon).toContain('Video');
    expect(soon).toContain(`with ${practice.ownerName}`);
    expect(soon).toContain('Scheduled');
    expect(soon).toMatch(/E[SD]T/);
    expect(await row(owner.page, appts.soon).getByTestId('client-appt-soon').textContent()).toMatch(/^Starts in [5-6] min$/);
    // A past visit never marked completed or no-show says so.
    expect(await row(owner.page, appts.past).getByTestId('client-appt-outcome-missing').textContent()).toBe('Outcome not recorded');
    expect(await owner.page.getByTestId('client-appts-all').getAttribute('href')).toBe(`/appointments?clientId=${clientId}`);

    // People read phone numbers and dates of birth, not E.164 and ISO.
    expect(await owner.page.getByTestId('client-phone').textContent()).toBe('(312) 555-0148');
    expect(await owner.page.getByTestId('client-phone').locator('a').getAttribute('href')).toBe('tel:+13125550148');
    expect(await owner.page.getByTestId('client-emergency-phone').textContent()).toBe('+44 20 7946 0018');
    expect(await owner.page.getByTestId('client-dob').textContent()).toBe('06/21/1990');
    expect(await owner.page.getByTestId('portal-invite').getAttribute('data-status')).toBe('none');
    expect(await owner.page.getByTestId('portal-invite-submit').textContent()).toBe('Invite to portal');
    await shots(owner.page, 'owner-client-profile', { fullPage: true });
    await expectClean(owner.page, 'client profile (owner)');

    // Start / join call opens the visit's call room.
    await row(owner.page, appts.soon).getByTestId('appointment-call').click();
    await owner.page.waitForURL('**/calls/**');
  });

  it('invited: "Invitation sent …" and Resend; joined: "Has a portal account" and no invitation offered', async () => {
    await openProfile(owner.page);
    await owner.page.getByTestId('portal-invite-submit').click();
    await owner.page.locator('[data-testid="portal-invite"][data-status="invited"]').waitFor();
    expect(await owner.page.getByTestId('portal-invited').textContent()).toMatch(/^Invitation sent .+; the link works until .+\.$/);
    expect(await owner.page.getByTestId('portal-invite-submit').textContent()).toBe('Resend invitation');
    await shots(owner.page, 'owner-client-profile-invited', { fullPage: true });
    // A reload still knows: the state comes from the server, not from this page's memory.
    await openProfile(owner.page);
    expect(await owner.page.getByTestId('portal-invite').getAttribute('data-status')).toBe('invited');

    const { match } = await world.mailbox.waitFor(client.email, /(https?:\/\/[^\s"'<>]+\/portal\/accept#token=[A-Za-z0-9_\-.~%]+)/);
    const portal = new PortalPages(person.page);
    await portal.openInvitation(match[1]!);
    await portal.acceptInvitation(client.password);

    await openProfile(owner.page);
    expect(await owner.page.getByTestId('portal-invite').getAttribute('data-status')).toBe('account');
    expect(await owner.page.getByTestId('portal-account').textContent()).toContain('Has a portal account');
    expect(await owner.page.getByTestId('portal-account').textContent()).toContain('last signed in');
    expect(await owner.page.getByTestId('portal-invite-submit').count()).toBe(0);
    expect(await owner.page.getByText('Invite to portal').count()).toBe(0);
    await shots(owner.page, 'owner-client-profile-portal-account', { fullPage: true });
    await expectClean(owner.page, 'client profile (portal account)');
  });

  it('billing: no red box for messages or documents, one muted line; appointments without a call button', async () => {
    await ui.gotoPractice();
    // A billing-only colleague: provider is ticked by default, billing is not.
    await ui.invite(billing.name, billing.email, ['provider', 'billing']);
    const billUi = new HearthPages(bill.page);
    if ((await colleagueAccepts(billUi, world.mailbox, billing.email, billing.password)) === 'enrolment') await billUi.enrolTotp();
    await billUi.appReady();

    await openProfile(bill.page);
    const hidden = bill.page.getByTestId('client-panels-hidden');
    expect(await hidden.textContent()).toBe('Messages and documents are not shown to your role.');
    expect(await hidden.getAttribute('class')).toContain('muted');
    expect(await bill.page.locator('.query-error').count()).toBe(0);
    expect(await bill.page.locator('[role="alert"]').evaluateAll((els) => els.map((e) => (e.textContent ?? '').trim()).filter(Boolean))).toEqual([]);
    expect(await bill.page.getByTestId('client-messages').count()).toBe(0);
    expect(await bill.page.getByTestId('client-documents').count()).toBe(0);
    expect(await bill.page.getByText('permission', { exact: false }).count()).toBe(0);
    // Billing reads appointments (for invoices) but starts no calls; it sees the portal state, not the button.
    expect(await bill.page.getByTestId('client-appts-upcoming').getByTestId('client-appt').count()).toBe(2);
    expect(await bill.page.getByTestId('appointment-call').count()).toBe(0);
    expect(await bill.page.getByTestId('portal-invite').getAttribute('data-status')).toBe('account');
    expect(await bill.page.getByTestId('portal-invite-submit').count()).toBe(0);
    await shots(bill.page, 'billing-client-profile', { fullPage: true });
    await expectClean(bill.page, 'client profile (billing)');
  });
});
