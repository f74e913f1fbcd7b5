// Perfect negotiation's receiving half (./engine.ts sends): apply a peer's description or
// candidate to its connection, answering offers. Every description made or applied here carries
// Opus in-band FEC and DTX (./sdp.ts), whichever side offered.
import type { CallServerMessage } from '../../../../shared/calls.js';
import type { PeerLink } from './engine-types.js';
import { resilientDescription } from './sdp.js';

type Signal = Extract<CallServerMessage, { type: 'call.signal' }>;
type Description = { type: RTCSdpType; sdp?: string };

/** This side's offer (the first one, or an ICE restart), with the Opus parameters. */
export async function makeOffer(pc: RTCPeerConnection): Promise<Description | null> {
  await pc.setLocalDescription(resilientDescription(await pc.createOffer()));
  return pc.localDescription ? { type: pc.localDescription.type, sdp: pc.localDescription.sdp } : null;
}

/** Applies a peer's signal; `reply` sends the answer to an offer. */
export async function applySignal(link: PeerLink, m: Signal, reply: (d: Description) => void, note: (s: string) => void): Promise<void> {
  const pc = link.pc;
  note(`recv ${m.description ? m.description.type : 'candidate'} from ${m.from.slice(0, 6)} state ${pc.signalingState} making ${link.makingOffer}`);
  if (m.description) {
    const offerCollision = m.description.type === 'offer' && (link.makingOffer || pc.signalingState !== 'stable');
    link.ignoreOffer = !link.polite && offerCollision;
    if (link.ignoreOffer) return note('ignored offer (impolite)');
    await pc.setRemoteDescription(resilientDescription(m.description as RTCSessionDescriptionInit));
    if (m.description.type === 'offer') {
      await pc.setLocalDescription(resilientDescription(await pc.createAnswer()));
      if (pc.localDescription) reply({ type: pc.localDescription.type, sdp: pc.localDescription.sdp });
    }
  } else if (m.candidate !== undefined) {
    try {
      await pc.addIceCandidate(m.candidate ?? undefined);
    } catch (err) {
      if (!link.ignoreOffer) throw err;
    }
  }
}
