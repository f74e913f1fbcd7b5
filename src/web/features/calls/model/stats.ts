// What a call's RTCPeerConnection.getStats() report says, reduced to the figures a person and the
// call page need: is video arriving, how good is the path, which kind of path it is (direct or
// relayed) and which encryption was actually negotiated. Pure functions over a Map-like report
// (no DOM use), so they are unit-tested in node with recorded reports.

/** The parts of RTCStatsReport read here; a plain Map of stats objects is one too. */
export interface StatsReportLike {
  forEach(cb: (value: unknown, key: string) => void): void;
  get(id: string): unknown;
}

import { defineMessages, createIntl, type IntlShape, type MessageDescriptor } from 'react-intl';
import { type CallQuality, rateLink } from './quality.js';

export type { CallQuality } from './quality.js';
export type CandidateType = 'host' | 'srflx' | 'prflx' | 'relay';

export interface DtlsInfo {
  /** e.g. "DTLS 1.2" (browsers report the wire value, e.g. "FEFD"; it is named here). */
  tlsVersion: string | null;
  dtlsCipher: string | null;
  srtpCipher: string | null;
}

export interface CallStats {
  video: { framesDecoded: number; framesPerSecond: number | null; bytesReceived: number; frameWidth: number | null; frameHeight: number | null } | null;
  audio: { bytesReceived: number } | null;
  rttMs: number | null;
  /** Of the packets sent to us (and, where reported, of ours to them): lost / (lost + received). */
  packetsLostPercent: number | null;
  jitterMs: number | null;
  /** What the browser estimates it can send on the path in use (availableOutgoingBitrate), kbit/s. */
  sendKbps: number | null;
  /** What arrived (all media) over the interval since the previous reading, kbit/s. */
  recvKbps: number | null;
  candidateType: { local: CandidateType | null; remote: CandidateType | null };
  dtls: DtlsInfo | null;
  quality: CallQuality;
  /** Running totals of the inbound RTP counters, so the next reading can report loss over the interval. */
  totals: { packetsLost: number; packetsReceived: number; bytesReceived?: number; at?: number };
}

type Stat = Record<string, unknown> & { type?: unknown; id?: unknown };

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
const kindOf = (s: Stat) => str(s.kind) ?? str(s.mediaType);

const CANDIDATE_TYPES: readonly string[] = ['host', 'srflx', 'prflx', 'relay'];
const candidateTypeOf = (s: unknown): CandidateType | null => {
  const t = s && typeof s === 'object' ? (s as Stat).candidateType : null;
  return typeof t === 'string' && CANDIDATE_TYPES.includes(t) ? (t as CandidateType) : null;
};

/** DTLS record versions as browsers report them (hex of the wire value) named for people. */
export function dtlsVersionName(v: string | null): string | null {
  if (v === null) return null;
  switch (v.toUpperCase()) {
    case 'FEFF':
      return 'DTLS 1.0';
    case 'FEFD':
      return 'DTLS 1.2';
    case 'FEFC':
      return 'DTLS 1.3';
    default:
      return /^DTLS/i.test(v) ? v : `DTLS (${v})`;
  }
}

/** The grade of a reading (./quality.ts holds the thresholds). */
export function qualityOf(s: Pick<CallStats, 'rttMs' | 'packetsLostPercent' | 'jitterMs'> & { sendKbps?: number | null }, video = true): CallQuality {
  return rateLink({ rttMs: s.rttMs, lossPercent: s.packetsLostPercent, jitterMs: s.jitterMs, sendKbps: s.sendKbps ?? null }, video);
}

/**
 * Reduce a getStats() report. `previous` (the last reading of the same connection) makes the
 * loss figure cover the interval between the two readings instead of the whole call.
 */
export function summarizeStats(report: StatsReportLike, previous?: CallStats | null): CallStats {
  const all: Stat[] = [];
  report.forEach((v) => {
    if (v && typeof v === 'object') all.push(v as Stat);
  });
  const ofType = (t: string) => all.filter((s) => s.type === t);

  // Inbound media: sum over streams of a kind (a mesh call has one per peer).
  const inbound = ofType('inbound-rtp');
  const videoIn = inbound.filter((s) => kindOf(s) === 'video');
  const audioIn = inbound.filter((s) => kindOf(s) === 'audio');
  const sum = (list: Stat[], k: string) => list.reduce((a, s) => a + (num(s[k]) ?? 0), 0);
  const firstNum = (list: Stat[], k: string) => {
    for (const s of list) {
      const n = num(s[k]);
      if (n !== null) return n;
    }
    return null;
  };
  const video = videoIn.length
    ? {
        framesDecoded: sum(videoIn, 'framesDecoded'),
        framesPerSecond: firstNum(videoIn, 'framesPerSecond'),
        bytesReceived: sum(videoIn, 'bytesReceived'),
        frameWidth: firstNum(videoIn, 'frameWidth'),
        frameHeight: firstNum(videoIn, 'frameHeight'),
      }
    : null;
  const audio = audioIn.length ? { bytesReceived: sum(audioIn, 'bytesReceived') } : null;

  // Jitter: the worst inbound stream (audio suffers first), in ms.
  const jitters = inbound.map((s) => num(s.jitter)).filter((j): j is number => j !== null);
  const jitterMs = jitters.length ? round(Math.max(...jitters) * 1000, 1) : null;

  // Loss of what we receive, over the interval since `previous` when given.
  const at = firstNum(inbound, 'timestamp');
  const totals = { packetsLost: Math.max(0, sum(inbound, 'packetsLost')), packetsReceived: sum(inbound, 'packetsReceived'), bytesReceived: sum(inbound, 'bytesReceived'), ...(at !== null ? { at } : {}) };
  const p = previous?.totals;
  const recvKbps = p?.at !== undefined && at !== null && at > p.at && p.bytesReceived !== undefined && totals.bytesReceived >= p.bytesReceived ? round(((totals.bytesReceived - p.bytesReceived) * 8) / (at - p.at), 1) : null;
  let lost = totals.packetsLost;
  let received = totals.packetsReceived;
  if (previous && totals.packetsReceived >= previous.totals.packetsReceived) {
    lost = Math.max(0, totals.packetsLost - previous.totals.packetsLost);
    received = totals.packetsReceived - previous.totals.packetsReceived;
  }
  let packetsLostPercent = lost + received > 0 ? round((lost / (lost + received)) * 100, 2) : null;
  // What the far end reports about our media (fractionLost is the last RTCP interval, 0..1).
  const remoteLoss = ofType('remote-inbound-rtp')
    .map((s) => num(s.fractionLost))
    .filter((f): f is number => f !== null)
    .map((f) => round(f * 100, 2));
  if (remoteLoss.length) packetsLostPercent = Math.max(packetsLostPercent ?? 0, ...remoteLoss);

  // The path in use: the transport's selected pair (Chromium, Safari), else the pair marked
  // selected (Firefox), else a nominated pair that succeeded.
  const transports = ofType('transport');
  const transport = transports.find((t) => str(t.selectedCandidatePairId) !== null) ?? transports[0] ?? null;
  const pairs = ofType('candidate-pair');
  const selectedId = transport ? str(transport.selectedCandidatePairId) : null;
  const pair =
    (selectedId ? (report.get(selectedId) as Stat | undefined) : undefined) ??
    pairs.find((p) => p.selected === true) ??
    pairs.find((p) => p.nominated === true && p.state === 'succeeded') ??
    null;

  let rttMs: number | null = null;
  const pairRtt = pair ? num(pair.currentRoundTripTime) : null;
  if (pairRtt !== null) rttMs = round(pairRtt * 1000, 1);
  else {
    const rr = ofType('remote-inbound-rtp')
      .map((s) => num(s.roundTripTime))
      .filter((r): r is number => r !== null);
    if (rr.length) rttMs = round(Math.max(...rr) * 1000, 1);
  }

  const candidateType = {
    local: pair && typeof pair.localCandidateId === 'string' ? candidateTypeOf(report.get(pair.localCandidateId)) : null,
    remote: pair && typeof pair.remoteCandidateId === 'string' ? candidateTypeOf(report.get(pair.remoteCandidateId)) : null,
  };

  let dtls: DtlsInfo | null = null;
  if (transport) {
    const info = { tlsVersion: dtlsVersionName(str(transport.tlsVersion)), dtlsCipher: str(transport.dtlsCipher), srtpCipher: str(transport.srtpCipher) };
    if (info.tlsVersion || info.dtlsCipher || info.srtpCipher) dtls = info;
  }

  const out = pair ? num(pair.availableOutgoingBitrate) : null;
  const partial = { rttMs, packetsLostPercent, jitterMs, sendKbps: out !== null ? round(out / 1000, 0) : null };
  return { video, audio, ...partial, recvKbps, candidateType, dtls, quality: pair || inbound.length ? qualityOf(partial) : 'unknown', totals };
}

/** One reading of a live connection; pass the previous reading to get loss over the interval. */
export async function readCallStats(pc: { getStats(): Promise<StatsReportLike> }, previous?: CallStats | null): Promise<CallStats> {
  return summarizeStats(await pc.getStats(), previous);
}

function round(n: number, digits: number) {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

// ---- ICE gathering (the device check's network step) ----

export interface IceGatherResult {
  /** Candidates of each type gathered. */
  host: number;
  srflx: number;
  relay: number;
  /** The configuration offered STUN / TURN servers at all. */
  stunConfigured: boolean;
  turnConfigured: boolean;
  /** Gathering had not finished when the time ran out (the counts are what arrived by then). */
  timedOut: boolean;
  /** Errors the browser reported for a server (e.g. "turn:… 701: TURN allocate failed"). */
  serverErrors: string[];
}

/** The type of a gathered candidate from its object or, failing that, its SDP line. */
export function candidateTypeFromLine(c: { type?: string | null; candidate?: string }): CandidateType | null {
  if (c.type && CANDIDATE_TYPES.includes(c.type)) return c.type as CandidateType;
  const m = /\btyp (host|srflx|prflx|relay)\b/.exec(c.candidate ?? '');
  return m ? (m[1] as CandidateType) : null;
}

export function serversOffered(iceServers: readonly { urls: readonly string[] | string }[]) {
  const urls = iceServers.flatMap((s) => (typeof s.urls === 'string' ? [s.urls] : [...s.urls]));
  return { stun: urls.some((u) => /^stuns?:/i.test(u)), turn: urls.some((u) => /^turns?:/i.test(u)) };
}

/** A verdict in plain words for anyone (`text`) and the technical reading for whoever looks after the network (`detail`). */
export type PathVerdict = { state: 'reachable' | 'unreachable' | 'not_configured' | 'limited'; text: string; detail: string };

// The verdicts' words, in the page's language (the device check passes its intl; English by
// default, for tests and callers without one). The technical names (STUN, TURN, ICE, candidate)
// stay only in the details for IT.
const v = defineMessages<'counts' | 'directOk' | 'directOkDetail' | 'directLimited' | 'directLimitedStun' | 'directLimitedNoStun' | 'directNone' | 'directNoneDetail' | 'relayNone' | 'relayNoneDetail' | 'relayOk' | 'relayOkDetail' | 'relayBad' | 'relayBadDetail', MessageDescriptor>({
  counts: {
    id: 'calls.ice.counts',
    defaultMessage: 'Candidates gathered: {host} host, {srflx} server-reflexive (STUN), {relay} relay (TURN){timedOut, select, yes {; gathering timed out} other {}}.',
  },
  directOk: { id: 'calls.ice.direct.ok', defaultMessage: 'Direct connection: works. Calls can connect straight from this device.' },
  directOkDetail: { id: 'calls.ice.direct.okDetail', defaultMessage: 'Direct (STUN): public address found. {counts}' },
  directLimited: {
    id: 'calls.ice.direct.limited',
    defaultMessage: 'Direct connection: only inside this network.{stun, select, yes { Calls from here will likely go through our video relay.} other {}}',
  },
  directLimitedStun: { id: 'calls.ice.direct.limitedStun', defaultMessage: 'Direct (STUN): a STUN server was offered but no server-reflexive candidate arrived; UDP to it may be blocked. {counts}' },
  directLimitedNoStun: { id: 'calls.ice.direct.limitedNoStun', defaultMessage: 'Direct (STUN): no STUN (address-discovery) server was offered, so only host candidates exist. {counts}' },
  directNone: { id: 'calls.ice.direct.none', defaultMessage: 'Direct connection: not available. Your device found no network to use.' },
  directNoneDetail: { id: 'calls.ice.direct.noneDetail', defaultMessage: 'Direct: no host candidate at all (no network interface the browser may use). {counts}' },
  relayNone: { id: 'calls.ice.relay.none', defaultMessage: 'Video relay: not set up. Calls work on most home networks; from some office or hotel networks they may not connect.' },
  relayNoneDetail: { id: 'calls.ice.relay.noneDetail', defaultMessage: 'Relay (TURN): the ICE configuration offers no TURN server. Ask whoever runs Hearth to set up coturn (docs/coturn).' },
  relayOk: { id: 'calls.ice.relay.ok', defaultMessage: 'Video relay: yes, your device can reach it. Calls can connect even from strict office or hotel networks.' },
  relayOkDetail: { id: 'calls.ice.relay.okDetail', defaultMessage: 'Relay (TURN): reachable; {relay, plural, one {# relay candidate} other {# relay candidates}} allocated.' },
  relayBad: {
    id: 'calls.ice.relay.bad',
    defaultMessage: "Video relay: no, your device could not reach it. A firewall on this network may block calls. Try another network (such as your phone's mobile data), or show the details below to your IT contact.",
  },
  relayBadDetail: {
    id: 'calls.ice.relay.badDetail',
    defaultMessage: 'Relay (TURN): configured, but no relay candidate was allocated{timedOut, select, yes { within the time allowed} other {}}. UDP/TCP to the TURN server (usually port 3478, or 5349 for TLS) may be blocked.',
  },
});

const english = createIntl({ locale: 'en-US', onError: () => undefined });

/**
 * The network step's verdicts. The words are for a client on a phone: no STUN, TURN or
 * candidates; the technical reading goes to `detail`, shown under "Details for IT".
 */
export function describeIceResult(r: IceGatherResult, intl: IntlShape = english): { direct: PathVerdict; relay: PathVerdict } {
  const f = (m: MessageDescriptor, values?: Record<string, string | number>) => intl.formatMessage(m, values);
  const timedOut = r.timedOut ? 'yes' : 'no';
  const counts = f(v.counts, { host: r.host, srflx: r.srflx, relay: r.relay, timedOut });
  let direct: PathVerdict;
  if (r.srflx > 0) direct = { state: 'reachable', text: f(v.directOk), detail: f(v.directOkDetail, { counts }) };
  else if (r.host > 0)
    direct = {
      state: 'limited',
      text: f(v.directLimited, { stun: r.stunConfigured ? 'yes' : 'no' }),
      detail: f(r.stunConfigured ? v.directLimitedStun : v.directLimitedNoStun, { counts }),
    };
  else direct = { state: 'unreachable', text: f(v.directNone), detail: f(v.directNoneDetail, { counts }) };

  let relay: PathVerdict;
  if (!r.turnConfigured) relay = { state: 'not_configured', text: f(v.relayNone), detail: f(v.relayNoneDetail) };
  else if (r.relay > 0) relay = { state: 'reachable', text: f(v.relayOk), detail: f(v.relayOkDetail, { relay: r.relay }) };
  else relay = { state: 'unreachable', text: f(v.relayBad), detail: f(v.relayBadDetail, { timedOut }) };
  return { direct, relay };
}
