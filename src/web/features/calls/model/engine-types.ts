// What the call engine (./engine.ts) shows the page: its state, the people in the room, the chat.
import type { CallEvent, CallMode, IceConfig, MediaState, Peer } from '../../../../shared/calls.js';
import type { CallQuality } from './quality.js';

/** left: this person pressed Leave (the call may go on without them). */
export type Phase = 'connecting' | 'waiting' | 'in_call' | 'left' | 'ended' | 'refused' | 'replaced';
export type SignalingState = 'connected' | 'reconnecting';

export interface RemotePeer {
  peer: Peer;
  stream: MediaStream | null;
  connection: RTCPeerConnectionState;
  /** What the peer reported of itself (muted, camera off, audio only, their connection). */
  reported: MediaState | null;
  /** Signaling lost for this peer (it may come back). */
  away: boolean;
  /** The link to this person as last measured (./tuning.ts, every second); null until connected. */
  link?: LinkReading | null;
}

/** One peer connection's figures for the quality indicator and the info panel. */
export interface LinkReading {
  quality: CallQuality;
  rttMs: number | null;
  lossPercent: number | null;
  jitterMs: number | null;
  /** The browser's estimate of what it can send to this person, kbit/s. */
  sendKbps: number | null;
  /** What arrived from them over the last second or two, kbit/s. */
  recvKbps: number | null;
  /** The video step sent to them ("360p24"), null when no camera video goes. */
  step: string | null;
}

export interface ChatLine {
  from: string;
  name: string;
  text: string;
  at: string;
  mine: boolean;
  /** A shared file (saved to documents), not a typed line. */
  file?: boolean;
}

export interface CallProblem {
  code: string;
  message: string;
}

export interface EngineState {
  phase: Phase;
  signaling: SignalingState;
  /**
   * Why this person is out of the call: the signalling socket's call.error (its code, and its
   * English for logs), or the socket's closing (session_ended, closed). The page words it by the
   * code (callText.ts outcomeReason).
   */
  error: CallProblem | null;
  self: Peer | null;
  mode: CallMode | null;
  peers: RemotePeer[];
  lobby: Peer[];
  chat: ChatLine[];
  progress: CallEvent[];
  ice: IceConfig | null;
  local: { muted: boolean; cameraOff: boolean; audioOnly: boolean; sharingScreen: boolean; audioOnlyReason?: 'chosen' | 'network' };
  /** Audio only because of the network, and the link has recovered: offer video again (never forced). */
  videoOffer?: boolean;
  /**
   * What the self-view shows: the microphone and the live camera. A new stream object whenever
   * the camera track changes (audio only and back, another camera): a video element keeps
   * showing a stream's first video track, so adding a new camera to the old stream beside the
   * stopped one left the self-view black.
   */
  localStream: MediaStream | null;
}

/** One other person's peer connection, with what perfect negotiation and the media watchdog keep about it. */
export interface PeerLink {
  pc: RTCPeerConnection;
  polite: boolean;
  makingOffer: boolean;
  ignoreOffer: boolean;
  disconnectedTimer: ReturnType<typeof setTimeout> | undefined;
  remote: RemotePeer;
  /** Media watchdog: inbound bytes last seen, when they last grew, when ICE was last restarted. */
  bytesIn: number;
  grewAt: number;
  restartedAt: number;
  /** Media liveness (./liveness.ts): when inbound bytes last grew; the server said gone but media still arrives. */
  mediaAt?: number;
  orphan?: boolean;
  /** Our state to this person and theirs to us, on the media path (./state-channel.ts). */
  stateChannel?: RTCDataChannel;
}
