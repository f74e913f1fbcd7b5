// Hearth's own calls between two Chromium contexts with fake camera and microphone, inside the
// loopback-only network namespace (scripts/test-calls.sh); the server runs there too, on SQLite,
// with a coturn of this file's own for TURN. Media is asserted from getStats (frames decoded and
// bytes received both ways), never after a sleep. The owner (also the provider) signs up, a client
// joins the portal from the invitation mail; then:
//  - Call Now: both join from the call page; media flows both ways; the info panel names the DTLS
//    version and SRTP cipher the browsers negotiated;
//  - the signaling server is restarted mid-call: "Lost connection — reconnecting" shows, goes, and
//    media keeps flowing (the peers resumed their ids);
//  - UDP is cut inside the namespace until the connection drops: ICE restarts and frames resume;
//  - an appointment's call: the client waits in the waiting room until the provider admits them;
//  - relay only (the practice's setting): both sides use relay candidates through coturn;
//  - audio only: the client's video stops and the provider sees it;
//  - screen share: the provider shares their screen in place of the camera; the client keeps
//    receiving video; stopping brings the camera back;
//  - a group of three (provider and two clients of a group appointment): media between every pair,
//    and the stage is a grid (both others inside the window, each larger than one's own picture);
//  - a scheduled call rings both sides at its time (the prompt in the staff app and in the
//    portal), both join from the prompt, the provider admits, media flows;
//  - nobody answers another scheduled call: the join link goes by mail after the practice's
//    escalation delay, and the client joins from it.
// Each test leaves nothing behind, pass or fail: its appointments are cancelled and every open call
// ended (afterEach), so a failed test cannot make the next one's booking overlap or ring.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { auditPage, type Actor } from '../fixtures/browser.js';
import { callPrerequisites } from '../fixtures/call-prerequisites.js';
import { startCoturn, type Coturn } from '../fixtures/coturn.js';
import { type Mailbox } from '../fixtures/mailbox.js';
import { cutUdp, restoreUdp } from '../fixtures/network.js';
import { HearthPages, PortalPages } from '../fixtures/pages.js';
import { scenario } from '../fixtures/scenario.js';
import { expectMediaBothWays, inboundMedia, waitForFramesFlowing } from '../fixtures/webrtc.js';

const missing = callPrerequisites();
const SHOTS = process.env.SHOTS_DIR;

/** With SHOTS_DIR set: the page at 1280×800 and 390×844. */
async function shots(page: Page, name: string) {
  if (!SHOTS) return;
  mkdirSync(SHOTS, { recursive: true });
  for (const size of [{ width: 1280, height: 800 }, { width: 390, height: 844 }]) {
    await page.setViewportSize(size);
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    await page.screenshot({ path: join(SHOTS, `${name}-${size.width}.png`) });
  }
  await page.setViewportSize({ width: 1280, height: 800 });
}

const practice = {
  practiceName: 'Juniper Ridge Counseling',
  ownerName: 'Dana Provider',
  email: 'dana@juniper.example',
  password: 'patient herons wade at first light 7',
  signerTitle: 'Owner',
};
const client = { firstName: 'Tobias', lastName: 'Wren', email: 'tobias.w@example.org', password: 'quiet harbor lantern evening 52' };

describe.skipIf(missing !== null)('Hearth calls with real media', () => {
  let coturn: Coturn;
  beforeAll(async () => {
    coturn = await startCoturn();
  });
  afterAll(async () => coturn?.stop());
  const world = scenario({ owner: 'provider', person: 'client', person2: 'client 2' }, { fakeMedia: true, env: () => ({ CALL_TURN_URLS: coturn.url, CALL_TURN_SECRET: coturn.secret, CALL_PRESENCE_TTL_MS: '15000' }) });

  let owner: Actor;
  let person: Actor;
  let person2: Actor;
  let client2Id = '';
  let mailbox: Mailbox;
  let clientId = '';
  let ownerId = '';

  async function api(method: 'GET' | 'POST' | 'PUT', url: string, data?: unknown) {
    const csrf = ((await (await owner.context.request.get('/api/me')).json()) as { csrfToken: string }).csrfToken;
    const res = await owner.context.request.fetch(url, { method, headers: { 'x-csrf-token': csrf }, ...(data === undefined ? {} : { data }) });
    const text = await res.text();
    return { status: res.status(), body: (text ? JSON.parse(text) : null) as Record<string, unknown> };
  }

  /** Both open the call page and join; resolves when media flows both ways. */
  async function joinBoth(callId: string, opts: { admit?: boolean } = {}) {
    await owner.page.goto(`/calls/${callId}`);
    await owner.page.getByTestId('join-call').click();
    await person.page.goto(`/portal/calls/${callId}`);
    await person.page.getByTestId('join-call').click();
    if (opts.admit) {
      await person.page.getByTestId('call-waiting').waitFor();
      await owner.page.getByTestId('call-lobby').waitFor();
      await shots(person.page, 'waiting-room-client');
      await shots(owner.page, 'waiting-room-staff');
      await owner.page.getByTestId('call-lobby').getByRole('button', { name: /Admit/ }).click();
    }
    const t0 = Date.now();
    await expectMediaBothWays(owner.page, person.page, { minNewFrames: 10, timeoutMs: 30_000 });
    return Date.now() - t0;
  }

  /** Appointments booked by the test in progress (cancelled after it, pass or fail). */
  const booked: string[] = [];
  async function book(body: Record<string, unknown>) {
    const res = await api('POST', '/api/appointments', { providerId: ownerId, durationMinutes: 50, timeZone: 'UTC', type: 'video', ...body });
    if (res.status === 201) booked.push(String(res.body.id));
    return res;
  }

  /**
   * What reached a page about rings: each call.ring / call.ring_stopped frame on its socket and each
   * answer of its list of current calls (which calls it said were ringing), in ms since the start.
   */
  function ringTrace(page: Page) {
    const t0 = Date.now();
    const lines: string[] = [];
    page.on('websocket', (ws) =>
      ws.on('framereceived', (f) => {
        const m = /"type":"(call\.ring(?:_stopped)?)","callId":"([^"]+)"/.exec(String(f.payload));
        if (m) lines.push(`${Date.now() - t0} ms: socket ${m[1]} ${m[2]}`);
      }),
    );
    page.on('response', (r) => {
      if (!/\/api\/(portal\/)?calls$/.test(new URL(r.url()).pathname)) return;
      void r
        .json()
        .then((b: { items?: { id: string; status: string }[] }) => lines.push(`${Date.now() - t0} ms: GET ${r.status()} ringing [${(b.items ?? []).filter((c) => c.status === 'ringing').map((c) => c.id).join(', ')}]`))
        .catch(() => lines.push(`${Date.now() - t0} ms: GET ${r.status()}`));
    });
    return lines;
  }

  async function leaveBoth() {
    await owner.page.getByTestId('end-call').click();
    await owner.page.getByTestId('end-call-confirm').click();
    await owner.page.getByTestId('call-ended').waitFor();
    await person.page.getByTestId('call-ended').waitFor();
  }

  // A failed test: the negotiation logs and the server's call lines. Then, pass or fail, nothing
  // left for the next test: its appointments cancelled, every open call ended (a call left ringing
  // would prompt over the next test's pages; a visit left booked would overlap its booking).
  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail') {
      for (const a of [owner, person, person2]) {
        const log = await a?.page.evaluate(() => (window as unknown as { hearthCall?: { log: string[] } }).hearthCall?.log ?? []).catch(() => []);
        console.log(`--- ${a?.name} negotiation log`, JSON.stringify(log));
      }
      console.log('--- server', world.server.output().split('\n').filter((l) => /call|ring|"level":(40|50)/.test(l)).slice(-40).join('\n'));
    }
    const failures: string[] = [];
    for (const id of booked.splice(0)) {
      const res = await api('POST', `/api/appointments/${id}/cancel`, { reason: 'test over' }).catch((e: Error) => ({ status: 0, body: { error: e.message } }));
      if (res.status !== 200) failures.push(`cancel ${id}: ${res.status} ${JSON.stringify(res.body)}`);
    }
    const open = await api('GET', '/api/calls').catch(() => null);
    for (const c of (open?.body.items as { id: string }[] | undefined) ?? []) await api('POST', `/api/calls/${c.id}/end`, {}).catch(() => undefined);
    if (failures.length) console.log('--- cleanup', failures.join('; '));
  });

  const peerState = (page: Page) => page.getByTestId('peer-tile').first().getAttribute('data-peer-state');

  beforeAll(async () => {
    ({ owner, person, person2 } = world.actors);
    mailbox = world.mailbox;
    const ui = new HearthPages(owner.page);
    const portal = new PortalPages(person.page);
    await ui.gotoSignUp();
    if ((await ui.signUp(practice)) === 'app') await ui.gotoSecurity();
    await ui.enrolTotp();
    await ui.appReady();
    ownerId = ((await (await owner.context.request.get('/api/me')).json()) as { user: { id: string } }).user.id;
    const created = await api('POST', '/api/clients', { firstName: client.firstName, lastName: client.lastName, dateOfBirth: '1990-02-03', email: client.email, providerIds: [ownerId], consents: { email: true, sms: false, details: false } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    clientId = String(created.body.id);
    expect((await api('POST', `/api/clients/${clientId}/portal-invitation`, {})).status).toBe(201);
    const { match } = await mailbox.waitFor(client.email, /(https?:\/\/[^\s"'<>]+\/portal\/accept#token=[A-Za-z0-9_\-.~%]+)/);
    await portal.openInvitation(match[1]!);
    await portal.acceptInvitation(client.password);
    const second = await api('POST', '/api/clients', { firstName: 'Greta', lastName: 'Holm', dateOfBirth: '1984-07-08', email: 'greta.h@example.org', providerIds: [ownerId], consents: { email: true, sms: false, details: false } });
    client2Id = String(second.body.id);
    expect((await api('POST', `/api/clients/${client2Id}/portal-invitation`, {})).status).toBe(201);
    const invite2 = await mailbox.waitFor('greta.h@example.org', /(https?:\/\/[^\s"'<>]+\/portal\/accept#token=[A-Za-z0-9_\-.~%]+)/);
    const portal2 = new PortalPages(person2.page);
    await portal2.openInvitation(invite2.match[1]!);
    await portal2.acceptInvitation('northern lights over quiet fjords 8');
  });

  it('Call Now: media flows both ways; the info panel says the encryption negotiated; a signaling restart shows the banner and media keeps flowing', async () => {
    const call = await api('POST', '/api/calls', { clientId });
    expect(call.status, JSON.stringify(call.body)).toBe(201);
    const callId = String(call.body.id);
    const ms = await joinBoth(callId);
    console.log(`hearth call, Call Now: both joined → media both ways in ${ms} ms`);
    const m = await inboundMedia(person.page);
    expect(m.selectedPair?.local).toBe('host');
    await expect.poll(() => owner.page.getByTestId('call-encryption').textContent(), { timeout: 15_000 }).toMatch(/DTLS 1\.[23].*SRTP/);
    expect(await peerState(owner.page)).toBe('connected');
    const audit = await auditPage(person.page, 'portal: in a call');
    expect(audit.axeViolations).toEqual([]);

    // The signaling server goes away and comes back: banner, reconnect, media never stopped.
    await world.server.stop();
    await owner.page.getByTestId('call-reconnecting').waitFor();
    await person.page.getByTestId('call-reconnecting').waitFor();
    await waitForFramesFlowing(person.page, { minNewFrames: 10 });
    await world.server.start();
    await owner.page.getByTestId('call-reconnecting').waitFor({ state: 'detached', timeout: 30_000 });
    await person.page.getByTestId('call-reconnecting').waitFor({ state: 'detached', timeout: 30_000 });
    await expectMediaBothWays(owner.page, person.page, { minNewFrames: 10 });
    // The same peer connections carried on (nothing was renegotiated from scratch).
    expect(await owner.page.evaluate(() => (window as unknown as { hearthCall: { peerConnections(): unknown[] } }).hearthCall.peerConnections().length)).toBe(1);

    // UDP is cut until the connection drops; ICE restarts; frames resume once UDP is back.
    await cutUdp();
    try {
      await expect.poll(() => peerState(owner.page), { timeout: 30_000 }).toMatch(/disconnected|failed/);
    } finally {
      await restoreUdp();
    }
    const t0 = Date.now();
    await expect.poll(() => peerState(owner.page), { timeout: 30_000 }).toBe('connected');
    await expectMediaBothWays(owner.page, person.page, { minNewFrames: 10, timeoutMs: 30_000 });
    console.log(`hearth call: UDP restored → media both ways again in ${Date.now() - t0} ms`);
    await leaveBoth();
    const record = await api('GET', `/api/calls/${callId}`);
    const types = (record.body.events as { type: string }[]).map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(['created', 'rung', 'joined', 'reconnecting', 'media_restarted', 'ended']));
  });

  it('an appointment call: the client waits until admitted; audio only is seen by the provider', async () => {
    const start = new Date(Date.now() + 60 * 60_000).toISOString();
    const appt = await book({ clientIds: [clientId], start });
    expect(appt.status, JSON.stringify(appt.body)).toBe(201);
    const room = await api('POST', `/api/appointments/${String(appt.body.id)}/call`, {});
    expect(room.status, JSON.stringify(room.body)).toBe(200);
    await joinBoth(String(room.body.id), { admit: true });
    await person.page.getByTestId('audio-only').click();
    await expect.poll(() => owner.page.getByTestId('peer-state').first().textContent(), { timeout: 15_000 }).toContain('audio only');
    const before = (await inboundMedia(owner.page)).audio.bytesReceived;
    await expect.poll(async () => (await inboundMedia(owner.page)).audio.bytesReceived, { timeout: 15_000 }).toBeGreaterThan(before);
    await leaveBoth();
    const record = await api('GET', `/api/calls/${String(room.body.id)}`);
    expect(record.body.billedMode).toBe('audio');
  });

  it('relay only: both sides use relay candidates through coturn and frames flow', async () => {
    expect((await api('PUT', '/api/practice/call-settings', { ringLeadMinutes: 0, escalateAfterSeconds: 120, forceRelay: true })).status).toBe(200);
    const call = await api('POST', '/api/calls', { clientId });
    await joinBoth(String(call.body.id));
    for (const page of [owner.page, person.page]) expect((await inboundMedia(page)).selectedPair).toEqual({ local: 'relay', remote: 'relay' });
    await leaveBoth();
  });

  it('screen share replaces the camera for the others and stops back to the camera', async () => {
    expect((await api('PUT', '/api/practice/call-settings', { ringLeadMinutes: 0, escalateAfterSeconds: 120, forceRelay: false })).status).toBe(200);
    const call = await api('POST', '/api/calls', { clientId });
    await joinBoth(String(call.body.id));
    await owner.page.getByTestId('share-screen').click();
    await owner.page.locator('[data-testid="share-screen"][aria-pressed="true"]').waitFor();
    await waitForFramesFlowing(person.page, { minNewFrames: 10 });
    await owner.page.getByTestId('share-screen').click();
    await owner.page.locator('[data-testid="share-screen"][aria-pressed="false"]').waitFor();
    await waitForFramesFlowing(person.page, { minNewFrames: 10 });
    await leaveBoth();
  });

  it('a group of three: the provider admits both clients; media flows between every pair', async () => {
    const start = new Date(Date.now() + 2 * 60 * 60_000).toISOString();
    const appt = await book({ clientIds: [clientId, client2Id], start, format: 'group' });
    expect(appt.status, JSON.stringify(appt.body)).toBe(201);
    const room = await api('POST', `/api/appointments/${String(appt.body.id)}/call`, {});
    const callId = String(room.body.id);
    await owner.page.goto(`/calls/${callId}`);
    await owner.page.getByTestId('join-call').click();
    for (const p of [person, person2]) {
      await p.page.goto(`/portal/calls/${callId}`);
      await p.page.getByTestId('join-call').click();
      await p.page.getByTestId('call-waiting').waitFor();
      await owner.page.getByTestId('call-lobby').getByRole('button', { name: /Admit/ }).first().click();
      await p.page.getByTestId('call-waiting').waitFor({ state: 'detached' });
    }
    for (const p of [owner, person, person2]) {
      await expect.poll(() => p.page.evaluate(() => (window as unknown as { hearthCall: { peerConnections(): RTCPeerConnection[] } }).hearthCall.peerConnections().filter((pc) => pc.connectionState === 'connected').length), { timeout: 30_000 }).toBe(2);
      await waitForFramesFlowing(p.page, { minNewFrames: 20, timeoutMs: 30_000 });
    }
    // A group is a grid: both others side by side (stacked on a phone), each larger than one's own
    // picture-in-picture, all inside the window.
    for (const size of [{ width: 1280, height: 800 }, { width: 390, height: 844 }]) {
      await owner.page.setViewportSize(size);
      await owner.page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      const tiles = await owner.page.locator('[data-call-stage] [data-peer]').evaluateAll((els) =>
        els.map((e) => {
          const r = e.getBoundingClientRect();
          return { peer: e.getAttribute('data-peer'), area: r.width * r.height, inside: r.top >= 0 && r.left >= 0 && r.bottom <= innerHeight && r.right <= innerWidth };
        }),
      );
      const self = tiles.find((t) => t.peer === 'self')!;
      const others = tiles.filter((t) => t.peer !== 'self');
      expect(others, JSON.stringify(tiles)).toHaveLength(2);
      for (const t of others) {
        expect(t.inside, JSON.stringify(tiles)).toBe(true);
        expect(t.area, JSON.stringify(tiles)).toBeGreaterThan(self.area);
      }
    }
    await owner.page.setViewportSize({ width: 1280, height: 800 });
    await shots(owner.page, 'group-of-three-staff');
    await owner.page.getByTestId('end-call').click();
    await owner.page.getByTestId('end-call-confirm').click();
    for (const p of [owner, person, person2]) await p.page.getByTestId('call-ended').waitFor();
  });

  it('a scheduled call rings both sides at its time; both join from the prompt; the provider admits', async () => {
    expect((await api('PUT', '/api/practice/call-settings', { ringLeadMinutes: 5, escalateAfterSeconds: 600, forceRelay: false })).status).toBe(200);
    const traces = [ringTrace(owner.page), ringTrace(person.page)];
    await owner.page.goto('/calls');
    await person.page.goto('/portal');
    // Due at once: it starts in 3 minutes and rings 5 minutes ahead. It rings while both pages are
    // still loading (their list of calls may be read before the ring and answered after it).
    const start = new Date(Date.now() + 3 * 60_000).toISOString();
    const appt = await book({ clientIds: [clientId], start });
    expect(appt.status, JSON.stringify(appt.body)).toBe(201);
    for (const [i, p] of [owner, person].entries()) {
      await p.page
        .getByTestId('incoming-call')
        .waitFor({ timeout: 20_000 })
        .catch((e: Error) => {
          throw new Error(`${p.name}: no ring prompt (${e.message.split('\n')[0]}); what reached the page: ${traces[i]!.join('; ') || 'nothing'}`);
        });
      await p.page.getByTestId('incoming-call-join').click();
      await p.page.getByTestId('join-call').click();
    }
    await person.page.getByTestId('call-waiting').waitFor();
    await owner.page.getByTestId('call-lobby').getByRole('button', { name: /Admit/ }).click();
    await expectMediaBothWays(owner.page, person.page, { minNewFrames: 10, timeoutMs: 30_000 });
    await leaveBoth();
    console.log(`scheduled call: what reached the pages: provider ${traces[0]!.join('; ')} | client ${traces[1]!.join('; ')}`);
  });

  it('nobody answers: the join link follows by mail, and the client joins from it', async () => {
    expect((await api('PUT', '/api/practice/call-settings', { ringLeadMinutes: 5, escalateAfterSeconds: 15, forceRelay: false })).status).toBe(200);
    const seen = new Set(mailbox.messages.map((m) => m.text));
    const start = new Date(Date.now() + 4 * 60_000).toISOString();
    const appt = await book({ clientIds: [clientId], start });
    expect(appt.status, JSON.stringify(appt.body)).toBe(201);
    const room = await api('POST', `/api/appointments/${String(appt.body.id)}/call`, {});
    const callId = String(room.body.id);
    // The link arrives by mail about 15 s after the ring; it names nobody.
    const link = /(https?:\/\/[^\s"'<>]+\/join#[A-Za-z0-9_-]+)/;
    // (The appointment's invitation carries a join link too: this waits for the ring's own mail.)
    const fresh = () => mailbox.messages.find((m) => !seen.has(m.text) && m.to.includes(client.email) && m.subject === 'Your session is ready to join' && link.test(m.text));
    await expect.poll(() => fresh() !== undefined, { timeout: 40_000, interval: 250 }).toBe(true);
    const mail = fresh()!;
    const match = mail.text.match(link)!;
    expect(JSON.stringify(mail)).not.toMatch(/Tobias|Wren|Dana/);
    await owner.page.goto(`/calls/${callId}`);
    await owner.page.getByTestId('join-call').click();
    await person.page.goto(match[1]!);
    await person.page.waitForURL(new RegExp(`/portal/calls/${callId}`));
    await person.page.getByTestId('join-call').click();
    await person.page.getByTestId('call-waiting').waitFor();
    await owner.page.getByTestId('call-lobby').getByRole('button', { name: /Admit/ }).click();
    await expectMediaBothWays(owner.page, person.page, { minNewFrames: 10, timeoutMs: 30_000 });
    const record = await api('GET', `/api/calls/${callId}`);
    expect((record.body.events as { type: string }[]).map((e) => e.type)).toEqual(expect.arrayContaining(['rung', 'link_sent', 'waiting', 'admitted', 'joined']));
    await leaveBoth();
  });
});
