// The call screen as people see it, with real media between two Chromium contexts (fake camera
// and microphone) inside the loopback-only namespace (scripts/test-calls.sh): the provider and a
// portal client in a Call Now. Layout facts at 1280×800 and 390×844 for both: the other person's
// video is the largest thing on the stage and inside the window, the control bar is on screen
// without scrolling, axe is clean and nothing scrolls sideways at 390 px. Then: the keyboard
// shortcut M mutes (and the other side sees "muted"); the client's camera off and audio only show
// their initials to the provider, not a frozen frame; video back on after audio only gives a live
// self-view (frames advancing); "Leave" ends the client's page with "You left the call" and a way
// back in, which works; "End call for everyone" shows the end on both sides. With SHOTS_DIR set,
// screenshots of every state are written there.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { providerWithPortalClient } from '../fixtures/actors.js';
import { type StaffApi } from '../fixtures/api.js';
import { auditPage, type Actor } from '../fixtures/browser.js';
import { callPrerequisites } from '../fixtures/call-prerequisites.js';
import { type Mailbox } from '../fixtures/mailbox.js';
import { scenario } from '../fixtures/scenario.js';
import { expectMediaBothWays } from '../fixtures/webrtc.js';

const missing = callPrerequisites();
const SHOTS = process.env.SHOTS_DIR;
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };

const practice = { practiceName: 'Alder Creek Counseling', ownerName: 'Dana Provider', email: 'dana@aldercreek.example', password: 'patient herons wade at first light 7', signerTitle: 'Owner' };
const client = { firstName: 'Tobias', lastName: 'Wren', email: 'tobias.w@example.org', password: 'quiet harbor lantern evening 52' };

async function shot(page: Page, name: string) {
  if (!SHOTS) return;
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, `${name}.png`) });
}

/** Where things are on the call screen, measured in the page. */
async function layout(page: Page) {
  return page.evaluate(() => {
    const box = (el: Element | null) => {
      if (!el) return null;
      const r = el.getBoundingClientRect();
      return { top: r.top, left: r.left, bottom: r.bottom, right: r.right, area: r.width * r.height };
    };
    const stage = document.querySelector('[data-call-stage]');
    const remote = stage?.querySelector('[data-peer]:not([data-peer="self"])') ?? null;
    const self = stage?.querySelector('[data-peer="self"]') ?? null;
    // The largest element inside the stage, containers of the whole stage aside.
    const stageArea = box(stage)?.area ?? 0;
    let largest: { peer: string | null; area: number } = { peer: null, area: 0 };
    for (const el of stage?.querySelectorAll('*') ?? []) {
      const a = box(el)!.area;
      if (a >= stageArea * 0.999 && !el.closest('[data-peer]')) continue;
      if (a > largest.area) largest = { peer: el.closest('[data-peer]')?.getAttribute('data-peer') ?? null, area: a };
    }
    return {
      viewport: { width: innerWidth, height: innerHeight },
      stage: box(stage),
      remote: box(remote),
      self: box(self),
      largestPeer: largest.peer,
      controls: box(document.querySelector('[data-call-controls]')),
      scrollY: document.scrollingElement?.scrollTop ?? 0,
      overflowX: document.documentElement.scrollWidth - document.documentElement.clientWidth,
    };
  });
}

async function expectCallLayout(page: Page, label: string) {
  for (const size of [DESKTOP, PHONE]) {
    await page.setViewportSize(size);
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    const l = await layout(page);
    const where = `${label} at ${size.width}×${size.height}: ${JSON.stringify(l)}`;
    expect(l.remote, where).not.toBeNull();
    expect(l.largestPeer, where).not.toBe('self');
    expect(l.largestPeer, where).not.toBeNull();
    expect(l.remote!.area, where).toBeGreaterThan(l.self!.area * 4);
    // Inside the window, and the control bar too, without scrolling.
    expect(l.remote!.top, where).toBeGreaterThanOrEqual(0);
    expect(l.remote!.bottom, where).toBeLessThanOrEqual(size.height);
    expect(l.remote!.right, where).toBeLessThanOrEqual(size.width);
    expect(l.controls!.top, where).toBeGreaterThan(0);
    expect(l.controls!.bottom, where).toBeLessThanOrEqual(size.height);
    expect(l.scrollY, where).toBe(0);
    expect(l.overflowX, where).toBeLessThanOrEqual(0);
    // Every control is at least 44 px in both directions.
    const small = await page.locator('[data-call-controls] button').evaluateAll((bs) => bs.map((b) => b.getBoundingClientRect()).filter((r) => r.width < 44 || r.height < 44).length);
    expect(small, where).toBe(0);
    await shot(page, `${label}-${size.width}`);
  }
  await page.setViewportSize(DESKTOP);
  const audit = await auditPage(page, label);
  expect(audit.axeViolations, label).toEqual([]);
  expect(audit.overflowPx, label).toBeLessThanOrEqual(0);
}

/** The self-view shows live camera frames: a size, and the frame count going up. */
async function selfViewLive(page: Page): Promise<boolean> {
  return page.evaluate(async () => {
    const v = document.querySelector<HTMLVideoElement>('[data-peer="self"] video');
    if (!v || v.videoWidth === 0 || v.getAttribute('data-live') !== 'true') return false;
    const before = v.getVideoPlaybackQuality().totalVideoFrames;
    await new Promise((r) => setTimeout(r, 400));
    return v.getVideoPlaybackQuality().totalVideoFrames > before;
  });
}

describe.skipIf(missing !== null)('the call screen, with real media', () => {
  const world = scenario({ owner: 'provider', person: 'client' }, { fakeMedia: true });
  let owner: Actor;
  let person: Actor;
  let mailbox: Mailbox;
  let clientId = '';
  let callId = '';

  let staff: StaffApi;
  const api = (method: 'GET' | 'POST' | 'PUT' | 'PATCH', url: string, data?: unknown) => staff.call<Record<string, unknown>>(method, url, data);

  beforeAll(async () => {
    ({ owner, person } = world.actors);
    mailbox = world.mailbox;
    ({ staff, clientId } = await providerWithPortalClient(owner, person, mailbox, practice, { ...client, dateOfBirth: '1990-02-03', emergencyContact: { name: 'Ada Wren', phone: '+1 415 555 0199', relationship: 'sister' } }));
  });

  it('pre-join: camera preview, a large Join button and what happens next, for both sides', async () => {
    const call = await api('POST', '/api/calls', { clientId });
    expect(call.status, JSON.stringify(call.body)).toBe(201);
    callId = String(call.body.id);
    await owner.page.goto(`/calls/${callId}`);
    await owner.page.locator('[data-testid="prejoin-video"][data-live="true"]').waitFor();
    await expect.poll(() => owner.page.getByTestId('what-next').textContent()).toContain('rung in their portal');
    await person.page.goto(`/portal/calls/${callId}`);
    await person.page.locator('[data-testid="prejoin-video"][data-live="true"]').waitFor();
    await expect.poll(() => person.page.getByTestId('what-next').textContent()).toContain('straight into the call');
    for (const [a, who] of [[owner, 'staff'], [person, 'client']] as const) {
      const join = await a.page.getByTestId('join-call').boundingBox();
      expect(join!.height).toBeGreaterThanOrEqual(44);
      await shot(a.page, `prejoin-${who}-1280`);
      await a.page.setViewportSize(PHONE);
      // On a phone the Join button is on the first screen, under the preview.
      const b = await a.page.getByTestId('join-call').boundingBox();
      expect(b!.y + b!.height).toBeLessThanOrEqual(PHONE.height);
      await shot(a.page, `prejoin-${who}-390`);
      await a.page.setViewportSize(DESKTOP);
      const audit = await auditPage(a.page, `pre-join (${who})`);
      expect(audit.axeViolations).toEqual([]);
      expect(audit.overflowPx).toBeLessThanOrEqual(0);
    }
  });

  it('in the call: the other video fills the stage, the self-view is small, the control bar is on screen', async () => {
    await owner.page.getByTestId('join-call').click();
    await person.page.getByTestId('join-call').click();
    await expectMediaBothWays(owner.page, person.page, { minNewFrames: 10, timeoutMs: 30_000 });
    // The stage's contract.
    const stage = owner.page.locator('[data-call-stage]');
    await stage.locator('[data-peer="self"]').waitFor();
    expect(await stage.locator('[data-peer]:not([data-peer="self"])').count()).toBe(1);
    expect(await owner.page.locator('[data-call-controls]').count()).toBe(1);
    // The self-view is mirrored; the other person's video is not.
    expect(await stage.locator('[data-peer="self"] video').evaluate((v) => getComputedStyle(v).transform)).toMatch(/^matrix\(-1/);
    expect(await stage.locator('[data-peer]:not([data-peer="self"]) video').evaluate((v) => getComputedStyle(v).objectFit)).toBe('contain');
    await expect.poll(() => owner.page.locator('[data-peer]:not([data-peer="self"]) video').evaluate((v: HTMLVideoElement) => v.videoWidth), { timeout: 15_000 }).toBeGreaterThan(0);
    await expect.poll(() => person.page.locator('[data-peer]:not([data-peer="self"]) video').evaluate((v: HTMLVideoElement) => v.videoWidth), { timeout: 15_000 }).toBeGreaterThan(0);
    await expectCallLayout(owner.page, 'in-call-staff');
    await expectCallLayout(person.page, 'in-call-client');
  });

  it('the self-view moves to another corner with the arrow keys or by dragging', async () => {
    const self = person.page.locator('[data-peer="self"]');
    expect(await self.getAttribute('data-corner')).toBe('bottom-right');
    await self.focus();
    await person.page.keyboard.press('ArrowUp');
    await person.page.keyboard.press('ArrowLeft');
    expect(await self.getAttribute('data-corner')).toBe('top-left');
    const box = await self.boundingBox();
    const stage = await person.page.locator('[data-call-stage]').boundingBox();
    expect(box!.x - stage!.x).toBeLessThan(40);
    expect(box!.y - stage!.y).toBeLessThan(40);
    await person.page.keyboard.press('ArrowDown');
    await person.page.keyboard.press('ArrowRight');
    expect(await self.getAttribute('data-corner')).toBe('bottom-right');
    // Dragged and let go nearer the top left: it settles in that corner.
    const from = (await self.boundingBox())!;
    await person.page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
    await person.page.mouse.down();
    await person.page.mouse.move(stage!.x + 60, stage!.y + 60, { steps: 8 });
    await person.page.mouse.up();
    expect(await self.getAttribute('data-corner')).toBe('top-left');
    await self.focus();
    await person.page.keyboard.press('ArrowDown');
    await person.page.keyboard.press('ArrowRight');
    expect(await self.getAttribute('data-corner')).toBe('bottom-right');
  });

  it('panels: the staff safety check is prefilled from the emergency contact on file; the chat opens as a sheet on a phone', async () => {
    // Staff on a wide screen started with the safety check open; narrowed to a phone's width
    // (the layout checks above) the sheet closed so the video shows. Open it again.
    expect(await owner.page.getByTestId('call-panel').getAttribute('data-panel')).toBe('closed');
    await owner.page.getByTestId('open-chat').click();
    await owner.page.getByTestId('panel-safety').click();
    await owner.page.locator('[data-testid="call-panel"][data-panel="safety"]').waitFor();
    await expect.poll(() => owner.page.getByLabel('Emergency contact name').inputValue()).toBe('Ada Wren');
    expect(await owner.page.getByLabel('Emergency contact phone').inputValue()).toMatch(/415/);
    await owner.page.getByTestId('panel-details').click();
    await expect.poll(() => owner.page.getByTestId('call-encryption').textContent(), { timeout: 15_000 }).toMatch(/DTLS 1\.[23].*SRTP/);
    await owner.page.getByTestId('call-steps').getByText('Joined').first().waitFor();
    await shot(owner.page, 'panel-details-staff-1280');
    await owner.page.setViewportSize(PHONE);
    await owner.page.getByTestId('open-chat').click();
    await owner.page.getByTestId('panel-safety').click();
    await shot(owner.page, 'panel-safety-staff-390');
    await owner.page.setViewportSize(DESKTOP);
    await owner.page.getByTestId('open-chat').click();

    await person.page.setViewportSize(PHONE);
    await person.page.getByTestId('open-chat').click();
    expect(await person.page.getByTestId('open-chat').getAttribute('aria-expanded')).toBe('true');
    await person.page.getByLabel('Message').fill('Can you hear me?');
    await person.page.getByRole('button', { name: 'Send' }).click();
    await owner.page.getByTestId('chat-lines').getByText('Can you hear me?').waitFor({ state: 'attached' });
    // The sheet covers the lower part of the video; the control bar stays on screen.
    const sheet = await person.page.getByTestId('call-panel').boundingBox();
    const bar = await person.page.locator('[data-call-controls]').boundingBox();
    expect(sheet!.y + sheet!.height).toBeLessThanOrEqual(bar!.y + 1);
    expect(bar!.y + bar!.height).toBeLessThanOrEqual(PHONE.height);
    await shot(person.page, 'panel-chat-client-390');
    const audit = await auditPage(person.page, 'in call, chat open (client)');
    expect(audit.axeViolations).toEqual([]);
    await person.page.getByTestId('close-panel').click();
    await person.page.setViewportSize(DESKTOP);
    // "More" lists the keyboard shortcuts.
    await owner.page.getByTestId('open-more').click();
    expect(await owner.page.getByTestId('call-shortcuts').textContent()).toContain('Mute or unmute');
    await shot(owner.page, 'panel-more-staff-1280');
  });

  it('M mutes (the other side sees it); camera off and audio only show initials, not a frozen frame; video back on gives a live self-view', async () => {
    expect(await owner.page.getByTestId('mute').getAttribute('aria-keyshortcuts')).toBe('M');
    await owner.page.locator('[data-call-stage]').click({ position: { x: 20, y: 20 } });
    await owner.page.keyboard.press('m');
    await owner.page.locator('[data-testid="mute"][aria-pressed="true"]').waitFor();
    await person.page.locator('[data-peer]:not([data-peer="self"])').getByText('muted').waitFor();
    await owner.page.keyboard.press('m');
    await owner.page.locator('[data-testid="mute"][aria-pressed="false"]').waitFor();

    const remoteOnOwner = owner.page.locator('[data-peer]:not([data-peer="self"])');
    await person.page.getByTestId('camera').click();
    await person.page.locator('[data-testid="camera"][aria-pressed="true"]').waitFor();
    await owner.page.locator('[data-peer][data-video="off"]:not([data-peer="self"])').waitFor();
    expect(await remoteOnOwner.getByTestId('video-placeholder').textContent()).toMatch(/^TW.*Camera off/);
    await person.page.locator('[data-peer="self"] [data-testid="video-placeholder"]').waitFor();
    await shot(owner.page, 'camera-off-seen-by-staff-1280');
    await person.page.getByTestId('camera').click();
    await owner.page.locator('[data-peer][data-video="on"]:not([data-peer="self"])').waitFor();

    await person.page.getByTestId('audio-only').click();
    await expect.poll(() => remoteOnOwner.getByTestId('video-placeholder').textContent(), { timeout: 15_000 }).toMatch(/^TW.*Audio only/);
    await expect.poll(() => owner.page.getByTestId('peer-state').first().textContent(), { timeout: 15_000 }).toContain('audio only');
    await shot(person.page, 'audio-only-client-1280');
    await person.page.setViewportSize(PHONE);
    await shot(person.page, 'audio-only-client-390');
    await person.page.setViewportSize(DESKTOP);
    // Video back on: the self-view is live again (it stayed black before), and the provider sees it.
    await person.page.getByTestId('audio-only').click();
    // The camera opens again first (getUserMedia), then the button shows not pressed.
    await person.page.locator('[data-testid="audio-only"][aria-pressed="false"]').waitFor();
    await expect.poll(() => selfViewLive(person.page), { timeout: 15_000 }).toBe(true);
    await owner.page.locator('[data-peer][data-video="on"]:not([data-peer="self"])').waitFor({ timeout: 15_000 });
    await expectMediaBothWays(owner.page, person.page, { minNewFrames: 10, timeoutMs: 30_000 });
  });

  it('Leave: the client sees "You left the call" and can join again', async () => {
    await person.page.getByTestId('leave-call').click();
    await person.page.getByTestId('call-left').getByRole('heading', { name: 'You left the call' }).waitFor();
    // The camera is released: the page holds no live tracks.
    await owner.page.getByTestId('call-room').getByText('Waiting for the client to join…').waitFor({ timeout: 20_000 });
    await person.page.getByTestId('rejoin-call').waitFor();
    await shot(person.page, 'left-client-1280');
    const audit = await auditPage(person.page, 'you left the call');
    expect(audit.axeViolations).toEqual([]);
    expect(audit.overflowPx).toBeLessThanOrEqual(0);
    await person.page.getByTestId('rejoin-call').click();
    await person.page.getByTestId('join-call').click();
    await expectMediaBothWays(owner.page, person.page, { minNewFrames: 10, timeoutMs: 30_000 });
  });

  it('End call for everyone: both sides show the end', async () => {
    await owner.page.getByTestId('end-call').click();
    await owner.page.getByTestId('end-choice').waitFor();
    await shot(owner.page, 'end-choice-staff-1280');
    await owner.page.getByTestId('end-call-confirm').click();
    await owner.page.getByTestId('call-ended').waitFor();
    await person.page.getByTestId('call-ended').waitFor();
    await shot(owner.page, 'ended-staff-1280');
    await person.page.setViewportSize(PHONE);
    await shot(person.page, 'ended-client-390');
    await person.page.setViewportSize(DESKTOP);
    const audit = await auditPage(person.page, 'the call has ended (client)');
    expect(audit.axeViolations).toEqual([]);
    const record = await api('GET', `/api/calls/${callId}`);
    expect(record.body.status).toBe('ended');
  });
});
