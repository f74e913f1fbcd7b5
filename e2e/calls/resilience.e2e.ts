// Calls that outlive their signalling, in real Chromium inside the loopback-only namespace
// (scripts/test-calls.sh), with CALL_PRESENCE_TTL_MS at 6 s so an outage is long in its terms:
//  - the client's signalling socket is blocked for 20 s (every WebSocket of the client's page is
//    closed and refused: page.routeWebSocket) while UDP media flows: frames keep flowing both ways,
//    the provider keeps the client's tile (away, never left) and sees the client mute and unmute
//    (the state goes on the media path too); unblocked, the client resumes its peer and the same
//    peer connection carries on;
//  - the server is killed and started again on the same data three times: the time from the
//    server answering again to the "reconnecting" banner gone on both pages is measured (goal
//    ≤ 2 s; the backoff before this work, 0.5 s doubling to 8 s without jitter, took ~7.6 s).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page, WebSocketRoute } from 'playwright-core';
import { providerWithPortalClient } from '../fixtures/actors.js';
import { type StaffApi } from '../fixtures/api.js';
import { type Actor } from '../fixtures/browser.js';
import { callPrerequisites } from '../fixtures/call-prerequisites.js';
import { startCoturn, type Coturn } from '../fixtures/coturn.js';
import { scenario } from '../fixtures/scenario.js';
import { expectMediaBothWays, waitForFramesFlowing } from '../fixtures/webrtc.js';

const missing = callPrerequisites();
const TTL_MS = 6000;

const practice = { practiceName: 'Mesa Verde Counseling', ownerName: 'Rosa Provider', email: 'rosa@mesaverde.example', password: 'slow rivers carve red canyons 41', signerTitle: 'Owner' };
const client = { firstName: 'Mateo', lastName: 'Quill', email: 'mateo.q@example.org', password: 'dusty roads under wide skies 93' };

/** Blocks and unblocks a page's WebSockets (same origin): blocked, each is closed and each new one refused. */
async function socketSwitch(page: Page) {
  let blocked = false;
  const live = new Set<{ page: WebSocketRoute; server: WebSocketRoute }>();
  await page.routeWebSocket(/\/(portal\/)?ws$/, (ws) => {
    if (blocked) return void ws.close({ code: 4999, reason: 'blocked by the test' });
    const pair = { page: ws, server: ws.connectToServer() };
    live.add(pair);
    ws.onClose(() => live.delete(pair));
  });
  return {
    async block() {
      blocked = true;
      for (const p of [...live]) {
        await p.server.close().catch(() => undefined);
        await p.page.close({ code: 4999, reason: 'blocked by the test' }).catch(() => undefined);
      }
      live.clear();
    },
    unblock() {
      blocked = false;
    },
  };
}

describe.skipIf(missing !== null)('calls that outlive their signalling', () => {
  let coturn: Coturn;
  beforeAll(async () => {
    coturn = await startCoturn();
  });
  afterAll(async () => coturn?.stop());
  const world = scenario({ owner: 'provider', person: 'client' }, { fakeMedia: true, env: () => ({ CALL_TURN_URLS: coturn.url, CALL_TURN_SECRET: coturn.secret, CALL_PRESENCE_TTL_MS: String(TTL_MS) }) });
  let owner: Actor;
  let person: Actor;
  let clientId = '';
  let sockets: Awaited<ReturnType<typeof socketSwitch>>;

  let staff: StaffApi;
  const api = (method: 'GET' | 'POST', url: string, data?: unknown) => staff.call<Record<string, unknown>>(method, url, data);
  const tiles = (page: Page) => page.getByTestId('peer-tile');
  const pcCount = (page: Page) => page.evaluate(() => (window as unknown as { hearthCall: { peerConnections(): unknown[] } }).hearthCall.peerConnections().length);

  beforeAll(async () => {
    ({ owner, person } = world.actors);
    sockets = await socketSwitch(person.page);
    ({ staff, clientId } = await providerWithPortalClient(owner, person, world.mailbox, practice, { ...client, dateOfBirth: '1988-04-05' }));
  });

  async function joinBoth() {
    const call = await api('POST', '/api/calls', { clientId });
    expect(call.status, JSON.stringify(call.body)).toBe(201);
    const callId = String(call.body.id);
    await owner.page.goto(`/calls/${callId}`);
    await owner.page.getByTestId('join-call').click();
    await person.page.goto(`/portal/calls/${callId}`);
    await person.page.getByTestId('join-call').click();
    await expectMediaBothWays(owner.page, person.page, { minNewFrames: 10, timeoutMs: 30_000 });
    return callId;
  }

  it('the client\'s signalling is blocked for 20 s (over 3 TTLs): media flows both ways throughout, nobody leaves, then it resumes', async () => {
    const callId = await joinBoth();
    await sockets.block();
    const t0 = Date.now();
    await person.page.getByTestId('call-reconnecting').waitFor();
    // Samples through the outage: frames both ways, the client's tile still on the provider's page.
    let samples = 0;
    while (Date.now() - t0 < 20_000) {
      await expectMediaBothWays(owner.page, person.page, { minNewFrames: 5, timeoutMs: 10_000 });
      expect(await tiles(owner.page).count()).toBe(1);
      expect(await pcCount(owner.page)).toBe(1);
      samples++;
    }
    console.log(`signalling blocked ${Date.now() - t0} ms (TTL ${TTL_MS} ms): media both ways in ${samples} samples; the client's tile kept`);
    // What the client does meanwhile still reaches the provider, on the media path (the state
    // channel): muted, then not.
    const clientTile = tiles(owner.page).first();
    await person.page.getByTestId('mute').click();
    await clientTile.getByText('muted', { exact: true }).waitFor({ timeout: 5000 });
    await person.page.getByTestId('mute').click();
    await clientTile.getByText('muted', { exact: true }).waitFor({ state: 'detached', timeout: 5000 });
    sockets.unblock();
    const t1 = Date.now();
    await person.page.getByTestId('call-reconnecting').waitFor({ state: 'detached', timeout: 30_000 });
    console.log(`signalling unblocked → the client's banner gone in ${Date.now() - t1} ms`);
    await expectMediaBothWays(owner.page, person.page, { minNewFrames: 10 });
    expect(await pcCount(owner.page)).toBe(1);
    expect(await pcCount(person.page)).toBe(1);
    const record = await api('GET', `/api/calls/${callId}`);
    const left = (record.body.participants as { role: string; leftAt: string | null }[]).filter((p) => p.role === 'client' && p.leftAt);
    expect(left, 'the client was never recorded as having left').toEqual([]);
    await api('POST', `/api/calls/${callId}/end`, {});
  });

  it('a killed server comes back: the reconnect banner is gone within 2 s of it answering (median of three restarts)', async () => {
    const callId = await joinBoth();
    const figures: number[] = [];
    for (let i = 0; i < 3; i++) {
      await world.server.stop();
      await owner.page.getByTestId('call-reconnecting').waitFor();
      await person.page.getByTestId('call-reconnecting').waitFor();
      await waitForFramesFlowing(person.page, { minNewFrames: 5 });
      await world.server.start();
      const back = Date.now();
      await Promise.all([owner.page, person.page].map((p) => p.getByTestId('call-reconnecting').waitFor({ state: 'detached', timeout: 30_000 })));
      figures.push(Date.now() - back);
      await expectMediaBothWays(owner.page, person.page, { minNewFrames: 5 });
    }
    const sorted = [...figures].sort((a, b) => a - b);
    console.log(`server back → both banners gone: ${figures.join(', ')} ms (median ${sorted[1]} ms)`);
    expect(sorted[1]).toBeLessThanOrEqual(2000);
    // No restart far off the goal (the old fixed backoff took 7.6 s): 5 s, as a loaded CI machine
    // once measured 4,024 ms for one restart of three (1,718 ms median).
    expect(sorted[2]).toBeLessThanOrEqual(5000);
    expect(await pcCount(owner.page)).toBe(1);
    await api('POST', `/api/calls/${callId}/end`, {});
  });
});
