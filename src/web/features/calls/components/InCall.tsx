// In the call: a dark full-viewport room with the stage, the side panel and one control bar;
// the waiting room (a client waits, staff admit) and the "reconnecting" banner sit on the stage.
// When the call ends for this person (left, ended, refused), the page above shows why.
import { useEffect, useLayoutEffect, useMemo, useRef, useState, useSyncExternalStore, type ReactNode } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { endCall, keepSessionAlive } from '../api/audience.js';
import { type Audience } from '../model/callText.js';
import { Controls, type PanelName } from './Controls.js';
import { CallEngine, type CallProblem, type EngineState, type Phase } from '../model/engine.js';
import { QualityIndicator } from './LinkInfo.js';
import { useCallStats } from '../model/link-checks.js';
import { SidePanel } from './Panel.js';
import { Stage } from './Stage.js';
import { AdaptNotice } from './Adaptation.js';
import { useCallRecord } from './StaffSections.js';
import { holdBackgroundWork } from '../../../lib/after-first-screen.js';

export type Outcome = { phase: Extract<Phase, 'left' | 'ended' | 'refused' | 'replaced'>; error: CallProblem | null };

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
      const done = keepSessionAlive(audience);
      void done.catch(() => undefined);
    }, KEEPALIVE_MS);
    return () => clearInterval(timer);
  }, [audience, live]);
}

/**
 * The room covers the whole window: what lies under it (the app's navigation) is made inert so
 * keyboard and screen-reader users stay in the call; dialogs opened later (a ring, the idle
 * warning) are added after and stay usable.
 */
function useInertOutside(ref: React.RefObject<HTMLElement | null>) {
  useLayoutEffect(() => {
    const made: Element[] = [];
    for (let el = ref.current; el && el !== document.body; el = el.parentElement) {
      for (const sib of el.parentElement?.children ?? []) {
        if (sib === el || sib.hasAttribute('inert') || sib.tagName === 'SCRIPT' || sib.tagName === 'STYLE') continue;
        sib.setAttribute('inert', '');
        made.push(sib);
      }
    }
    return () => made.forEach((e) => e.removeAttribute('inert'));
  }, [ref]);
}

const wide = () => typeof window !== 'undefined' && window.matchMedia('(min-width: 900px)').matches;

interface InCallProps {
  callId: string;
  audience: Audience;
  stream: MediaStream | null;
  cameraId: string | null;
  devices: ReactNode;
  onOutcome: (o: Outcome) => void;
}

export function InCall({ callId, audience, stream, cameraId, devices, onOutcome }: InCallProps) {
  const [engine, s] = useEngine(callId, audience, stream);
  const room = useRef<HTMLElement>(null);
  useInertOutside(room);
  // No background download (the service worker's install, code fetched ahead) beside the call's media.
  useEffect(() => holdBackgroundWork(), []);
  // Another camera or microphone chosen mid-call: swapped into every connection, no renegotiation.
  const first = useRef(stream);
  useEffect(() => {
    if (stream && stream !== first.current) void engine.replaceLocal(stream).catch(() => undefined);
  }, [engine, stream]);
  useEffect(() => engine.setCameraPreference(cameraId), [engine, cameraId]);
  useEffect(() => {
    if (s.phase === 'left' || s.phase === 'ended' || s.phase === 'refused' || s.phase === 'replaced') onOutcome({ phase: s.phase, error: s.error });
  }, [s.phase, s.error, onOutcome]);
  useCallKeepsSessionAlive(audience, s.phase === 'in_call' && s.peers.length > 0);
  const firstPc = s.peers.length ? (engine.peerConnections()[0] ?? null) : null;
  const stats = useCallStats(firstPc);
  const staff = useCallRecord(audience === 'staff' ? callId : null, s.progress);
  // Staff start with the panel open on a wide screen (the safety check is the first thing to do).
  const [panel, setPanel] = useState<PanelName | null>(() => (audience === 'staff' && wide() ? 'safety' : null));
  const togglePanel = (p: PanelName) => setPanel((now) => (now === p ? null : p));
  // A window narrowed to a phone's width (a tablet turned): the panel, now a sheet, closes so the video shows.
  useEffect(() => {
    const mq = window.matchMedia('(min-width: 900px)');
    const onChange = () => !mq.matches && setPanel(null);
    mq.addEventListener('change', onChange);
    return () => mq.removeEventListener('change', onChange);
  }, []);
  const intl = useIntl();
  const others = s.peers.map((p) => p.peer.name || intl.formatMessage({ id: 'calls.stage.participant', defaultMessage: 'Participant' }));
  const selfName = s.self?.name ?? intl.formatMessage({ id: 'calls.stage.you', defaultMessage: 'You' });

  return (
    <section ref={room} className={`call-room${panel ? ' panel-open' : ''}`} aria-labelledby="call-title" data-testid="call-room" data-phase={s.phase}>
      <header className="call-top">
        <h1 id="call-title">
          {others.length ? (
            <FormattedMessage id="calls.incall.titleWith" defaultMessage="Call with {names}" values={{ names: intl.formatList(others, { type: 'conjunction' }) }} />
          ) : (
            <FormattedMessage id="calls.incall.title" defaultMessage="Your call" />
          )}
        </h1>
        {s.peers.length > 0 && <QualityIndicator stats={stats} testId="call-quality-short" />}
      </header>
      <ConnectionBanner state={s} />
      <AdaptNotice s={s} engine={engine} />
      <div className="call-body">
        <Stage s={s} selfName={selfName} empty={<StageMessage s={s} audience={audience} />} />
        {audience === 'staff' && s.lobby.length > 0 && <Lobby s={s} engine={engine} />}
        <SidePanel engine={engine} s={s} audience={audience} callId={callId} panel={panel} setPanel={setPanel} stats={stats} devices={devices} staff={audience === 'staff' ? staff : null} />
      </div>
      <Controls engine={engine} s={s} audience={audience} panel={panel} togglePanel={togglePanel} onEnd={async () => void (await endCall(callId), engine.markEnded())} />
    </section>
  );
}

function StageMessage({ s, audience }: { s: EngineState; audience: Audience }) {
  if (s.phase === 'waiting')
    return (
      <div className="call-message" role="status" data-testid="call-waiting">
        <h2>
          <FormattedMessage id="calls.incall.waitingTitle" defaultMessage="Waiting for your provider" />
        </h2>
        <p>
          <FormattedMessage id="calls.incall.waitingText" defaultMessage="You are in the waiting room. Your provider will let you in shortly; please keep this page open." />
        </p>
      </div>
    );
  if (s.phase === 'connecting')
    return (
      <p className="call-message" role="status" data-testid="call-connecting">
        <FormattedMessage id="calls.incall.connecting" defaultMessage="Connecting…" />
      </p>
    );
  return (
    <p className="call-message" role="status">
      <StageWaitingWords s={s} audience={audience} />
    </p>
  );
}

function StageWaitingWords({ s, audience }: { s: EngineState; audience: Audience }) {
  const intl = useIntl();
  if (audience === 'client') return <FormattedMessage id="calls.incall.waitingOthers" defaultMessage="Waiting for others to join…" />;
  if (!s.lobby.length) return <FormattedMessage id="calls.incall.waitingClient" defaultMessage="Waiting for the client to join…" />;
  return (
    <FormattedMessage
      id="calls.incall.inLobby"
      defaultMessage="{count, plural, one {{names} is} other {{names} are}} in the waiting room: admit them when you are ready."
      values={{ count: s.lobby.length, names: intl.formatList(s.lobby.map((p) => p.name), { type: 'conjunction' }) }}
    />
  );
}

function Lobby({ s, engine }: { s: EngineState; engine: CallEngine }) {
  return (
    <section aria-labelledby="lobby-title" className="call-lobby" data-testid="call-lobby">
      <h2 id="lobby-title">
        <FormattedMessage id="calls.incall.lobbyTitle" defaultMessage="Waiting room" />
      </h2>
      <ul>
        {s.lobby.map((p) => (
          <li key={p.peerId}>
            <span>
              <FormattedMessage id="calls.incall.isWaiting" defaultMessage="{name} is waiting" values={{ name: p.name }} />
            </span>
            <button type="button" className="btn primary" onClick={() => engine.admit(p.peerId)}>
              <FormattedMessage id="calls.incall.admit" defaultMessage="Admit {name}" values={{ name: p.name }} />
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}

function ConnectionBanner({ state }: { state: EngineState }) {
  if (state.signaling === 'connected' || state.phase === 'connecting') return null;
  return (
    <p className="call-banner" role="alert" data-testid="call-reconnecting">
      <FormattedMessage id="calls.incall.reconnecting" defaultMessage="Lost connection — reconnecting… Your video may keep going meanwhile." />
    </p>
  );
}
