// The call page, for staff (/calls/:id) and clients (/portal/calls/:id, signed in or from a join
// link). Before joining: camera and microphone preview and device choice. In the call: everyone's
// video, each person's connection in words, the waiting room (staff admit), mute, camera, screen
// share, audio only, chat (kept only for the call), connection quality and the encryption actually
// negotiated, the start-of-session safety check (staff), and a banner whenever the connection to
// Hearth is lost and being restored.
import { useEffect, useMemo, useRef, useState, useSyncExternalStore, type ReactNode } from 'react';
import { Link, useParams } from 'react-router';
import { CallRecord, type CallEvent, type CallMode } from '../../../shared/calls.js';
import { api, isApiError, session } from '../../api/client.js';
import { checkFile, uploadDocument } from '../documents/upload.js';
import { portalApi, portalSession } from '../portal/client.js';
import { CallEngine, type EngineState, type RemotePeer } from './engine.js';
import { DevicePicker, EncryptionInfo, LevelMeter, QualityIndicator, VideoPreview } from './MediaKit.js';
import { useCallStats, useDevicePreferences, useDevices, useLocalMedia } from './media.js';
import './calls.css';

type Audience = 'staff' | 'client';

const EVENT_WORDS: Record<CallEvent['type'], string> = {
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

export function CallPage({ audience }: { audience: Audience }) {
  const { id = '' } = useParams();
  const [joining, setJoining] = useState(false);
  const [mode, setMode] = useState<CallMode>('video');
  const [prefs, setPrefs] = useDevicePreferences();
  const media = useLocalMedia({ mode, cameraId: prefs.cameraId, microphoneId: prefs.microphoneId });
  const devices = useDevices(media.stream);

  return (
    <div className="call-page" data-testid="call-page" data-call-id={id} data-audience={audience}>
      {!joining ? (
        <section className="call-prejoin" aria-labelledby="call-title">
          <h1 id="call-title">Ready to join?</h1>
          <p>Check that others will see and hear you, then join.</p>
          <VideoPreview stream={media.stream} mirrored label="Your camera" testId="prejoin-video" />
          {media.error && (
            <p role="alert" className="error">
              {media.error} <button type="button" onClick={media.retry}>Try again</button>
            </p>
          )}
          <LevelMeter stream={media.stream} />
          <DevicePicker devices={devices} value={prefs} onChange={setPrefs} mode={mode} />
          <label className="call-audio-only">
            <input type="checkbox" checked={mode === 'audio'} onChange={(e) => setMode(e.target.checked ? 'audio' : 'video')} /> Join with audio only (for a weak connection)
          </label>
          <div className="call-actions">
            <button type="button" className="primary" data-testid="join-call" disabled={media.status === 'pending'} onClick={() => setJoining(true)}>
              Join call
            </button>
            <Link to={audience === 'staff' ? '/device-check' : '/portal/device-check'}>Test camera, microphone and network</Link>
          </div>
        </section>
      ) : (
        <InCall
          callId={id}
          audience={audience}
          stream={media.stream}
          devices={
            <details className="call-devices">
              <summary>Camera and microphone</summary>
              <DevicePicker devices={devices} value={prefs} onChange={setPrefs} mode={mode} />
              {media.error && <p role="alert">{media.error}</p>}
            </details>
          }
        />
      )}
    </div>
  );
}

function useEngine(callId: string, audience: Audience, stream: MediaStream | null): [CallEngine, EngineState] {
  const engine = useMemo(() => new CallEngine(callId, audience === 'staff' ? '/ws' : '/portal/ws', stream), [callId, audience]); // eslint-disable-line react-hooks/exhaustive-deps
  useEffect(() => {
    engine.start();
    return () => engine.leave();
  }, [engine]);
  const state = useSyncExternalStore(engine.subscribe, engine.getState);
  return [engine, state];
}

/** Every 5 minutes while someone else is in the call: a session in a call is in use (no idle sign-out mid-session). */
const KEEPALIVE_MS = 5 * 60_000;

function useCallKeepsSessionAlive(audience: Audience, live: boolean) {
  useEffect(() => {
    if (!live) return;
    const timer = setInterval(() => {
      const done = audience === 'staff' ? api.post('/api/session/keepalive', {}) : portalApi.get('/api/portal/session');
      void done.catch(() => undefined);
    }, KEEPALIVE_MS);
    return () => clearInterval(timer);
  }, [audience, live]);
}

function InCall({ callId, audience, stream, devices }: { callId: string; audience: Audience; stream: MediaStream | null; devices: ReactNode }) {
  const [engine, s] = useEngine(callId, audience, stream);
  // Another camera or microphone chosen mid-call: swapped into every connection, no renegotiation.
  const first = useRef(stream);
  useEffect(() => {
    if (stream && stream !== first.current) void engine.replaceLocal(stream).catch(() => undefined);
  }, [engine, stream]);
  useCallKeepsSessionAlive(audience, s.phase === 'in_call' && s.peers.length > 0);
  const firstPc = s.peers.length ? engine.peerConnections()[0] ?? null : null;
  const stats = useCallStats(firstPc);

  if (s.phase === 'ended') {
    return (
      <section aria-labelledby="call-title" data-testid="call-ended">
        <h1 id="call-title">The call has ended</h1>
        <p>{s.error ?? 'Thank you.'}</p>
        <Link to={audience === 'staff' ? `/calls` : '/portal'}>Back</Link>
      </section>
    );
  }
  if (s.phase === 'refused' || s.phase === 'replaced') {
    return (
      <section aria-labelledby="call-title" data-testid="call-refused">
        <h1 id="call-title">You are not in this call</h1>
        <p role="alert">{s.error ?? 'This call could not be joined.'}</p>
        <Link to={audience === 'staff' ? `/calls` : '/portal'}>Back</Link>
      </section>
    );
  }

  return (
    <section className="call-room" aria-labelledby="call-title">
      <h1 id="call-title" className="visually-hidden">
        Call
      </h1>
      <ConnectionBanner state={s} />
      {s.phase === 'waiting' && (
        <div className="call-waiting" role="status" data-testid="call-waiting">
          <h2>Waiting for your provider</h2>
          <p>You are in the waiting room. Your provider will let you in shortly; please stay on this page.</p>
        </div>
      )}
      {s.phase === 'connecting' && (
        <p role="status" data-testid="call-connecting">
          Connecting…
        </p>
      )}
      <div className="call-grid" data-testid="call-grid">
        <figure className="call-tile">
          <VideoPreview stream={stream} mirrored label="You" testId="local-video" />
          <figcaption>You{s.local.muted ? ' (muted)' : ''}</figcaption>
        </figure>
        {s.peers.map((p) => (
          <PeerTile key={p.peer.peerId} p={p} />
        ))}
      </div>
      {s.phase === 'in_call' && s.peers.length === 0 && <p role="status">{audience === 'staff' ? 'Waiting for the client to join…' : 'Waiting for others to join…'}</p>}
      {audience === 'staff' && s.lobby.length > 0 && (
        <section aria-labelledby="lobby-title" className="call-lobby" data-testid="call-lobby">
          <h2 id="lobby-title">Waiting room</h2>
          <ul>
            {s.lobby.map((p) => (
              <li key={p.peerId}>
                {p.name} is waiting{' '}
                <button type="button" className="primary" onClick={() => engine.admit(p.peerId)}>
                  Admit {p.name}
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}
      {s.phase === 'in_call' && <Controls engine={engine} s={s} audience={audience} callId={callId} />}
      {s.phase === 'in_call' && devices}
      <div className="call-info" data-testid="call-info">
        <QualityIndicator stats={stats} />
        <EncryptionInfo stats={stats} />
      </div>
      {s.phase === 'in_call' && <Chat engine={engine} s={s} audience={audience} callId={callId} />}
      {audience === 'staff' && <StaffPanel callId={callId} live={s.progress} />}
    </section>
  );
}

function ConnectionBanner({ state }: { state: EngineState }) {
  if (state.signaling === 'connected' || state.phase === 'connecting') return null;
  return (
    <p className="call-banner" role="alert" data-testid="call-reconnecting">
      Lost connection — reconnecting… Your video may keep going meanwhile.
    </p>
  );
}

function describePeer(p: RemotePeer): string {
  const c = p.connection;
  if (p.away) return c === 'connected' ? 'connected; their link to Hearth is reconnecting' : 'connection lost, waiting for them to come back';
  if (c === 'connected') return p.reported?.audioOnly ? 'connected, audio only' : 'connected';
  if (c === 'connecting' || c === 'new') return 'connecting…';
  if (c === 'disconnected') return 'connection interrupted, reconnecting…';
  if (c === 'failed') return 'connection failed, retrying…';
  return 'not connected';
}

function PeerTile({ p }: { p: RemotePeer }) {
  const ref = useRef<HTMLVideoElement>(null);
  useEffect(() => {
    const v = ref.current;
    if (!v) return;
    v.srcObject = p.stream;
    if (p.stream) void v.play().catch(() => undefined);
  }, [p.stream]);
  const state = describePeer(p);
  return (
    <figure className="call-tile" data-testid="peer-tile" data-peer-state={p.connection}>
      <video ref={ref} className="video-preview" autoPlay playsInline aria-label={`${p.peer.name || 'Participant'}'s video`} />
      <figcaption>
        {p.peer.name || 'Participant'}
        {p.reported?.muted ? ' (muted)' : ''} — <span data-testid="peer-state">{state}</span>
      </figcaption>
    </figure>
  );
}

function Controls({ engine, s, audience, callId }: { engine: CallEngine; s: EngineState; audience: Audience; callId: string }) {
  const [problem, setProblem] = useState<string | null>(null);
  const run = (fn: () => Promise<void> | void) => {
    setProblem(null);
    void Promise.resolve()
      .then(fn)
      .catch((e: Error) => setProblem(e.name === 'NotAllowedError' ? 'That was not allowed by your browser.' : 'That did not work; try again.'));
  };
  const l = s.local;
  return (
    <div className="call-controls" role="toolbar" aria-label="Call controls">
      <button type="button" aria-pressed={l.muted} onClick={() => run(() => engine.setMuted(!l.muted))}>
        {l.muted ? 'Unmute' : 'Mute'}
      </button>
      {s.mode !== 'audio' && !l.audioOnly && (
        <button type="button" aria-pressed={l.cameraOff} onClick={() => run(() => engine.setCameraOff(!l.cameraOff))}>
          {l.cameraOff ? 'Turn camera on' : 'Turn camera off'}
        </button>
      )}
      {s.mode !== 'audio' && (
        <button type="button" aria-pressed={l.audioOnly} data-testid="audio-only" onClick={() => run(() => engine.setAudioOnly(!l.audioOnly))}>
          {l.audioOnly ? 'Turn video back on' : 'Audio only'}
        </button>
      )}
      {s.mode !== 'audio' && typeof navigator.mediaDevices?.getDisplayMedia === 'function' && (
        <button type="button" aria-pressed={l.sharingScreen} data-testid="share-screen" onClick={() => run(() => engine.shareScreen(!l.sharingScreen))}>
          {l.sharingScreen ? 'Stop sharing' : 'Share screen'}
        </button>
      )}
      {audience === 'staff' ? (
        <button type="button" className="danger" data-testid="end-call" onClick={() => run(async () => void (await api.post(`/api/calls/${callId}/end`, {})))}>
          End call for everyone
        </button>
      ) : (
        <button type="button" className="danger" data-testid="leave-call" onClick={() => run(() => engine.leave())}>
          Leave call
        </button>
      )}
      {problem && <p role="alert">{problem}</p>}
    </div>
  );
}

function Chat({ engine, s, audience, callId }: { engine: CallEngine; s: EngineState; audience: Audience; callId: string }) {
  const [text, setText] = useState('');
  const [fileState, setFileState] = useState<string | null>(null);
  const share = async (file: File) => {
    setFileState(`Sharing ${file.name}…`);
    try {
      const path = audience === 'staff' ? `/api/calls/${callId}/files` : `/api/portal/calls/${callId}/files`;
      const csrfToken = (audience === 'staff' ? session : portalSession).csrfToken;
      const problem = checkFile(file);
      if (problem) return setFileState(problem);
      await uploadDocument(path, file, { csrfToken });
      setFileState(null);
    } catch (e) {
      setFileState(isApiError(e) ? e.message : 'The file could not be shared; try again.');
    }
  };
  return (
    <section className="call-chat" aria-labelledby="chat-title">
      <h2 id="chat-title">Chat</h2>
      <p className="hint">Messages here are not saved after the call.</p>
      <ol aria-live="polite" data-testid="chat-lines">
        {s.chat.map((c, i) =>
          c.file ? (
            <li key={i} data-testid="shared-file">
              <strong>{c.mine ? 'You' : c.name}</strong> shared the file “{c.text}”. It is saved in {audience === 'staff' ? 'the client’s documents' : 'your documents'}.
            </li>
          ) : (
            <li key={i}>
              <strong>{c.mine ? 'You' : c.name}:</strong> {c.text}
            </li>
          ),
        )}
      </ol>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (!text.trim()) return;
          engine.sendChat(text.trim());
          setText('');
        }}
      >
        <label htmlFor="chat-input">Message</label>
        <input id="chat-input" value={text} maxLength={2000} onChange={(e) => setText(e.target.value)} />
        <button type="submit">Send</button>
      </form>
      <div className="call-file">
        <label htmlFor="call-file-input">Share a file (saved to {audience === 'staff' ? 'the client’s documents' : 'your documents'})</label>
        <input
          id="call-file-input"
          type="file"
          data-testid="share-file"
          onChange={(e) => {
            const f = e.target.files?.[0];
            if (f) void share(f);
            e.target.value = '';
          }}
        />
        {fileState && <p role="status">{fileState}</p>}
      </div>
    </section>
  );
}

function StaffPanel({ callId, live }: { callId: string; live: CallEvent[] }) {
  const [record, setRecord] = useState<CallRecord | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [form, setForm] = useState({ location: '', emergencyContactName: '', emergencyContactPhone: '', confirmed: false });
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const load = () =>
    api.get(`/api/calls/${callId}`, CallRecord).then(setRecord, (e: unknown) => setError(isApiError(e) ? e.message : 'Could not load the call record'));
  useEffect(() => {
    void load();
  }, [callId, live.length]); // eslint-disable-line react-hooks/exhaustive-deps

  const save = async () => {
    setFieldErrors({});
    try {
      setRecord(await api.post(`/api/calls/${callId}/safety-check`, form, CallRecord));
    } catch (e) {
      if (isApiError(e)) {
        const errs: Record<string, string> = {};
        for (const i of e.issues ?? []) errs[i.field] = i.message;
        if (e.field && !errs[e.field]) errs[e.field] = e.message;
        setFieldErrors(errs);
      }
    }
  };
  const field = (name: 'location' | 'emergencyContactName' | 'emergencyContactPhone', label: string) => (
    <div className="field">
      <label htmlFor={`safety-${name}`}>{label}</label>
      <input id={`safety-${name}`} value={form[name]} onChange={(e) => setForm({ ...form, [name]: e.target.value })} aria-invalid={!!fieldErrors[name]} aria-describedby={fieldErrors[name] ? `safety-${name}-error` : undefined} />
      {fieldErrors[name] && (
        <p id={`safety-${name}-error`} className="error">
          {fieldErrors[name]}
        </p>
      )}
    </div>
  );
  return (
    <aside className="call-staff" aria-label="Call details">
      {error && <p role="alert">{error}</p>}
      <section aria-labelledby="safety-title" data-testid="safety-check">
        <h2 id="safety-title">Start-of-session safety check</h2>
        {record?.safetyCheck ? (
          <p data-testid="safety-done">
            Confirmed at {new Date(record.safetyCheck.confirmedAt).toLocaleTimeString()}: {record.safetyCheck.location}; emergency contact {record.safetyCheck.emergencyContactName}, {record.safetyCheck.emergencyContactPhone}.
          </p>
        ) : (
          <form
            onSubmit={(e) => {
              e.preventDefault();
              void save();
            }}
          >
            <p>Confirm with the client where they are right now and who to call in an emergency.</p>
            {field('location', 'Client’s current location')}
            {field('emergencyContactName', 'Emergency contact name')}
            {field('emergencyContactPhone', 'Emergency contact phone')}
            <label>
              <input type="checkbox" checked={form.confirmed} onChange={(e) => setForm({ ...form, confirmed: e.target.checked })} /> I confirmed both with the client
            </label>
            {fieldErrors.confirmed && <p className="error">{fieldErrors.confirmed}</p>}
            <button type="submit">Save safety check</button>
          </form>
        )}
      </section>
      <section aria-labelledby="steps-title">
        <h2 id="steps-title">What happened</h2>
        <ol data-testid="call-steps">
          {(record?.events ?? []).map((e, i) => (
            <li key={i}>
              {new Date(e.at).toLocaleTimeString()} — {EVENT_WORDS[e.type]}
              {e.detail ? ` (${e.detail})` : ''}
            </li>
          ))}
        </ol>
      </section>
    </aside>
  );
}
