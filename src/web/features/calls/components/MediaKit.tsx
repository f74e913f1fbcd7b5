// Reusable pieces of a call's media, for the device check and the call page: the microphone
// level meter, the video preview, the device picker and the speaker test. The connection's quality
// and encryption are ./LinkInfo.tsx (not on the pre-join, a join link's first screen).
import { useEffect, useId, useRef, useState } from 'react';
import { defineMessages, FormattedMessage, type MessageDescriptor, useIntl } from 'react-intl';
import { useStreamVideo } from './streamVideo.js';
import './calls.css';

type AudioContextCtor = typeof AudioContext;
function audioContextClass(): AudioContextCtor | null {
  if (typeof window === 'undefined') return null;
  return window.AudioContext ?? (window as unknown as { webkitAudioContext?: AudioContextCtor }).webkitAudioContext ?? null;
}

/** RMS of a block of samples as 0..100 over -60..0 dBFS. */
function levelOf(samples: Float32Array): number {
  let sum = 0;
  for (const s of samples) sum += s * s;
  const rms = Math.sqrt(sum / samples.length);
  if (rms <= 0) return 0;
  const db = 20 * Math.log10(rms);
  return Math.max(0, Math.min(100, Math.round(((db + 60) / 60) * 100)));
}

/**
 * The microphone's loudness, ten times a second, as an accessible meter (role="meter" with its
 * value). A browser that keeps audio suspended until the person acts gets a button to start it.
 */
export function LevelMeter({ stream, label: given, testId = 'mic-level' }: { stream: MediaStream | null; label?: string; testId?: string }) {
  const intl = useIntl();
  const label = given ?? intl.formatMessage({ id: 'calls.media.levelLabel', defaultMessage: 'Microphone level' });
  const labelId = useId();
  const [level, setLevel] = useState(0);
  const [suspended, setSuspended] = useState(false);
  const ctxRef = useRef<AudioContext | null>(null);
  const hasAudio = stream !== null && stream.getAudioTracks().length > 0;

  useEffect(() => {
    const Ctx = audioContextClass();
    if (!stream || !hasAudio || !Ctx) return;
    const ctx = new Ctx();
    ctxRef.current = ctx;
    const source = ctx.createMediaStreamSource(stream);
    const analyser = ctx.createAnalyser();
    analyser.fftSize = 1024;
    source.connect(analyser);
    const buf = new Float32Array(analyser.fftSize);
    let shown = -1;
    const timer = setInterval(() => {
      analyser.getFloatTimeDomainData(buf);
      const l = levelOf(buf);
      if (l !== shown) {
        shown = l;
        setLevel(l);
      }
    }, 100);
    const onState = () => setSuspended(ctx.state === 'suspended');
    ctx.addEventListener('statechange', onState);
    void ctx.resume().catch(() => undefined);
    // resume() stays pending while the browser waits for a gesture: check a moment later.
    const check = setTimeout(onState, 600);
    return () => {
      clearInterval(timer);
      clearTimeout(check);
      ctx.removeEventListener('statechange', onState);
      source.disconnect();
      ctxRef.current = null;
      void ctx.close().catch(() => undefined);
      setLevel(0);
    };
  }, [stream, hasAudio]);

  const value = hasAudio ? level : 0;
  return (
    <div className="level-meter">
      <span id={labelId} className="level-label">
        {label}
      </span>
      <div
        role="meter"
        aria-labelledby={labelId}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={value}
        aria-valuetext={hasAudio ? `${value} of 100${value < 5 ? ' (quiet)' : ''}` : 'no microphone'}
        className="meter-track"
        data-testid={testId}
      >
        <div className="meter-fill" style={{ width: `${value}%` }} />
      </div>
      {hasAudio && suspended ? (
        <button type="button" className="btn small" onClick={() => void ctxRef.current?.resume()}>
          <FormattedMessage id="calls.media.startMeter" defaultMessage="Start the level meter" />
        </button>
      ) : null}
    </div>
  );
}

/** A live video element for a stream (muted by default: a preview must not echo). */
export function VideoPreview({
  stream,
  muted = true,
  mirrored = false,
  label,
  testId = 'video-preview',
}: {
  stream: MediaStream | null;
  muted?: boolean;
  /** Mirror like a looking-glass (one's own camera); never for the other person's video. */
  mirrored?: boolean;
  label: string;
  testId?: string;
}) {
  const ref = useStreamVideo(stream, muted);
  return (
    <video
      ref={ref}
      className={`video-preview${mirrored ? ' mirrored' : ''}`}
      autoPlay
      playsInline
      muted={muted}
      aria-label={label}
      data-testid={testId}
      data-live={stream ? 'true' : 'false'}
    />
  );
}

// Camera, microphone and speaker choice: the browser's own selects (./DevicePicker.tsx).
export { DevicePicker } from './DevicePicker.js';

type SinkCapable = HTMLAudioElement & { setSinkId?: (id: string) => Promise<void> };

// Where the tone played, as one select of each sentence (never a phrase glued in): a named speaker,
// a chosen one the browser does not name, the system's default, or the default because this
// browser cannot choose.
const tone = defineMessages<'noAudio' | 'sinkFailed' | 'playing' | 'played' | 'failed', MessageDescriptor>({
  noAudio: { id: 'calls.speaker.noAudio', defaultMessage: 'This browser cannot play a test sound.' },
  sinkFailed: { id: 'calls.speaker.sinkFailed', defaultMessage: 'The chosen speaker could not be used ({reason}). Choose another one.' },
  playing: { id: 'calls.speaker.playing', defaultMessage: 'Playing a tone {where, select, named {on {speaker}} chosen {on the chosen speaker} system {on your system default speaker} other {on your system default speaker (this browser cannot choose a speaker)}}…' },
  played: {
    id: 'calls.speaker.played',
    defaultMessage:
      'Played a tone {where, select, named {on {speaker}} chosen {on the chosen speaker} system {on your system default speaker} other {on your system default speaker (this browser cannot choose a speaker)}}. If you did not hear it, check the volume or choose another speaker.',
  },
  failed: { id: 'calls.speaker.failed', defaultMessage: 'The test sound could not be played ({reason}).' },
});

/**
 * Plays a one-second tone through the chosen speaker (HTMLMediaElement.setSinkId where the
 * browser has it) and says which speaker it used or that the browser cannot choose.
 */
export function SpeakerTest({ speakerId, speakerLabel }: { speakerId: string | null; speakerLabel?: string }) {
  const [state, setState] = useState<{ phase: 'idle' | 'playing' | 'played' | 'error'; text: string }>({ phase: 'idle', text: '' });
  const stopRef = useRef<(() => void) | null>(null);
  const intl = useIntl();
  useEffect(() => () => stopRef.current?.(), []);
  const reason = (e: unknown) => (e instanceof Error ? e.message : String(e));

  async function play() {
    stopRef.current?.();
    const Ctx = audioContextClass();
    if (!Ctx) return setState({ phase: 'error', text: intl.formatMessage(tone.noAudio) });
    const ctx = new Ctx();
    const osc = ctx.createOscillator();
    const gain = ctx.createGain();
    const dest = ctx.createMediaStreamDestination();
    osc.frequency.value = 440;
    // A soft start and end, so the tone does not click.
    gain.gain.setValueAtTime(0, ctx.currentTime);
    gain.gain.linearRampToValueAtTime(0.3, ctx.currentTime + 0.05);
    gain.gain.setValueAtTime(0.3, ctx.currentTime + 0.95);
    gain.gain.linearRampToValueAtTime(0, ctx.currentTime + 1);
    osc.connect(gain).connect(dest);
    const el: SinkCapable = new Audio();
    el.srcObject = dest.stream;
    let done = false;
    const stop = () => {
      if (done) return;
      done = true;
      el.pause();
      el.srcObject = null;
      void ctx.close().catch(() => undefined);
    };
    stopRef.current = stop;
    let where: { where: 'named' | 'chosen' | 'system' | 'fixed'; speaker: string };
    if (typeof el.setSinkId === 'function') {
      try {
        await el.setSinkId(speakerId ?? '');
        where = { where: !speakerId ? 'system' : speakerLabel ? 'named' : 'chosen', speaker: speakerLabel ?? '' };
      } catch (e) {
        stop();
        return setState({ phase: 'error', text: intl.formatMessage(tone.sinkFailed, { reason: reason(e) }) });
      }
    } else {
      where = { where: 'fixed', speaker: '' };
    }
    try {
      await ctx.resume();
      await el.play();
      osc.start();
      osc.stop(ctx.currentTime + 1);
      setState({ phase: 'playing', text: intl.formatMessage(tone.playing, where) });
      osc.addEventListener('ended', () => {
        stop();
        setState({ phase: 'played', text: intl.formatMessage(tone.played, where) });
      });
    } catch (e) {
      stop();
      setState({ phase: 'error', text: intl.formatMessage(tone.failed, { reason: reason(e) }) });
    }
  }

  return (
    <div className="speaker-test" data-testid="speaker-test" data-state={state.phase}>
      <button type="button" className="btn" onClick={() => void play()} disabled={state.phase === 'playing'} data-testid="speaker-test-play">
        <FormattedMessage id="calls.media.playTestSound" defaultMessage="Play a test sound" />
      </button>
      <p role="status" className={state.phase === 'error' ? 'field-error' : 'muted'}>
        {state.text}
      </p>
    </div>
  );
}
