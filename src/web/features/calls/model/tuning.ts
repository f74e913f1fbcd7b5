// The browser side of the adaptation (./adapt.ts decides): every second, per peer connection,
// read its stats, grade the link for the quality indicator, and apply the adapter's decisions
// to the RTCRtpSenders: video encodings capped (maxBitrate, scaleResolutionDownBy,
// maxFramerate) with degradationPreference 'balanced', audio at high priority. Audio only and
// the offer of video back are the engine's (it owns the camera): they go through the host. The
// probe before that offer (./probe.ts: throwaway noise, never the camera) is this file's.
import { LinkAdapter, PROBE_STEP, scaleFor, VIDEO_STEPS, type VideoSending, type VideoStep } from './adapt.js';
import { type Probe, startProbe } from './probe.js';
import type { EngineState, LinkReading, PeerLink } from './engine-types.js';
import { rateLink } from './quality.js';
import { type CallStats, readCallStats } from './stats.js';

export const TUNE_MS = 1000;
/** While a link is quiet (the path gone), how often it is looked at for packets coming back. */
export const QUIET_MS = 200;

export interface TuningHost {
  links(): Iterable<PeerLink>;
  local(): EngineState['local'];
  /** The network cannot carry video: audio only, saying why. */
  audioOnlyForNetwork(): void;
  /** The link recovered: offer video again (never forced). */
  offerVideo(): void;
  /** New readings are on the links (the page re-renders the quality). */
  changed(): void;
}

interface PerLink {
  adapter: LinkAdapter;
  last: CallStats | null;
  /** Audio priority and the video's degradation preference are set once per connection. */
  primed: boolean;
  /** The step last applied to the video sender (-1: none yet). */
  applied: number;
  /** The camera track the step was applied with (another camera: apply again). */
  track: MediaStreamTrack | null;
  /** The probe running on this connection's video sender. */
  probe: Probe | null;
  /** Packets received by the last round, and the rounds in a row (connected or not) that brought none. */
  packetsIn: number | null;
  quietTicks: number;
  /** A quiet link is being looked at every QUIET_MS (LinkTuning.watchQuiet). */
  watching: boolean;
}

/** What the local video is doing, for the adapter. */
export function videoSending(local: EngineState['local']): VideoSending {
  if (local.audioOnly) return local.audioOnlyReason === 'network' ? 'network_audio_only' : 'off';
  return local.cameraOff || local.sharingScreen ? 'off' : 'sending';
}

const senderOf = (pc: RTCPeerConnection, kind: 'audio' | 'video') => pc.getTransceivers().find((t) => t.receiver.track.kind === kind)?.sender ?? null;

/** Audio first: the voice keeps its share when the link is short of room. */
async function primeSenders(pc: RTCPeerConnection) {
  const audio = senderOf(pc, 'audio');
  if (audio) {
    const p = audio.getParameters();
    if (p.encodings?.length) {
      for (const e of p.encodings) Object.assign(e, { priority: 'high', networkPriority: 'high' });
      await audio.setParameters(p).catch(() => undefined);
    }
  }
  const video = senderOf(pc, 'video');
  if (video) {
    const p = video.getParameters() as RTCRtpSendParameters & { degradationPreference?: string };
    p.degradationPreference = 'balanced';
    await video.setParameters(p).catch(() => undefined);
  }
}

/** Caps the camera's encoding to a step; false when there is nothing to cap yet (no track, no encodings). */
export async function applyStep(pc: RTCPeerConnection, step: VideoStep): Promise<boolean> {
  const sender = senderOf(pc, 'video');
  const track = sender?.track;
  if (!sender || !track) return false;
  const p = sender.getParameters();
  if (!p.encodings?.length) return false;
  const scale = scaleFor(step, track.getSettings().height);
  for (const e of p.encodings) Object.assign(e, { maxBitrate: step.maxBitrate, maxFramerate: step.maxFramerate, scaleResolutionDownBy: scale });
  await sender.setParameters(p);
  return true;
}

/**
 * The path came back after a total loss: make the camera's encoder start a new picture. Measured
 * (rural.e2e.ts, flapping): after a 3 s drop audio resumed within 30-90 ms, but video only after
 * 3.0-3.1 s: the frames sent after the drop refer to frames lost in it, and the receiver asks for a
 * key frame only once it has had nothing to decode for 3 s. A new resolution always starts with a
 * key frame; the step's own resolution is applied again on the next round (another key frame).
 */
async function freshPicture(pc: RTCPeerConnection, st: PerLink): Promise<boolean> {
  const sender = senderOf(pc, 'video');
  if (!sender?.track) return false;
  const p = sender.getParameters();
  if (!p.encodings?.length) return false;
  for (const e of p.encodings) e.scaleResolutionDownBy = (e.scaleResolutionDownBy ?? 1) * 1.25;
  st.applied = -1;
  await sender.setParameters(p).catch(() => undefined);
  return true;
}

/** Sends the probe on the (empty) video sender, capped to the probe's step. */
async function startProbing(pc: RTCPeerConnection, st: PerLink) {
  const sender = senderOf(pc, 'video');
  if (!sender || sender.track || st.probe) return;
  st.probe = startProbe();
  if (!st.probe) return;
  try {
    await sender.replaceTrack(st.probe.track);
    await applyStep(pc, PROBE_STEP);
  } catch {
    await stopProbing(pc, st);
  }
}

/** Takes the probe off (unless the engine already put another track there) and stops it. */
async function stopProbing(pc: RTCPeerConnection, st: PerLink) {
  const probe = st.probe;
  st.probe = null;
  if (!probe) return;
  const sender = senderOf(pc, 'video');
  if (sender?.track === probe.track) await sender.replaceTrack(null).catch(() => undefined);
  probe.stop();
  // The camera's step is applied afresh when video comes back.
  st.applied = -1;
}

export class LinkTuning {
  private readonly per = new WeakMap<RTCPeerConnection, PerLink>();
  private timer: ReturnType<typeof setInterval> | undefined;
  private busy = false;
  private running = false;

  constructor(private readonly host: TuningHost) {}

  start() {
    clearInterval(this.timer);
    this.running = true;
    this.timer = setInterval(() => void this.tick(), TUNE_MS);
  }

  stop() {
    this.running = false;
    clearInterval(this.timer);
    for (const l of this.host.links()) {
      const st = this.per.get(l.pc);
      st?.probe?.stop();
      if (st) st.probe = null;
    }
  }

  /** One round over the connections (skipped while the previous one still waits on getStats). */
  async tick(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      let changed = false;
      for (const l of this.host.links()) changed = (await this.tune(l)) || changed;
      if (changed) this.host.changed();
    } finally {
      this.busy = false;
    }
  }

  /**
   * While a link is quiet (a round brought no packets: the path is gone), looks every QUIET_MS for
   * packets coming back and asks for the fresh picture at once, not at the next round (up to
   * TUNE_MS later): after a 3 s drop, one side's video was back only 3.1 s after it on a loaded
   * machine (rural.e2e.ts, flapping). The next round sees the link as not quiet and goes on.
   */
  private watchQuiet(pc: RTCPeerConnection, st: PerLink): void {
    if (st.watching) return;
    st.watching = true;
    const look = async () => {
      if (!this.running || st.quietTicks === 0 || pc.connectionState === 'closed') {
        st.watching = false;
        return;
      }
      // Counted as each round counts them (./stats.ts totals).
      const n = await readCallStats(pc).then((r) => r.totals.packetsReceived, () => null);
      if (n !== null && st.packetsIn !== null && n > st.packetsIn && st.quietTicks > 0) {
        st.packetsIn = n;
        st.quietTicks = 0;
        st.watching = false;
        await freshPicture(pc, st);
        return;
      }
      setTimeout(() => void look(), QUIET_MS);
    };
    setTimeout(() => void look(), QUIET_MS);
  }

  private async tune(l: PeerLink): Promise<boolean> {
    const pc = l.pc;
    let st = this.per.get(pc);
    if (pc.connectionState !== 'connected') {
      if (st) {
        st.quietTicks++;
        this.watchQuiet(pc, st);
      }
      if (st?.probe) await stopProbing(pc, st);
      return false;
    }
    if (!st) this.per.set(pc, (st = { adapter: new LinkAdapter(), last: null, primed: false, applied: -1, track: null, probe: null, packetsIn: null, quietTicks: 0, watching: false }));
    if (!st.primed) {
      st.primed = true;
      await primeSenders(pc);
    }
    let stats: CallStats;
    try {
      stats = await readCallStats(pc, st.last);
    } catch {
      return false;
    }
    // Packets (audio flows even when muted) arriving again after a round that brought none: the
    // path was gone; a fresh picture for the other side.
    const packetsIn = stats.totals.packetsReceived;
    const nudged = st.packetsIn !== null && packetsIn > st.packetsIn && st.quietTicks > 0 && (await freshPicture(pc, st));
    st.quietTicks = packetsIn === st.packetsIn ? st.quietTicks + 1 : 0;
    st.packetsIn = packetsIn;
    if (st.quietTicks > 0) this.watchQuiet(pc, st);
    st.last = stats;
    const local = this.host.local();
    const video = videoSending(local);
    const figures = { rttMs: stats.rttMs, lossPercent: stats.packetsLostPercent, jitterMs: stats.jitterMs, sendKbps: stats.sendKbps };
    l.remote.link = { ...figures, recvKbps: stats.recvKbps, quality: rateLink(figures, !local.audioOnly), step: video === 'sending' ? VIDEO_STEPS[st.adapter.step]!.name : null } satisfies LinkReading;
    for (const a of st.adapter.feed({ at: performance.now(), sendKbps: stats.sendKbps, lossPercent: stats.packetsLostPercent, rttMs: stats.rttMs }, video)) {
      if (a.type === 'audio_only') this.host.audioOnlyForNetwork();
      if (a.type === 'offer_video') this.host.offerVideo();
      if (a.type === 'probe') await (a.on ? startProbing(pc, st) : stopProbing(pc, st));
    }
    if (st.probe && video !== 'network_audio_only') await stopProbing(pc, st);
    const track = senderOf(pc, 'video')?.track ?? null;
    if (video === 'sending' && !nudged && (st.applied !== st.adapter.step || st.track !== track)) {
      if (await applyStep(pc, VIDEO_STEPS[st.adapter.step]!).catch(() => false)) {
        st.applied = st.adapter.step;
        st.track = track;
      }
    }
    return true;
  }
}
