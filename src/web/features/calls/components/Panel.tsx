// The call's side panel: chat, files, (staff) the safety check, connection details and what
// happened, and More (devices, keyboard shortcuts). Beside the video on a wide screen, a sheet
// over the video on a phone; it collapses. Every section stays mounted (hidden when not shown),
// so a half-typed message or safety check survives switching.
import { useState, type ReactNode } from 'react';
import { FormattedMessage, defineMessages, useIntl, type IntlShape, type MessageDescriptor } from 'react-intl';
import { Link } from 'react-router';
import type { CallRecord } from '../../../../shared/calls.js';
import { fieldReason, isApiError } from '../../../api/client.js';
import { apiProblemText } from '../../../components/problemText.js';
import { csrfTokenOf } from '../api/audience.js';
import { checkFile, uploadDocument } from '../../documents/index.js';
import type { CallEngine, EngineState } from '../model/engine.js';
import { type Audience, describePeer, SHORTCUTS } from '../model/callText.js';
import type { PanelName } from './Controls.js';
import { Icon, type IconName } from './icons.js';
import { EncryptionInfo, QualityIndicator } from './LinkInfo.js';
import { LinkFigures, QualityBadge } from './Adaptation.js';
import type { CallStats } from '../model/stats.js';
import { SafetySection, WhatHappened } from './StaffSections.js';

// Punctuation between a name and what follows (marks, not words).
const COLON = ':';
const SPACE = ' ';

const LABELS = defineMessages({
  chat: { id: 'calls.panel.tab.chat', defaultMessage: 'Chat' },
  safety: { id: 'calls.panel.tab.safety', defaultMessage: 'Safety' },
  files: { id: 'calls.panel.tab.files', defaultMessage: 'Files' },
  details: { id: 'calls.panel.tab.details', defaultMessage: 'Details' },
  more: { id: 'calls.panel.tab.more', defaultMessage: 'Settings' },
});
const TABS: { name: PanelName; label: MessageDescriptor; icon: IconName; staffOnly?: boolean }[] = [
  { name: 'chat', label: LABELS.chat, icon: 'chat' },
  { name: 'safety', label: LABELS.safety, icon: 'shield', staffOnly: true },
  { name: 'files', label: LABELS.files, icon: 'file' },
  { name: 'details', label: LABELS.details, icon: 'details' },
  { name: 'more', label: LABELS.more, icon: 'more' },
];

export interface PanelProps {
  engine: CallEngine;
  s: EngineState;
  audience: Audience;
  callId: string;
  panel: PanelName | null;
  setPanel: (p: PanelName | null) => void;
  stats: CallStats | null;
  devices: ReactNode;
  staff: { record: CallRecord | null; setRecord: (r: CallRecord) => void; error: string | null } | null;
}

export function SidePanel(props: PanelProps) {
  const { audience, panel, setPanel } = props;
  const intl = useIntl();
  const tabs = TABS.filter((t) => !t.staffOnly || audience === 'staff');
  const label = tabs.find((t) => t.name === panel)?.label;
  const title = label ? intl.formatMessage(label) : intl.formatMessage({ id: 'calls.panel.title', defaultMessage: 'Call panel' });
  return (
    <aside id="call-panel" className="call-panel" aria-label={title} hidden={panel === null} data-testid="call-panel" data-panel={panel ?? 'closed'}>
      <div className="call-panel-head">
        <div className="call-panel-tabs" role="group" aria-label={intl.formatMessage({ id: 'calls.panel.sections', defaultMessage: 'Panel sections' })}>
          {tabs.map((t) => (
            <button key={t.name} type="button" className="call-tab" aria-pressed={panel === t.name} onClick={() => setPanel(t.name)} data-testid={`panel-${t.name}`}>
              {intl.formatMessage(t.label)}
            </button>
          ))}
        </div>
        <button type="button" className="call-panel-close" onClick={() => setPanel(null)} data-testid="close-panel">
          <Icon name="close" size={20} />
          <span className="visually-hidden">
            <FormattedMessage id="calls.panel.close" defaultMessage="Close the panel" />
          </span>
        </button>
      </div>
      <div className="call-panel-body">
        <div hidden={panel !== 'chat'}>
          <ChatSection engine={props.engine} s={props.s} />
        </div>
        {props.staff && (
          <div hidden={panel !== 'safety'}>
            <SafetySection callId={props.callId} record={props.staff.record} setRecord={props.staff.setRecord} />
          </div>
        )}
        <div hidden={panel !== 'files'}>
          <FilesSection s={props.s} audience={audience} callId={props.callId} />
        </div>
        <div hidden={panel !== 'details'}>
          <DetailsSection s={props.s} stats={props.stats} staff={props.staff} />
        </div>
        <div hidden={panel !== 'more'}>
          <MoreSection audience={audience} devices={props.devices} />
        </div>
      </div>
    </aside>
  );
}

function ChatSection({ engine, s }: { engine: CallEngine; s: EngineState }) {
  const [text, setText] = useState('');
  return (
    <section className="call-chat" aria-labelledby="chat-title">
      <h2 id="chat-title">
        <FormattedMessage {...LABELS.chat} />
      </h2>
      <p className="hint">
        <FormattedMessage id="calls.panel.chat.hint" defaultMessage="Messages here are not saved after the call." />
      </p>
      <ol className="call-chat-lines" aria-live="polite" data-testid="chat-lines">
        {s.chat.map((c, i) =>
          c.file ? (
            <li key={i} data-testid="shared-file" className="call-chat-file">
              <FormattedMessage
                id="calls.panel.chat.sharedFile"
                defaultMessage="<b>{who}</b> shared the file “{file}”."
                values={{ who: c.mine ? <FormattedMessage id="calls.panel.you" defaultMessage="You" /> : c.name, file: c.text, b: (x) => <strong>{x}</strong> }}
              />
            </li>
          ) : (
            <li key={i} className={c.mine ? 'mine' : undefined}>
              <strong>{c.mine ? <FormattedMessage id="calls.panel.you" defaultMessage="You" /> : c.name}{COLON}</strong>{SPACE}{c.text}
            </li>
          ),
        )}
      </ol>
      <form
        className="call-chat-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (!text.trim()) return;
          engine.sendChat(text.trim());
          setText('');
        }}
      >
        <label htmlFor="chat-input">
          <FormattedMessage id="calls.panel.chat.message" defaultMessage="Message" />
        </label>
        <div className="call-chat-row">
          <input id="chat-input" autoComplete="off" value={text} maxLength={2000} onChange={(e) => setText(e.target.value)} />
          <button type="submit" className="btn primary">
            <FormattedMessage id="calls.panel.chat.send" defaultMessage="Send" />
          </button>
        </div>
      </form>
    </section>
  );
}

/**
 * Why a file was not shared, in a sentence of the page's language around the API's reason (a
 * field's refusal without its name; no answer at all worded by its code: apiProblemText).
 */
function shareProblem(intl: IntlShape, e: unknown): string {
  if (!isApiError(e)) return intl.formatMessage({ id: 'calls.panel.files.failed', defaultMessage: 'The file could not be shared; try again.' });
  const reason = fieldReason(e) ?? apiProblemText(intl, e);
  // The sentence ends it: a reason that is a sentence of its own ends without its full stop.
  return intl.formatMessage({ id: 'calls.panel.files.refused', defaultMessage: 'The file could not be shared: {reason}.' }, { reason: reason.replace(/\.$/, '') });
}

function FilesSection({ s, audience, callId }: { s: EngineState; audience: Audience; callId: string }) {
  const intl = useIntl();
  const [fileState, setFileState] = useState<string | null>(null);
  const where = audience === 'staff' ? 'client' : 'own';
  const share = async (file: File) => {
    const problem = checkFile(file, intl);
    if (problem) return setFileState(problem);
    setFileState(intl.formatMessage({ id: 'calls.panel.files.sharing', defaultMessage: 'Sharing {name}…' }, { name: file.name }));
    try {
      const path = audience === 'staff' ? `/api/calls/${callId}/files` : `/api/portal/calls/${callId}/files`;
      await uploadDocument(path, file, { csrfToken: csrfTokenOf(audience) });
      setFileState(null);
    } catch (e) {
      setFileState(shareProblem(intl, e));
    }
  };
  const files = s.chat.filter((c) => c.file);
  return (
    <section aria-labelledby="files-title">
      <h2 id="files-title">
        <FormattedMessage {...LABELS.files} />
      </h2>
      <div className="call-file">
        <label htmlFor="call-file-input">
          <FormattedMessage id="calls.panel.files.share" defaultMessage="Share a file (saved to {where, select, client {the client’s documents} other {your documents}})" values={{ where }} />
        </label>
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
      {files.length ? (
        <ul className="call-files">
          {files.map((c, i) => (
            <li key={i}>
              <FormattedMessage
                id="calls.panel.files.item"
                defaultMessage="“{file}” from {mine, select, yes {you} other {{name}}}, saved in {where, select, client {the client’s documents} other {your documents}}."
                values={{ file: c.text, mine: c.mine ? 'yes' : 'no', name: c.name, where }}
              />
            </li>
          ))}
        </ul>
      ) : (
        <p className="hint">
          <FormattedMessage id="calls.panel.files.none" defaultMessage="No files shared in this call yet." />
        </p>
      )}
    </section>
  );
}

function DetailsSection({ s, stats, staff }: { s: EngineState; stats: CallStats | null; staff: PanelProps['staff'] }) {
  const intl = useIntl();
  return (
    <>
      <section aria-labelledby="details-title" className="call-info" data-testid="call-info">
        <h2 id="details-title">
          <FormattedMessage id="calls.panel.details.title" defaultMessage="Connection" />
        </h2>
        <QualityIndicator stats={stats} />
        <EncryptionInfo stats={stats} />
        {s.peers.length ? (
          <ul className="call-peers">
            {s.peers.map((p) => (
              <li key={p.peer.peerId} data-testid="peer-link" data-call-quality={p.link?.quality ?? 'unknown'}>
                {p.peer.name || intl.formatMessage({ id: 'calls.stage.participant', defaultMessage: 'Participant' })}{COLON}{SPACE}{intl.formatMessage(describePeer(p))} <QualityBadge q={p.link?.quality} /> <LinkFigures link={p.link} />
              </li>
            ))}
          </ul>
        ) : null}
      </section>
      {staff && <WhatHappened record={staff.record} error={staff.error} />}
    </>
  );
}

function MoreSection({ audience, devices }: { audience: Audience; devices: ReactNode }) {
  const intl = useIntl();
  return (
    <>
      <section aria-labelledby="devices-title">
        <h2 id="devices-title">
          <FormattedMessage id="calls.panel.more.devices" defaultMessage="Camera and microphone" />
        </h2>
        {devices}
        <p>
          <Link to={audience === 'staff' ? '/device-check' : '/portal/device-check'} target="_blank" rel="noopener">
            <FormattedMessage id="calls.panel.more.test" defaultMessage="Test camera, microphone and network (opens a new tab)" />
          </Link>
        </p>
      </section>
      <section aria-labelledby="keys-title">
        <h2 id="keys-title">
          <FormattedMessage id="calls.panel.more.shortcuts" defaultMessage="Keyboard shortcuts" />
        </h2>
        <dl className="call-shortcuts" data-testid="call-shortcuts">
          {Object.values(SHORTCUTS).map((k) => (
            <div key={k.key}>
              <dt>
                <kbd>{k.key}</kbd>
              </dt>
              <dd>{intl.formatMessage(k.action)}</dd>
            </div>
          ))}
          <div>
            <dt>
              <kbd>
                <FormattedMessage id="calls.panel.more.arrows" defaultMessage="Arrow keys" />
              </kbd>
            </dt>
            <dd>
              <FormattedMessage id="calls.panel.more.arrowsAction" defaultMessage="Move your own video to another corner (when it has focus)" />
            </dd>
          </div>
        </dl>
      </section>
    </>
  );
}
