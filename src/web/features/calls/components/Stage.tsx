// The stage: the other person's video filling it (letterboxed, never cropped), a grid when
// several others are in the call, and one's own video as a small mirrored picture-in-picture that
// can be dragged, or moved with the arrow keys, to any corner. A camera that is off or audio only
// shows the person's initials, not a frozen last frame.
import { useCallback, useState, useSyncExternalStore, type KeyboardEvent, type PointerEvent, type ReactNode } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import type { EngineState, RemotePeer } from '../model/engine.js';
import { describePeer, initialsOf, moveCorner, nearestCorner, showsVideo, videoAbsence, ABSENCE_WORDS, type Corner } from '../model/callText.js';
import { worstQuality } from '../model/quality.js';
import { QualityBadge } from './Adaptation.js';
import { Icon } from './icons.js';
import { useStreamVideo } from './streamVideo.js';
import { useFrameStall } from './useFrameStall.js';

/** The first video track of a stream, re-read when it is muted, unmuted, ended or replaced. */
function useVideoTrackState(stream: MediaStream | null): { readyState: string; muted: boolean } | null {
  const subscribe = useCallback((cb: () => void) => {
    if (!stream) return () => undefined;
    const tracks = new Set<MediaStreamTrack>();
    const watch = () => {
      for (const t of stream.getVideoTracks()) {
        if (tracks.has(t)) continue;
        tracks.add(t);
        t.addEventListener('mute', cb);
        t.addEventListener('unmute', cb);
        t.addEventListener('ended', cb);
      }
      cb();
    };
    watch();
    stream.addEventListener('addtrack', watch);
    stream.addEventListener('removetrack', cb);
    return () => {
      stream.removeEventListener('addtrack', watch);
      stream.removeEventListener('removetrack', cb);
      for (const t of tracks) {
        t.removeEventListener('mute', cb);
        t.removeEventListener('unmute', cb);
        t.removeEventListener('ended', cb);
      }
    };
  }, [stream]);
  const snapshot = () => {
    const t = stream?.getVideoTracks()[0];
    return t ? `${t.readyState}|${t.muted ? 1 : 0}` : '';
  };
  const key = useSyncExternalStore(subscribe, snapshot);
  if (!key) return null;
  const [readyState = 'ended', muted] = key.split('|');
  return { readyState, muted: muted === '1' };
}

function Placeholder({ name, reason }: { name: string; reason: string }) {
  return (
    <div className="call-placeholder" data-testid="video-placeholder">
      <span className="call-initials" aria-hidden="true">
        {initialsOf(name)}
      </span>
      <span className="call-placeholder-reason">{reason}</span>
    </div>
  );
}

function MutedBadge() {
  return (
    <span className="call-badge">
      <Icon name="micOff" size={16} /> <FormattedMessage id="calls.stage.muted" defaultMessage="muted" />
    </span>
  );
}

function PeerTile({ p, callIsAudio }: { p: RemotePeer; callIsAudio: boolean }) {
  const intl = useIntl();
  const ref = useStreamVideo(p.stream);
  const track = useVideoTrackState(p.stream);
  const video = showsVideo({ callIsAudio, reported: p.reported, track });
  // Frames stopped (a weak link, their side not yet heard from): their initials rather than a frozen picture.
  const stalled = useFrameStall(ref, video);
  const name = p.peer.name || intl.formatMessage({ id: 'calls.stage.participant', defaultMessage: 'Participant' });
  return (
    <figure className="call-tile call-remote" data-testid="peer-tile" data-peer={p.peer.peerId} data-peer-state={p.connection} data-video={video ? 'on' : 'off'} data-video-stalled={stalled ? 'true' : undefined}>
      {/* Kept playing while hidden: it carries their voice. */}
      <video ref={ref} className={`call-video${video ? '' : ' call-video-hidden'}`} autoPlay playsInline aria-label={intl.formatMessage({ id: 'calls.stage.theirVideo', defaultMessage: '{name}’s video' }, { name })} />
      {!video && <Placeholder name={name} reason={intl.formatMessage(videoAbsence(p.reported, callIsAudio))} />}
      {video && stalled && <Placeholder name={name} reason={intl.formatMessage(ABSENCE_WORDS.weakLink)} />}
      <figcaption className="call-caption">
        <span className="call-name">{name}</span>
        {p.reported?.muted ? <MutedBadge /> : null}
        <QualityBadge q={p.link?.quality} />
        <span className="call-peer-state" data-testid="peer-state">
          {intl.formatMessage(describePeer(p))}
        </span>
      </figcaption>
    </figure>
  );
}

/** One's own video, mirrored, in a corner; the initials when the camera is off. */
function SelfView({ stream, name, local, callIsAudio, peers }: { stream: MediaStream | null; name: string; local: EngineState['local']; callIsAudio: boolean; peers: RemotePeer[] }) {
  const intl = useIntl();
  const ref = useStreamVideo(stream, true);
  const [corner, setCorner] = useState<Corner>('bottom-right');
  const [drag, setDrag] = useState<{ x: number; y: number; dx: number; dy: number } | null>(null);
  const video = !callIsAudio && !local.audioOnly && !local.cameraOff && (stream?.getVideoTracks().length ?? 0) > 0;
  const onKey = (e: KeyboardEvent) => {
    const next = moveCorner(corner, e.key);
    if (next !== corner) {
      e.preventDefault();
      setCorner(next);
    }
  };
  const onDown = (e: PointerEvent<HTMLElement>) => {
    e.currentTarget.setPointerCapture(e.pointerId);
    setDrag({ x: e.clientX, y: e.clientY, dx: 0, dy: 0 });
  };
  const onMove = (e: PointerEvent) => drag && setDrag({ ...drag, dx: e.clientX - drag.x, dy: e.clientY - drag.y });
  const onUp = (e: PointerEvent<HTMLElement>) => {
    if (!drag) return;
    const stage = e.currentTarget.parentElement?.getBoundingClientRect();
    if (stage && Math.abs(drag.dx) + Math.abs(drag.dy) > 8) setCorner(nearestCorner(e.clientX - stage.left, e.clientY - stage.top, stage.width, stage.height));
    setDrag(null);
  };
  return (
    <div
      className={`call-tile call-self call-self-${corner}${drag ? ' dragging' : ''}`}
      data-peer="self"
      data-corner={corner}
      tabIndex={0}
      role="group"
      aria-label={intl.formatMessage(
        { id: 'calls.stage.selfLabel', defaultMessage: 'Your video, {corner, select, topleft {top left} topright {top right} bottomleft {bottom left} other {bottom right}} corner. Arrow keys move it to another corner.' },
        { corner: corner.replace('-', '') },
      )}
      style={drag ? { transform: `translate(${drag.dx}px, ${drag.dy}px)` } : undefined}
      onKeyDown={onKey}
      onPointerDown={onDown}
      onPointerMove={onMove}
      onPointerUp={onUp}
      onPointerCancel={() => setDrag(null)}
    >
      <video ref={ref} className={`call-video mirrored${video ? '' : ' call-video-hidden'}`} autoPlay playsInline muted aria-label={intl.formatMessage({ id: 'calls.stage.yourVideo', defaultMessage: 'Your video' })} data-testid="local-video" data-live={video ? 'true' : 'false'} />
      {!video && <Placeholder name={name} reason={intl.formatMessage(videoAbsence({ audioOnly: local.audioOnly, cameraOff: true, audioOnlyReason: local.audioOnlyReason }, callIsAudio))} />}
      <div className="call-caption">
        <span className="call-name">
          <FormattedMessage id="calls.stage.you" defaultMessage="You" />
        </span>
        {local.muted ? <MutedBadge /> : null}
        <QualityBadge compact q={worstQuality(peers.map((p) => p.link?.quality ?? 'unknown'))} />
      </div>
    </div>
  );
}

export function Stage({ s, selfName, empty }: { s: EngineState; selfName: string; empty: ReactNode }) {
  const callIsAudio = s.mode === 'audio';
  const count = s.peers.length;
  return (
    <div className="call-stage" data-call-stage="" data-testid="call-grid" data-count={count}>
      <div className={`call-grid call-grid-${Math.min(count, 4)}`}>
        {s.peers.map((p) => (
          <PeerTile key={p.peer.peerId} p={p} callIsAudio={callIsAudio} />
        ))}
        {count === 0 && <div className="call-empty">{empty}</div>}
      </div>
      <SelfView stream={s.localStream} name={selfName} local={s.local} callIsAudio={callIsAudio} peers={s.peers} />
    </div>
  );
}
