// Before joining: one's own camera, the microphone level, device choice, audio only, a large
// Join button, and what happens next (who waits, who is rung), truthful to the server's rules.
import { useEffect, useRef, useState } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
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
  const intl = useIntl();
  const join = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (rejoining) join.current?.focus();
  }, [rejoining]);
  return (
    <section className="call-prejoin" aria-labelledby="call-title" data-testid="call-prejoin">
      <div className="call-prejoin-media">
        <div className="call-prejoin-video">
          <VideoPreview stream={mode === 'video' ? media.stream : null} mirrored label={intl.formatMessage({ id: 'calls.prejoin.yourCamera', defaultMessage: 'Your camera' })} testId="prejoin-video" />
          {mode === 'audio' && (
            <p className="call-prejoin-off">
              <FormattedMessage id="calls.prejoin.audioOnlyOff" defaultMessage="Audio only: your camera stays off." />
            </p>
          )}
        </div>
        <LevelMeter stream={media.stream} />
      </div>
      <div className="call-prejoin-side">
        <h1 id="call-title">{rejoining ? (
            <FormattedMessage id="calls.prejoin.joinAgain" defaultMessage="Join again?" />
          ) : (
            <FormattedMessage id="calls.prejoin.ready" defaultMessage="Ready to join?" />
          )}</h1>
        {media.error ? (
          <p role="alert" className="call-prejoin-error">
            {media.error} <button type="button" className="btn" onClick={media.retry}>
              <FormattedMessage id="calls.prejoin.tryAgain" defaultMessage="Try again" />
            </button>
          </p>
        ) : (
          <p>
            <FormattedMessage id="calls.prejoin.check" defaultMessage="Check that you can see yourself and that the microphone level moves when you speak." />
          </p>
        )}
        <button ref={join} type="button" className="call-join" data-testid="join-call" disabled={media.status === 'pending'} onClick={onJoin}>
          {media.status === 'pending' ? (
            <FormattedMessage id="calls.prejoin.starting" defaultMessage="Starting your camera…" />
          ) : (
            <FormattedMessage id="calls.prejoin.join" defaultMessage="Join call" />
          )}
        </button>
        <div className="call-next" data-testid="what-next">
          <h2>
            <FormattedMessage id="calls.prejoin.nextTitle" defaultMessage="What happens next" />
          </h2>
          <p>{intl.formatMessage(whatHappensNext(audience, kind, rejoining))}</p>
        </div>
        <label className="call-check">
          <input type="checkbox" checked={mode === 'audio'} onChange={(e) => setMode(e.target.checked ? 'audio' : 'video')} /> <FormattedMessage id="calls.prejoin.audioOnly" defaultMessage="Join with audio only (for a weak connection)" />
        </label>
        <details className="call-prejoin-devices" open={devices.cameras.length + devices.microphones.length > 2 || undefined}>
          <summary>
            <FormattedMessage id="calls.prejoin.devices" defaultMessage="Choose camera, microphone and speaker" />
          </summary>
          <DevicePicker devices={devices} value={prefs} onChange={setPrefs} mode={mode} />
        </details>
        <p className="call-prejoin-test">
          <Link to={audience === 'staff' ? '/device-check' : '/portal/device-check'}>
            <FormattedMessage id="calls.prejoin.test" defaultMessage="Test camera, microphone and network" />
          </Link>
        </p>
      </div>
    </section>
  );
}
