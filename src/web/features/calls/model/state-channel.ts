// Each person's state (muted, camera off, audio only and why, their connection) also travels on the
// call's own media path: a data channel on every peer connection, beside the signalling socket's
// `call.state`. A link so weak that the socket drops still carries audio, and now the words with
// it: "Rosa's connection is weak, so their video is paused" reached the provider only once the
// client's socket came back (a CI run waited 30 s for it). Negotiated (both sides open id 0 on
// their own), so it needs no signalling to open, and it is in the first offer, so no renegotiation.
// What a peer sends is checked by hand (no zod on the call page's path) and only ever shown.
import type { MediaState } from '../../../../shared/calls.js';

const CONNECTIONS = new Set<string>(['new', 'connecting', 'connected', 'disconnected', 'failed', 'closed']);
const FLAGS = ['audioOnly', 'muted', 'cameraOff', 'sharingScreen'] as const;
const KEYS = new Set<string>(['connection', 'audioOnlyReason', ...FLAGS]);

/** The shape of shared/calls.ts MediaState, and nothing more. */
export function isMediaState(v: unknown): v is MediaState {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return false;
  const o = v as Record<string, unknown>;
  if (!Object.keys(o).every((k) => KEYS.has(k))) return false;
  if (typeof o.connection !== 'string' || !CONNECTIONS.has(o.connection)) return false;
  if (!FLAGS.every((k) => typeof o[k] === 'boolean')) return false;
  return o.audioOnlyReason === undefined || o.audioOnlyReason === 'chosen' || o.audioOnlyReason === 'network';
}

/** At most this many bytes from a peer are read as a state (one is under 200). */
const MAX_MESSAGE = 1024;

/** Opens the state channel on a new peer connection; `onState` gets each state the peer sends, `onOpen` fires once it can carry ours. */
export function openStateChannel(pc: RTCPeerConnection, onState: (s: MediaState) => void, onOpen: () => void): RTCDataChannel {
  const channel = pc.createDataChannel('hearth-state', { negotiated: true, id: 0 });
  channel.onopen = onOpen;
  channel.onmessage = (e: MessageEvent) => {
    if (typeof e.data !== 'string' || e.data.length > MAX_MESSAGE) return;
    try {
      const v: unknown = JSON.parse(e.data);
      if (isMediaState(v)) onState(v);
    } catch {
      // Not JSON: not a state.
    }
  };
  return channel;
}

/** Our state to one peer, when its channel is open (otherwise the socket's copy is all it gets). */
export function sendState(channel: RTCDataChannel | undefined, state: MediaState): void {
  if (channel?.readyState === 'open') channel.send(JSON.stringify(state));
}
