// What a newcomer tripped on (issue 13, bugs 5, 6, 7 and 13), as a practice owner and a client see it:
// - tables keep their words whole at 1280 px (no "Statu s", "$60.0 0") on the clients, appointments
//   and practice pages; reminder rules read "Email, 48 hours before";
// - an invitation page opened again with another link (only the fragment changes) drops the old
//   link's error, on the staff and the portal invitation pages;
// - the portal's indicator follows the real /portal/ws heartbeat: stopping the server turns it from
//   Online within seconds, a message sent then says the server cannot be reached and keeps the text,
//   and starting the server brings it back Online;
// - the status page counts the time the server was down.
// Screenshots go to SHOTS_DIR when it is set.
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { expectClean, shots } from './fixtures/checks.js';
import { ownerAndClient } from './fixtures/actors.js';
import { HearthPages } from './fixtures/pages.js';
import { scenario } from './fixtures/scenario.js';

const practice = {
  practiceName: 'Birchwood Family Therapy',
  ownerName: 'Oksana Owner',
  email: 'oksana@birchwood.example',
  password: 'copper kettles whistle at dawn 31',
  signerTitle: 'Practice owner',
};
const client = { firstName: 'Priyanka', lastName: 'Vasquez-Lindqvist', email: 'priyanka.v@example.org', password: 'lanterns drifting over calm water 77' };
const colleague = { name: 'Dmitri Colleague', email: 'dmitri@birchwood.example' };

let clientId = '';
let portalLink = '';

/** Goes to `href` as the page's own script would, not by a fresh load (to the same page, another fragment: only a hashchange tells it). */
async function followInPage(page: Page, href: string) {
  await page.evaluate((to) => {
    location.href = to;
  }, href);
}

/** At 390×844: each table in view (it scrolls inside its region there), to look at. */
async function tableShots(page: Page, name: string) {
  const dir = process.env.SHOTS_DIR;
  if (!dir) return;
  const before = page.viewportSize() ?? { width: 1280, height: 800 };
  await page.setViewportSize({ width: 390, height: 844 });
  const tables = page.locator('main table');
  for (let i = 0; i < (await tables.count()); i++) {
    const t = tables.nth(i);
    if (!(await t.isVisible())) continue;
    await t.scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(dir, `${name}-table${i + 1}-390.png`) });
  }
  await page.setViewportSize(before);
}

/**
 * Words of table headers and cells that the layout split across lines: each word's text range
 * should lie on one line (all its client rects at one top); a hyphenated name may break at its
 * hyphen, a figure nowhere. Visually hidden text is skipped.
 */
async function splitWords(page: Page): Promise<{ tables: number; cells: number; split: string[] }> {
  return page.evaluate(() => {
    const split: string[] = [];
    const tables = [...document.querySelectorAll('main table')].filter((t) => (t as HTMLElement).offsetParent !== null);
    let cells = 0;
    for (const table of tables) {
      for (const cell of table.querySelectorAll('th, td')) {
        cells++;
        const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
        for (let n = walker.nextNode(); n; n = walker.nextNode()) {
          if (n.parentElement?.closest('.visually-hidden')) continue;
          const text = n.textContent ?? '';
          // A figure (a date, a price, a time) stays whole; a hyphenated word may break at its hyphen only.
          for (const m of text.matchAll(/\S+/g)) {
            const parts = /\d/.test(m[0]) ? [{ at: m.index, word: m[0] }] : [...m[0].matchAll(/[^-\u2010]+/g)].map((p) => ({ at: m.index + p.index, word: p[0] }));
            for (const p of parts) {
              const r = document.createRange();
              r.setStart(n, p.at);
              r.setEnd(n, p.at + p.word.length);
              const tops = new Set([...r.getClientRects()].filter((x) => x.width > 0).map((x) => Math.round(x.top)));
              if (tops.size > 1) split.push(`${cell.tagName.toLowerCase()}: ${p.word}`);
            }
          }
        }
      }
    }
    return { tables: tables.length, cells, split };
  });
}

describe('newcomer bugs: tables, invitation links, portal connection, server downtime on the status page', () => {
  const world = scenario({ owner: 'owner', person: 'client' }, { idleSeconds: 900 });

  const { owner, person } = world.actors;
  const { staff: api, ui, portal } = ownerAndClient(owner, person);

  it('owner signs up; a priced service, a client with an appointment and a colleague invitation are set up', async () => {
    await ui.signUpWithTotp(practice);
    const me = await api.ok<{ user: { id: string } }>('GET', '/api/me');
    const service = await api.ok<{ id: string }>('POST', '/api/practice/appointment-services', { name: 'Individual psychotherapy', defaultMinutes: 50, rateCents: 6000, cptCode: '90834', requiresApproval: true });
    await api.ok('POST', '/api/practice/appointment-services', { name: 'Check-in', defaultMinutes: 25, rateCents: 12550, requiresApproval: false });
    const created = await api.ok<{ id: string }>('POST', '/api/clients', {
      firstName: client.firstName,
      lastName: client.lastName,
      preferredName: 'Priya',
      pronouns: 'she/her',
      dateOfBirth: '1988-11-23',
      email: client.email,
      timeZone: 'America/Chicago',
      providerIds: [me.user.id],
      consents: { email: true, sms: false, details: false },
    });
    clientId = created.id;
    const start = new Date(Date.now() + 2 * 3600_000);
    start.setUTCMinutes(0, 0, 0);
    await api.ok('POST', '/api/appointments', { clientIds: [clientId], providerId: me.user.id, start: start.toISOString(), durationMinutes: 50, timeZone: 'America/Chicago', type: 'video', serviceId: service.id });
    await api.ok('POST', `/api/clients/${clientId}/portal-invitation`, {});
    portalLink = (await world.mailbox.waitFor(client.email, /(https?:\/\/[^\s"'<>]+\/portal\/accept#token=[A-Za-z0-9_\-.~%]+)/)).match[1]!;
  });

  it('at 1280 px no table header or cell splits a word across lines (clients, appointments, practice); reminder rules read as words', async () => {
    const page = owner.page;
    await ui.gotoClients();
    await page.getByTestId('clients-table').waitFor();
    const clients = await splitWords(page);
    expect(clients.tables).toBe(1);
    expect(clients.split, 'clients table').toEqual([]);
    await shots(page, 'clients', { fullPage: true });

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Appointments', exact: true }).click();
    // The list opens on this week; the visit (two hours from now) may fall in the next one late on
    // the week's last day, so the range is set around it.
    const day = (d: number) => new Date(Date.now() + d * 86_400_000).toISOString().slice(0, 10);
    await page.goto(`/appointments?from=${day(-1)}&to=${day(2)}`);
    await page.locator('[data-testid="appointments-list"][data-ready="true"]').waitFor();
    await page.getByTestId('appointment-row').first().waitFor();
    const appointments = await splitWords(page);
    expect(appointments.tables).toBe(1);
    expect(appointments.split, 'appointments table').toEqual([]);
    await shots(page, 'appointments', { fullPage: true });

    await ui.gotoPractice();
    await page.getByTestId('services-table').waitFor();
    const settings = await splitWords(page);
    expect(settings.tables).toBeGreaterThanOrEqual(2);
    expect(settings.split, 'practice tables').toEqual([]);
    // Prices are whole and right-aligned in tabular figures.
    const rate = page.getByTestId('services-table').locator('td.num', { hasText: '$60.00' });
    expect(await rate.evaluate((el) => getComputedStyle(el).whiteSpace)).toBe('nowrap');

    const rules = page.getByTestId('reminder-settings');
    await rules.locator('[data-testid="reminder-rules"][data-ready="true"]').waitFor();
    const labels = await rules.getByTestId('reminder-rule-label').allInnerTexts();
    expect(labels[0]).toBe('Email, 48 hours before');
    for (const l of labels) expect(l).toMatch(/^(Email|Text message), \d+ (minutes?|hours?|days?) before$/);
    // One line per rule: the channel and the lead time are not split onto lines of their own.
    const firstLabel = rules.getByTestId('reminder-rule-label').first();
    const lines = await firstLabel.evaluate((el) => {
      const r = document.createRange();
      r.selectNodeContents(el);
      return new Set([...r.getClientRects()].map((x) => Math.round(x.top))).size;
    });
    expect(lines).toBe(1);
    // One rule per lead time: nothing to sum up. A text 48 hours before too: said together.
    expect(await rules.getByTestId('reminder-summary').count()).toBe(0);
    await page.getByTestId('reminder-add-channel').getByRole('button').click();
    await page.getByRole('option', { name: 'Text message' }).click();
    await page.getByTestId('reminder-add-amount').fill('48');
    await page.getByTestId('reminder-add').click();
    await page.getByTestId('reminder-added').getByText('Added Text message, 48 hours before. Save the reminder rules to keep it.').waitFor();
    await page.getByTestId('reminder-save').click();
    await page.getByTestId('reminder-saved').getByText('Reminder rules saved.').waitFor();
    expect(await rules.getByTestId('reminder-summary').locator('li').allInnerTexts()).toEqual(['Email and text message, 48 hours before', 'Text message, 24 hours before', 'Text message, 1 hour before']);
    await shots(page, 'practice', { fullPage: true });
    await tableShots(page, 'practice');
    await expectClean(page, 'practice settings (tables, reminder rules)');
  });

  it('the staff invitation page drops an old link’s error when another link changes only the fragment', async () => {
    await ui.gotoPractice();
    await ui.invite(colleague.name, colleague.email);
    const link = (await world.mailbox.waitFor(colleague.email, /(https?:\/\/[^\s"'<>]+\/accept-invite#token=[A-Za-z0-9_\-.~%]+)/)).match[1]!;
    const page = person.page;
    await page.goto('/accept-invite#token=not-a-real-invitation-token-0000000000');
    await page.getByTestId('invite-invalid').waitFor();
    // The same page, another fragment: no reload, so only a hashchange tells the page.
    const before = await page.evaluate(() => performance.getEntriesByType('navigation').length + ':' + String(performance.timeOrigin));
    await followInPage(page, link);
    await page.getByTestId('invite-summary').waitFor();
    expect(await page.getByTestId('invite-invalid').count()).toBe(0);
    expect(await page.getByTestId('invite-summary').textContent()).toContain(colleague.email);
    expect(await page.evaluate(() => performance.getEntriesByType('navigation').length + ':' + String(performance.timeOrigin))).toBe(before);
    expect(new URL(page.url()).hash).toBe('');
    await shots(page, 'staff-invite-after-fragment-change', { fullPage: true });
  });

  it('the portal invitation page does the same, and the client joins with the good link', async () => {
    const page = person.page;
    await page.goto('/portal/accept#token=not-a-real-invitation-token-0000000000');
    await page.getByTestId('portal-invite-invalid').waitFor();
    await followInPage(page, portalLink);
    await page.locator('[data-testid="portal-invite-preview"][data-ready="true"]').waitFor();
    expect(await page.getByTestId('portal-invite-invalid').count()).toBe(0);
    expect(await page.getByTestId('portal-invite-summary').textContent()).toContain(client.email);
    await shots(page, 'portal-invite-after-fragment-change', { fullPage: true });
    await expectClean(page, 'portal invitation after a fragment change');
    await portal.acceptInvitation(client.password);
  });

  it('the portal indicator follows the server: down within seconds, a send says the server is unreachable and keeps the text; back Online after a restart', async () => {
    const page = person.page;
    const pui = new HearthPages(page);
    await portal.openRecord(clientId, 'messages');
    await portal.threadReady(0);
    expect(await pui.waitForConnection(['online'])).toBe('online');

    await world.server.stop();
    const t0 = Date.now();
    const down = await pui.waitForConnection(['reconnecting', 'offline'], 8_000);
    expect(['reconnecting', 'offline']).toContain(down);
    expect(Date.now() - t0).toBeLessThan(8_000);
    expect(await pui.connection().textContent()).toMatch(/Reconnecting|Offline/);

    const text = 'Could we move Thursday to the afternoon?';
    await page.getByTestId('portal-message-body').fill(text);
    await page.getByTestId('portal-message-send').click();
    const error = page.getByTestId('portal-compose-error');
    await error.getByText("Your message was not sent: Hearth's server can't be reached right now.").waitFor();
    expect(await error.textContent()).not.toMatch(/check your connection/i);
    expect(await page.getByTestId('portal-message-body').inputValue()).toBe(text);
    await pui.waitForConnection(['offline'], 20_000);
    await shots(page, 'portal-server-down', { fullPage: true });

    await world.server.start();
    expect(await pui.waitForConnection(['online'], 30_000)).toBe('online');
    await page.getByTestId('portal-message-send').click();
    await page.locator('[data-testid="portal-compose"][data-state="sent"]').waitFor();
    await portal.threadReady(1);
    expect(await page.getByTestId('portal-compose-error').textContent()).toBe('');
  });

  it('the status page counts the time no server was running', async () => {
    const res = await owner.context.request.get('/api/status/page');
    expect(res.status()).toBe(200);
    const view = (await res.json()) as { components: { id: string; days: { uptime: number | null; worst: string }[] }[] };
    const web = view.components.find((c) => c.id === 'web-app')!;
    const today = web.days.at(-1)!;
    expect(today.uptime).not.toBeNull();
    expect(today.uptime!).toBeLessThan(100);
    expect(today.worst).toBe('major_outage');
    const page = person.page;
    await page.goto('/status');
    await page.locator('[data-testid="status-page"][data-ready="true"]').waitFor();
    await shots(page, 'status-after-restart', { fullPage: true });
  });
});
