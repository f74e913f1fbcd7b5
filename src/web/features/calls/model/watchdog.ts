// Watching each peer connection's media (./engine.ts runs it every 2 s) and summing up the
// connections for the room's view of this person.
import type { PeerLink } from './engine-types.js';

/** "Connected" but nothing arriving (not even an unmuted or muted microphone's packets) this long: restart ICE. */
export const SILENT_MEDIA_MS = 6000;

const RANK: Record<RTCPeerConnectionState, number> = { failed: 5, disconnected: 4, closed: 3, connecting: 2, new: 1, connected: 0 };

/**
 * A connection can say "connected" while nothing arrives (a path that came back half-way, a
 * restart one side missed). Microphone packets flow even when muted, so inbound bytes that stop
 * growing mean the media path is dead: restart ICE, at most once per SILENT_MEDIA_MS.
 */
export async function checkLinks(links: Iterable<PeerLink>, restartIce: (l: PeerLink) => void) {
  const now = Date.now();
  for (const l of links) {
    // A negotiation that never got going (an offer lost in a crossing): start it again.
    if (l.pc.connectionState === 'new' && now - l.grewAt > SILENT_MEDIA_MS && now - l.restartedAt > SILENT_MEDIA_MS) {
      if (l.pc.signalingState === 'have-local-offer') await l.pc.setLocalDescription({ type: 'rollback' }).catch(() => undefined);
      restartIce(l);
      continue;
    }
    if (l.pc.connectionState !== 'connected') {
      if (l.pc.connectionState !== 'new') l.grewAt = now;
      continue;
    }
    let bytes = 0;
    try {
      (await l.pc.getStats()).forEach((r: { type: string; bytesReceived?: number }) => {
        if (r.type === 'inbound-rtp') bytes += r.bytesReceived ?? 0;
      });
    } catch {
      continue;
    }
    if (bytes > l.bytesIn) {
      l.bytesIn = bytes;
      l.grewAt = now;
      l.mediaAt = now;
    } else if (now - l.grewAt > SILENT_MEDIA_MS && now - l.restartedAt > SILENT_MEDIA_MS) {
      restartIce(l);
    }
  }
}

/** The worst state among the peer connections ('new' while there are none). */
export function worstConnection(links: Iterable<PeerLink>): RTCPeerConnectionState {
  let worst: RTCPeerConnectionState = 'connected';
  let any = false;
  for (const l of links) {
    any = true;
    if (RANK[l.pc.connectionState] > RANK[worst]) worst = l.pc.connectionState;
  }
  return any ? worst : 'new';
}
