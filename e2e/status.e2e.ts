// Status page scenario: a platform operator (token from `npm run status-operator`) opens an
// incident on the real server and posts updates; a visitor with no account sees the overall line,
// every component with its 90 uptime bars, and the incident's updates dated in the seed's style
// ("Saturday 5/16 8am PST: …"); subscribes by mail and confirms from the link; a signed-in staff
// member sees the in-app banner while the incident is open, and not after it is resolved. Every
// page passes axe-core and fits 390 px.
import { beforeAll, describe, expect, it } from 'vitest';
import { runStatusOperator } from '../scripts/status-operator.js';
import { type Actor } from './fixtures/browser.js';
import { expectClean } from './fixtures/checks.js';
import { HearthPages } from './fixtures/pages.js';
import { scenario } from './fixtures/scenario.js';

const STAMP = /^(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday) \d{1,2}\/\d{1,2} \d{1,2}(:\d\d)?(am|pm) P[SD]T$/;

let visitor: Actor;
let owner: Actor;
let token = '';
let incidentId = '';

describe('status page', () => {
  // The subscriber mail goes out from where the probes run: this scenario needs them on (the e2e
  // server runs without them by default).
  const world = scenario({ visitor: 'visitor', owner: 'owner' }, { env: () => ({ STATUS_PROBE_INTERVAL_MS: '5000' }) });
  const operator = async (path: string, body: unknown) => {
    const res = await fetch(`${world.server.url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const json = (await res.json()) as { id: string };
    expect(res.status, JSON.stringify(json)).toBe(201);
    return json;
  };

  beforeAll(async () => {
    ({ visitor, owner } = world.actors);
    const out: string[] = [];
    const code = await runStatusOperator(['add', 'On-call'], { ...world.server.cliEnv }, { log: (l) => out.push(l), error: (l) => out.push(l) });
    expect(code, out.join('\n')).toBe(0);
    token = out.map((l) => l.trim()).find((l) => l.startsWith('hso_'))!;
  });

  it('shows components, uptime bars and an incident with its dated updates to anyone', async () => {
    ({ id: incidentId } = await operator('/api/status/incidents', {
      name: 'Some Scheduled Calls are not starting',
      status: 'investigating',
      body: 'Please use the Call Now feature to call clients.',
      components: { 'scheduled-calls': 'partial_outage' },
    }));
    await operator(`/api/status/incidents/${incidentId}/updates`, { status: 'identified', body: 'A ring worker stopped; it is being restarted.' });

    const page = visitor.page;
    await page.goto(`${world.server.url}/status`);
    await page.getByTestId('status-page').and(page.locator('[data-ready="true"]')).waitFor();
    expect(await page.getByTestId('overall').textContent()).toBe('Partial System Outage');
    for (const name of ['Web app', 'Video calls', 'Scheduled calls', 'Reminders', 'Calendar', 'Messaging', 'Billing']) {
      await expect(page.locator('.component-name', { hasText: name }).count()).resolves.toBe(1);
    }
    expect(await page.getByTestId('component-scheduled-calls').getAttribute('data-status')).toBe('partial_outage');
    expect(await page.getByTestId('component-billing').getAttribute('data-status')).toBe('operational');
    expect(await page.getByTestId('uptime-web-app').locator('li.bar').count()).toBe(90);

    const incident = page.getByTestId('incident').filter({ hasText: 'Some Scheduled Calls are not starting' });
    const updates = await incident.getByTestId('incident-update').allTextContents();
    expect(updates).toHaveLength(2);
    expect(updates[0]).toMatch(/: Identified\. A ring worker stopped/);
    expect(updates[1]).toMatch(/: Investigating\. Please use the Call Now feature to call clients\.$/);
    for (const t of await incident.locator('time').allTextContents()) expect(t).toMatch(STAMP);
    await expectClean(page, 'status page with an open incident');
  });

  it('subscribes by mail with a confirmation link', async () => {
    const page = visitor.page;
    await page.getByRole('link', { name: 'Get updates by mail' }).click();
    await page.getByTestId('field-email').fill('watcher@example.org');
    await expectClean(page, 'status subscribe form');
    await page.getByRole('button', { name: 'Subscribe' }).click();
    await page.getByTestId('subscribe-sent').waitFor();
    const { match } = await world.mailbox.waitFor('watcher@example.org', /(http\S+\/status\/subscribe#confirm=[\w-]{43})/);
    // Opened from the mail: a fresh load of the page.
    await page.goto('about:blank');
    await page.goto(match[1]!);
    await page.getByTestId('status-link-done').waitFor();
    // The token left the address bar at once.
    expect(new URL(page.url()).hash).toBe('');
    await expectClean(page, 'status subscription confirmed');
  });

  it('a signed-in user sees the banner while the incident is open, and not once it is resolved', async () => {
    const ui = new HearthPages(owner.page);
    await ui.gotoSignUp();
    await ui.signUp({ practiceName: 'Lantern Bay Counseling', ownerName: 'Lena Owner', email: 'lena@lantern.example', password: 'copper wrens sing at dawn 27', signerTitle: 'Owner' });
    if (await owner.page.getByTestId('mfa-enrolment').isVisible()) await ui.enrolTotp();
    await ui.appReady();
    const banner = owner.page.getByTestId('status-banner');
    await banner.waitFor();
    expect(await banner.textContent()).toContain('Some Scheduled Calls are not starting (identified)');
    await expectClean(owner.page, 'app with the status banner');

    await operator(`/api/status/incidents/${incidentId}/updates`, { status: 'resolved', body: 'Scheduled calls ring on time again.' });
    // The subscriber hears of it once.
    await world.mailbox.waitFor('watcher@example.org', /Resolved\. Scheduled calls ring on time again\./);
    const active = owner.page.waitForResponse((r) => r.url().endsWith('/api/status/active') && r.ok());
    await owner.page.reload();
    await ui.appReady();
    await active;
    await owner.page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    expect(await banner.count()).toBe(0);
    await visitor.page.goto(`${world.server.url}/status`);
    await visitor.page.getByTestId('status-page').and(visitor.page.locator('[data-ready="true"]')).waitFor();
    expect(await visitor.page.getByTestId('overall').textContent()).toBe('All Systems Operational');
  });
});
