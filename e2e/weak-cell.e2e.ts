// A client on a weak cell signal (400 kbit/s down and up, 150 ms round trip, emulated in Chromium
// through CDP) opens the join link from a text message on a 360 px phone, from a cold cache: the
// call's pre-join (the Join button enabled) is timed (goal 3 s); opened again, with the service
// worker's shell (goal 1 s). The same for the portal's sign-in page, which the client then uses
// with the keyboard alone. The service worker's caches hold the shell (the entries' HTML, hashed
// assets) and never an API answer. Each figure is logged. The light client path: issue 19.
import { AxeBuilder } from '@axe-core/playwright';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { addedClientJoinsPortal, ownerAndClient } from './fixtures/actors.js';
import { expectClean } from './fixtures/checks.js';
import { scenario } from './fixtures/scenario.js';

const practice = {
  practiceName: 'Mesquite Flats Counseling',
  ownerName: 'Dolores Owner',
  email: 'dolores@mesquiteflats.example',
  password: 'slow trains cross the wide prairie 27',
  signerTitle: 'Practice owner',
};
const client = { firstName: 'Esperanza', lastName: 'Villalobos', email: 'esperanza.v@example.org', password: 'one bar of signal on the ridge 83' };

// "weak cell" (the call scenarios' named profile: 400 kbit/s, 150 ms; its jitter and loss need the
// kernel's shaping, not CDP): CDP takes bytes per second and milliseconds.
const WEAK_CELL = { offline: false, latency: 150, downloadThroughput: 50_000, uploadThroughput: 50_000 };
const PHONE_360 = { width: 360, height: 740 };
// The goals (issue 19): interactive within 3 s from a cold cache, 1 s warm. The client's first
// screens weigh 74-104 kB gzip (this test's Hearth is plain HTTP, where Chromium is served gzip;
// production is HTTPS with brotli, 66-93 kB: scripts/bundle-budget.ts), 1.5-2 s of transfer at
// 50 kB/s. The page of a first screen's address names the screen's chunks, fetched beside the
// entry's script, and a join link's redemption starts before the app has arrived
// (src/server/spa.ts); the service worker is installed only once the screen is up, so a cold
// figure is the network's alone (asserted: no resource of it came through the service worker).
// Measured here 2.2 s (join link) and 2.7 s (sign-in) cold, 0.3 s warm (before the light path's
// third part: 4.1-4.6 s and 0.6-1.0 s, with the screen's later chunks served by a service worker
// the emulation does not slow). Each figure is held to a ratchet with room for a CI machine
// running four jobs at once, and printed beside its goal. A warm figure is the median of three
// visits (0.3 s each): once, in CI, a single one took 2.3 s on a moment the other jobs took the cores.
const COLD_GOAL_MS = 3000;
const WARM_GOAL_MS = 1000;
const COLD_MS = 4000;
const WARM_MS = 2000;
const WARM_RUNS = 3;

const figures: string[] = [];

async function onWeakCell(page: Page): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', WEAK_CELL);
}

const JOIN_READY = '[data-testid="join-call"]:not([disabled])';
const LOGIN_READY = '[data-testid="portal-login-submit"]:not([disabled])';

/**
 * In every page of a phone, before its own scripts: the moment each ready selector first matches,
 * on the page's clock (ms since its navigation started), in window.__readyAt. Playwright's own
 * wait polls with a backoff (its last steps 500 ms apart), so the moment it notices came up to
 * half a second after the screen was ready (measured: the sign-in's button enabled at 1,867 ms,
 * noticed at 2,264 ms): it would time the test's polling, not the page.
 */
const READY_WATCH = `(() => {
  const selectors = ${JSON.stringify([JOIN_READY, LOGIN_READY])};
  const at = (window.__readyAt = {});
  const look = () => {
    for (const s of selectors) if (at[s] === undefined && document.querySelector(s)) at[s] = performance.now();
  };
  new MutationObserver(look).observe(document, { subtree: true, childList: true, attributes: true });
})()`;

/** Milliseconds from asking for `url` to `ready` holding (on the page's clock), on a new weak-cell page of `context`. */
async function timeToInteractive(context: BrowserContext, url: string, ready: string, label: string): Promise<{ page: Page; ms: number }> {
  const page = await context.newPage();
  await onWeakCell(page);
  await page.goto(url, { waitUntil: 'commit' });
  await page.locator(ready).waitFor({ timeout: 20_000 });
  const at = await page.evaluate((s) => (window as unknown as { __readyAt?: Record<string, number> }).__readyAt?.[s] ?? null, ready);
  expect(at, `${label}: the page's own record of the moment it was ready`).not.toBeNull();
  const ms = Math.round(at!);
  if (label.includes('cold')) {
    // A cold figure is the emulated network's: nothing of it came through a service worker, which
    // the emulation does not slow.
    const throughWorker = await page.evaluate(() =>
      (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).filter((e) => e.workerStart > 0).map((e) => e.name),
    );
    expect(throughWorker, `${label}: resources served by a service worker`).toEqual([]);
  }
  return { page, ms };
}

function report(label: string, ms: number, goal: number, runs?: number[]): void {
  const line = `weak cell: ${label}: ${ms} ms (goal ${goal} ms)${runs ? `, median of ${runs.join(', ')} ms` : ''}`;
  figures.push(line);
  console.log(line);
}

/** A cold figure: the first visit of a new phone (one per context: its cache is the cold part). */
async function coldFigure(context: BrowserContext, url: string, ready: string, label: string): Promise<{ page: Page; ms: number }> {
  const cold = await timeToInteractive(context, url, ready, label);
  report(label, cold.ms, COLD_GOAL_MS);
  return cold;
}

/**
 * A warm figure: the median of WARM_RUNS visits with the service worker's shell, so one visit that
 * lands on a moment the test machine's other jobs took the cores (a CI run has four) does not
 * stand for the client's phone. Every visit is printed; the last page is returned open.
 */
async function warmFigure(context: BrowserContext, url: string, ready: string, label: string): Promise<{ page: Page; ms: number }> {
  const runs: number[] = [];
  let page: Page | undefined;
  for (let i = 0; i < WARM_RUNS; i++) {
    await page?.close();
    const visit = await timeToInteractive(context, url, ready, label);
    page = visit.page;
    runs.push(visit.ms);
  }
  const ms = [...runs].sort((a, b) => a - b)[Math.floor(WARM_RUNS / 2)]!;
  report(label, ms, WARM_GOAL_MS, runs);
  return { page: page!, ms };
}

/** The service worker controls the page (the shell is cached for the next visit). */
async function shellCached(page: Page): Promise<void> {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
}

/** Every URL in every Cache Storage cache of the page's origin. */
function cachedUrls(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    const out: string[] = [];
    for (const name of await caches.keys()) {
      const cache = await caches.open(name);
      for (const req of await cache.keys()) out.push(new URL(req.url).pathname + new URL(req.url).search);
    }
    return out;
  });
}

const SHELL_URL = /^\/(?:client\.html|index\.html|assets\/[\w.-]+\.(?:js|css|woff2?|svg|png|ico))$/;

async function axeAt360(page: Page, label: string): Promise<void> {
  const before = page.viewportSize();
  await page.setViewportSize(PHONE_360);
  const { violations } = await new AxeBuilder({ page }).analyze();
  expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`), `axe at 360 px on ${label}`).toEqual([]);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow, `horizontal overflow at 360 px on ${label}`).toBeLessThanOrEqual(0);
  if (before) await page.setViewportSize(before);
}

describe('a client on a weak cell signal: the join link and the portal sign-in, cold and warm', () => {
  const world = scenario({ owner: 'owner', person: 'client' });
  const { owner, person } = world.actors;
  const { staff, ui, portal } = ownerAndClient(owner, person);
  let clientId = '';
  let callId = '';
  const contexts: BrowserContext[] = [];
  const phone = async () => {
    const context = await world.browser.newContext({ baseURL: world.server.url, viewport: PHONE_360, isMobile: true, hasTouch: true });
    context.setDefaultTimeout(20_000);
    await context.addInitScript(READY_WATCH);
    contexts.push(context);
    return context;
  };
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    console.log(['weak-cell figures:', ...figures].join('\n  '));
  });

  it('the owner signs up and starts a call with a client, who is mailed a join link', async () => {
    await ui.signUpWithTotp(practice);
    const ownerId = await staff.myId();
    clientId = await addedClientJoinsPortal(staff, world.mailbox, portal, { ...client, dateOfBirth: '1979-11-02' }, [ownerId]);
    callId = (await staff.ok<{ id: string }>('POST', '/api/calls', { clientId })).id;
  });

  it('the join link, cold: the call’s pre-join becomes interactive (timed); again, warm (timed)', async () => {
    const { match } = await world.mailbox.waitFor(client.email, /(https?:\/\/[^\s"'<>]+\/join(?:\?[^#\s"'<>]*)?#[A-Za-z0-9_\-.~%]+)/);
    const context = await phone();
    const joinReady = JOIN_READY;
    const cold = await coldFigure(context, match[1]!, joinReady, 'join link, cold cache → pre-join');
    expect(cold.ms, `cold (goal ${COLD_GOAL_MS} ms)`).toBeLessThanOrEqual(COLD_MS);
    expect(new URL(cold.page.url()).pathname).toBe(`/portal/calls/${callId}`);
    // The link was redeemed by the page's early script, while the app was still downloading.
    const started = await cold.page.evaluate(() => {
      const of = (part: string) => (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).find((e) => e.name.includes(part));
      return { redeem: of('/api/calls/join-link')?.startTime ?? -1, entry: of('/assets/client-')?.responseEnd ?? -1 };
    });
    expect(started.redeem, 'the redemption starts before the entry script has arrived').toBeGreaterThan(0);
    expect(started.redeem).toBeLessThan(started.entry);
    await axeAt360(cold.page, 'call pre-join');
    await expectClean(cold.page, 'call pre-join (weak cell)');
    await shellCached(cold.page);
    await cold.page.close();

    // The same phone opens the call again (the link is used; the guest's cookie lets it back in).
    const warm = await warmFigure(context, `/portal/calls/${encodeURIComponent(callId)}`, joinReady, 'call page again, warm (service worker)');
    expect(warm.ms, `warm (goal ${WARM_GOAL_MS} ms)`).toBeLessThanOrEqual(WARM_MS);
    const cached = await cachedUrls(warm.page);
    expect(cached).toContain('/client.html');
    expect(cached.filter((u) => !SHELL_URL.test(u)), 'only the shell is cached').toEqual([]);
  });

  it('the portal sign-in, cold (timed) and warm (timed); signing in with the keyboard alone at 360 px', async () => {
    const context = await phone();
    const loginReady = LOGIN_READY;
    const cold = await coldFigure(context, '/portal/login', loginReady, 'portal sign-in, cold cache');
    expect(cold.ms, `cold (goal ${COLD_GOAL_MS} ms)`).toBeLessThanOrEqual(COLD_MS);
    await axeAt360(cold.page, 'portal sign-in');
    await expectClean(cold.page, 'portal sign-in (weak cell)');
    await shellCached(cold.page);
    await cold.page.close();

    const warm = await warmFigure(context, '/portal/login', loginReady, 'portal sign-in, warm (service worker)');
    expect(warm.ms, `warm (goal ${WARM_GOAL_MS} ms)`).toBeLessThanOrEqual(WARM_MS);

    // Keyboard only: Tab reaches the e-mail field, then the password; Enter signs in.
    const page = warm.page;
    const focused = () => page.evaluate(() => document.activeElement?.closest('[data-testid^="field-"]')?.getAttribute('data-testid') ?? document.activeElement?.tagName ?? '');
    for (let i = 0; i < 12 && (await focused()) !== 'field-email'; i++) await page.keyboard.press('Tab');
    expect(await focused()).toBe('field-email');
    await page.keyboard.type(client.email);
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('field-password');
    await page.keyboard.type(client.password);
    await page.keyboard.press('Enter');
    await page.locator('[data-testid="portal-home"][data-ready="true"]').waitFor({ timeout: 20_000 });
    await axeAt360(page, 'portal home');

    // After the portal was used (its API answered with the client's own data): no API answer, and
    // nothing but the shell, in any cache.
    const cached = await cachedUrls(page);
    expect(cached.some((u) => u.startsWith('/api'))).toBe(false);
    expect(cached.filter((u) => !SHELL_URL.test(u)), 'only the shell is cached').toEqual([]);
  });
});
