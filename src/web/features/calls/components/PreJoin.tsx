// Before joining: one's own camera, the microphone level, device choice, audio only, a large
// Join button, and what happens next (who waits, who is rung), truthful to the server's rules.
import { useEffect, useRef, useState } from 'react';
import { Link } from 'react-router';
import type { CallKind, CallMode } from '../../../../shared/calls.js';
import { fetchCallRecord, fetchListedCall } from '../api/audience.js';
import { type Audience, whatHappensNext } from '../model/callText.js';
import { DevicePicker, LevelMeter, VideoPreview } from './MediaKit.js';
import type { DeviceList, DevicePreferences, LocalMedia } from '../model/media.js';

/** The call's kind (who waits in the waiting room), or null while unknown. */
function useCallKind(callId: string, audience: Audience): CallKind | null {
  const [kind, setKind] = useState<CallKind | null>(null);
  useEffect(() => {
    let alive = true;
    const read =
      audience === 'staff' ? fetchCallRecord(callId).then((r) => r.kind) : fetchListedCall(audience, callId).then((c) => c?.kind ?? null);
    read.then(
      (k) => alive && setKind(k),
      () => undefined,
    );
    return () => {
      alive = false;
    };
  }, [callId, audience]);
  return kind;
}

interface PreJoinProps {
  callId: string;
  audience: Audience;
  media: LocalMedia;
  devices: DeviceList;
  prefs: DevicePreferences;
  setPrefs: (p: Partial<DevicePreferences>) => void;
  mode: CallMode;
  setMode: (m: CallMode) => void;
  rejoining: boolean;
  onJoin: () => void;
}

export function PreJoin({ callId, audience, media, devices, prefs, setPrefs, mode, setMode, rejoining, onJoin }: PreJoinProps) {
  const kind = useCallKind(callId, audience);
  const join = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (rejoining) join.current?.focus();
  }, [rejoining]);
  return (
    <section className="call-prejoin" aria-labelledby="call-title" data-testid="call-prejoin">
      <div className="call-prejoin-media">
        <div className="call-prejoin-video">
          <VideoPreview stream={mode === 'video' ? media.stream : null} mirrored label="Your camera" testId="prejoin-video" />
          {mode === 'audio' && <p className="call-prejoin-off">Audio only: your camera stays off.</p>}
        </div>
        <LevelMeter stream={media.stream} />
      </div>
      <div className="call-prejoin-side">
        <h1 id="call-title">{rejoining ? 'Join again?' : 'Ready to join?'}</h1>
        {media.error ? (
          <p role="alert" className="call-prejoin-error">
            {media.error}{' '}
            <button type="button" className="btn" onClick={media.retry}>
              Try again
            </button>
          </p>
        ) : (
          <p>Check that you can see yourself and that the microphone level moves when you speak.</p>
        )}
        <button ref={join} type="button" className="call-join" data-testid="join-call" disabled={media.status === 'pending'} onClick={onJoin}>
          {media.status === 'pending' ? 'Starting your camera…' : 'Join call'}
        </button>
        <div className="call-next" data-testid="what-next">
          <h2>What happens next</h2>
          <p>{whatHappensNext(audience, kind, rejoining)}</p>
        </div>
        <label className="call-check">
          <input type="checkbox" checked={mode === 'audio'} onChange={(e) => setMode(e.target.checked ? 'audio' : 'video')} /> Join with audio only (for a weak connection)
        </label>
        <details className="call-prejoin-devices" open={devices.cameras.length + devices.microphones.length > 2 || undefined}>
          <summary>Choose camera, microphone and speaker</summary>
          <DevicePicker devices={devices} value={prefs} onChange={setPrefs} mode={mode} />
        </details>
        <p className="call-prejoin-test">
          <Link to={audience === 'staff' ? '/device-check' : '/portal/device-check'}>Test camera, microphone and network</Link>
        </p>
      </div>
    </section>
  );
}
