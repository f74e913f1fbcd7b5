import { describe, expect, it } from 'vitest';
import { ADAPT, fittingStep, LinkAdapter, scaleFor, VIDEO_STEPS, type AdaptAction, type AdaptReading, type VideoSending } from './adapt.js';

/** Feeds a reading every second from `from` for `seconds`; returns every action with the second it came. */
function run(a: LinkAdapter, from: number, seconds: number, r: Omit<AdaptReading, 'at'>, video: VideoSending = 'sending') {
  const out: { t: number; action: AdaptAction }[] = [];
  for (let t = from; t < from + seconds; t++) for (const action of a.feed({ ...r, at: t * 1000 }, video)) out.push({ t, action });
  return out;
}
const clean = { lossPercent: 0, rttMs: 30 };

describe('the call adapts to its link', () => {
  it('a fast, clean link stays at the best step', () => {
    const a = new LinkAdapter();
    expect(run(a, 0, 30, { sendKbps: 2500, ...clean })).toEqual([]);
    expect(a.step).toBe(0);
  });

  it('video steps down quickly as the estimate falls, before going audio only', () => {
    const a = new LinkAdapter();
    // rural DSL: about 1 Mbit/s → 720p does not fit → 360p24 within ~2 s, never audio only.
    const dsl = run(a, 0, 20, { sendKbps: 700, lossPercent: 1, rttMs: 125 });
    expect(dsl).toEqual([{ t: 2, action: { type: 'step', step: 1 } }]);
    expect(VIDEO_STEPS[a.step]!.name).toBe('360p24');
    // weak cell: 400 kbit/s falls to ~250 → 180p15.
    const cell = run(a, 20, 20, { sendKbps: 250, lossPercent: 3, rttMs: 310 });
    expect(cell).toEqual([{ t: 22, action: { type: 'step', step: 2 } }]);
  });

  it('a big drop jumps straight to the step that fits', () => {
    const a = new LinkAdapter();
    expect(run(a, 0, 5, { sendKbps: 200, ...clean })[0]).toEqual({ t: 2, action: { type: 'step', step: 2 } });
  });

  it('heavy loss steps down even when the estimate has not caught up', () => {
    const a = new LinkAdapter();
    expect(run(a, 0, 5, { sendKbps: 2000, lossPercent: 8, rttMs: 40 })[0]).toEqual({ t: 2, action: { type: 'step', step: 1 } });
  });

  it('steps up slowly, one step at a time, only with room to spare (hysteresis)', () => {
    const a = new LinkAdapter();
    run(a, 0, 5, { sendKbps: 200, ...clean });
    expect(a.step).toBe(2);
    // Just above 360p's need: not enough margin, stays.
    expect(run(a, 5, 30, { sendKbps: 420, ...clean })).toEqual([]);
    // Comfortably above: up one step after 10 s, another after 10 more.
    const up = run(a, 35, 25, { sendKbps: 1500, ...clean });
    expect(up.map((x) => x.action)).toEqual([
      { type: 'step', step: 1 },
      { type: 'step', step: 0 },
    ]);
    expect(up[0]!.t - 35).toBeGreaterThanOrEqual(ADAPT.stepUpAfterMs / 1000);
  });

  it('one bad reading amid good ones changes nothing', () => {
    const a = new LinkAdapter();
    const out: AdaptAction[] = [];
    for (let t = 0; t < 30; t++) out.push(...a.feed({ at: t * 1000, sendKbps: t % 5 === 0 ? 100 : 2000, ...clean }, 'sending'));
    expect(out).toEqual([]);
  });

  it('edge (120 kbit/s, 5% loss): audio only within 10 s, asked once', () => {
    const a = new LinkAdapter();
    // The estimate starts at Chromium's 300 kbit/s and falls under the link's rate.
    const out = [...run(a, 0, 3, { sendKbps: 300, lossPercent: 5, rttMs: 620 }), ...run(a, 3, 12, { sendKbps: 110, lossPercent: 5, rttMs: 620 })];
    const audioOnly = out.filter((x) => x.action.type === 'audio_only');
    expect(audioOnly).toHaveLength(1);
    expect(audioOnly[0]!.t).toBeLessThan(10);
    // Video stepped down before that.
    expect(out[0]!.action).toEqual({ type: 'step', step: 2 });
  });

  it('heavy loss alone moves to audio only', () => {
    const a = new LinkAdapter();
    expect(run(a, 0, 8, { sendKbps: null, lossPercent: 20, rttMs: 80 }).some((x) => x.action.type === 'audio_only')).toBe(true);
  });

  it('after audio only for the network, offers video once the estimate is comfortably good for 10 s (never forced)', () => {
    const a = new LinkAdapter();
    // Still weak: nothing offered, nothing probed.
    expect(run(a, 0, 30, { sendKbps: 140, lossPercent: 5, rttMs: 400 }, 'network_audio_only')).toEqual([]);
    // Good, but a dip resets the count.
    expect(run(a, 30, 8, { sendKbps: 800, ...clean }, 'network_audio_only')).toEqual([]);
    run(a, 38, 1, { sendKbps: 100, lossPercent: 5, rttMs: 400 }, 'network_audio_only');
    const back = run(a, 39, 30, { sendKbps: 800, ...clean }, 'network_audio_only');
    expect(back).toEqual([{ t: 49, action: { type: 'offer_video' } }]);
    // Video comes back at the lowest step.
    expect(a.step).toBe(VIDEO_STEPS.length - 1);
  });

  it('in audio only the estimate stays low: calm loss and round trip for 10 s start a probe, which offers video when the link carries it', () => {
    const a = new LinkAdapter();
    run(a, 0, 10, { sendKbps: 1500, lossPercent: 0, rttMs: 30 }); // before: 30 ms round trip
    // Capped: audio only, loss and a long round trip: no probe.
    expect(run(a, 10, 20, { sendKbps: 60, lossPercent: 5, rttMs: 450 }, 'network_audio_only')).toEqual([]);
    // Recovered, but audio alone keeps the estimate at ~60 kbit/s (never 350): calm for 10 s → probe.
    const calm = run(a, 30, 12, { sendKbps: 60, lossPercent: 0, rttMs: 34 }, 'network_audio_only');
    expect(calm).toEqual([{ t: 40, action: { type: 'probe', on: true } }]);
    expect(a.probing).toBe(true);
    // The probe's video lifts the estimate; calm throughout: after warm-up + hold, stop the probe and offer.
    const out: { t: number; action: AdaptAction }[] = [];
    for (let t = 42; t < 60; t++) for (const action of a.feed({ at: t * 1000, sendKbps: Math.min(60 + (t - 40) * 15, 220), lossPercent: 0, rttMs: 36 }, 'network_audio_only')) out.push({ t, action });
    expect(out.map((x) => x.action)).toEqual([{ type: 'probe', on: false }, { type: 'offer_video' }]);
    expect(out[0]!.t).toBeLessThanOrEqual(40 + (ADAPT.probeWarmMs + ADAPT.probeHoldMs) / 1000 + 2);
    expect(a.probing).toBe(false);
    // Offered once; nothing more while the person decides.
    expect(run(a, 60, 60, { sendKbps: 200, lossPercent: 0, rttMs: 36 }, 'network_audio_only')).toEqual([]);
  });

  it('a probe over a link still too thin stops quickly, offers nothing, and the next waits longer (backoff)', () => {
    const a = new LinkAdapter();
    run(a, 0, 10, { sendKbps: 1500, lossPercent: 0, rttMs: 30 });
    const out: { t: number; action: AdaptAction }[] = [];
    // Still capped at 120 kbit/s: audio alone is calm, but whenever the probe runs the queue grows and packets drop.
    for (let t = 10; t < 120; t++) {
      const r = a.probing ? { sendKbps: 100, lossPercent: 4, rttMs: 260 } : { sendKbps: 60, lossPercent: 0, rttMs: 33 };
      for (const action of a.feed({ at: t * 1000, ...r }, 'network_audio_only')) out.push({ t, action });
    }
    expect(out.some((x) => x.action.type === 'offer_video')).toBe(false);
    const starts = out.filter((x) => x.action.type === 'probe' && x.action.on).map((x) => x.t);
    const stops = out.filter((x) => x.action.type === 'probe' && !x.action.on).map((x) => x.t);
    expect(starts[0]).toBe(20);
    // Each probe ends within warm-up + the bad spell.
    for (let i = 0; i < stops.length; i++) expect(stops[i]! - starts[i]!).toBeLessThanOrEqual((ADAPT.probeWarmMs + ADAPT.probeBadMs) / 1000 + 1);
    // The gaps between probes grow.
    expect(starts.length).toBeGreaterThanOrEqual(3);
    expect(starts[2]! - stops[1]!).toBeGreaterThan(starts[1]! - stops[0]!);
  });

  it('video back (or chosen audio only) while probing stops the probe', () => {
    const a = new LinkAdapter();
    run(a, 0, 12, { sendKbps: 60, ...clean }, 'network_audio_only');
    expect(a.probing).toBe(true);
    expect(a.feed({ at: 12_000, sendKbps: 60, ...clean }, 'off')).toEqual([{ type: 'probe', on: false }]);
    expect(a.probing).toBe(false);
  });

  it('a camera the person turned off (or chosen audio only) is left alone', () => {
    const a = new LinkAdapter();
    expect(run(a, 0, 30, { sendKbps: 50, lossPercent: 30, rttMs: 900 }, 'off')).toEqual([]);
    expect(a.step).toBe(0);
  });

  it('fits steps and scales from the camera height', () => {
    expect(fittingStep(2000, 1)).toBe(0);
    expect(fittingStep(500, 1)).toBe(1);
    expect(fittingStep(500, 1.3)).toBe(2);
    expect(fittingStep(20, 1)).toBe(2);
    expect(scaleFor(VIDEO_STEPS[0]!, 480)).toBe(1);
    expect(scaleFor(VIDEO_STEPS[1]!, 720)).toBe(2);
    expect(scaleFor(VIDEO_STEPS[2]!, 480)).toBe(2.67);
    expect(scaleFor(VIDEO_STEPS[2]!, null)).toBe(1);
  });
});
