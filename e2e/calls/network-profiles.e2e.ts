// Proof that each named network profile (e2e/fixtures/profiles.ts) is what it says, measured the
// way the calls measure it: from getStats on the bare call page (no Hearth code), both pages
// relay-only through coturn behind the delaying relay, inside the loopback-only namespace.
//   - delay: the average remote-inbound-rtp round trip (RTCP) grows by the profile's round trip
//     ±20% over the same call's round trip with nothing added (on an idle machine ~1 ms; on a busy
//     one the browsers' own scheduling adds tens of ms, which is not the profile's); with jitter,
//     round trips spread over at least the profile's ±jitter;
//   - loss: audio packets lost / expected (audio is never retransmitted, so this is the loss on the
//     wire), both pages, 16 audio streams each, until the ±20% band is 3.5 standard deviations of
//     the binomial (about 61,000 packets for 0.5%, 4,200 for 5%): it cannot flake;
//   - rate: a data channel floods both ways; each page receives the profile's rate ±20% (the
//     measured figure is the ICE transport's bytes, a few percent under the wire's headers);
//   - flapping: media stops for 3 s ±20% at each drop and comes back.
// Each part is applied alone (delay, then loss, then rate), as their effects on a flood or on the
// packet counts would mix.
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { turnCredentials } from '../../src/server/modules/calls/index.js';
import { openBareCall, serveBarePage, type BareCall, type BarePageServer } from '../fixtures/bare-call.js';
import { callPrerequisites } from '../fixtures/call-prerequisites.js';
import { readCounters, type QualityCounters } from '../fixtures/call-quality.js';
import { startCoturn, type Coturn } from '../fixtures/coturn.js';
import { startDelayRelay, type DelayRelay } from '../fixtures/delay-relay.js';
import { applyProfile, clearProfile, PROFILES, type NetworkProfile } from '../fixtures/profiles.js';
import { launchMediaBrowser } from '../fixtures/webrtc.js';

const missing = callPrerequisites();
const SHAPED = [PROFILES['rural-dsl'], PROFILES['weak-cell'], PROFILES.satellite, PROFILES.edge];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Packets needed so that ±20% of p is `sigmas` binomial standard deviations. */
function packetsForLoss(p: number, sigmas = 3.5): number {
  return Math.ceil((sigmas * sigmas * (1 - p)) / (0.2 * 0.2 * p));
}

describe.skipIf(missing !== null)('network profiles, measured on the bare call', () => {
  let browsers: [Browser, Browser];
  let site: BarePageServer;
  let coturn: Coturn;
  let relay: DelayRelay;
  let call: BareCall | undefined;

  const ice = (user: string) => {
    const c = turnCredentials(coturn.secret, 600, user);
    return { iceServers: [{ urls: relay.url, username: c.username, credential: c.credential }], iceTransportPolicy: 'relay' as const };
  };
  const both = () => Promise.all([readCounters(call!.a.page), readCounters(call!.b.page)]);

  /** Average RTCP round trip on both pages over `ms`, and the range of the latest values seen. */
  async function roundTrips(ms: number) {
    const start = await both();
    const seen: number[] = [];
    const until = Date.now() + ms;
    let end = start;
    while (Date.now() < until) {
      await sleep(500);
      end = await both();
      for (const c of end) seen.push(...c.rtt.latest.map((s) => s * 1000));
    }
    const count = end.reduce((n, c, i) => n + c.rtt.count - start[i]!.rtt.count, 0);
    const meanMs = (end.reduce((n, c, i) => n + c.rtt.total - start[i]!.rtt.total, 0) / count) * 1000;
    return { count, meanMs, min: Math.min(...seen), max: Math.max(...seen) };
  }

  beforeAll(async () => {
    site = await serveBarePage();
    coturn = await startCoturn();
    relay = await startDelayRelay(coturn.port);
    browsers = [await launchMediaBrowser(), await launchMediaBrowser()];
  });

  afterEach(async () => {
    await clearProfile(relay);
    await call?.close();
    call = undefined;
  });

  afterAll(async () => {
    for (const b of browsers ?? []) await b?.close();
    await relay?.close();
    await coturn?.stop();
    await site?.close();
  });

  it('delay: the round trip getStats reports grows by each profile\'s round trip ±20%; weak cell\'s varies by about its jitter', async () => {
    call = await openBareCall(browsers, site.url);
    await call.join(ice('a'), { extraAudio: 4 });
    // The round trip with nothing added (the machine's own: two browsers, relay and coturn).
    const base = await roundTrips(3_000);
    console.log(`no profile: round trip ${base.meanMs.toFixed(1)} ms over ${base.count} RTCP reports`);
    for (const profile of SHAPED) {
      const applied = await applyProfile(relay, profile, { parts: { delay: true, rate: false, loss: false } });
      // RTCP round trips measured before the change are not this profile's: let a few reports pass.
      await sleep(2_000 + profile.delayMs * 2);
      const m = await roundTrips(6_000);
      const added = m.meanMs - base.meanMs;
      console.log(`${profile.label}: round trip ${m.meanMs.toFixed(1)} ms (${added.toFixed(1)} ms added; profile ${profile.delayMs} ms ±${profile.jitterMs}) over ${m.count} RTCP reports; samples ${m.min.toFixed(0)}–${m.max.toFixed(0)} ms`);
      expect(m.count).toBeGreaterThan(10);
      expect(added).toBeGreaterThanOrEqual(profile.delayMs * 0.8);
      expect(added).toBeLessThanOrEqual(profile.delayMs * 1.2);
      // Jitter: round trips spread at least over the profile's ±jitter. No upper bound: on a busy
      // machine the browsers' scheduling alone spreads them by ~100 ms (measured with no jitter).
      if (profile.jitterMs > 0) expect(m.max - m.min).toBeGreaterThanOrEqual(profile.jitterMs);
      await applied.clear();
    }
  });

  it('loss: audio packets lost on the way are each profile\'s ±20%, over enough packets for 3.5 standard deviations', async () => {
    call = await openBareCall(browsers, site.url);
    await call.join(ice('a'), { extraAudio: 15 });
    await sleep(1_000);
    for (const profile of SHAPED) {
      const p = profile.lossPercent / 100;
      const need = packetsForLoss(p);
      const applied = await applyProfile(relay, profile, { parts: { delay: false, rate: false, loss: true } });
      const start = await both();
      const t0 = Date.now();
      let end: QualityCounters[] = start;
      const expected = () => end.reduce((n, c, i) => n + c.audio.packetsReceived + c.audio.packetsLost - start[i]!.audio.packetsReceived - start[i]!.audio.packetsLost, 0);
      while (expected() < need) {
        if (Date.now() - t0 > 120_000) throw new Error(`${profile.label}: only ${expected()} of ${need} packets in 120 s`);
        await sleep(1_000);
        end = await both();
      }
      await applied.clear();
      const lost = end.reduce((n, c, i) => n + c.audio.packetsLost - start[i]!.audio.packetsLost, 0);
      const loss = lost / expected();
      console.log(`${profile.label}: ${lost} of ${expected()} audio packets lost = ${(loss * 100).toFixed(2)}% (profile ${profile.lossPercent}%, ${need} packets needed, ${((Date.now() - t0) / 1000).toFixed(0)} s)`);
      expect(loss).toBeGreaterThanOrEqual(p * 0.8);
      expect(loss).toBeLessThanOrEqual(p * 1.2);
    }
  });

  it('rate: a flooding data channel receives each profile\'s rate ±20%, each way', async () => {
    for (const profile of SHAPED) {
      const rateKbps = (profile as NetworkProfile & { rateKbps: number }).rateKbps;
      const applied = await applyProfile(relay, profile, { parts: { delay: false, rate: true, loss: false } });
      call = await openBareCall(browsers, site.url);
      await call.join(ice('a'), { flood: true });
      await sleep(3_000);
      const start = await both();
      await sleep(8_000);
      const end = await both();
      const kbps = end.map((c, i) => ((c.transport.bytesReceived - start[i]!.transport.bytesReceived) * 8) / (c.at - start[i]!.at));
      console.log(`${profile.label}: received ${kbps.map((k) => k.toFixed(0)).join(' and ')} kbit/s (profile ${rateKbps} kbit/s each way); available outgoing ${end.map((c) => Math.round((c.availableOutgoingBitrate ?? 0) / 1000)).join(' and ')} kbit/s`);
      for (const k of kbps) {
        expect(k).toBeGreaterThanOrEqual(rateKbps * 0.8);
        expect(k).toBeLessThanOrEqual(rateKbps * 1.2);
      }
      await call.close();
      call = undefined;
      await applied.clear();
    }
  });

  it('flapping: media stops for 3 s ±20% at a drop, then flows again', async () => {
    const profile = PROFILES.flapping;
    call = await openBareCall(browsers, site.url);
    await call.join(ice('a'));
    const applied = await applyProfile(relay, profile, { firstDropAfterMs: 2_000 });
    // Every 50 ms: when did page A last receive a new audio packet? The longest gap is the drop.
    let last = (await readCounters(call.a.page)).audio.packetsReceived;
    let lastAt = Date.now();
    let longest = 0;
    const until = Date.now() + 9_000;
    while (Date.now() < until) {
      await sleep(50);
      const c = await readCounters(call.a.page);
      if (c.audio.packetsReceived > last) {
        longest = Math.max(longest, c.at - lastAt);
        last = c.audio.packetsReceived;
        lastAt = c.at;
      }
    }
    await applied.clear();
    const drops = applied.drops();
    console.log(`flapping: drops ${drops.map((d) => `${d.end - d.start} ms`).join(', ')}; longest gap in audio ${longest} ms`);
    expect(drops.length).toBeGreaterThanOrEqual(1);
    expect(longest).toBeGreaterThanOrEqual(profile.flap!.dropMs * 0.8);
    expect(longest).toBeLessThanOrEqual(profile.flap!.dropMs * 1.2);
    expect(Date.now() - lastAt).toBeLessThan(1_000);
  });
});

if (missing) console.log(`call scenarios skipped: ${missing}`);
