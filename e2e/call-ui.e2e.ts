// Everything around the call page (not real WebRTC: the call page itself is someone else's): a
// practice owner (also the provider) presses "Call now" on a client's record and lands on the
// call's page; the client, signed in to the portal in another browser, is rung (alert dialog,
// "Join" / "Not now"), sees the call on the portal home, still gets the prompt after a reload
// (the ring is durable server-side) and "Join" takes them to the portal's call page. The join
// link mailed with the call opens that page for a guest with no portal session; opened again it
// says it was already used, and a made-up link says it is not valid. A call the owner did not
// start rings the owner's own tab. "Start / join call" on a video appointment opens its one
// room. The practice's video call settings save, and an out-of-range
// value is refused next to its field. The call page itself (no camera in this browser): a large
// Join button and what happens next, one control bar on screen at desktop and phone sizes with
// names, pressed states and shortcuts, and "Leave, keep the call open" ending in "You left the
// call" with a way back in. Every page made here passes axe-core and fits 390 px.
import { describe, expect, it } from 'vitest';
import { addedClientJoinsPortal, ownerAndClient } from './fixtures/actors.js';
import type { StaffApi } from './fixtures/api.js';
import { type Actor } from './fixtures/browser.js';
import { expectClean, shots } from './fixtures/checks.js';
import { scenario } from './fixtures/scenario.js';

const practice = {
  practiceName: 'Juniper Hill Therapy',
  ownerName: 'Rosa Owner',
  email: 'rosa@juniperhill.example',
  password: 'gentle otters paddle past lighthouses 11',
  signerTitle: 'Practice owner',
};
const client = { firstName: 'Marigold', lastName: 'Quennell', email: 'marigold.q@example.org', password: 'meadowlark quiet river stones 44' };

let ownerId = '';
let clientId = '';
let callId = '';
let joinLink = '';

const callPageOf = (page: Actor['page'], id: string) => page.locator(`[data-testid="call-page"][data-call-id="${id}"]`);

describe('calls around the call page: call now, ring prompt, join link, settings', () => {
  const world = scenario({ owner: 'owner', person: 'client', guest: 'guest' });
  const { owner, person, guest } = world.actors;
  const { staff, ui, portal } = ownerAndClient(owner, person);
  /** The owner's API calls (the staff SPA's own session and CSRF token). */
  const api = (...args: Parameters<StaffApi['fetch']>) => staff.fetch(...args);

  it('owner signs up; a client who agreed to e-mail joins the portal', async () => {
    await ui.signUpWithTotp(practice);
    ownerId = await staff.myId();
    clientId = await addedClientJoinsPortal(staff, world.mailbox, portal, { ...client, dateOfBirth: '1988-03-09' }, [ownerId]);
    // Nothing is ringing yet: the portal home says nothing about calls.
    await person.page.locator('[data-testid="portal-calls"][data-ready="true"][data-count="0"]').waitFor({ state: 'attached' });
  });

  it('"Call now" on the client profile lands on /calls/:id; the portal client is rung and joins', async () => {
    await ui.gotoClients();
    const row = owner.page.locator(`[data-testid="client-row"][data-client-id="${clientId}"]`);
    // The row's button names the client for a screen reader ("Call now: Marigold Quennell").
    await row.getByRole('button', { name: new RegExp(`^Call now\\s*: ${client.firstName} ${client.lastName}$`) }).waitFor();
    await expectClean(owner.page, 'clients (with Call now)');
    await row.getByRole('link', { name: `${client.lastName}, ${client.firstName}` }).click();
    await ui.clientProfileReady();
    await expectClean(owner.page, 'client profile (with Call now)');
    await owner.page.getByTestId('client-profile').getByTestId('call-now').click();
    await owner.page.waitForURL(/\/calls\/[^/]+$/);
    callId = decodeURIComponent(new URL(owner.page.url()).pathname.split('/').pop()!);
    await callPageOf(owner.page, callId).waitFor();
    expect(await callPageOf(owner.page, callId).getAttribute('data-audience')).toBe('staff');
    // The server rings the provider too; the one who started the call is not prompted.
    expect(await owner.page.getByTestId('incoming-call').count()).toBe(0);

    // The portal client: an alert dialog with who is calling, and the call on the portal home.
    const prompt = person.page.getByRole('alertdialog');
    await prompt.waitFor();
    expect(await prompt.getAttribute('data-call-id')).toBe(callId);
    expect(await prompt.getByRole('heading').textContent()).toBe(`${practice.ownerName} is calling`);
    expect(await prompt.textContent()).toContain('Incoming video call');
    await person.page.locator(`[data-testid="portal-call"][data-call-id="${callId}"][data-status="ringing"]`).waitFor({ state: 'attached' });
    await expectClean(person.page, 'portal: ring prompt');

    // A browser that connects late still sees the ring (GET /api/portal/calls on load).
    await person.page.reload();
    await portal.homeReady();
    await person.page.getByRole('alertdialog').waitFor();
    expect(await person.page.getByRole('alertdialog').getAttribute('data-call-id')).toBe(callId);

    await person.page.getByRole('alertdialog').getByRole('button', { name: 'Join' }).click();
    await person.page.waitForURL(new RegExp(`/portal/calls/${callId}$`));
    await callPageOf(person.page, callId).waitFor();
    expect(await callPageOf(person.page, callId).getAttribute('data-audience')).toBe('client');
    // Joined: back home, the call is listed with Join but no longer prompts in this tab.
    await person.page.goto('/portal');
    await portal.homeReady();
    await person.page.locator(`[data-testid="portal-call"][data-call-id="${callId}"]`).waitFor({ state: 'attached' });
    await expectClean(person.page, 'portal: home with a ringing call');
    expect(await person.page.getByTestId('incoming-call').count()).toBe(0);
  });

  it('the Calls page lists the call with Join', async () => {
    await owner.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Calls' }).click();
    await ui.heading('Calls');
    await owner.page.locator('[data-testid="calls-list"][data-ready="true"]').waitFor();
    const row = owner.page.locator(`[data-testid="call-row"][data-call-id="${callId}"]`);
    expect(await row.textContent()).toContain(`${client.firstName} ${client.lastName[0]}.`);
    await expectClean(owner.page, 'calls (one ringing)');
    await row.getByRole('link', { name: /Join/ }).click();
    await callPageOf(owner.page, callId).waitFor();
  });

  it('the call page: pre-join with a large Join button and what happens next; in the call one control bar on screen at 1280×800 and 390×844; leaving keeps the call open', async () => {
    const page = owner.page;
    // The call's own code (InCall and its engine) comes while the pre-join is up; held back here
    // (a link slower than the person), Join says it is joining until the code is there.
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    const inCallCode = /\/assets\/InCall-[\w-]+\.js$/;
    // The service worker, once it controls this page (its install races the earlier steps), would
    // fetch the chunk itself, out of the page's routes: this page's requests bypass it for the
    // hold, as DevTools' "Bypass for network" does (a CI run joined at once and never said so).
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setBypassServiceWorker', { bypass: true });
    await page.route(inCallCode, async (route) => {
      await held;
      await route.continue();
    });
    await page.reload();
    // Pre-join (this browser has no camera: the page says so and still lets the provider join).
    const join = page.getByTestId('join-call');
    await page.locator('[data-testid="join-call"]:not([disabled])').waitFor();
    expect((await join.boundingBox())!.height).toBeGreaterThanOrEqual(44);
    await expect.poll(() => page.getByTestId('what-next').textContent()).toContain('The client has been rung in their portal');
    await expectClean(page, 'call page: pre-join (no camera)');
    await join.click();
    const loading = page.getByRole('status').filter({ hasText: 'Joining the call…' });
    await loading.waitFor();
    await expectClean(page, 'call page: joining while the call code loads');
    await shots(page, 'call-joining');
    release();
    const room = page.getByTestId('call-room');
    await room.waitFor();
    expect(await loading.count()).toBe(0);
    await page.unroute(inCallCode);
    await cdp.send('Network.setBypassServiceWorker', { bypass: false });
    await cdp.detach();
    await room.getByText('Waiting for the client to join…').waitFor();
    // The contract: the page's id and audience, the stage, one's own tile, the control bar.
    expect(await callPageOf(page, callId).getAttribute('data-audience')).toBe('staff');
    await page.locator('[data-call-stage] [data-peer="self"]').waitFor();
    expect(await page.locator('[data-call-controls]').count()).toBe(1);
    // No camera: one's own tile shows initials, not a black box.
    expect(await page.locator('[data-peer="self"] [data-testid="video-placeholder"]').textContent()).toMatch(/^RO/);
    for (const size of [{ width: 1280, height: 800 }, { width: 390, height: 844 }]) {
      await page.setViewportSize(size);
      const bar = (await page.locator('[data-call-controls]').boundingBox())!;
      expect(bar.y, `control bar at ${size.width}`).toBeGreaterThan(0);
      expect(bar.y + bar.height, `control bar at ${size.width}`).toBeLessThanOrEqual(size.height);
      expect(await page.evaluate(() => document.scrollingElement?.scrollTop ?? 0)).toBe(0);
      const small = await page.locator('[data-call-controls] button').evaluateAll((bs) => bs.filter((b) => b.getBoundingClientRect().width < 44 || b.getBoundingClientRect().height < 44).length);
      expect(small, `controls under 44 px at ${size.width}`).toBe(0);
    }
    await page.setViewportSize({ width: 1280, height: 800 });
    // Names, pressed state and shortcuts for assistive technology; M mutes.
    const mute = page.getByRole('button', { name: 'Mute' });
    expect(await mute.getAttribute('aria-pressed')).toBe('false');
    expect(await mute.getAttribute('aria-keyshortcuts')).toBe('M');
    await page.keyboard.press('m');
    await page.locator('[data-testid="mute"][aria-pressed="true"]').waitFor();
    await page.getByTestId('open-more').click();
    expect(await page.getByTestId('open-more').getAttribute('aria-expanded')).toBe('true');
    expect(await page.getByTestId('call-shortcuts').textContent()).toContain('Mute or unmute your microphone');
    await expectClean(page, 'call page: in the call (staff, alone)');
    // End → "Leave, keep the call open": the call goes on, with a way back in.
    await page.getByTestId('end-call').click();
    await page.getByTestId('leave-only').click();
    await page.getByTestId('call-left').getByRole('heading', { name: 'You left the call' }).waitFor();
    await page.getByTestId('rejoin-call').waitFor();
    await expectClean(page, 'call page: you left the call');
  });

  it("a call the owner did not start rings the owner's tab; Not now dismisses it", async () => {
    await ui.gotoClients();
    const res = await api('POST', '/api/calls', { clientId, mode: 'audio' });
    expect(res.status(), await res.text()).toBe(201);
    const second = ((await res.json()) as { id: string }).id;
    const prompt = owner.page.getByRole('alertdialog');
    await prompt.waitFor();
    expect(await prompt.getAttribute('data-call-id')).toBe(second);
    expect(await prompt.getByRole('heading').textContent()).toMatch(/^Session with /);
    expect(await prompt.textContent()).toContain('Incoming audio call');
    await expectClean(owner.page, 'staff ring prompt');
    await prompt.getByRole('button', { name: 'Not now' }).click();
    await prompt.waitFor({ state: 'detached' });
    // Dismissed here: a reload (which reads the ringing calls again) does not bring it back.
    await owner.page.reload();
    await ui.appReady();
    await ui.clientsReady();
    await owner.page.getByRole('link', { name: 'Calls' }).first().click();
    await owner.page.locator(`[data-testid="call-row"][data-call-id="${second}"]`).waitFor();
    expect(await owner.page.getByTestId('incoming-call').count()).toBe(0);
  });

  it('the join link opens the call for a guest; used again, or made up, it says why in words', async () => {
    const { match } = await world.mailbox.waitFor(client.email, /(https?:\/\/[^\s"'<>]+\/join#[A-Za-z0-9_\-.~%]+)/);
    joinLink = match[1]!;
    await guest.page.goto(joinLink);
    await guest.page.waitForURL(/\/portal\/calls\/[^/#]+$/);
    const landed = decodeURIComponent(new URL(guest.page.url()).pathname.split('/').pop()!);
    await callPageOf(guest.page, landed).waitFor();

    // The same link again (a fresh load of the page): already used. The token left the address bar at once.
    await guest.page.goto('about:blank');
    await guest.page.goto(joinLink);
    const used = guest.page.locator('[data-testid="join-page"][data-state="error"]');
    await used.waitFor();
    expect(await used.getAttribute('data-code')).toBe('link_used');
    expect(await guest.page.getByTestId('join-error').textContent()).toMatch(/^This link was already used\./);
    expect(guest.page.url()).not.toContain('#');
    expect(await guest.page.getByRole('link', { name: 'Sign in to your portal' }).getAttribute('href')).toBe('/portal/login');
    expect(await guest.page.getByRole('link', { name: 'Test your camera and microphone' }).getAttribute('href')).toBe('/portal/device-check');
    await expectClean(guest.page, 'join link: already used');

    // A made-up link pasted into the same tab (only the fragment changes: no new page load).
    await guest.page.goto(`/join#${'A'.repeat(43)}`);
    await guest.page.locator('[data-testid="join-page"][data-state="error"][data-code="token_invalid"]').waitFor();
    expect(await guest.page.getByTestId('join-error').textContent()).toMatch(/^This link is not valid\./);
    expect(guest.page.url()).not.toContain('#');
    await expectClean(guest.page, 'join link: not valid');
  });

  it('"Start / join call" on a video appointment opens its call room', async () => {
    const start = new Date(Date.now() + 26 * 3600_000);
    start.setUTCHours(10, 0, 0, 0);
    const made = await api('POST', '/api/appointments', { clientIds: [clientId], providerId: ownerId, start: start.toISOString(), durationMinutes: 50, timeZone: 'UTC', type: 'video' });
    expect(made.status(), await made.text()).toBe(201);
    const apptId = ((await made.json()) as { id: string }).id;
    const day = start.toISOString().slice(0, 10);
    await owner.page.goto(`/appointments?${new URLSearchParams({ from: day, to: day, providerId: ownerId, tz: 'UTC' }).toString()}`);
    await owner.page.locator('[data-testid="appointments-list"][data-ready="true"]').waitFor();
    const row = owner.page.locator(`[data-testid="appointment-row"][data-appointment-id="${apptId}"]`);
    await row.getByRole('button', { name: /^Start \/ join call/ }).click();
    await owner.page.waitForURL(/\/calls\/[^/]+$/);
    const roomId = decodeURIComponent(new URL(owner.page.url()).pathname.split('/').pop()!);
    await callPageOf(owner.page, roomId).waitFor();
    // The same room every time for this occurrence.
    const again = await api('POST', `/api/appointments/${apptId}/call`, {});
    expect(again.status(), await again.text()).toBe(200);
    expect(((await again.json()) as { id: string; appointmentId: string }).appointmentId).toBe(apptId);
    expect(((await (await api('POST', `/api/appointments/${apptId}/call`, {})).json()) as { id: string }).id).toBe(roomId);
  });

  it('practice settings: video calls save; an out-of-range value is refused next to its field', async () => {
    await ui.gotoPractice();
    const section = owner.page.getByTestId('call-settings');
    await owner.page.locator('[data-testid="call-settings-state"][data-ready="true"]').waitFor();
    await owner.page.getByTestId('call-ring-lead').fill('45');
    await owner.page.getByTestId('call-settings-save').click();
    await owner.page.getByTestId('call-settings-error').getByText('Please correct the highlighted fields.').waitFor({ timeout: 5000 }).catch(async () => {
      throw new Error(`no error summary; the section reads: ${await section.innerText()}`);
    });
    const lead = section.getByRole('textbox', { name: /Ring before the start/ }).or(section.getByRole('spinbutton', { name: /Ring before the start/ }));
    await section.locator('.field-error').filter({ hasText: 'must be at most 30' }).waitFor();
    expect(await lead.getAttribute('aria-invalid')).toBe('true');
    expect(await owner.page.getByTestId('call-settings-error').textContent()).toContain('Ring before the start');

    // The API's own check answers the same way (400 with the field).
    const refused = await api('PUT', '/api/practice/call-settings', { ringLeadMinutes: 5, escalateAfterSeconds: 5, forceRelay: false });
    expect(refused.status()).toBe(400);
    expect(JSON.stringify(await refused.json())).toContain('escalateAfterSeconds');

    // Relay-only media needs a TURN server, and this installation has none: the API says so
    // (400, field forceRelay) and the words sit under the switch.
    await owner.page.getByTestId('call-ring-lead').fill('5');
    await owner.page.getByTestId('call-escalate').fill('90');
    await owner.page.getByTestId('call-force-relay').click();
    await owner.page.getByTestId('call-settings-save').click();
    await owner.page.getByTestId('call-force-relay-error').getByText(/needs a TURN server/).waitFor();
    expect(await lead.getAttribute('aria-invalid')).toBeNull();
    expect(await section.getByRole('switch').getAttribute('aria-describedby')).toContain('call-force-relay-error');
    await expectClean(owner.page, 'practice settings (video calls, API field error)');

    await owner.page.getByTestId('call-force-relay').click();
    await owner.page.getByTestId('call-settings-save').click();
    await owner.page.getByTestId('call-settings-saved').waitFor();
    expect(await owner.page.getByTestId('call-force-relay-error').count()).toBe(0);
    const now = (await (await owner.context.request.get('/api/practice/call-settings')).json()) as unknown;
    expect(now).toEqual({ ringLeadMinutes: 5, escalateAfterSeconds: 90, forceRelay: false });
    await expectClean(owner.page, 'practice settings (video calls saved)');
  });

  it('a call ended for everyone is not offered again on the portal home the client goes back to', async () => {
    const made = await api('POST', '/api/calls', { clientId });
    expect(made.status()).toBe(201);
    const { id } = (await made.json()) as { id: string };
    const page = person.page;
    await page.goto('/portal');
    await portal.homeReady();
    await page.locator(`[data-testid="portal-call"][data-call-id="${id}"]`).waitFor({ state: 'attached' });
    await page.getByRole('alertdialog').getByRole('button', { name: 'Join' }).click();
    await callPageOf(page, id).waitFor();
    expect((await api('POST', `/api/calls/${id}/end`, {})).status()).toBe(200);
    // Back in the same page (the portal's list of calls still in memory): the call is over, so no Join.
    await page.goBack();
    await portal.homeReady();
    await page.locator('[data-testid="portal-calls"][data-ready="true"]').waitFor({ state: 'attached' });
    expect(await page.locator(`[data-testid="portal-call"][data-call-id="${id}"]`).count()).toBe(0);
  });
});
