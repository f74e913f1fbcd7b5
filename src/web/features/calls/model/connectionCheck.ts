// The before-call check's "Connection" part (components/ConnectionCheck.tsx): measures the path to
// Hearth (the round trip of small requests, the download rate of a fixed-size payload) and to the
// call relay (a relay-only pair of peer connections inside this page through the practice's TURN:
// the time to a relay candidate, then the round trip and loss of small messages over a data
// channel), and grades what a call should do on this connection.
import type { IceConfig } from '../../../../shared/calls.js';
import type { FetchPad } from '../api/pathCheck.js';

export type PathGrade = 'good' | 'fair' | 'poor';
export interface PathResult {
  rttMs: number;
  /** Download rate, kbit/s. */
  downKbps: number;
  grade: PathGrade;
}
export type RelayResult =
  | { ok: true; candidateMs: number; rttMs: number; loss: number }
  | { ok: false; reason: 'none' | 'no_candidate' | 'no_channel'; candidateMs: number | null };

const PINGS = 5;
const SMALL = 65_536;
const LARGE = 262_144;
/** A small payload faster than this: measure again with the large one (a truer rate). */
const RETRY_LARGE_UNDER_MS = 1000;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

/**
 * Good: video at a useful size (≥ 1.5 Mbit/s down, round trip ≤ 250 ms); fair: video at a low size
 * and rate (≥ 400 kbit/s, ≤ 600 ms); poor: below that, audio only.
 */
export function gradePath(rttMs: number, downKbps: number): PathGrade {
  if (rttMs <= 250 && downKbps >= 1500) return 'good';
  if (rttMs <= 600 && downKbps >= 400) return 'fair';
  return 'poor';
}

export async function measurePath(fetchPad: FetchPad, signal: AbortSignal, now: () => number = () => performance.now()): Promise<PathResult> {
  const rtts: number[] = [];
  for (let i = 0; i < PINGS; i++) {
    const t = now();
    await fetchPad(0, signal);
    rtts.push(now() - t);
  }
  const rttMs = median(rtts);
  const timed = async (bytes: number) => {
    const t = now();
    const got = await fetchPad(bytes, signal);
    // One round trip is the request, not the transfer.
    return { bytes: got.pad.length, ms: Math.max(1, now() - t - rttMs) };
  };
  let d = await timed(SMALL);
  if (d.ms < RETRY_LARGE_UNDER_MS) d = await timed(LARGE);
  const downKbps = Math.round((d.bytes * 8) / d.ms);
  return { rttMs: Math.round(rttMs), downKbps, grade: gradePath(rttMs, downKbps) };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function until<T>(p: Promise<T>, ms: number): Promise<T | null> {
  return Promise.race([p, sleep(ms).then(() => null)]);
}

/** A relay-only pair in this page: both sides reach each other only through the TURN server. */
export async function measureRelay(config: IceConfig, timeoutMs: number): Promise<RelayResult> {
  const iceServers = config.iceServers.filter((s) => s.urls.some((u) => /^turns?:/.test(u)));
  if (!iceServers.length) return { ok: false, reason: 'none', candidateMs: null };
  const opts: RTCConfiguration = { iceServers, iceTransportPolicy: 'relay' };
  const a = new RTCPeerConnection(opts);
  const b = new RTCPeerConnection(opts);
  const t0 = performance.now();
  let candidateMs: number | null = null;
  let relayed: () => void = () => undefined;
  const gotRelay = new Promise<void>((r) => (relayed = r));
  a.onicecandidate = (e) => {
    if (!e.candidate) return;
    if (candidateMs === null && / typ relay /.test(e.candidate.candidate)) {
      candidateMs = Math.round(performance.now() - t0);
      relayed();
    }
    b.addIceCandidate(e.candidate).catch(() => undefined);
  };
  b.onicecandidate = (e) => {
    if (e.candidate) a.addIceCandidate(e.candidate).catch(() => undefined);
  };
  b.ondatachannel = (e) => {
    const echo = e.channel;
    echo.onmessage = (m) => echo.readyState === 'open' && echo.send(m.data as string);
  };
  const ch = a.createDataChannel('check', { ordered: false, maxRetransmits: 0 });
  try {
    await a.setLocalDescription();
    await b.setRemoteDescription(a.localDescription!);
    await b.setLocalDescription();
    await a.setRemoteDescription(b.localDescription!);
    const deadline = t0 + timeoutMs;
    if ((await until(gotRelay, timeoutMs)) === null) return { ok: false, reason: 'no_candidate', candidateMs };
    const open = new Promise<void>((r) => (ch.onopen = () => r()));
    if (ch.readyState !== 'open' && (await until(open, Math.max(0, deadline - performance.now()))) === null) return { ok: false, reason: 'no_channel', candidateMs };
    return { ok: true, candidateMs: candidateMs ?? 0, ...(await pingOver(ch)) };
  } finally {
    ch.close();
    a.close();
    b.close();
  }
}

/** 20 numbered messages 50 ms apart, echoed by the other side: round trip (median) and the share lost. */
async function pingOver(ch: RTCDataChannel): Promise<{ rttMs: number; loss: number }> {
  const sent = new Map<number, number>();
  const rtts: number[] = [];
  ch.onmessage = (m) => {
    const at = sent.get(Number(m.data));
    if (at !== undefined) rtts.push(performance.now() - at);
  };
  const n = 20;
  for (let i = 0; i < n; i++) {
    sent.set(i, performance.now());
    ch.send(String(i));
    await sleep(50);
  }
  await sleep(1500);
  return { rttMs: Math.round(median(rtts)), loss: 1 - rtts.length / n };
}
