// Words and small decisions of the call screen, without React or the DOM (unit-tested). Words a
// person in the call reads are MessageDescriptors (the component formats them, Spanish in ../es.json).
import { defineMessages, type MessageDescriptor } from 'react-intl';
import type { CallEvent, CallKind, MediaState } from '../../../../shared/calls.js';
import type { CallProblem, RemotePeer } from './engine.js';

export type Audience = 'staff' | 'client';

export const EVENT_WORDS: Record<CallEvent['type'], string> = {
  created: 'Call created',
  rung: 'Rung',
  link_sent: 'Join link sent',
  link_not_sent: 'Join link not sent',
  waiting: 'Waiting to be admitted',
  admitted: 'Admitted',
  joined: 'Joined',
  left: 'Left',
  reconnecting: 'Connection dropped',
  media_restarted: 'Connection restored',
  audio_only: 'Switched to audio only',
  safety_check: 'Safety check recorded',
  file_shared: 'File shared',
  ended: 'Call ended',
};

/** "Dana Provider" → "DP", "marigold" → "M", "" → "?" (the placeholder of a camera that is off). */
export function initialsOf(name: string | null | undefined): string {
  const words = (name ?? '').trim().split(/\s+/).filter(Boolean);
  if (!words.length) return '?';
  const first = [...words[0]!][0] ?? '';
  const last = words.length > 1 ? ([...words[words.length - 1]!][0] ?? '') : '';
  return (first + last).toUpperCase();
}

export const PEER_WORDS = defineMessages({
  awayConnected: { id: 'calls.words.peer.awayConnected', defaultMessage: 'connected; their link to Hearth is reconnecting' },
  awayLost: { id: 'calls.words.peer.awayLost', defaultMessage: 'connection lost, waiting for them to come back' },
  connectedAudioOnly: { id: 'calls.words.peer.connectedAudioOnly', defaultMessage: 'connected, audio only' },
  connected: { id: 'calls.words.peer.connected', defaultMessage: 'connected' },
  connecting: { id: 'calls.words.peer.connecting', defaultMessage: 'connecting…' },
  interrupted: { id: 'calls.words.peer.interrupted', defaultMessage: 'connection interrupted, reconnecting…' },
  failed: { id: 'calls.words.peer.failed', defaultMessage: 'connection failed, retrying…' },
  notConnected: { id: 'calls.words.peer.notConnected', defaultMessage: 'not connected' },
});

/** A person's connection in words. */
export function describePeer(p: RemotePeer): MessageDescriptor {
  const c = p.connection;
  if (p.away) return c === 'connected' ? PEER_WORDS.awayConnected : PEER_WORDS.awayLost;
  if (c === 'connected') return p.reported?.audioOnly ? PEER_WORDS.connectedAudioOnly : PEER_WORDS.connected;
  if (c === 'connecting' || c === 'new') return PEER_WORDS.connecting;
  if (c === 'disconnected') return PEER_WORDS.interrupted;
  if (c === 'failed') return PEER_WORDS.failed;
  return PEER_WORDS.notConnected;
}

/**
 * Whether a person's video is worth showing: they send a camera or a screen (by what they
 * reported) and the track is live and not muted (a sender that stopped sending turns the
 * receiving track muted). Otherwise their initials, never a frozen last frame.
 */
export function showsVideo(opts: { callIsAudio: boolean; reported: MediaState | null; track: { readyState: string; muted: boolean } | null }): boolean {
  const { callIsAudio, reported, track } = opts;
  if (callIsAudio || !track || track.readyState === 'ended' || track.muted) return false;
  if (reported?.sharingScreen) return true;
  return !(reported?.audioOnly || reported?.cameraOff);
}

export const ABSENCE_WORDS = defineMessages({
  audioCall: { id: 'calls.words.absence.audioCall', defaultMessage: 'Audio call' },
  audioOnly: { id: 'calls.words.absence.audioOnly', defaultMessage: 'Audio only' },
  weakLink: { id: 'calls.words.absence.weakLink', defaultMessage: 'Video paused: weak connection' },
  cameraOff: { id: 'calls.words.absence.cameraOff', defaultMessage: 'Camera off' },
  noVideo: { id: 'calls.words.absence.noVideo', defaultMessage: 'No video yet' },
});

/** Why a person's video is not shown, for the placeholder's words. */
export function videoAbsence(reported: Pick<MediaState, 'audioOnly' | 'cameraOff' | 'audioOnlyReason'> | null, callIsAudio: boolean): MessageDescriptor {
  if (callIsAudio) return ABSENCE_WORDS.audioCall;
  if (reported?.audioOnly) return reported.audioOnlyReason === 'network' ? ABSENCE_WORDS.weakLink : ABSENCE_WORDS.audioOnly;
  if (reported?.cameraOff) return ABSENCE_WORDS.cameraOff;
  return ABSENCE_WORDS.noVideo;
}

export interface Shortcut {
  key: string;
  action: MessageDescriptor;
}

/** The call's keyboard shortcuts (single keys, not while typing in a field). */
export const SHORTCUTS = {
  mute: { key: 'M', action: { id: 'calls.words.shortcut.mute', defaultMessage: 'Mute or unmute your microphone' } },
  camera: { key: 'V', action: { id: 'calls.words.shortcut.camera', defaultMessage: 'Turn your camera off or on' } },
  audioOnly: { key: 'A', action: { id: 'calls.words.shortcut.audioOnly', defaultMessage: 'Audio only, or video back on' } },
  share: { key: 'S', action: { id: 'calls.words.shortcut.share', defaultMessage: 'Share your screen, or stop' } },
  chat: { key: 'C', action: { id: 'calls.words.shortcut.chat', defaultMessage: 'Open or close the chat' } },
  more: { key: 'O', action: { id: 'calls.words.shortcut.more', defaultMessage: 'Open or close More (devices, shortcuts)' } },
} satisfies Record<string, Shortcut>;
export type ShortcutName = keyof typeof SHORTCUTS;

/** The shortcut for a key press, or null (typing in a field, a modifier held, another key). */
export function shortcutFor(e: { key: string; ctrlKey: boolean; metaKey: boolean; altKey: boolean; target: unknown }): ShortcutName | null {
  if (e.ctrlKey || e.metaKey || e.altKey) return null;
  const t = e.target as { tagName?: string; isContentEditable?: boolean } | null;
  const tag = t?.tagName?.toLowerCase();
  if (tag === 'input' || tag === 'textarea' || tag === 'select' || t?.isContentEditable) return null;
  const k = e.key.toUpperCase();
  for (const [name, s] of Object.entries(SHORTCUTS)) if (s.key === k) return name as ShortcutName;
  return null;
}

export type Corner = 'top-left' | 'top-right' | 'bottom-left' | 'bottom-right';

/** The corner an arrow key moves the self-view to. */
export function moveCorner(c: Corner, key: string): Corner {
  const [v, h] = c.split('-') as ['top' | 'bottom', 'left' | 'right'];
  if (key === 'ArrowUp') return `top-${h}`;
  if (key === 'ArrowDown') return `bottom-${h}`;
  if (key === 'ArrowLeft') return `${v}-left`;
  if (key === 'ArrowRight') return `${v}-right`;
  return c;
}

/** The corner nearest a point of the stage (a drag of the self-view let go there). */
export function nearestCorner(x: number, y: number, width: number, height: number): Corner {
  return `${y < height / 2 ? 'top' : 'bottom'}-${x < width / 2 ? 'left' : 'right'}`;
}

const NEXT = defineMessages({
  clientWaits: { id: 'calls.prejoin.next.clientWaits', defaultMessage: 'You will wait in the waiting room until your provider lets you in. Please keep this page open.' },
  clientStraight: { id: 'calls.prejoin.next.clientStraight', defaultMessage: 'You go straight into the call with your provider.' },
  clientMaybe: { id: 'calls.prejoin.next.clientMaybe', defaultMessage: 'If your provider is not in yet, you will wait until they let you in. Please keep this page open.' },
  staffRung: {
    id: 'calls.prejoin.next.staffRung',
    defaultMessage:
      'You go into the call at once. The client has been rung in their portal (and sent a join link if they agreed to texts or e-mail); they come straight in when they answer.',
  },
  staffAdmit: {
    id: 'calls.prejoin.next.staffAdmit',
    defaultMessage: 'You go into the call at once. The client waits in the waiting room until you admit them: their name appears here with an Admit button.',
  },
  staffAny: { id: 'calls.prejoin.next.staffAny', defaultMessage: 'You go into the call at once; anyone in the waiting room appears here with an Admit button.' },
});

/** What happens after Join, truthful to the server: who waits and who is rung (PreJoin formats it). */
export function whatHappensNext(audience: Audience, kind: CallKind | null, alreadyAdmitted = false): MessageDescriptor {
  if (audience === 'client') {
    if (kind === 'scheduled' && !alreadyAdmitted) return NEXT.clientWaits;
    if (kind === 'call_now') return NEXT.clientStraight;
    return NEXT.clientMaybe;
  }
  if (kind === 'call_now') return NEXT.staffRung;
  if (kind === 'scheduled') return NEXT.staffAdmit;
  return NEXT.staffAny;
}

export const OUTCOME_WORDS = defineMessages({
  replaced: { id: 'calls.outcome.why.replaced', defaultMessage: 'You joined this call from another window, so this window has left it.' },
  callOver: { id: 'calls.outcome.why.callOver', defaultMessage: 'This call has ended.' },
  roomFull: { id: 'calls.outcome.why.roomFull', defaultMessage: 'This call already has as many people as it can take.' },
  notFound: { id: 'calls.outcome.why.notFound', defaultMessage: 'This call does not exist, or it is not one you can join.' },
  sessionEnded: { id: 'calls.outcome.why.sessionEnded', defaultMessage: 'Your session ended. Sign in again to rejoin.' },
  closed: { id: 'calls.outcome.why.closed', defaultMessage: 'The connection was closed.' },
});

const OUTCOME_BY_CODE: Record<string, MessageDescriptor> = {
  replaced: OUTCOME_WORDS.replaced,
  call_over: OUTCOME_WORDS.callOver,
  // The server's call.error carries no count (only its English names it): the sentence needs none.
  room_full: OUTCOME_WORDS.roomFull,
  not_found: OUTCOME_WORDS.notFound,
  session_ended: OUTCOME_WORDS.sessionEnded,
  closed: OUTCOME_WORDS.closed,
};

/**
 * Why this person is out of the call, by the code of the signalling socket's call.error (or of
 * its closing: the engine's session_ended, closed), in the page's language; the server's own words
 * only for a code this page does not know yet (src/server/modules/calls/signaling.ts).
 */
export function outcomeReason(problem: CallProblem): MessageDescriptor | string {
  return Object.hasOwn(OUTCOME_BY_CODE, problem.code) ? OUTCOME_BY_CODE[problem.code]! : problem.message;
}
