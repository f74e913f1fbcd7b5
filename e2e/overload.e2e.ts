// Overload scenario, against the real server's load shedding (no request interception): the server
// runs with a small in-flight limit (MAX_INFLIGHT_REQUESTS=4), and the test holds every slot with
// requests whose bodies never finish arriving (each is in flight from its first byte). The client
// list the owner asks for is then shed by the server itself — 503 with Retry-After — and the page
// must say "Couldn't load clients — retrying" in a polite live region, show no rows at all, retry
// by itself with backoff (no sooner than Retry-After), and pass axe-core in that state. Once the
// slots are released, the whole list appears, with its total.
import http from 'node:http';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditPage, type Actor } from './fixtures/browser.js';
import { shots } from './fixtures/checks.js';
import { HearthPages, practiceSignUp } from './fixtures/pages.js';
import { dropAssets } from './fixtures/dropped-assets.js';
import { scenario } from './fixtures/scenario.js';

const MAX_INFLIGHT = 4;
const practice = practiceSignUp('Cedar Ridge Counseling', 'Pia Owner', 'pia@cedar.example', 'lanterns drift over quiet harbours 31');
const NAMES = [
  ['Rowan', 'Lindqvist'],
  ['Ines', 'Lindgren'],
  ['Tomas', 'Lindholm'],
  ['Abebe', 'Okafor'],
] as const;

let owner: Actor;
let ui: HearthPages;

describe('overload: the client list is whole or visibly retrying', () => {
  const world = scenario({ owner: 'owner' }, { env: () => ({ MAX_INFLIGHT_REQUESTS: String(MAX_INFLIGHT) }) });
  let auth: { cookie: string; csrf: string };

  beforeAll(async () => {
    ({ owner } = world.actors);
    ui = new HearthPages(owner.page);
  });

  /** POSTs that announce a body and send one byte of it: each holds one in-flight slot until released. */
  function holdSlots(n: number): { release: () => void } {
    const reqs: http.ClientRequest[] = [];
    for (let i = 0; i < n; i++) {
      const req = http.request(`${world.server.url}/api/clients`, {
        method: 'POST',
        headers: { cookie: auth.cookie, 'x-csrf-token': auth.csrf, origin: world.server.url, 'content-type': 'application/json', 'content-length': '4096' },
      });
      req.on('error', () => undefined);
      req.write('{');
      reqs.push(req);
    }
    return { release: () => reqs.forEach((r) => r.destroy()) };
  }

  it('owner signs up with TOTP and has four clients', async () => {
    await ui.signUpWithTotp(practice);
    const cookies = await owner.context.cookies();
    const sid = cookies.find((c) => /hearth_sid$/.test(c.name));
    expect(sid).toBeDefined();
    const me = (await owner.page.evaluate(() => fetch('/api/me').then((r) => r.json()))) as { csrfToken: string };
    auth = { cookie: `${sid!.name}=${sid!.value}`, csrf: me.csrfToken };
    for (const [firstName, lastName] of NAMES) {
      const res = await fetch(`${world.server.url}/api/clients`, {
        method: 'POST',
        headers: { cookie: auth.cookie, 'x-csrf-token': auth.csrf, origin: world.server.url, 'content-type': 'application/json' },
        body: JSON.stringify({ firstName, lastName, dateOfBirth: '1985-06-07' }),
      });
      expect(res.status, await res.text()).toBe(201);
    }
    await ui.gotoClients();
    expect(await ui.clientsTotal()).toBe(NAMES.length);
  });

  it('shed by the server: "Couldn\'t load clients — retrying", no rows, axe clean; then the whole list', async () => {
    const page = owner.page;
    const listAnswers: { status: number; retryAfter: string | null; at: number }[] = [];
    page.on('response', (res) => {
      if (/\/api\/clients\?/.test(res.url())) listAnswers.push({ status: res.status(), retryAfter: res.headers()['retry-after'] ?? null, at: Date.now() });
    });

    const held = holdSlots(MAX_INFLIGHT);
    try {
      // The server is at its limit: API requests are shed (health is not).
      await expect
        .poll(async () => (await fetch(`${world.server.url}/api/practice/providers`, { headers: { cookie: auth.cookie } })).status, { timeout: 10_000 })
        .toBe(503);
      expect((await fetch(`${world.server.url}/healthz`)).status).toBe(200);

      await page.getByTestId('client-search').fill('Lind');
      const error = page.getByTestId('clients-error');
      await error.waitFor();
      expect(await error.getAttribute('role')).toBe('status');
      expect(await error.getAttribute('aria-live')).toBe('polite');
      expect(await error.textContent()).toContain("Couldn't load clients — retrying");
      expect(await page.getByTestId('client-row').count()).toBe(0);
      expect(await page.getByTestId('clients-total').count()).toBe(0);
      expect(await page.getByTestId('clients-list').getAttribute('data-ready')).toBe('false');

      // Retried by itself, and never sooner than the server's Retry-After.
      await expect.poll(() => listAnswers.filter((a) => a.status === 503).length, { timeout: 20_000 }).toBeGreaterThanOrEqual(2);
      const shed = listAnswers.filter((a) => a.status === 503);
      expect(shed.every((a) => Number(a.retryAfter) > 0)).toBe(true);
      const retryAfterMs = Number(shed[0]!.retryAfter) * 1000;
      expect(shed[1]!.at - shed[0]!.at).toBeGreaterThanOrEqual(retryAfterMs - 500);
      await page.locator('[data-testid="clients-error"][data-attempts="2"]').waitFor();
      expect(await page.getByTestId('clients-attempts').textContent()).toMatch(/2 attempts failed; trying again within \d+ s/);

      const check = await auditPage(page, 'clients (shed, retrying)');
      expect(check.axeViolations, 'axe violations on the retrying state').toEqual([]);
      expect(await page.getByTestId('client-row').count()).toBe(0);
    } finally {
      held.release();
    }

    // Recovered: the next automatic retry brings the whole list, with its total.
    await ui.clientsReady('Lind');
    expect(await ui.clientsTotal()).toBe(3);
    expect(await page.getByTestId('client-row').count()).toBe(3);
    expect(await page.getByTestId('clients-error').count()).toBe(0);
    expect(listAnswers.at(-1)!.status).toBe(200);
  });

  it('a page whose code does not arrive says so inside the frame; Reload brings it', async () => {
    const page = owner.page;
    // The connection drops as the calendar's code comes.
    const dropped = await dropAssets(page, /\/assets\/CalendarPage-[\w-]+\.js$/);
    try {
      const nav = page.getByRole('navigation', { name: 'Main' });
      await nav.getByRole('link', { name: 'Calendar' }).click();
      const failed = page.getByTestId('page-load-error');
      await failed.waitFor();
      expect(await failed.getAttribute('data-kind')).toBe('load');
      await ui.heading("This page didn't load");
      expect(await failed.getByRole('alert').textContent()).toContain('The connection dropped or Hearth was busy while it loaded');
      // The frame stays (menu, connection state); nothing of React Router's own error page.
      expect(await nav.isVisible()).toBe(true);
      expect(await page.getByText('Unexpected Application Error').count()).toBe(0);
      const check = await auditPage(page, 'page whose code did not load');
      expect(check.axeViolations, 'axe violations on the failed page').toEqual([]);
      await shots(page, 'page-load-error');
    } finally {
      await dropped.restore();
    }
    await page.getByTestId('page-load-error-reload').click();
    await ui.heading('Calendar');
    expect(new URL(page.url()).pathname).toBe('/calendar');
    expect(await page.getByTestId('page-load-error').count()).toBe(0);
  });
});
