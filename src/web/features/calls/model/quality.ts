// How good a connection is, in three words a person can act on: good, fair, poor. Graded on the
// round trip, the loss, the jitter and the bandwidth the browser estimates it can send (what
// video needs, or, in audio only, what the voice needs). Thresholds from common conferencing
// guidance (ITU-T G.114 for delay, Opus/VP8 working rates); pure and unit-tested.

export type QualityLevel = 'good' | 'fair' | 'poor';
export type CallQuality = QualityLevel | 'unknown';

export interface LinkFigures {
  rttMs: number | null;
  lossPercent: number | null;
  jitterMs: number | null;
  /** The browser's estimate of what it can send on this path (candidate-pair availableOutgoingBitrate), kbit/s. */
  sendKbps?: number | null;
}

/** Beyond any of these: fair. */
export const FAIR_LIMITS = { lossPercent: 2, rttMs: 250, jitterMs: 30, videoKbps: 500, audioKbps: 64 };
/** Beyond any of these: poor. */
export const POOR_LIMITS = { lossPercent: 8, rttMs: 500, jitterMs: 80, videoKbps: 150, audioKbps: 32 };

/**
 * good / fair / poor from what is known (a missing figure counts as fine); 'unknown' when nothing
 * is. `video` false (audio only): bandwidth is judged against what the voice needs.
 */
export function rateLink(f: LinkFigures, video = true): CallQuality {
  const { rttMs, lossPercent, jitterMs } = f;
  const send = f.sendKbps ?? null;
  if (rttMs === null && lossPercent === null && jitterMs === null && send === null) return 'unknown';
  const beyond = (l: typeof FAIR_LIMITS) =>
    (lossPercent ?? 0) > l.lossPercent || (rttMs ?? 0) > l.rttMs || (jitterMs ?? 0) > l.jitterMs || (send !== null && send < (video ? l.videoKbps : l.audioKbps));
  if (beyond(POOR_LIMITS)) return 'poor';
  if (beyond(FAIR_LIMITS)) return 'fair';
  return 'good';
}

const RANK: Record<CallQuality, number> = { unknown: 0, good: 1, fair: 2, poor: 3 };

/** The worst of several connections' grades (one's own, over every person in the call). */
export function worstQuality(list: Iterable<CallQuality>): CallQuality {
  let worst: CallQuality = 'unknown';
  for (const q of list) if (RANK[q] > RANK[worst]) worst = q;
  return worst;
}
