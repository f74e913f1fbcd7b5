// Video-call contracts shared by the server (validation, OpenAPI) and the SPA: the call room of an
// appointment or a Call Now, the ICE configuration (STUN, time-limited TURN), the call record, the
// practice's call settings, and the signaling messages carried over the one WebSocket entry.
//
// Signaling is peer to peer (a mesh, up to MAX_PARTICIPANTS): the server only relays. It names
// every sender itself (`from` is never taken from a client), so a forged sender cannot exist.
// A peer id is issued by the server on join and may be presented again (`resume`) after a
// reconnect: the server accepts it only from the same person in the same call.
import { z } from 'zod';
import { ItemList, Named } from './api.js';
import { id, text } from './strings.js';

export const MAX_PARTICIPANTS = 4;
/** A chat line in a call (kept only for the call, never stored). */
export const MAX_CHAT_CHARS = 2000;
/** An SDP is a few kB; 12 kB leaves room for many candidates and stays under the socket limit. */
export const MAX_SDP_CHARS = 12_000;


export const CALL_MODES = ['video', 'audio'] as const;
export const CallMode = z.enum(CALL_MODES);
export type CallMode = z.infer<typeof CallMode>;

export const CALL_STATUSES = ['ringing', 'active', 'ended'] as const;
export const CallStatus = z.enum(CALL_STATUSES);
export type CallStatus = z.infer<typeof CallStatus>;

export const CALL_KINDS = ['scheduled', 'call_now'] as const;
export const CallKind = z.enum(CALL_KINDS);
export type CallKind = z.infer<typeof CallKind>;

/** What the provider sees happen to a call, in order (each is also audited). */
export const CALL_EVENT_TYPES = [
  'created',
  'rung',
  'link_sent',
  'link_not_sent',
  'waiting',
  'admitted',
  'joined',
  'left',
  'reconnecting',
  'media_restarted',
  'audio_only',
  'safety_check',
  'file_shared',
  'ended',
] as const;
export const CallEventType = z.enum(CALL_EVENT_TYPES);
export type CallEventType = z.infer<typeof CallEventType>;

export const ParticipantRole = z.enum(['staff', 'client']);
export type ParticipantRole = z.infer<typeof ParticipantRole>;

// ---- ICE ----
export const IceServer = z.object({
  urls: z.array(z.string()),
  username: z.string().optional(),
  credential: z.string().optional(),
});
export type IceServer = z.infer<typeof IceServer>;
export const IceConfig = z.object({
  iceServers: z.array(IceServer),
  /** 'relay' when the practice hides addresses: media goes through TURN only. */
  iceTransportPolicy: z.enum(['all', 'relay']),
  /** When the TURN credentials stop working (ask again before then). */
  expiresAt: z.string().nullable(),
});
export type IceConfig = z.infer<typeof IceConfig>;

// ---- REST ----
export const CallNowRequest = z.strictObject({ clientId: id, mode: CallMode.default('video') });
export type CallNowRequest = z.input<typeof CallNowRequest>;

export const CallParticipant = z.object({
  role: ParticipantRole,
  /** The staff user's or the client's id. */
  id: z.string(),
  name: z.string(),
  joinedAt: z.string().nullable(),
  leftAt: z.string().nullable(),
});
export type CallParticipant = z.infer<typeof CallParticipant>;

export const CallEvent = z.object({
  type: CallEventType,
  at: z.string(),
  /** Who: "staff:<id>", "client:<id>" or "system". */
  actor: z.string(),
  /** e.g. the channel a link went by ("sms", "email"), or why it did not go. */
  detail: z.string().nullable(),
});
export type CallEvent = z.infer<typeof CallEvent>;

export const CallSummary = z.object({
  id: z.string(),
  kind: CallKind,
  mode: CallMode,
  status: CallStatus,
  appointmentId: z.string().nullable(),
  providerId: z.string(),
  clients: z.array(Named),
  ringAt: z.string().nullable(),
  startedAt: z.string().nullable(),
  endedAt: z.string().nullable(),
  createdAt: z.string(),
});
export type CallSummary = z.infer<typeof CallSummary>;

export const SafetyCheck = z.strictObject({
  /** Where the client says they are now (address or description), for emergency services. */
  location: text({ min: 1, max: 500 }),
  emergencyContactName: text({ min: 1, max: 200 }),
  emergencyContactPhone: text({ min: 3, max: 40 }),
  /**
   * Whether the client is at home right now (asked as Yes / No): billing codes a video visit's
   * place of service from it (10 at home, 02 elsewhere). Required; the free-text location stays.
   */
  clientAtHome: z.boolean({ message: 'choose Yes or No: is the client at home?' }),
  /** The provider confirmed both with the client at the start of the session. */
  confirmed: z.literal(true, { message: 'must be true: confirm the location and contact with the client' }),
});
export type SafetyCheck = z.input<typeof SafetyCheck>;

export const CallRecord = CallSummary.extend({
  durationSeconds: z.number().nullable(),
  /** video, or audio when the call was audio only from the start or switched to it (billing). */
  billedMode: CallMode,
  participants: z.array(CallParticipant),
  events: z.array(CallEvent),
  safetyCheck: z
    .object({
      location: z.string(),
      emergencyContactName: z.string(),
      emergencyContactPhone: z.string(),
      /** null: recorded before the question was asked. */
      clientAtHome: z.boolean().nullable(),
      confirmedAt: z.string(),
      confirmedBy: z.string(),
    })
    .nullable(),
});
export type CallRecord = z.infer<typeof CallRecord>;
export const CallList = ItemList(CallSummary);
export type CallList = z.infer<typeof CallList>;

export const SharedFile = z.object({ documentIds: z.array(z.string()) });
export type SharedFile = z.infer<typeof SharedFile>;

export const JoinTokenRequest = z.strictObject({ token: z.string().min(16).max(128) });
export const JoinTokenResponse = z.object({ callId: z.string(), practiceName: z.string(), mode: CallMode });
export type JoinTokenResponse = z.infer<typeof JoinTokenResponse>;

export const CallSettings = z.strictObject({
  /** Minutes before the start at which a scheduled call rings (0: at the start). */
  ringLeadMinutes: z.number().int().min(0, { message: 'must be 0 or more' }).max(30, { message: 'must be at most 30' }),
  /** A rung client who has not joined after this long gets the join link by text or mail. */
  escalateAfterSeconds: z.number().int().min(15, { message: 'must be at least 15' }).max(1800, { message: 'must be at most 1800' }),
  /** Media through TURN only, so neither side learns the other's address. */
  forceRelay: z.boolean(),
});
export type CallSettings = z.infer<typeof CallSettings>;

// ---- signaling: browser -> server ----
const callId = id;
const peerId = z.string().min(8).max(128);
export const SessionDescription = z.strictObject({
  type: z.enum(['offer', 'answer', 'pranswer', 'rollback']),
  sdp: z.string().max(MAX_SDP_CHARS).optional(),
});
export const IceCandidate = z.strictObject({
  candidate: z.string().max(2000),
  sdpMid: z.string().max(64).nullable().optional(),
  sdpMLineIndex: z.number().int().min(0).max(64).nullable().optional(),
  usernameFragment: z.string().max(256).nullable().optional(),
});
export const MediaState = z.strictObject({
  /** The browser's RTCPeerConnection.connectionState towards the others, worst first. */
  connection: z.enum(['new', 'connecting', 'connected', 'disconnected', 'failed', 'closed']),
  audioOnly: z.boolean(),
  /** Why audio only: the person chose it, or the call moved to it by itself on a weak link (the other side says which). */
  audioOnlyReason: z.enum(['chosen', 'network']).optional(),
  muted: z.boolean(),
  cameraOff: z.boolean(),
  sharingScreen: z.boolean(),
});
export type MediaState = z.infer<typeof MediaState>;

export const CallClientMessage = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('call.join'), callId, resume: peerId.optional() }),
  z.strictObject({ type: z.literal('call.leave'), callId }),
  z.strictObject({ type: z.literal('call.admit'), callId, peerId }),
  z.strictObject({
    type: z.literal('call.signal'),
    callId,
    to: peerId,
    description: SessionDescription.optional(),
    candidate: IceCandidate.nullable().optional(),
  }),
  z.strictObject({ type: z.literal('call.state'), callId, state: MediaState }),
  z.strictObject({ type: z.literal('call.chat'), callId, text: text({ min: 1, max: MAX_CHAT_CHARS, multiline: true }) }),
  z.strictObject({
    type: z.literal('call.heartbeat'),
    callId,
    /**
     * Media liveness: the peers whose media this page received in the last few seconds (inbound
     * bytes growing). The server keeps such a peer in the call while its own socket is away.
     */
    mediaFrom: z.array(peerId).max(MAX_PARTICIPANTS).optional(),
  }),
]);
export type CallClientMessage = z.infer<typeof CallClientMessage>;

// ---- signaling: server -> browser ----
export interface Peer {
  peerId: string;
  role: ParticipantRole;
  /** Staff user id or client id. */
  id: string;
  name: string;
  state: MediaState | null;
}
export type CallServerMessage =
  /** Ring: a scheduled call at its time, or a Call Now. `title` never names the client to a client. */
  | { type: 'call.ring'; callId: string; title: string; mode: CallMode; kind: CallKind }
  | { type: 'call.ring_stopped'; callId: string }
  | { type: 'call.joined'; callId: string; self: Peer; peers: Peer[]; ice: IceConfig; mode: CallMode }
  /** To a client: wait for the provider to admit you. */
  | { type: 'call.waiting'; callId: string; peerId: string }
  /** To staff in the call: who is waiting. */
  | { type: 'call.lobby'; callId: string; waiting: Peer[] }
  | { type: 'call.peer_joined'; callId: string; peer: Peer }
  | { type: 'call.peer_left'; callId: string; peerId: string; reason: 'left' | 'gone' }
  | { type: 'call.peer_state'; callId: string; peerId: string; state: MediaState }
  /** The peer's connection to Hearth dropped; their media may still flow; they may come back (peer_joined) or be gone (peer_left). */
  | { type: 'call.peer_away'; callId: string; peerId: string }
  | {
      type: 'call.signal';
      callId: string;
      from: string;
      description?: z.infer<typeof SessionDescription>;
      candidate?: z.infer<typeof IceCandidate> | null;
    }
  | { type: 'call.chat'; callId: string; from: string; name: string; text: string; at: string }
  /** A step of the ring, for the provider: rung, link_sent, link_not_sent, joined. */
  | { type: 'call.progress'; callId: string; event: CallEvent }
  | { type: 'call.ended'; callId: string }
  /** Someone shared a file in the call: it was saved to the client's documents (and is on the call record). */
  | { type: 'call.file'; callId: string; from: string; name: string; fileName: string; at: string }
  /** The answer to a heartbeat: still listed in the room for this long. */
  | { type: 'call.alive'; callId: string; expiresInMs: number }
  | { type: 'call.error'; callId: string | null; code: string; message: string };
