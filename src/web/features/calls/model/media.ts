// The browser media kit for calls: the devices present (kept current), the person's device
// choices (remembered in this browser; device ids are not health information), and the local
// camera and microphone stream with plain-language errors: what the pre-join needs. The ICE probe,
// the call's stats and the device check's test call are ./link-checks.ts, the stats reduction
// ./stats.ts (no DOM), the components ../components/MediaKit.tsx.
import { useCallback, useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import { defineMessages, type IntlShape, type MessageDescriptor, useIntl } from 'react-intl';
import type { CallMode } from '../../../../shared/calls.js';

// ---- devices ----

export interface MediaDevice {
  deviceId: string;
  /** The browser's label, or "Camera 1" etc. while it hides labels (before permission). */
  label: string;
  /** The browser's label was empty: the person has not allowed access yet. */
  unnamed: boolean;
}
export interface DeviceList {
  cameras: MediaDevice[];
  microphones: MediaDevice[];
  speakers: MediaDevice[];
  /** enumerateDevices has answered at least once. */
  ready: boolean;
  /** The browser can send sound to a chosen speaker (HTMLMediaElement.setSinkId). */
  canChooseSpeaker: boolean;
  error: string | null;
}

// The words of devices and their problems, in the page's language. `what` names the devices a
// call of this mode opens (the camera and microphone for video, the microphone alone for audio).
const w = defineMessages<'unnamed' | 'noApi' | 'listFailed' | 'denied' | 'notFound' | 'busy' | 'gone' | 'unsupported' | 'ended' | 'failed', MessageDescriptor>({
  unnamed: { id: 'calls.media.unnamed', defaultMessage: '{kind, select, videoinput {Camera} audioinput {Microphone} other {Speaker}} {n}' },
  noApi: { id: 'calls.media.noApi', defaultMessage: 'This browser cannot use a camera or microphone on this page.' },
  listFailed: { id: 'calls.media.listFailed', defaultMessage: "Couldn't list your devices: {reason}" },
  denied: {
    id: 'calls.media.denied',
    defaultMessage: "Your browser was not allowed to use your {what, select, video {camera and microphone} other {microphone}}. Allow access in the browser's address bar or site settings, then press Try again.",
  },
  notFound: {
    id: 'calls.media.notFound',
    defaultMessage: '{what, select, video {No camera or microphone was found. Plug one in (or test the microphone only), then press Try again.} other {No microphone was found. Plug one in, then press Try again.}}',
  },
  busy: {
    id: 'calls.media.busy',
    defaultMessage: 'Your {what, select, video {camera and microphone} other {microphone}} could not be started: another app or browser tab may be using it. Close it, then press Try again.',
  },
  gone: { id: 'calls.media.gone', defaultMessage: 'The device you chose is not available any more. Choose another one below.' },
  unsupported: { id: 'calls.media.unsupported', defaultMessage: 'This browser cannot use {what, select, video {a camera and microphone} other {a microphone}} on this page.' },
  ended: {
    id: 'calls.media.ended',
    defaultMessage: 'Your {what, select, video {camera and microphone} other {microphone}} stopped: it was unplugged, switched off, or taken by another app. Press Try again.',
  },
  failed: {
    id: 'calls.media.failed',
    defaultMessage: 'Your {what, select, video {camera and microphone} other {microphone}} could not be started{hasReason, select, yes { ({reason})} other {}}. Press Try again.',
  },
});

export function canChooseSpeaker(): boolean {
  return typeof HTMLMediaElement !== 'undefined' && 'setSinkId' in HTMLMediaElement.prototype;
}

function listOf(all: MediaDeviceInfo[], kind: MediaDeviceKind, intl: IntlShape): MediaDevice[] {
  // Before permission some browsers give one entry per kind with an empty id: nothing to choose.
  return all
    .filter((d) => d.kind === kind && d.deviceId !== '')
    .map((d, i) => ({ deviceId: d.deviceId, label: d.label || intl.formatMessage(w.unnamed, { kind, n: i + 1 }), unnamed: d.label === '' }));
}

/**
 * The cameras, microphones and speakers present, re-read on `devicechange` and whenever
 * `refreshKey` changes (pass the local stream: labels appear once access is granted).
 */
export function useDevices(refreshKey?: unknown): DeviceList {
  const intl = useIntl();
  const [state, setState] = useState<DeviceList>({ cameras: [], microphones: [], speakers: [], ready: false, canChooseSpeaker: canChooseSpeaker(), error: null });
  useEffect(() => {
    const md = typeof navigator !== 'undefined' ? navigator.mediaDevices : undefined;
    if (!md?.enumerateDevices) {
      // No media devices API at all (an insecure page or a very old browser): say so, once.
      queueMicrotask(() => setState((s) => ({ ...s, ready: true, error: intl.formatMessage(w.noApi) })));
      return;
    }
    let live = true;
    const read = () => {
      void md.enumerateDevices().then(
        (all) => {
          if (!live) return;
          setState({
            cameras: listOf(all, 'videoinput', intl),
            microphones: listOf(all, 'audioinput', intl),
            speakers: listOf(all, 'audiooutput', intl),
            ready: true,
            canChooseSpeaker: canChooseSpeaker(),
            error: null,
          });
        },
        (e: unknown) => {
          if (live) setState((s) => ({ ...s, ready: true, error: intl.formatMessage(w.listFailed, { reason: e instanceof Error ? e.message : String(e) }) }));
        },
      );
    };
    read();
    md.addEventListener('devicechange', read);
    return () => {
      live = false;
      md.removeEventListener('devicechange', read);
    };
  }, [refreshKey, intl]);
  return state;
}

// ---- device preferences ----

export interface DevicePreferences {
  cameraId: string | null;
  microphoneId: string | null;
  speakerId: string | null;
}
const PREFS_KEY = 'hearth.calls.devices';
const EMPTY_PREFS: DevicePreferences = { cameraId: null, microphoneId: null, speakerId: null };
const prefListeners = new Set<() => void>();
let prefsCache: { raw: string | null; value: DevicePreferences } | null = null;

function readPrefs(): DevicePreferences {
  let raw: string | null = null;
  try {
    raw = localStorage.getItem(PREFS_KEY);
  } catch {
    return EMPTY_PREFS;
  }
  if (prefsCache && prefsCache.raw === raw) return prefsCache.value;
  let value = EMPTY_PREFS;
  try {
    const o = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
    const s = (v: unknown) => (typeof v === 'string' && v !== '' && v.length < 512 ? v : null);
    value = { cameraId: s(o.cameraId), microphoneId: s(o.microphoneId), speakerId: s(o.speakerId) };
  } catch {
    value = EMPTY_PREFS;
  }
  prefsCache = { raw, value };
  return value;
}

function subscribePrefs(cb: () => void) {
  prefListeners.add(cb);
  // Another tab changing the choice counts too.
  const onStorage = (e: StorageEvent) => {
    if (e.key === PREFS_KEY) cb();
  };
  window.addEventListener('storage', onStorage);
  return () => {
    prefListeners.delete(cb);
    window.removeEventListener('storage', onStorage);
  };
}

/** The person's chosen devices in this browser (null: the browser's default). */
export function useDevicePreferences(): [DevicePreferences, (change: Partial<DevicePreferences>) => void] {
  const prefs = useSyncExternalStore(subscribePrefs, readPrefs, () => EMPTY_PREFS);
  const update = useCallback((change: Partial<DevicePreferences>) => {
    const next = { ...readPrefs(), ...change };
    try {
      localStorage.setItem(PREFS_KEY, JSON.stringify(next));
    } catch {
      // Storage refused (private mode, quota): the choice lasts for this page only.
      prefsCache = { raw: JSON.stringify(next), value: next };
    }
    for (const l of prefListeners) l();
  }, []);
  return [prefs, update];
}

/** A remembered device that is no longer present falls back to the default (null). */
export function presentOr(id: string | null, list: MediaDevice[]): string | null {
  return id !== null && list.some((d) => d.deviceId === id) ? id : null;
}

// ---- local media ----

/** idle: not asked for (enabled: false); pending: waiting for the browser or the person. */
export type LocalMediaStatus = 'idle' | 'pending' | 'ready' | 'error';
export interface LocalMedia {
  stream: MediaStream | null;
  /** A sentence for the person when the camera or microphone could not be opened. */
  error: string | null;
  /** The DOMException name behind `error` (NotAllowedError …), for the caller's choices. */
  errorName: string | null;
  status: LocalMediaStatus;
  /** Ask again (after the person changed a permission or plugged a device in). */
  retry: () => void;
}

/** What went wrong opening the camera or microphone, for the person (in the page's language). */
export function mediaErrorMessage(e: unknown, mode: CallMode, intl: IntlShape): string {
  const what = mode === 'video' ? 'video' : 'audio';
  const name = e instanceof Error || (e && typeof e === 'object' && 'name' in e) ? String((e as { name: unknown }).name) : '';
  switch (name) {
    case 'NotAllowedError':
    case 'PermissionDeniedError':
    case 'SecurityError':
      return intl.formatMessage(w.denied, { what });
    case 'NotFoundError':
    case 'DevicesNotFoundError':
      return intl.formatMessage(w.notFound, { what });
    case 'NotReadableError':
    case 'TrackStartError':
    case 'AbortError':
      return intl.formatMessage(w.busy, { what });
    case 'OverconstrainedError':
    case 'ConstraintNotSatisfiedError':
      return intl.formatMessage(w.gone);
    case 'TypeError':
      return intl.formatMessage(w.unsupported, { what });
    case 'TrackEndedError':
      return intl.formatMessage(w.ended, { what });
    default: {
      const reason = e instanceof Error ? e.message : '';
      return intl.formatMessage(w.failed, { what, hasReason: reason ? 'yes' : 'no', reason });
    }
  }
}

export function mediaConstraints(opts: { mode: CallMode; cameraId?: string | null; microphoneId?: string | null }): MediaStreamConstraints {
  return {
    audio: opts.microphoneId ? { deviceId: { exact: opts.microphoneId } } : true,
    video: opts.mode === 'video' ? (opts.cameraId ? { deviceId: { exact: opts.cameraId } } : true) : false,
  };
}

function stopAll(stream: MediaStream | null) {
  stream?.getTracks().forEach((t) => t.stop());
}

/**
 * The local camera (mode 'video') and microphone, opened with the chosen devices. Tracks are
 * stopped when the choices change and on unmount, so the camera light goes out with the page.
 */
export function useLocalMedia(opts: { mode: CallMode; cameraId?: string | null; microphoneId?: string | null; enabled?: boolean }): LocalMedia {
  const { mode, cameraId = null, microphoneId = null, enabled = true } = opts;
  const intl = useIntl();
  const [attempt, setAttempt] = useState(0);
  const key = `${mode}|${cameraId ?? ''}|${microphoneId ?? ''}|${attempt}`;
  const [result, setResult] = useState<{ key: string; stream: MediaStream | null; error: unknown }>({ key: '', stream: null, error: null });

  useEffect(() => {
    if (!enabled) return;
    let live = true;
    let opened: MediaStream | null = null;
    const md = typeof navigator !== 'undefined' ? navigator.mediaDevices : undefined;
    const open = md?.getUserMedia
      ? md.getUserMedia(mediaConstraints({ mode, cameraId, microphoneId }))
      : Promise.reject(Object.assign(new Error('getUserMedia is not available'), { name: 'TypeError' }));
    open.then(
      (stream) => {
        if (!live) return stopAll(stream);
        opened = stream;
        setResult({ key, stream, error: null });
        // A device unplugged or seized mid-way ends its track: say so instead of freezing.
        for (const t of stream.getTracks())
          t.addEventListener('ended', () => {
            if (live) setResult({ key, stream: null, error: Object.assign(new Error('track ended'), { name: 'TrackEndedError' }) });
          });
      },
      (error: unknown) => {
        if (live) setResult({ key, stream: null, error });
      },
    );
    return () => {
      live = false;
      stopAll(opened);
    };
  }, [enabled, key, mode, cameraId, microphoneId]);

  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  return useMemo(() => {
    if (!enabled) return { stream: null, error: null, errorName: null, status: 'idle' as const, retry };
    if (result.key !== key) return { stream: null, error: null, errorName: null, status: 'pending' as const, retry };
    if (result.error !== null) {
      const e = result.error as { name?: unknown };
      return { stream: null, error: mediaErrorMessage(result.error, mode, intl), errorName: typeof e?.name === 'string' ? e.name : null, status: 'error' as const, retry };
    }
    return { stream: result.stream, error: null, errorName: null, status: 'ready' as const, retry };
  }, [enabled, result, key, mode, retry, intl]);
}
