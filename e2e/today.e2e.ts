// Today, the inbox and call history. The owner (also a provider) signs up; two clients are booked
// a few minutes ahead with a 5-minute mail reminder: one reminder is sent, the other bounces. Today
// shows both visits with their reminder state; when the client enters the call's lobby (through
// the real signaling socket) Today says so, with a Start / join button. The client writes from the
// portal: the navigation's Inbox badge says "Inbox, 1 unread"; the owner opens the thread from the
// inbox and replies; the badge goes away and the client gets one PHI-free mail. The call, admitted
// and ended, is listed under Calls > History. Each role's Today (owner, provider, front desk,
// billing) is looked at. axe-clean and no horizontal scroll at 390 px; screenshots at 1280×800 and
// 390×844 when SHOTS_DIR is set.
import { DateTime } from 'luxon';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { TestSocket } from '../src/server/testing/sockets.js';
import { type Actor } from './fixtures/browser.js';
import { DESKTOP, expectClean, shots } from './fixtures/checks.js';
import { BOUNCE_PREFIX } from './fixtures/mailbox.js';
import { ownerAndClient } from './fixtures/actors.js';
import { scenario } from './fixtures/scenario.js';

const practice = {
  practiceName: 'Alder Creek Therapy',
  ownerName: 'Rosalind Achterberg',
  email: 'rosalind@aldercreek.example',
  password: 'kingfishers nest along the river 27',
  signerTitle: 'Clinical director',
};
const client = { firstName: 'Marisol', lastName: 'Quenneville', email: 'marisol.q@example.org', password: 'lanterns over the quiet harbour 8' };
const bouncing = { firstName: 'Barnaby', lastName: 'Whitlock', email: `${BOUNCE_PREFIX}barnaby@example.org` };

let ownerId = '';
let clientId = '';
let apptId = '';
let bouncedApptId = '';
let callId = '';
let day = '';
const sockets: TestSocket[] = [];

async function socketFor(actor: Actor, wsPath: string, origin: string): Promise<TestSocket> {
  const cookie = (await actor.context.cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
  const s = await TestSocket.open(`${origin.replace(/^http/, 'ws')}${wsPath}`, { cookie, origin });
  sockets.push(s);
  return s;
}

/** Keeps a socket's place in a call as a browser would (a silent peer is a ghost after the presence TTL). */
function keepAlive(s: TestSocket, callId: string) {
  const t = setInterval(() => s.send({ type: 'call.heartbeat', callId }), 2000);
  s.ws.on('close', () => clearInterval(t));
}

async function todayReady(page: Page) {
  await page.locator('[data-testid="today-state"][data-ready="true"]').waitFor();
}

describe('today, inbox and call history', () => {
  const world = scenario({ owner: 'owner', person: 'client' });
  const { owner, person } = world.actors;
  const { staff: api, ui, portal } = ownerAndClient(owner, person);

  beforeAll(() => {
    return () => {
      for (const s of sockets) s.ws.terminate();
    };
  });

  it('the owner signs up and lands on Today; two clients are booked minutes ahead', async () => {
    await ui.signUpWithTotp(practice);
    // The owner is also a provider, front desk and billing, to look at each role's Today.
    ownerId = (await api.ok<{ user: { id: string } }>('GET', '/api/me')).user.id;
    await api.ok('PATCH', `/api/practice/users/${ownerId}`, { roles: ['owner', 'provider', 'front_desk', 'billing'] });
    await api.ok('PATCH', '/api/practice/reminder-settings', { rules: [{ channel: 'email', minutesBefore: 5 }] });

    clientId = (
      await api.ok<{ id: string }>('POST', '/api/clients', { firstName: client.firstName, lastName: client.lastName, dateOfBirth: '1988-06-15', email: client.email, providerIds: [ownerId], consents: { email: true, sms: false, details: false } })
    ).id;
    const bouncedId = (await api.ok<{ id: string }>('POST', '/api/clients', { ...bouncing, dateOfBirth: '1975-02-03', providerIds: [ownerId], consents: { email: true, sms: false, details: false } })).id;
    const group = (await api.ok<{ id: string }>('POST', '/api/practice/appointment-services', { name: 'Individual therapy', defaultMinutes: 50, rateCents: 0, allowOverlap: true })).id;
    // Reminders 5 minutes before: due about 25 and 35 seconds from now.
    const start = DateTime.now().plus({ minutes: 5, seconds: 25 }).toUTC();
    const book = async (who: string, at: DateTime, type: string) =>
      (await api.ok<{ id: string }>('POST', '/api/appointments', { clientIds: [who], providerId: ownerId, serviceId: group, start: at.toISO(), durationMinutes: 50, timeZone: 'UTC', type, note: 'Review the sleep diary' })).id;
    apptId = await book(clientId, start, 'video');
    bouncedApptId = await book(bouncedId, start.plus({ seconds: 10 }), 'audio');
    const zone = await owner.page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone);
    day = start.setZone(zone).toISODate()!;

    // The client joins the portal from the invitation mail.
    await owner.page.goto(`/clients/${clientId}`);
    await ui.clientProfileReady();
    await owner.page.getByTestId('portal-invite-submit').click();
    const { match } = await world.mailbox.waitFor(client.email, /(https?:\/\/[^\s"'<>]+\/portal\/accept#token=[A-Za-z0-9_\-.~%]+)/);
    await portal.openInvitation(match[1]!);
    await portal.acceptInvitation(client.password);

    // Signing in again lands on Today; so does the root.
    await owner.page.goto('/');
    await owner.page.waitForURL(/\/today$/);
    await ui.heading('Today');
  });

  it('Today shows each booked visit with its reminder state: one sent, one failed', async () => {
    // The running dispatcher sends the first reminder and records the bounce of the second.
    await expect
      .poll(async () => (await api.ok<{ items: { status: string }[] }>('GET', `/api/appointments/${apptId}/reminders`)).items.map((r) => r.status).join(), { timeout: 90_000, interval: 1000 })
      .toMatch(/sent|delivered/);
    await expect
      .poll(async () => (await api.ok<{ items: { status: string }[] }>('GET', `/api/appointments/${bouncedApptId}/reminders`)).items.map((r) => r.status).join(), { timeout: 90_000, interval: 1000 })
      .toMatch(/failed|uncertain/);
    await owner.page.goto(`/today?date=${day}`);
    await todayReady(owner.page);
    const row = owner.page.locator(`[data-testid="today-appt"][data-appointment-id="${apptId}"]`);
    await row.waitFor();
    expect(await row.textContent()).toContain(`${client.firstName} ${client.lastName}`);
    expect(await row.getByTestId('today-reminders').textContent()).toContain('Reminder sent');
    expect(await row.getByText('Video').count()).toBeGreaterThan(0);
    const bounced = owner.page.locator(`[data-testid="today-appt"][data-appointment-id="${bouncedApptId}"]`);
    expect(await bounced.getByTestId('today-reminders').textContent()).toContain('1 reminder failed');
    expect(Number(await owner.page.getByTestId('today-tile-attention').getAttribute('data-count'))).toBeGreaterThanOrEqual(1);
    // The owner (a provider here) sees the note and may start the call.
    expect(await row.textContent()).toContain('Review the sleep diary');
    await row.getByTestId('appointment-call').waitFor();
    await expectClean(owner.page, 'today (owner)');
    await shots(owner.page, 'today-owner', { fullPage: true, restore: DESKTOP });
  });

  it('a client entering the lobby shows on Today with a Start / join button', async () => {
    callId = (await api.ok<{ id: string }>('POST', `/api/appointments/${apptId}/call`, {}, 200)).id;
    const origin = world.server.url;
    const cs = await socketFor(person, '/portal/ws', origin);
    cs.send({ type: 'call.join', callId });
    keepAlive(cs, callId);
    expect((await cs.next((m) => m.callId === callId && (m.type === 'call.waiting' || m.type === 'call.error'))).type).toBe('call.waiting');

    // Today polls in the background; the lobby shows within one poll.
    const row = owner.page.locator(`[data-testid="today-appt"][data-appointment-id="${apptId}"][data-waiting="true"]`);
    await row.waitFor({ timeout: 30_000 });
    expect(await row.getByTestId('today-waiting').textContent()).toContain(`${client.firstName} ${client.lastName.slice(0, 1)}. is waiting in the lobby`);
    await owner.page.getByTestId('today-lobby').getByRole('button', { name: /Start \/ join call/ }).waitFor();
    expect(Number(await owner.page.getByTestId('today-tile-lobby').getAttribute('data-count'))).toBe(1);
    await expectClean(owner.page, 'today (client waiting)');
    await shots(owner.page, 'today-owner-waiting', { fullPage: true, restore: DESKTOP });

    // The owner admits the client over the signaling socket and the call runs, then ends.
    const ss = await socketFor(owner, '/ws', origin);
    ss.send({ type: 'call.join', callId });
    keepAlive(ss, callId);
    const lobby = await ss.next((m) => m.type === 'call.lobby' && (m.waiting as unknown[]).length === 1, 10_000);
    ss.send({ type: 'call.admit', callId, peerId: (lobby.waiting as { peerId: string }[])[0]!.peerId });
    await cs.next((m) => m.type === 'call.joined' && m.callId === callId);
    await expect.poll(async () => (await api.ok<{ status: string }>('GET', `/api/calls/${callId}`)).status, { timeout: 10_000 }).toBe('active');
    // Then the owner ends it for everyone.
    await api.ok('POST', `/api/calls/${callId}/end`, {}, 200);
    await cs.next((m) => m.type === 'call.ended' && m.callId === callId);
    for (const s of sockets) s.ws.close();
  });

  it("each role's Today: provider (own, with note), front desk (no note, no call), billing (no clinical detail)", async () => {
    for (const role of ['provider', 'front_desk', 'billing'] as const) {
      await api.ok('POST', '/api/me/active-role', { role }, 204);
      await owner.page.goto(`/today?date=${day}`);
      await todayReady(owner.page);
      const row = owner.page.locator(`[data-testid="today-appt"][data-appointment-id="${apptId}"]`);
      await row.waitFor();
      const text = (await row.textContent()) ?? '';
      if (role === 'provider') {
        expect(text).toContain('Review the sleep diary');
        await row.getByTestId('appointment-call').waitFor();
      } else {
        expect(text).not.toContain('Review the sleep diary');
        expect(await row.getByTestId('appointment-call').count()).toBe(0);
      }
      if (role === 'billing') {
        expect(await row.getByTestId('today-reminders').count()).toBe(0);
        expect(await owner.page.getByTestId('today-tile-messages').count()).toBe(0);
        expect(await owner.page.getByTestId('nav-inbox').count()).toBe(0);
      }
      // The navigation offers what the role can use, and never a page that would refuse it.
      const navLinks = (await owner.page.getByRole('navigation', { name: 'Main' }).getByRole('link').allTextContents()).map((t) => t.replace(/,.*$/, '').trim());
      const expected: Record<typeof role, string[]> = {
        provider: ['Today', 'Inbox', 'Clients', 'Appointments', 'Calendar', 'Requests', 'Availability', 'Calls', 'Billing', 'Notes', 'Security'],
        front_desk: ['Today', 'Inbox', 'Clients', 'Appointments', 'Calendar', 'Requests', 'Availability', 'Billing', 'Security'],
        billing: ['Today', 'Clients', 'Appointments', 'Calendar', 'Billing', 'Security'],
      };
      expect(navLinks.map((t) => t.replace(/\d+$/, '').trim())).toEqual(expected[role]);
      await expectClean(owner.page, `today (${role})`);
      await shots(owner.page, `today-${role}`, { fullPage: true, restore: DESKTOP });
    }
    await api.ok('POST', '/api/me/active-role', { role: 'owner' }, 204);
    await owner.page.goto(`/today?date=${day}`);
    await todayReady(owner.page);
  });

  it("the client writes; the Inbox badge counts it; reading and replying from the inbox takes it down; the client's mail is PHI-free", async () => {
    await person.page.goto('/portal');
    await portal.homeReady();
    await portal.openRecord(clientId, 'messages');
    await portal.threadReady();
    await portal.sendMessage('I had a rough week and want to talk about the panic attacks.');

    await owner.page.goto(`/today?date=${day}`);
    await todayReady(owner.page);
    const nav = owner.page.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('link', { name: 'Inbox, 1 unread' }).waitFor();
    expect(await owner.page.getByTestId('today-tile-messages').getAttribute('data-count')).toBe('1');
    await nav.getByRole('link', { name: 'Inbox, 1 unread' }).click();
    await owner.page.getByRole('heading', { level: 1, name: 'Inbox' }).waitFor();
    const thread = owner.page.locator(`[data-testid="inbox-row"][data-client-id="${clientId}"][data-unread="true"]`);
    await thread.waitFor();
    expect(await thread.textContent()).toContain('panic attacks');
    await expectClean(owner.page, 'inbox');
    await shots(owner.page, 'inbox', { fullPage: true, restore: DESKTOP });

    await thread.getByRole('link').click();
    await owner.page.locator('[data-testid="client-messages"][data-ready="true"][data-unread="true"]').waitFor();
    await expectClean(owner.page, 'inbox thread');
    await shots(owner.page, 'inbox-thread', { fullPage: true, restore: DESKTOP });
    await owner.page.getByTestId('reply-body').fill('Thank you for telling me. We will make time for it on Thursday.');
    await owner.page.getByTestId('reply-submit').click();
    await owner.page.getByTestId('messages-notice').getByText('Reply sent.').waitFor();
    // Answered: the badge goes, and the row says so.
    await nav.getByRole('link', { name: 'Inbox', exact: true }).waitFor();
    expect(await owner.page.getByTestId('inbox-badge').count()).toBe(0);
    await owner.page.locator(`[data-testid="inbox-row"][data-client-id="${clientId}"][data-unread="false"]`).waitFor();

    // The client hears of the reply by one mail that says nothing but where to read it.
    const { mail } = await world.mailbox.waitFor(client.email, /new secure message/i);
    const all = `${mail.subject}\n${mail.text}`;
    expect(all).toContain(`${world.server.url}/portal`);
    for (const phi of [client.firstName, client.lastName, 'Thursday', 'panic', practice.ownerName, practice.practiceName]) expect(all).not.toContain(phi);
    expect(world.mailbox.messages.filter((m) => m.to.includes(client.email) && /new secure message/i.test(m.text)).length).toBe(1);

    // The practice setting that sends it: on by default, on the practice settings page.
    await ui.gotoPractice();
    const setting = owner.page.getByTestId('reply-mail-to-clients');
    expect(await setting.getByRole('switch').isChecked()).toBe(true);
    await setting.scrollIntoViewIfNeeded();
    await expectClean(owner.page, 'practice settings (reply mail)');
    await shots(owner.page, 'practice-settings', { fullPage: true, restore: DESKTOP });
  });

  it('Calls > History lists the ended call with its participants, mode and duration', async () => {
    await owner.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Calls' }).click();
    await owner.page.getByTestId('calls-history-tab').click();
    await owner.page.getByRole('heading', { level: 1, name: 'Calls' }).waitFor();
    const row = owner.page.locator(`[data-testid="history-row"][data-call-id="${callId}"]`);
    await row.waitFor();
    const text = (await row.textContent()) ?? '';
    expect(text).toContain(`${client.firstName} ${client.lastName}`);
    expect(text).toContain('Video');
    expect(text).toMatch(/\d+ s|\d+ min/);
    expect(await owner.page.getByTestId('history-total').getAttribute('data-total')).toBe('1');
    // Headers never wrap mid-word at 1280 px: each header cell is one line.
    const tall = await owner.page.locator('[data-testid="history-table"] th').evaluateAll((ths) => ths.filter((th) => (th as HTMLElement).getBoundingClientRect().height > 40).length);
    expect(tall).toBe(0);
    await expectClean(owner.page, 'call history');
    await shots(owner.page, 'call-history', { fullPage: true, restore: DESKTOP });
  });
});
