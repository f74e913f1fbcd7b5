// The call adapts to its link (issue 19): per peer connection, fed a reading every second or
// two (the browser's bandwidth estimate, loss, round trip), it steps the video down before the
// audio suffers (720p30 → 360p24 → 180p15, quickly down, slowly up), moves the call to audio
// only when even the lowest step does not fit, and offers video again once the link has been
// comfortably good for a while. In audio only the browser's estimate stays near what audio
// sends (~40-70 kbit/s), so it cannot say the link recovered: once loss and round trip have been
// back near their pre-degradation values for 10 s, the page probes (sends a throwaway lowest-step
// video, ./probe.ts) and offers video only if the link carries it calmly. Pure (time comes in with each reading): unit-tested with fed
// stats. ./tuning.ts applies its decisions to the RTCRtpSenders.

export interface VideoStep {
  name: string;
  /** Target height in pixels (scaleResolutionDownBy is computed from the camera's height). */
  height: number;
  maxFramerate: number;
  /** Encoder cap, bit/s. */
  maxBitrate: number;
  /** The estimate this step needs to look good, kbit/s (audio's ~40 kbit/s included). */
  needKbps: number;
}

export const VIDEO_STEPS: readonly VideoStep[] = [
  { name: '720p30', height: 720, maxFramerate: 30, maxBitrate: 1_500_000, needKbps: 900 },
  { name: '360p24', height: 360, maxFramerate: 24, maxBitrate: 600_000, needKbps: 400 },
  { name: '180p15', height: 180, maxFramerate: 15, maxBitrate: 200_000, needKbps: 150 },
];

export const ADAPT = {
  /** A worse step once the estimate has been under the current step's need this long. */
  stepDownAfterMs: 2000,
  /** A better step once the estimate has been this much over its need this long. */
  stepUpMargin: 1.3,
  stepUpAfterMs: 10_000,
  /** Loss this heavy steps down one at a time whatever the estimate says. */
  stepDownLossPercent: 6,
  /** Audio only: under the lowest step's need (or this loss) this long. */
  audioOnlyBelowKbps: 150,
  audioOnlyLossPercent: 15,
  audioOnlyAfterMs: 4000,
  /** Offer video again: the estimate this far above the lowest step's need, this long, loss low. */
  recoverAboveKbps: 350,
  recoverLossPercent: 3,
  recoverAfterMs: 10_000,
  /** Calm: round trip at most this factor of the call's best plus this slack (and loss under recoverLossPercent). */
  calmRttFactor: 1.5,
  calmRttSlackMs: 50,
  /** A probe: the estimate must reach this while it runs (the lowest step's need, less audio). */
  probeNeedKbps: 110,
  /** Readings in the probe's first ms do not count (the estimate ramps); then good this long: offer. */
  probeWarmMs: 2000,
  probeHoldMs: 4000,
  /** A probe not good within this (or clearly bad this long after warming) stops. */
  probeMaxMs: 20_000,
  probeBadMs: 3000,
  /** After a failed probe, wait this long before the next (doubling up to probeBackoffMaxMs). */
  probeBackoffMs: 15_000,
  probeBackoffMaxMs: 60_000,
} as const;

/** The probe's encoding: the lowest step, capped a little under its usual rate. */
export const PROBE_STEP: VideoStep = { name: 'probe', height: 180, maxFramerate: 15, maxBitrate: 100_000, needKbps: 150 };

export interface AdaptReading {
  /** ms, monotonic (performance.now() or the stats timestamp). */
  at: number;
  /** The estimate (availableOutgoingBitrate), kbit/s; null where the browser does not say. */
  sendKbps: number | null;
  lossPercent: number | null;
  rttMs: number | null;
}

/** What this page's video is doing: sending (the adapter may step it), or off by the person's choice or the network. */
export type VideoSending = 'sending' | 'off' | 'network_audio_only';

export type AdaptAction = { type: 'step'; step: number } | { type: 'audio_only' } | { type: 'offer_video' } | { type: 'probe'; on: boolean };

/** One peer connection's adaptation. */
export class LinkAdapter {
  /** Index into VIDEO_STEPS. */
  step = 0;
  private downSince: number | null = null;
  private upSince: number | null = null;
  private badSince: number | null = null;
  private goodSince: number | null = null;
  private offered = false;
  /** Audio only was asked for and the page has not switched yet (it is asynchronous): ask once. */
  private asked = false;
  /** The call's best round trip (the pre-degradation reference), ms. */
  private bestRtt: number | null = null;
  private calmSince: number | null = null;
  private probeAt: number | null = null;
  private probeGoodSince: number | null = null;
  private probeBadSince: number | null = null;
  private nextProbeAt = 0;
  private backoff: number = ADAPT.probeBackoffMs;

  /** A probe is running (the page sends throwaway video). */
  get probing() {
    return this.probeAt !== null;
  }

  feed(r: AdaptReading, video: VideoSending): AdaptAction[] {
    if (r.rttMs !== null && r.rttMs > 0) this.bestRtt = Math.min(this.bestRtt ?? r.rttMs, r.rttMs);
    if (video !== 'sending') this.asked = false;
    if (video === 'network_audio_only') return this.watchRecovery(r);
    const stop: AdaptAction[] = this.probing ? [{ type: 'probe', on: false }] : [];
    this.probeAt = this.calmSince = null;
    this.backoff = ADAPT.probeBackoffMs;
    this.nextProbeAt = 0;
    this.goodSince = null;
    this.offered = false;
    if (stop.length) return stop;
    if (video === 'off') {
      this.downSince = this.upSince = this.badSince = null;
      return [];
    }
    const actions: AdaptAction[] = [];
    const since = (t: number | null) => (t === null ? 0 : r.at - t);
    const loss = r.lossPercent ?? 0;
    const bad = (r.sendKbps !== null && r.sendKbps < ADAPT.audioOnlyBelowKbps) || loss >= ADAPT.audioOnlyLossPercent;
    this.badSince = bad ? (this.badSince ?? r.at) : null;
    if (bad && since(this.badSince) >= ADAPT.audioOnlyAfterMs) {
      if (this.asked) return [];
      this.asked = true;
      this.badSince = null;
      return [{ type: 'audio_only' }];
    }
    const fits = r.sendKbps === null ? this.step : fittingStep(r.sendKbps, 1);
    const worse = fits > this.step || loss >= ADAPT.stepDownLossPercent;
    this.downSince = worse ? (this.downSince ?? r.at) : null;
    if (worse && since(this.downSince) >= ADAPT.stepDownAfterMs && this.step < VIDEO_STEPS.length - 1) {
      this.step = Math.max(this.step + 1, Math.min(fits, VIDEO_STEPS.length - 1));
      this.downSince = null;
      this.upSince = null;
      actions.push({ type: 'step', step: this.step });
      return actions;
    }
    const better = !worse && r.sendKbps !== null && fittingStep(r.sendKbps, ADAPT.stepUpMargin) < this.step && loss < ADAPT.recoverLossPercent;
    this.upSince = better ? (this.upSince ?? r.at) : null;
    if (better && since(this.upSince) >= ADAPT.stepUpAfterMs) {
      this.step -= 1;
      this.upSince = null;
      actions.push({ type: 'step', step: this.step });
    }
    return actions;
  }

  /** Loss low and the round trip near the call's best (unknown figures do not count against). */
  private calm(r: AdaptReading): boolean {
    if ((r.lossPercent ?? 0) >= ADAPT.recoverLossPercent) return false;
    return r.rttMs === null || this.bestRtt === null || r.rttMs <= this.bestRtt * ADAPT.calmRttFactor + ADAPT.calmRttSlackMs;
  }

  /**
   * In audio only because of the network: offer video once the link is good (never forced). Either
   * the estimate says so by itself for 10 s, or, calm for 10 s, a probe of the lowest step runs
   * and the link stays calm with the estimate up while it does.
   */
  private watchRecovery(r: AdaptReading): AdaptAction[] {
    this.downSince = this.upSince = this.badSince = null;
    if (this.offered) return this.probing ? this.endProbe(r, false) : [];
    const good = r.sendKbps !== null && r.sendKbps >= ADAPT.recoverAboveKbps && (r.lossPercent ?? 0) < ADAPT.recoverLossPercent;
    this.goodSince = good ? (this.goodSince ?? r.at) : null;
    const calm = this.calm(r);
    if (good && r.at - this.goodSince! >= ADAPT.recoverAfterMs) return this.offer(r);
    if (this.probing) return this.watchProbe(r, calm);
    this.calmSince = calm ? (this.calmSince ?? r.at) : null;
    if (calm && r.at - this.calmSince! >= ADAPT.recoverAfterMs && r.at >= this.nextProbeAt) {
      this.probeAt = r.at;
      this.probeGoodSince = this.probeBadSince = null;
      return [{ type: 'probe', on: true }];
    }
    return [];
  }

  private watchProbe(r: AdaptReading, calm: boolean): AdaptAction[] {
    const ran = r.at - this.probeAt!;
    if (ran < ADAPT.probeWarmMs) return [];
    const good = calm && (r.sendKbps === null || r.sendKbps >= ADAPT.probeNeedKbps);
    this.probeGoodSince = good ? (this.probeGoodSince ?? r.at) : null;
    this.probeBadSince = calm ? null : (this.probeBadSince ?? r.at);
    if (good && r.at - this.probeGoodSince! >= ADAPT.probeHoldMs) return this.offer(r);
    if (ran >= ADAPT.probeMaxMs || (!calm && r.at - this.probeBadSince! >= ADAPT.probeBadMs)) return this.endProbe(r, true);
    return [];
  }

  private endProbe(r: AdaptReading, failed: boolean): AdaptAction[] {
    this.probeAt = this.calmSince = null;
    if (failed) {
      this.nextProbeAt = r.at + this.backoff;
      this.backoff = Math.min(this.backoff * 2, ADAPT.probeBackoffMaxMs);
    }
    return [{ type: 'probe', on: false }];
  }

  private offer(r: AdaptReading): AdaptAction[] {
    const stop = this.probing ? this.endProbe(r, false) : [];
    this.offered = true;
    // Video comes back at the lowest step and climbs as the estimate allows.
    this.step = VIDEO_STEPS.length - 1;
    return [...stop, { type: 'offer_video' }];
  }
}

/** The best step whose need (times `margin`) the estimate covers; the lowest when none does. */
export function fittingStep(sendKbps: number, margin: number): number {
  const i = VIDEO_STEPS.findIndex((s) => sendKbps >= s.needKbps * margin);
  return i < 0 ? VIDEO_STEPS.length - 1 : i;
}

/** scaleResolutionDownBy for a step from the camera's height (never upscaled). */
export function scaleFor(step: VideoStep, cameraHeight: number | null | undefined): number {
  if (!cameraHeight || cameraHeight <= step.height) return 1;
  return Math.round((cameraHeight / step.height) * 100) / 100;
}
