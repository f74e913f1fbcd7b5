// The link's checks, for the call and the device check (not the pre-join, a join link's first
// screen): the ICE gathering probe, a connection's stats read on a timer, and a test call inside
// this page. The stats reduction is ./stats.ts.
import { useEffect, useState } from 'react';
import type { IceConfig } from '../../../../shared/calls.js';
import { type CallStats, candidateTypeFromLine, type IceGatherResult, readCallStats, serversOffered } from './stats.js';

// ---- network: ICE gathering ----

/**
 * Gather ICE candidates with a throwaway connection against the given servers and count them by
 * type. Always gathers with policy 'all' so both the direct path and the relay are tried.
 */
export async function gatherIce(config: Pick<IceConfig, 'iceServers'>, timeoutMs = 10_000, signal?: AbortSignal): Promise<IceGatherResult> {
  const offered = serversOffered(config.iceServers);
  const result: IceGatherResult = { host: 0, srflx: 0, relay: 0, stunConfigured: offered.stun, turnConfigured: offered.turn, timedOut: false, serverErrors: [] };
  if (typeof RTCPeerConnection === 'undefined') throw new Error('This browser cannot make video calls (no WebRTC).');
  const pc = new RTCPeerConnection({ iceServers: config.iceServers, iceTransportPolicy: 'all' });
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        result.timedOut = true;
        resolve();
      }, timeoutMs);
      const finish = () => {
        clearTimeout(timer);
        resolve();
      };
      signal?.addEventListener('abort', () => {
        clearTimeout(timer);
        reject(new DOMException('Stopped', 'AbortError'));
      });
      pc.addEventListener('icecandidate', (e) => {
        if (!e.candidate) return finish();
        const t = candidateTypeFromLine(e.candidate);
        if (t === 'host') result.host++;
        else if (t === 'srflx' || t === 'prflx') result.srflx++;
        else if (t === 'relay') result.relay++;
        // All three kinds wanted are in: no need to wait for slow servers to finish.
        if (result.host && (result.srflx || !offered.stun) && (result.relay || !offered.turn)) finish();
      });
      pc.addEventListener('icegatheringstatechange', () => {
        if (pc.iceGatheringState === 'complete') finish();
      });
      pc.addEventListener('icecandidateerror', (e) => {
        const ev = e as RTCPeerConnectionIceErrorEvent;
        if (ev.url) result.serverErrors.push(`${ev.url}: ${ev.errorCode} ${ev.errorText}`.trim());
      });
      pc.createDataChannel('probe');
      pc.createOffer()
        .then((offer) => pc.setLocalDescription(offer))
        .catch((e: unknown) => {
          clearTimeout(timer);
          reject(e instanceof Error ? e : new Error(String(e)));
        });
    });
  } finally {
    pc.close();
  }
  return result;
}

// ---- call stats ----

/**
 * A connection's stats, read every `intervalMs` while `pc` is set (loss over each interval). For
 * the call page: `<QualityIndicator stats={useCallStats(pc)} />`.
 */
export function useCallStats(pc: RTCPeerConnection | null, intervalMs = 2000): CallStats | null {
  const [stats, setStats] = useState<{ pc: RTCPeerConnection; value: CallStats } | null>(null);
  useEffect(() => {
    if (!pc) return;
    let live = true;
    let last: CallStats | null = null;
    const read = () => {
      if (pc.connectionState === 'closed') return;
      readCallStats(pc, last).then(
        (value) => {
          last = value;
          if (live) setStats({ pc, value });
        },
        () => undefined,
      );
    };
    read();
    const timer = setInterval(read, intervalMs);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [pc, intervalMs]);
  return stats && stats.pc === pc ? stats.value : null;
}

// ---- a test call on this device ----

export interface Loopback {
  /** The connection that receives: its stats are what a call's far end would see. */
  receiver: RTCPeerConnection;
  sender: RTCPeerConnection;
  remote: MediaStream;
  close(): void;
}

/**
 * Connect two peer connections inside this page and send `stream` from one to the other: the
 * real encoders, DTLS handshake and SRTP of a call, without a server or another person.
 */
export async function startLoopback(stream: MediaStream): Promise<Loopback> {
  const sender = new RTCPeerConnection();
  const receiver = new RTCPeerConnection();
  const close = () => {
    sender.close();
    receiver.close();
  };
  try {
    const remote = new MediaStream();
    sender.addEventListener('icecandidate', (e) => void (e.candidate ? receiver.addIceCandidate(e.candidate).catch(() => undefined) : undefined));
    receiver.addEventListener('icecandidate', (e) => void (e.candidate ? sender.addIceCandidate(e.candidate).catch(() => undefined) : undefined));
    receiver.addEventListener('track', (e) => remote.addTrack(e.track));
    for (const t of stream.getTracks()) sender.addTrack(t, stream);
    await sender.setLocalDescription(await sender.createOffer());
    await receiver.setRemoteDescription(sender.localDescription!);
    await receiver.setLocalDescription(await receiver.createAnswer());
    await sender.setRemoteDescription(receiver.localDescription!);
    return { sender, receiver, remote, close };
  } catch (e) {
    close();
    throw e;
  }
}
