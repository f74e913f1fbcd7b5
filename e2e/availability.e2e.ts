// Availability scenario: an owner signs up and invites a provider, who joins (TOTP enrolled) and,
// on the Availability screen, sets her own time zone, a buffer and working hours with two ranges on
// one day (an overlap is refused, naming the ranges), then blocks an afternoon and later removes
// the block. At each step the open slots a portal client gets from the API follow: none before
// hours exist, hours minus the block and the buffer around a booked session, then the block's
// time back. A client on the provider's waitlist shows on the owner's view of the screen (who picks
// the provider) and is taken off it there. Every state passes axe-core, also at 390 px.
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { AvailabilityPages } from './fixtures/availability.js';
import { addedClientJoinsPortal, colleagueAccepts } from './fixtures/actors.js';
import { StaffApi } from './fixtures/api.js';
import { type Actor } from './fixtures/browser.js';
import { expectClean } from './fixtures/checks.js';
import { HearthPages, PortalPages, practiceSignUp } from './fixtures/pages.js';
import { scenario } from './fixtures/scenario.js';

const practice = practiceSignUp('Juniper Hill Counseling', 'Odette Owner', 'odette@juniperhill.example', 'copper lanterns hum beneath the bridge 31');
const provider = { name: 'Priya Raman', email: 'priya@juniperhill.example', password: 'seven herons wade the misty estuary 8' };
const client = { firstName: 'Lorcan', lastName: 'Abernathy', email: 'lorcan.a@example.org', password: 'violet kites over windy dunes 52' };
const CHI = 'America/Chicago';

let providerId = '';
let serviceId = '';
let clientId = '';

// A Tuesday at least three days ahead (clear of the 24-hour notice) and the Wednesday after it, in Chicago.
let tuesday = DateTime.now().setZone(CHI).plus({ days: 3 }).startOf('day');
while (tuesday.weekday !== 2) tuesday = tuesday.plus({ days: 1 });
const wednesday = tuesday.plus({ days: 1 });
const TUESDAY = 2;
const WEDNESDAY = 3;

/** The open slots the portal client (signed in as `person`) gets on Tuesday and Wednesday, as "Tue 09:00" in Chicago. */
async function portalSlots(person: Actor): Promise<{ timeZone: string | null; times: string[] }> {
  const qs = new URLSearchParams({ providerId, serviceId, from: tuesday.toUTC().toISO()!, to: wednesday.plus({ days: 1 }).toUTC().toISO()! });
  const res = await person.context.request.get(`/api/portal/clients/${clientId}/open-slots?${qs.toString()}`);
  expect(res.status(), await res.text()).toBe(200);
  const body = (await res.json()) as { timeZone: string | null; slots: { start: string }[] };
  return { timeZone: body.timeZone, times: body.slots.map((s) => DateTime.fromISO(s.start, { zone: CHI }).toFormat('ccc HH:mm')) };
}

const TUESDAY_SLOTS = ['Tue 09:00', 'Tue 09:30', 'Tue 10:00', 'Tue 10:30', 'Tue 11:00', 'Tue 13:00', 'Tue 13:30', 'Tue 14:00', 'Tue 14:30', 'Tue 15:00', 'Tue 15:30', 'Tue 16:00'];
// Wednesday 9–17 with a session at 10:00–10:50 and a 10-minute buffer: 9:50–11:00 is taken.
const WEDNESDAY_SLOTS = ['Wed 09:00', 'Wed 11:00', 'Wed 11:30', 'Wed 12:00', 'Wed 12:30', 'Wed 13:00', 'Wed 13:30', 'Wed 14:00', 'Wed 14:30', 'Wed 15:00', 'Wed 15:30', 'Wed 16:00'];

describe('availability: a provider sets hours and blocked time; the portal’s open slots follow; the waitlist', () => {
  const world = scenario({ owner: 'owner', prov: 'provider', person: 'client' });
  const { owner, prov, person } = world.actors;
  const ownerApi = new StaffApi(owner);

  it('owner signs up and invites a provider, who joins with TOTP; a service, a portal client and another client', async () => {
    const ui = new HearthPages(owner.page);
    await ui.signUpWithTotp(practice);

    await ownerApi.ok('POST', '/api/practice/invitations', { email: provider.email, name: provider.name, roles: ['provider'] });
    const provUi = new HearthPages(prov.page);
    await provUi.enrolTotpFrom(await colleagueAccepts(provUi, world.mailbox, provider.email, provider.password));
    providerId = await new StaffApi(prov.context).myId();

    serviceId = (await ownerApi.ok<{ id: string }>('POST', '/api/practice/appointment-services', { name: 'Therapy', defaultMinutes: 50, rateCents: 15000, requiresApproval: true })).id;
    await ownerApi.ok('PATCH', '/api/practice/scheduling-settings', { clientMinNoticeHours: 24 });
    clientId = await addedClientJoinsPortal(ownerApi, world.mailbox, new PortalPages(person.page), { ...client, dateOfBirth: '1986-03-09' }, [providerId]);

    // Another client's session on Wednesday at 10:00 (Chicago): the buffer is kept around it.
    const other = await ownerApi.ok<{ id: string }>('POST', '/api/clients', { firstName: 'Ingrid', lastName: 'Solberg', dateOfBirth: '1979-11-30', providerIds: [providerId] });
    await ownerApi.ok('POST', '/api/appointments', { clientIds: [other.id], providerId, start: wednesday.set({ hour: 10 }).toISO(), durationMinutes: 50, timeZone: CHI, type: 'video', serviceId });

    // No working hours yet: the portal offers nothing.
    expect(await portalSlots(person)).toEqual({ timeZone: null, times: [] });
  });

  it('the provider sets her zone, buffer and hours (an overlap is refused by name); the portal offers exactly those times', async () => {
    const page = new AvailabilityPages(prov.page);
    await page.goto();
    await page.ready(providerId);
    // A provider edits her own: no provider to pick.
    expect(await prov.page.getByTestId('availability-provider').count()).toBe(0);
    expect(await prov.page.getByTestId('availability-form').getAttribute('data-configured')).toBe('false');
    await expectClean(prov.page, 'availability (provider, no hours yet)');

    await page.setZone('chicago', 'Chicago (America/Chicago)');
    await page.setBuffer(10);
    await page.addRange(TUESDAY, 0, '09:00', '12:00');
    await page.addRange(TUESDAY, 1, '11:00', '17:00');
    await page.addRange(WEDNESDAY, 0, '09:00', '17:00');
    await page.save();
    const error = prov.page.getByTestId('availability-error');
    await error.getByText('Tuesday hours 2 overlaps Tuesday hours 1 on the same weekday').waitFor();
    expect(await prov.page.getByTestId(`hours-end-${TUESDAY}-1`).getAttribute('aria-invalid')).toBe('true');
    await expectClean(prov.page, 'availability (overlap refused)');
    expect((await portalSlots(person)).times).toEqual([]);

    await prov.page.getByTestId(`hours-start-${TUESDAY}-1`).fill('13:00');
    await page.save();
    await page.saved();
    expect(await prov.page.getByTestId('availability-form').getAttribute('data-configured')).toBe('true');
    await expectClean(prov.page, 'availability (hours saved)');

    const saved = await new StaffApi(prov.context).ok<{ timeZone: string; bufferMinutes: number; hours: unknown[] }>('GET', `/api/providers/${providerId}/availability`);
    expect(saved).toMatchObject({
      timeZone: CHI,
      bufferMinutes: 10,
      hours: [
        { weekday: TUESDAY, start: '09:00', end: '12:00' },
        { weekday: TUESDAY, start: '13:00', end: '17:00' },
        { weekday: WEDNESDAY, start: '09:00', end: '17:00' },
      ],
    });
    expect(await portalSlots(person)).toEqual({ timeZone: CHI, times: [...TUESDAY_SLOTS, ...WEDNESDAY_SLOTS] });
  });

  it('the provider blocks Tuesday 14:00–15:30 and the portal no longer offers times that touch it; removing the block brings them back', async () => {
    const page = new AvailabilityPages(prov.page);
    await page.blockedCount(0);
    await page.block({ date: tuesday.toISODate()!, start: '14:00', end: '15:30', label: 'Training' });
    await page.blockedCount(1);
    const row = prov.page.getByTestId('blocked-row');
    expect(await row.getAttribute('data-start')).toBe(tuesday.set({ hour: 14 }).toUTC().toISO());
    expect(await row.getAttribute('data-end')).toBe(tuesday.set({ hour: 15, minute: 30 }).toUTC().toISO());
    expect(await row.textContent()).toContain('Training');
    await expectClean(prov.page, 'availability (time blocked)');

    // 13:30 to 15:00 would overlap the block; 13:00 ends at 13:50 and 15:30 starts when it ends.
    const blocked = ['Tue 13:30', 'Tue 14:00', 'Tue 14:30', 'Tue 15:00'];
    expect((await portalSlots(person)).times).toEqual([...TUESDAY_SLOTS.filter((t) => !blocked.includes(t)), ...WEDNESDAY_SLOTS]);

    await row.getByTestId('blocked-remove').click();
    await page.blockedCount(0);
    await prov.page.getByTestId('blocked-notice').getByText(/^Removed the blocked time/).waitFor();
    expect((await portalSlots(person)).times).toEqual([...TUESDAY_SLOTS, ...WEDNESDAY_SLOTS]);

    // Blocked again for the rest of the scenario.
    await page.block({ date: tuesday.toISODate()!, start: '14:00', end: '15:30' });
    await page.blockedCount(1);
    expect((await portalSlots(person)).times).toEqual([...TUESDAY_SLOTS.filter((t) => !blocked.includes(t)), ...WEDNESDAY_SLOTS]);
  });

  it('a client joins the waitlist; the owner picks the provider, sees them waiting and takes them off', async () => {
    await person.page.goto('/portal');
    await new PortalPages(person.page).homeReady();
    await person.page.locator(`[data-testid="portal-link"][data-client-id="${clientId}"]`).getByTestId('portal-open-appointments').click();
    await person.page.locator('[data-testid="portal-waitlist-options"][data-ready="true"]').waitFor();
    await person.page.getByTestId('portal-waitlist-join').click();
    await person.page.locator('[data-testid="portal-waitlist-entries"][data-count="1"][data-ready="true"]').waitFor();

    const page = new AvailabilityPages(owner.page);
    await page.goto();
    await owner.page.locator('[data-testid="availability-providers"][data-ready="true"]').waitFor();
    await page.chooseProvider(provider.name, providerId);
    await page.waitlistTotal(1);
    const row = owner.page.getByTestId('waitlist-row');
    expect(await row.getAttribute('data-client-id')).toBe(clientId);
    expect(await row.textContent()).toContain(`${client.firstName} ${client.lastName}`);
    expect(await row.textContent()).toContain('Any service');
    expect(await row.textContent()).toContain('No offers yet');
    // The owner sees the block's label too (she may edit this schedule).
    expect(await owner.page.getByTestId('blocked-row').count()).toBe(1);
    await expectClean(owner.page, 'availability (owner, a client waiting)');

    await row.getByTestId('waitlist-remove').click();
    await expectClean(owner.page, 'availability (owner, confirm removal)');
    await row.getByTestId('waitlist-remove-confirm').click();
    await page.waitlistTotal(0);
    await owner.page.getByTestId('waitlist-notice').getByText(`${client.firstName} ${client.lastName} is no longer on the waitlist.`).waitFor();

    await person.page.reload();
    await person.page.locator('[data-testid="portal-waitlist-entries"][data-count="0"][data-ready="true"]').waitFor();
  });
});
