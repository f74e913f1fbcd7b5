// Camera, microphone and speaker choice for the pre-join screen, the call's More panel and the
// device check: the browser's own selects (components/NativeSelect.tsx), light enough to come with
// the pre-join, and the phone's own picker on a phone.
import type { CallMode } from '../../../../shared/calls.js';
import { FormattedMessage, useIntl, type IntlShape } from 'react-intl';
import { NativeSelect } from '../../../components/NativeSelect.js';
import type { DeviceList, DevicePreferences, MediaDevice } from '../model/media.js';

export interface DevicePickerProps {
  devices: DeviceList;
  value: DevicePreferences;
  onChange: (change: Partial<DevicePreferences>) => void;
  /** 'audio' leaves the camera out. */
  mode?: CallMode;
}

const DEFAULT = '__default__';
/** The browser's own "default"/"communications" entries duplicate our "Automatic" choice. */
const pickable = (list: MediaDevice[]) => list.filter((d) => d.deviceId !== 'default' && d.deviceId !== 'communications');
const optionsOf = (intl: IntlShape, list: MediaDevice[]) => [{ id: DEFAULT, label: intl.formatMessage({ id: 'calls.devices.automatic', defaultMessage: 'Automatic (your system default)' }) }, ...pickable(list).map((d) => ({ id: d.deviceId, label: d.label }))];
const keyOf = (id: string | null, list: MediaDevice[]) => (id !== null && pickable(list).some((d) => d.deviceId === id) ? id : DEFAULT);
const idOf = (key: string) => (key === DEFAULT ? null : key);

/** Camera, microphone and speaker choice: three labelled selects. */
export function DevicePicker({
  devices,
  value,
  onChange,
  mode = 'video',
}: DevicePickerProps) {
  const intl = useIntl();
  const unnamed = [...devices.cameras, ...devices.microphones].some((d) => d.unnamed);
  return (
    <div className="device-picker" data-testid="device-picker" data-ready={devices.ready ? 'true' : 'false'}>
      {devices.error ? <p className="field-error">{devices.error}</p> : null}
      {mode === 'video' ? (
        devices.cameras.length ? (
          <NativeSelect name="camera" label={intl.formatMessage({ id: 'calls.devices.camera', defaultMessage: 'Camera' })} value={keyOf(value.cameraId, devices.cameras)} onChange={(k) => onChange({ cameraId: idOf(k) })} options={optionsOf(intl, devices.cameras)} testId="select-camera" />
        ) : (
          <p className="muted" data-testid="no-camera">
            <FormattedMessage id="calls.devices.cameraState" defaultMessage="Camera: {ready, select, yes {none found.} other {looking…}}" values={{ ready: devices.ready ? 'yes' : 'no' }} />
          </p>
        )
      ) : null}
      {devices.microphones.length ? (
        <NativeSelect name="microphone" label={intl.formatMessage({ id: 'calls.devices.microphone', defaultMessage: 'Microphone' })} value={keyOf(value.microphoneId, devices.microphones)} onChange={(k) => onChange({ microphoneId: idOf(k) })} options={optionsOf(intl, devices.microphones)} testId="select-microphone" />
      ) : (
        <p className="muted" data-testid="no-microphone">
          <FormattedMessage id="calls.devices.microphoneState" defaultMessage="Microphone: {ready, select, yes {none found.} other {looking…}}" values={{ ready: devices.ready ? 'yes' : 'no' }} />
        </p>
      )}
      {devices.canChooseSpeaker && devices.speakers.length ? (
        <NativeSelect name="speaker" label={intl.formatMessage({ id: 'calls.devices.speaker', defaultMessage: 'Speaker' })} value={keyOf(value.speakerId, devices.speakers)} onChange={(k) => onChange({ speakerId: idOf(k) })} options={optionsOf(intl, devices.speakers)} testId="select-speaker" />
      ) : (
        <p className="muted" data-testid="no-speaker-choice">
          <FormattedMessage id="calls.devices.speakerState" defaultMessage="Speaker: {choose, select, yes {your system default (no other speakers listed).} other {this browser always uses your system default speaker.}}" values={{ choose: devices.canChooseSpeaker ? 'yes' : 'no' }} />
        </p>
      )}
      {unnamed ? <p className="muted"><FormattedMessage id="calls.devices.unnamed" defaultMessage="Device names appear once you allow this page to use your camera and microphone." /></p> : null}
    </div>
  );
}
