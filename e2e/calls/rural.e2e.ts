// A real Hearth call (the provider in the staff app, the client in the portal; one Chromium with
// fake camera and microphone) under each named network profile (e2e/fixtures/profiles.ts), inside
// the loopback-only namespace of scripts/test-calls.sh. The practice is set to "relay only" and its
// TURN server is the delaying relay in front of this file's coturn, so the media takes the shaped,
// lossy, delayed path. Each profile is applied before the call starts (the client joins on that
// network); the goals of issue 19 are asserted from getStats (e2e/fixtures/call-quality.ts):
//   - rural DSL, satellite: audio flows ≥ 99% of seconds and video frames are decoded;
//   - weak cell: audio flows ≥ 99% of seconds, concealment ≤ 5%, each side's audio as RED over Opus;
//   - edge: the call moves to audio only by itself within 10 s of being up (the page's own state,
//     [data-call-audio-only="network"], and a [data-call-notice] saying so on both sides), and
//     audio flows ≥ 97% of seconds;
//   - flapping: after each 3 s drop, audio (and video) are back within 3 s.
// A window whose getStats readings the loaded test machine held up (two readings over 2 s apart:
// its other work had the cores, the browsers' media threads and the network's emulation waiting)
// is measured again, up to three windows (call-quality.ts measureInTime); each is printed.
// Each call is ended and the profile cleared after its test, pass or fail.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { StaffApi } from '../fixtures/api.js';
import type { Actor } from '../fixtures/browser.js';
import { callPrerequisites } from '../fixtures/call-prerequisites.js';
import { audioSendFormats, KEPT_TIME_GAP_MS, measureInTime, readCounters, recoveriesAfterDrops, waitForFirstMedia, type QualitySummary } from '../fixtures/call-quality.js';
import { startCoturn, type Coturn } from '../fixtures/coturn.js';
import { startDelayRelay, type DelayRelay } from '../fixtures/delay-relay.js';
import { applyProfile, clearProfile, PROFILES, type AppliedProfile, type NetworkProfile } from '../fixtures/profiles.js';
import { scenario } from '../fixtures/scenario.js';
import { setUpAccounts } from '../../bench/lib/calls-hearth.js';

const missing = callPrerequisites();
/** How long each call is measured once media flows: that many seconds judged (measureFor). */
const WINDOW_MS = 20_000;
const LONG_WINDOW_MS = 40_000;
/** A test of 40 s windows: the call's set-up and up to three windows (measureInTime). */
const LONG_TEST_MS = 240_000;
/**
 * The weak cell's window: "audio flows ≥ 99% of seconds" can only be judged over 100 s or more.
 * Over 40 s a single second in which more than half the audio was concealed reads as 97.2%, and
 * fails the goal. A CI run measured exactly that (35 of 36 seconds), at 2.8% concealment overall.
 * The window is 100 seconds judged, not 100 s of the clock: a loaded run judged 92 seconds in
 * 100 s, and its one missed second read as 98.9% on both sides (1.5% concealed).
 */
const WEAK_CELL_WINDOW_MS = 100_000;
const WEAK_CELL_TEST_MS = 420_000;

describe.skipIf(missing !== null)('a Hearth call on rural networks', () => {
  let coturn: Coturn;
  let relay: DelayRelay;
  beforeAll(async () => {
    coturn = await startCoturn();
    relay = await startDelayRelay(coturn.port);
  });
  afterAll(async () => {
    await relay?.close();
    await coturn?.stop();
  });
  const world = scenario({ owner: 'provider', person: 'client' }, { fakeMedia: true, env: () => ({ CALL_TURN_URLS: relay.url, CALL_TURN_SECRET: coturn.secret }) });

  let owner: Actor;
  let person: Actor;
  let clientId = '';
  let applied: AppliedProfile | undefined;

  let staff: StaffApi;
  const api = (method: 'GET' | 'POST' | 'PUT', url: string, data?: unknown) => staff.call<Record<string, unknown>>(method, url, data);

  beforeAll(async () => {
    ({ owner, person } = world.actors);
    staff = new StaffApi(owner);
    // Set-up that is not the point: the practice, its owner and a portal client through the API
    // (the bench's helper), each session put into its actor's context.
    const accounts = await setUpAccounts(world.server.url, world.mailbox);
    clientId = accounts.client.clientId;
    for (const [actor, who] of [
      [owner, accounts.owner],
      [person, accounts.client],
    ] as const) {
      const [name, value] = who.cookie.split(/=(.*)/s) as [string, string];
      await actor.context.addCookies([{ name, value, url: world.server.url }]);
    }
    // Relay only: the media must take the relay the profiles shape.
    expect((await api('PUT', '/api/practice/call-settings', { ringLeadMinutes: 0, escalateAfterSeconds: 120, forceRelay: true })).status).toBe(200);
  });

  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail') {
      for (const a of [owner, person]) console.log(`--- ${a.name}`, JSON.stringify(await readCounters(a.page).catch(String)));
    }
    await applied?.clear();
    applied = undefined;
    await clearProfile(relay);
    const open = await api('GET', '/api/calls').catch(() => null);
    for (const c of (open?.body.items as { id: string }[] | undefined) ?? []) await api('POST', `/api/calls/${c.id}/end`, {}).catch(() => undefined);
  });

  /** Applies the profile, then both join a Call Now call; resolves once both received audio and a frame. */
  async function callUnder(profile: NetworkProfile, opts: { firstDropAfterMs?: number } = {}) {
    applied = await applyProfile(relay, profile, opts);
    const call = await api('POST', '/api/calls', { clientId });
    expect(call.status, JSON.stringify(call.body)).toBe(201);
    const callId = String(call.body.id);
    await owner.page.goto(`/calls/${callId}`);
    await owner.page.getByTestId('join-call').click();
    await person.page.goto(`/portal/calls/${callId}`);
    const t0 = Date.now();
    await person.page.getByTestId('join-call').click();
    const first = await Promise.all([waitForFirstMedia(owner.page, t0, { timeoutMs: 40_000 }), waitForFirstMedia(person.page, t0, { timeoutMs: 40_000 })]);
    console.log(`${profile.label}: client joined → first audio ${first.map((f) => f.firstAudioMs).join(' / ')} ms, first frame ${first.map((f) => f.firstFrameMs).join(' / ')} ms (provider / client)`);
    /** When audio first flowed both ways: the call is up, and there is a link to measure. */
    const connectedAt = t0 + Math.max(...first.map((f) => f.firstAudioMs));
    return { callId, t0, connectedAt };
  }

  const line = (label: string, s: QualitySummary[]) =>
    console.log(
      `${label}: ` +
        s
          .map((q, i) => `${i ? 'client' : 'provider'} audio ${(q.audioShare * 100).toFixed(1)}% of ${q.seconds} s, concealment ${(q.concealment * 100).toFixed(2)}%, frozen ${q.frozenSeconds.toFixed(1)} s (${q.freezes}), frames ${q.framesDecoded}, rtt ${q.rttMs?.toFixed(0)} ms, ${q.receivedKbps.toFixed(0)} kbit/s, longest gap between readings ${q.longestGapMs} ms`)
          .join(' | '),
    );

  /**
   * The call measured over `ms` (measureInTime: a window whose readings the loaded test machine
   * held up for more than KEPT_TIME_GAP_MS is measured again, up to three); each window printed.
   */
  async function measured(label: string, ms: number): Promise<QualitySummary[]> {
    const windows = await measureInTime([owner.page, person.page], ms);
    const last = windows.length - 1;
    windows.forEach((w, i) => line(`${label}${last > 0 ? ` (window ${i + 1} of ${windows.length}${i === last ? ', the figure' : `, readings over ${KEPT_TIME_GAP_MS} ms apart`})` : ''}`, w));
    return windows[last]!;
  }

  for (const name of ['rural-dsl', 'satellite'] as const) {
    it(`${PROFILES[name].label}: audio flows ≥ 99% of seconds and video frames flow`, async () => {
      await callUnder(PROFILES[name]);
      const s = await measured(PROFILES[name].label, WINDOW_MS);
      for (const q of s) {
        expect(q.audioShare).toBeGreaterThanOrEqual(0.99);
        expect(q.framesDecoded).toBeGreaterThan(0);
      }
    });
  }

  it('weak cell: audio flows ≥ 99% of seconds, concealment ≤ 5%', async () => {
    await callUnder(PROFILES['weak-cell']);
    // 100 s (WEAK_CELL_WINDOW_MS): one second in a hundred may go without audio. The call's first
    // seconds (the estimate finding the 400 kbit/s) weigh less in the concealment ratio too; over
    // 20 s it measured 4.2-6.7% on a CI machine at full load.
    const s = await measured('weak cell', WEAK_CELL_WINDOW_MS);
    for (const q of s) {
      expect(q.audioShare).toBeGreaterThanOrEqual(0.99);
      expect(q.concealment).toBeLessThanOrEqual(0.05);
    }
    // Each side sends its audio as redundant audio (RED over Opus: src/web/features/calls/model/sdp.ts).
    for (const page of [owner.page, person.page]) expect(await audioSendFormats(page)).toEqual(['red/48000/2', 'red/48000/2']);
  }, WEAK_CELL_TEST_MS);

  it('edge: the call moves to audio only by itself within 10 s, says so on both sides; audio flows ≥ 97% of seconds', async () => {
    const { t0, connectedAt } = await callUnder(PROFILES.edge);
    // 40 s, not 20: over 20 s one second is 5% of them, so "≥ 97% of seconds" could not tell one
    // missed second (the move to audio only, in the first few) from a call that keeps dropping.
    const measuring = measured('edge', LONG_WINDOW_MS);
    // The adapt lane's contract: the call root carries data-call-audio-only="network" when the
    // page moved to audio only because of the network, and a [data-call-notice] says it in words.
    // The 10 s count from the call being up (audio flowing both ways): before that there is no link
    // to measure. Connecting over this link takes 2-9 s by itself (relay allocation, ICE and DTLS
    // at 600 ms round trips with 5% loss; the longest on a CI machine at full load), printed too.
    const waits = [owner, person].map(async (a) => {
      await a.page.locator('[data-call-audio-only="network"]').first().waitFor({ state: 'attached', timeout: Math.max(1, 10_000 - (Date.now() - connectedAt)) });
      const notice = a.page.locator('[data-call-notice]').first();
      await notice.waitFor({ state: 'visible', timeout: 2_000 });
      return { who: a.name, at: Date.now() - connectedAt, fromJoin: Date.now() - t0, text: (await notice.textContent())?.trim() ?? '' };
    });
    const shown = await Promise.allSettled(waits);
    const s = await measuring;
    for (const r of shown) {
      if (r.status === 'fulfilled') console.log(`edge: ${r.value.who} audio only ${r.value.at} ms after the call was up (${r.value.fromJoin} ms after joining): "${r.value.text}"`);
      else throw r.reason;
      expect(r.value.text.length).toBeGreaterThan(0);
    }
    for (const q of s) expect(q.audioShare).toBeGreaterThanOrEqual(0.97);
  }, LONG_TEST_MS);

  it('flapping: after each 3 s drop, audio and video are back within 3 s', async () => {
    // The profile's own cadence: 17 s of good link, then 3 s of none, every 20 s. (A first drop 4 s
    // after the profile, 1-2 s into the call while its estimate still ramps, brought audio back
    // within 0.1 s but a first frame only after 1.4-3.1 s on a loaded machine, the second drop
    // 0.1-0.2 s: a call cut as it connects, which is not this profile.)
    await callUnder(PROFILES.flapping);
    const recoveries = await recoveriesAfterDrops([owner.page, person.page], applied!, 2);
    console.log(`flapping: media back ${recoveries.join(' ms, ')} ms after each drop`);
    for (const ms of recoveries) expect(ms).toBeLessThanOrEqual(3_000);
  });
});

if (missing) console.log(`call scenarios skipped: ${missing}`);
