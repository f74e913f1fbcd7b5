// The one control bar: large buttons with an icon and a word each, a pressed state for the
// toggles, single-key shortcuts (announced with aria-keyshortcuts, listed under More), and the
// red Leave (a client) or End (staff: end for everyone, or leave it open for others).
import { useEffect, useRef, useState } from 'react';
import { FormattedMessage, defineMessages, useIntl, type IntlShape, type MessageDescriptor } from 'react-intl';
import type { CallEngine, EngineState } from '../model/engine.js';
import { type Audience, SHORTCUTS, type ShortcutName, shortcutFor } from '../model/callText.js';
import { Icon, type IconName } from './icons.js';

export type PanelName = 'chat' | 'safety' | 'files' | 'details' | 'more';

function CallButton(props: { icon: IconName; label: string; pressed?: boolean; shortcut?: ShortcutName; onPress: () => void; testId?: string; tone?: 'danger'; expanded?: boolean; controls?: string }) {
  const { icon, label, pressed, shortcut, onPress, testId, tone, expanded, controls } = props;
  return (
    <button
      type="button"
      className={`call-button${tone ? ` ${tone}` : ''}`}
      aria-pressed={pressed}
      aria-expanded={expanded}
      aria-controls={controls}
      aria-keyshortcuts={shortcut ? SHORTCUTS[shortcut].key : undefined}
      data-testid={testId}
      onClick={onPress}
    >
      <Icon name={icon} />
      <span className="call-button-label">{label}</span>
    </button>
  );
}

const WORDS = defineMessages({
  notAllowed: { id: 'calls.controls.notAllowed', defaultMessage: 'That was not allowed by your browser.' },
  failed: { id: 'calls.controls.failed', defaultMessage: 'That did not work; try again.' },
  mute: { id: 'calls.controls.mute', defaultMessage: 'Mute' },
  cameraOff: { id: 'calls.controls.cameraOff', defaultMessage: 'Camera off' },
  audioOnly: { id: 'calls.controls.audioOnly', defaultMessage: 'Audio only' },
  share: { id: 'calls.controls.share', defaultMessage: 'Share screen' },
  chat: { id: 'calls.controls.chat', defaultMessage: '{count, plural, =0 {Chat} other {Chat (#)}}' },
  more: { id: 'calls.controls.more', defaultMessage: 'More' },
  end: { id: 'calls.controls.end', defaultMessage: 'End' },
  leave: { id: 'calls.controls.leave', defaultMessage: 'Leave' },
  toolbar: { id: 'calls.controls.toolbar', defaultMessage: 'Call controls' },
});

/** What a failed control says (the browser refused the screen or camera, or something broke). */
function problemOf(e: unknown, intl: IntlShape): string {
  return intl.formatMessage((e as { name?: string } | null)?.name === 'NotAllowedError' ? WORDS.notAllowed : WORDS.failed);
}

export const canShareScreen = () => typeof navigator !== 'undefined' && typeof navigator.mediaDevices?.getDisplayMedia === 'function';

interface ControlsProps {
  engine: CallEngine;
  s: EngineState;
  audience: Audience;
  panel: PanelName | null;
  togglePanel: (p: PanelName) => void;
  onEnd: () => Promise<void>;
}

export function Controls({ engine, s, audience, panel, togglePanel, onEnd }: ControlsProps) {
  const intl = useIntl();
  const t = (m: MessageDescriptor, values?: Record<string, number>) => intl.formatMessage(m, values);
  const [problem, setProblem] = useState<string | null>(null);
  const [confirmEnd, setConfirmEnd] = useState(false);
  const run = (fn: () => Promise<void> | void) => {
    setProblem(null);
    void Promise.resolve().then(fn).catch((e: unknown) => setProblem(problemOf(e, intl)));
  };
  const l = s.local;
  const video = s.mode !== 'audio';
  // In the waiting room there is nobody to share with or chat to yet.
  const inCall = s.phase === 'in_call';
  const share = video && inCall && canShareScreen();
  const actions: Record<ShortcutName, () => void> = {
    mute: () => run(() => engine.setMuted(!l.muted)),
    camera: () => video && run(() => (l.audioOnly ? engine.setAudioOnly(false) : engine.setCameraOff(!l.cameraOff))),
    audioOnly: () => video && run(() => engine.setAudioOnly(!l.audioOnly)),
    share: () => share && run(() => engine.shareScreen(!l.sharingScreen)),
    chat: () => inCall && togglePanel('chat'),
    more: () => togglePanel('more'),
  };
  const latest = useRef(actions);
  useEffect(() => {
    latest.current = actions;
  });
  useEffect(() => {
    const onKey = (e: globalThis.KeyboardEvent) => {
      const name = shortcutFor(e);
      if (!name || e.repeat) return;
      e.preventDefault();
      latest.current[name]();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  return (
    <div className="call-controls" role="toolbar" aria-label={t(WORDS.toolbar)} data-call-controls="" data-testid="call-controls">
      {problem && (
        <p role="alert" className="call-problem">
          {problem}
        </p>
      )}
      {confirmEnd && <EndChoice onEnd={() => run(onEnd)} onLeave={() => engine.leave()} onCancel={() => setConfirmEnd(false)} />}
      <div className="call-controls-row">
        <CallButton icon={l.muted ? 'micOff' : 'mic'} label={t(WORDS.mute)} pressed={l.muted} shortcut="mute" onPress={actions.mute} testId="mute" />
        {video && <CallButton icon={l.cameraOff || l.audioOnly ? 'cameraOff' : 'camera'} label={t(WORDS.cameraOff)} pressed={l.cameraOff || l.audioOnly} shortcut="camera" onPress={actions.camera} testId="camera" />}
        {video && <CallButton icon="audioOnly" label={t(WORDS.audioOnly)} pressed={l.audioOnly} shortcut="audioOnly" onPress={actions.audioOnly} testId="audio-only" />}
        {share && <CallButton icon="share" label={t(WORDS.share)} pressed={l.sharingScreen} shortcut="share" onPress={actions.share} testId="share-screen" />}
        {inCall && <CallButton icon="chat" label={t(WORDS.chat, { count: s.chat.length })} expanded={panel === 'chat'} controls="call-panel" shortcut="chat" onPress={actions.chat} testId="open-chat" />}
        <CallButton icon="more" label={t(WORDS.more)} expanded={panel === 'more'} controls="call-panel" shortcut="more" onPress={actions.more} testId="open-more" />
        {audience === 'staff' ? (
          <CallButton icon="leave" label={t(WORDS.end)} tone="danger" expanded={confirmEnd} onPress={() => setConfirmEnd((v) => !v)} testId="end-call" />
        ) : (
          <CallButton icon="leave" label={t(WORDS.leave)} tone="danger" onPress={() => engine.leave()} testId="leave-call" />
        )}
      </div>
    </div>
  );
}

/** Staff: end the call for everyone, or leave it open (a colleague or the client stays). */
function EndChoice({ onEnd, onLeave, onCancel }: { onEnd: () => void; onLeave: () => void; onCancel: () => void }) {
  // Focus on Cancel: a stray Enter must not end a session.
  const cancel = useRef<HTMLButtonElement>(null);
  useEffect(() => cancel.current?.focus(), []);
  return (
    <div className="call-end-choice" role="group" aria-labelledby="end-choice-title" data-testid="end-choice" onKeyDown={(e) => e.key === 'Escape' && onCancel()}>
      <p id="end-choice-title">
        <FormattedMessage id="calls.controls.endTitle" defaultMessage="End this call?" />
      </p>
      <button type="button" className="call-choice danger" data-testid="end-call-confirm" onClick={onEnd}>
        <FormattedMessage id="calls.controls.endForAll" defaultMessage="End call for everyone" />
      </button>
      <button type="button" className="call-choice" data-testid="leave-only" onClick={onLeave}>
        <FormattedMessage id="calls.controls.leaveOpen" defaultMessage="Leave, keep the call open" />
      </button>
      <button ref={cancel} type="button" className="call-choice" onClick={onCancel}>
        <FormattedMessage id="calls.controls.cancel" defaultMessage="Cancel" />
      </button>
    </div>
  );
}
