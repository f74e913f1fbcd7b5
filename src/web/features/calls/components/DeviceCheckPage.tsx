// "Test your camera, microphone and network": the person sees themselves, watches the microphone
// level move, plays a tone on their speaker, chooses devices (remembered in this browser), and
// learns in words whether calls can reach them directly and through the relay. The same page
// serves staff (/device-check) and portal clients (/portal/device-check); only where the ICE
// configuration comes from differs.
import { type ReactNode, useEffect, useId, useRef, useState } from 'react';
import { Button } from 'react-aria-components';
import { defineMessages, type IntlShape, type MessageDescriptor, useIntl } from 'react-intl';
import { type CallMode, type IceConfig } from '../../../../shared/calls.js';
import { isApiError } from '../../../api/client.js';
import { apiProblemText } from '../../../components/problemText.js';
import { loadIce } from '../api/audience.js';
import { type FetchPad, fetchPad } from '../api/pathCheck.js';
import { ConnectionCheck } from './ConnectionCheck.js';
import { DevicePicker, LevelMeter, SpeakerTest, VideoPreview } from './MediaKit.js';
import { EncryptionInfo, QualityIndicator } from './LinkInfo.js';
import { type MediaDevice, presentOr, useDevicePreferences, useDevices, useLocalMedia } from '../model/media.js';
import { gatherIce, type Loopback, startLoopback, useCallStats } from '../model/link-checks.js';
import { type CallStats, describeIceResult, type IceGatherResult, type PathVerdict, readCallStats } from '../model/stats.js';

export type LoadIce = (signal: AbortSignal) => Promise<IceConfig>;

/** How long the network step waits for candidates before reporting what it has. */
export const ICE_CHECK_MS = 10_000;

/** Before permission the lists are empty: keep the remembered choice until they fill. */
const chosen = (id: string | null, list: MediaDevice[]) => (list.length === 0 ? id : presentOr(id, list));

const OK_MARK = '✓';
const BAD_MARK = '✗';

export function DeviceCheckPage({ loadIce, fetchPad }: { loadIce: LoadIce; fetchPad: FetchPad }) {
  const intl = useIntl();
  const [prefs, setPrefs] = useDevicePreferences();
  const [mode, setMode] = useState<CallMode>('video');
  const [mediaKey, setMediaKey] = useState<MediaStream | null>(null);
  const devices = useDevices(mediaKey);
  const cameraId = chosen(prefs.cameraId, devices.cameras);
  const microphoneId = chosen(prefs.microphoneId, devices.microphones);
  const speakerId = chosen(prefs.speakerId, devices.speakers);
  const media = useLocalMedia({ mode, cameraId, microphoneId });
  const stream = media.stream;
  // Device names appear once access is granted: list again when a stream opens.
  useEffect(() => {
    if (stream) queueMicrotask(() => setMediaKey(stream));
  }, [stream]);
  const videoTrack = stream?.getVideoTracks()[0] ?? null;
  const audioTrack = stream?.getAudioTracks()[0] ?? null;

  return (
    <div className="device-check" data-testid="device-check" data-media={media.status}>
      <h1>{intl.formatMessage({ id: 'calls.check.title', defaultMessage: 'Test your camera, microphone and network' })}</h1>
      <p>{intl.formatMessage({ id: 'calls.check.intro', defaultMessage: 'Check everything works before a video call. Nothing you see or say here is recorded or sent anywhere.' })}</p>

      <Step title={intl.formatMessage({ id: 'calls.check.devices', defaultMessage: 'Your devices' })} testId="step-devices">
        <DevicePicker devices={devices} value={{ cameraId, microphoneId, speakerId }} onChange={setPrefs} mode={mode} />
        <p className="muted">{intl.formatMessage({ id: 'calls.check.remembered', defaultMessage: 'Your choices are remembered on this device for your calls.' })}</p>
      </Step>

      <Step title={mode === 'video' ? intl.formatMessage({ id: 'calls.check.camera', defaultMessage: 'Camera' }) : intl.formatMessage({ id: 'calls.check.cameraNotTested', defaultMessage: 'Camera (not tested)' })} testId="step-camera">
        <div role="status" data-testid="camera-status" data-state={media.status}>
          {media.status === 'pending' ? <p>{mode === 'video' ? intl.formatMessage({ id: 'calls.check.startingBoth', defaultMessage: 'Checking… starting your camera and microphone.' }) : intl.formatMessage({ id: 'calls.check.startingMic', defaultMessage: 'Checking… starting your microphone.' })}</p> : null}
          {media.status === 'error' ? <p className="field-error">{media.error}</p> : null}
          {media.status === 'ready' && mode === 'video' ? (
            <p className="check-outcome check-ok">
              <span className="mark" aria-hidden="true">
                {OK_MARK}
              </span>
              {videoTrack ? intl.formatMessage({ id: 'calls.check.cameraOn', defaultMessage: 'Your camera is on ({label}). You should see yourself below.' }, { label: videoTrack.label || intl.formatMessage({ id: 'calls.check.cameraFallback', defaultMessage: 'camera' }) }) : intl.formatMessage({ id: 'calls.check.cameraDidNotStart', defaultMessage: 'Your camera did not start.' })}
            </p>
          ) : null}
          {mode === 'audio' ? <p>{intl.formatMessage({ id: 'calls.check.micOnly', defaultMessage: 'Testing the microphone only.' })}</p> : null}
        </div>
        {mode === 'video' ? <VideoPreview stream={stream} mirrored label={intl.formatMessage({ id: 'calls.check.yourCamera', defaultMessage: 'Your camera' })} testId="camera-preview" /> : null}
        <div className="actions">
          {media.status === 'error' ? (
            <Button className="btn" onPress={media.retry} data-testid="media-retry">
              {intl.formatMessage({ id: 'calls.check.tryAgain', defaultMessage: 'Try again' })}
            </Button>
          ) : null}
          {mode === 'video' && media.status === 'error' && media.errorName === 'NotFoundError' ? (
            <Button className="btn" onPress={() => setMode('audio')}>
              {intl.formatMessage({ id: 'calls.check.testMicOnly', defaultMessage: 'Test the microphone only' })}
            </Button>
          ) : null}
          {mode === 'audio' ? (
            <Button className="btn" onPress={() => setMode('video')}>
              {intl.formatMessage({ id: 'calls.check.testCameraToo', defaultMessage: 'Test the camera too' })}
            </Button>
          ) : null}
        </div>
      </Step>

      <Step title={intl.formatMessage({ id: 'calls.check.microphone', defaultMessage: 'Microphone' })} testId="step-microphone">
        <p>
          {audioTrack
            ? audioTrack.label
              ? intl.formatMessage({ id: 'calls.check.sayNamed', defaultMessage: 'Say something: the bar moves when {label} hears you.' }, { label: audioTrack.label })
              : intl.formatMessage({ id: 'calls.check.say', defaultMessage: 'Say something: the bar moves when your microphone hears you.' })
            : media.status === 'pending'
              ? intl.formatMessage({ id: 'calls.check.waitingMic', defaultMessage: 'Checking… waiting for your microphone.' })
              : intl.formatMessage({ id: 'calls.check.micOff', defaultMessage: 'Your microphone is not on.' })}
        </p>
        <LevelMeter stream={stream} />
      </Step>

      <Step title={intl.formatMessage({ id: 'calls.check.speaker', defaultMessage: 'Speaker' })} testId="step-speaker">
        <p>{intl.formatMessage({ id: 'calls.check.speakerHelp', defaultMessage: 'Play a short tone to check you can hear the other person.' })}</p>
        <SpeakerTest speakerId={speakerId} speakerLabel={devices.speakers.find((d) => d.deviceId === speakerId)?.label} />
      </Step>

      <Step title={intl.formatMessage({ id: 'calls.check.connection.title', defaultMessage: 'Connection' })} testId="step-connection">
        <ConnectionCheck fetchPad={fetchPad} loadIce={loadIce} />
      </Step>

      <Step title={intl.formatMessage({ id: 'calls.check.network', defaultMessage: 'Network' })} testId="step-network">
        <NetworkCheck loadIce={loadIce} />
      </Step>

      <Step title={intl.formatMessage({ id: 'calls.check.testCall', defaultMessage: 'Test call on this device' })} testId="step-test-call">
        <TestCall stream={stream} />
      </Step>
    </div>
  );
}

function Step({ title, testId, children }: { title: string; testId: string; children: ReactNode }) {
  const id = useId();
  return (
    <section className="card check-step" aria-labelledby={id} data-testid={testId}>
      <h2 id={id}>{title}</h2>
      {children}
    </section>
  );
}

type NetState =
  | { run: number; phase: 'config' }
  | { run: number; phase: 'gathering' }
  | { run: number; phase: 'error'; message: string }
  | { run: number; phase: 'done'; result: IceGatherResult; relayOnly: boolean };

const netErrors = defineMessages<'notOffered' | 'config' | 'run' | 'noWebRtc', MessageDescriptor>({
  notOffered: {
    id: 'calls.check.net.notOffered',
    defaultMessage: "Couldn't get the connection settings: the server does not offer them yet (it answered 404). Calls cannot be checked from here until it does.",
  },
  config: { id: 'calls.check.net.configFailed', defaultMessage: "Couldn't get the connection settings: {reason}" },
  run: { id: 'calls.check.net.runFailed', defaultMessage: 'The network check could not run: {reason}' },
  noWebRtc: { id: 'calls.check.noWebRtc', defaultMessage: 'this browser cannot make video calls' },
});

function iceConfigError(e: unknown, intl: IntlShape): string {
  if (isApiError(e) && e.status === 404) return intl.formatMessage(netErrors.notOffered);
  return intl.formatMessage(netErrors.config, { reason: isApiError(e) ? apiProblemText(intl, e) : checkReason(e, intl) });
}

/**
 * Why a check in this browser failed, for the sentences around it: the browser's own words (it
 * words its errors in its language), but a browser without WebRTC in the page's (the check's
 * English, or the engine's "RTCPeerConnection is not defined", would be all it said).
 */
function checkReason(e: unknown, intl: IntlShape): string {
  if (typeof RTCPeerConnection === 'undefined') return intl.formatMessage(netErrors.noWebRtc);
  return e instanceof Error ? e.message : String(e);
}

/** Fetch the ICE configuration, gather candidates, say which paths work. */
export function NetworkCheck({ loadIce, timeoutMs = ICE_CHECK_MS }: { loadIce: LoadIce; timeoutMs?: number }) {
  const intl = useIntl();
  const [run, setRun] = useState(0);
  const [state, setState] = useState<NetState>({ run: -1, phase: 'config' });

  useEffect(() => {
    const ac = new AbortController();
    (async () => {
      let config: IceConfig;
      try {
        config = await loadIce(ac.signal);
      } catch (e) {
        if (!ac.signal.aborted) setState({ run, phase: 'error', message: iceConfigError(e, intl) });
        return;
      }
      if (ac.signal.aborted) return;
      setState({ run, phase: 'gathering' });
      try {
        const result = await gatherIce(config, timeoutMs, ac.signal);
        setState({ run, phase: 'done', result, relayOnly: config.iceTransportPolicy === 'relay' });
      } catch (e) {
        if (!ac.signal.aborted) setState({ run, phase: 'error', message: intl.formatMessage(netErrors.run, { reason: checkReason(e, intl) }) });
      }
    })().catch(() => undefined);
    return () => ac.abort();
  }, [run, loadIce, timeoutMs, intl]);

  const current: NetState = state.run === run ? state : { run, phase: 'config' };
  const busy = current.phase === 'config' || current.phase === 'gathering';
  const final = current.phase === 'done' ? 'done' : current.phase === 'error' ? 'error' : 'checking';
  return (
    <div data-testid="network-check" data-state={final}>
      <div role="status">
        {current.phase === 'config' ? <p>{intl.formatMessage({ id: 'calls.check.net.config', defaultMessage: 'Checking… getting the connection settings.' })}</p> : null}
        {current.phase === 'gathering' ? (
          <p>
            {intl.formatMessage(
              { id: 'calls.check.net.gathering', defaultMessage: 'Checking… looking for ways to connect (up to {seconds} seconds).' },
              { seconds: Math.round(timeoutMs / 1000) },
            )}
          </p>
        ) : null}
        {current.phase === 'error' ? (
          <p className="check-outcome check-bad" data-testid="network-error">
            <span className="mark" aria-hidden="true">
              {BAD_MARK}
            </span>
            {current.message}
          </p>
        ) : null}
        {current.phase === 'done' ? <NetworkOutcome result={current.result} relayOnly={current.relayOnly} /> : null}
      </div>
      <Button className="btn" onPress={() => setRun((n) => n + 1)} isDisabled={busy} data-testid="network-retry">
        {intl.formatMessage({ id: 'calls.check.net.again', defaultMessage: 'Test again' })}
      </Button>
    </div>
  );
}

const MARKS: Record<PathVerdict['state'], { mark: string; cls: string }> = {
  reachable: { mark: '✓', cls: 'check-ok' },
  limited: { mark: '!', cls: 'check-warn' },
  not_configured: { mark: '–', cls: 'check-warn' },
  unreachable: { mark: '✗', cls: 'check-bad' },
};

function NetworkOutcome({ result, relayOnly }: { result: IceGatherResult; relayOnly: boolean }) {
  const intl = useIntl();
  const { direct, relay } = describeIceResult(result, intl);
  const line = (v: PathVerdict, testId: string) => (
    <p className={`check-outcome ${MARKS[v.state].cls}`} data-testid={testId} data-state={v.state}>
      <span className="mark" aria-hidden="true">
        {MARKS[v.state].mark}
      </span>
      {v.text}
    </p>
  );
  return (
    <>
      <h3 className="check-question">{intl.formatMessage({ id: 'calls.check.net.question', defaultMessage: 'Can your device reach our video relay?' })}</h3>
      {line(relay, 'network-relay')}
      {line(direct, 'network-direct')}
      {relayOnly ? (
        <p className="notice">
          {relay.state === 'reachable'
            ? intl.formatMessage({
                id: 'calls.check.net.relayOnlyOk',
                defaultMessage: 'Your practice sends every call through the video relay, and your device reaches it: calls should connect.',
              })
            : intl.formatMessage({
                id: 'calls.check.net.relayOnlyBad',
                defaultMessage: 'Your practice sends every call through the video relay, and your device could not reach it: calls may not connect from this network.',
              })}
        </p>
      ) : null}
      <details className="check-details" data-testid="network-details">
        <summary>{intl.formatMessage({ id: 'calls.check.net.detailsIt', defaultMessage: 'Details for IT' })}</summary>
        <ul>
          <li data-testid="network-relay-detail">{relay.detail}</li>
          <li data-testid="network-direct-detail">{direct.detail}</li>
          <li>
            {intl.formatMessage(
              { id: 'calls.check.net.policy', defaultMessage: 'ICE transport policy: {relayOnly, select, yes {relay only} other {all}}.' },
              { relayOnly: relayOnly ? 'yes' : 'no' },
            )}
          </li>
          {result.serverErrors.slice(0, 10).map((e, i) => (
            <li key={i}>{e}</li>
          ))}
        </ul>
      </details>
    </>
  );
}

/** How long the test call runs before its figures are read. */
export const TEST_CALL_MS = 5000;

type TestCallState = { phase: 'idle' } | { phase: 'running'; loop: Loopback } | { phase: 'done'; stats: CallStats; withVideo: boolean } | { phase: 'error'; message: string };

/**
 * Sends the camera and microphone from this page to itself over a real peer connection (no
 * server): shows the quality and the encryption a call negotiates in this browser.
 */
export function TestCall({ stream, durationMs = TEST_CALL_MS }: { stream: MediaStream | null; durationMs?: number }) {
  const intl = useIntl();
  const [state, setState] = useState<TestCallState>({ phase: 'idle' });
  const loopRef = useRef<Loopback | null>(null);
  useEffect(() => () => loopRef.current?.close(), []);
  const live = useCallStats(state.phase === 'running' ? state.loop.receiver : null, 1000);

  async function run() {
    if (!stream) return;
    loopRef.current?.close();
    try {
      const loop = await startLoopback(stream);
      loopRef.current = loop;
      setState({ phase: 'running', loop });
      await new Promise((r) => setTimeout(r, durationMs));
      const stats = await readCallStats(loop.receiver);
      loop.close();
      setState({ phase: 'done', stats, withVideo: stream.getVideoTracks().length > 0 });
    } catch (e) {
      loopRef.current?.close();
      setState({ phase: 'error', message: intl.formatMessage(
          { id: 'calls.check.test.failed', defaultMessage: 'The test call could not run: {reason}' },
          { reason: checkReason(e, intl) },
        ),
      });
    }
  }

  const stats = state.phase === 'done' ? state.stats : state.phase === 'running' ? live : null;
  const v = stats?.video ?? null;
  const arrived = state.phase === 'done' && (state.withVideo ? (v?.framesDecoded ?? 0) > 0 : (state.stats.audio?.bytesReceived ?? 0) > 0);
  const what = state.phase === 'done' && !state.withVideo ? 'sound' : 'video';
  return (
    <div data-testid="test-call" data-state={state.phase}>
      <p>
        {intl.formatMessage(
          { id: 'calls.check.test.intro', defaultMessage: 'Sends your camera and microphone from this page to itself, encrypted as in a call, for {seconds} seconds.' },
          { seconds: Math.round(durationMs / 1000) },
        )}
      </p>
      <div role="status">
        {state.phase === 'running' ? <p>{intl.formatMessage({ id: 'calls.check.test.running', defaultMessage: 'Checking… test call running.' })}</p> : null}
        {state.phase === 'error' ? <p className="field-error">{state.message}</p> : null}
        {state.phase === 'done' ? (
          <p className={`check-outcome ${arrived ? 'check-ok' : 'check-bad'}`} data-testid="test-call-result" data-arrived={arrived ? 'true' : 'false'}>
            <span className="mark" aria-hidden="true">
              {arrived ? OK_MARK : BAD_MARK}
            </span>
            {arrived
              ? intl.formatMessage(
                  {
                    id: 'calls.check.test.arrived',
                    defaultMessage:
                      'Test call finished: {what, select, sound {sound} other {video}} arrived{size, select, none {} other { at {size}}}{fps, select, none {} other {, {fps} frames per second}}.',
                  },
                  {
                    what,
                    size: v?.frameWidth && v.frameHeight ? `${v.frameWidth}×${v.frameHeight}` : 'none',
                    fps: v?.framesPerSecond ? String(Math.round(v.framesPerSecond)) : 'none',
                  },
                )
              : intl.formatMessage(
                  { id: 'calls.check.test.none', defaultMessage: 'Test call finished: no {what, select, sound {sound} other {video}} arrived.' },
                  { what },
                )}
          </p>
        ) : null}
      </div>
      {stats ? (
        <>
          <QualityIndicator stats={stats} />
          <EncryptionInfo stats={stats} />
        </>
      ) : null}
      <Button className="btn" onPress={() => void run()} isDisabled={!stream || state.phase === 'running'} data-testid="test-call-run">
        {state.phase === 'idle'
          ? intl.formatMessage({ id: 'calls.check.test.run', defaultMessage: 'Run a test call' })
          : intl.formatMessage({ id: 'calls.check.test.again', defaultMessage: 'Run it again' })}
      </Button>
    </div>
  );
}

const loadStaffIce: LoadIce = loadIce('staff');
const loadPortalIce: LoadIce = loadIce('client');
const staffPad = fetchPad('staff');
const portalPad = fetchPad('client');

/** /device-check in the staff app. */
export function StaffDeviceCheckPage() {
  return <DeviceCheckPage loadIce={loadStaffIce} fetchPad={staffPad} />;
}

/** /portal/device-check: the same check with the ICE configuration from the portal's API. */
export function PortalDeviceCheckPage() {
  return <DeviceCheckPage loadIce={loadPortalIce} fetchPad={portalPad} />;
}
