// One note (/notes/:id): a draft is edited with its template's fields and saved as the provider
// types (./DraftEditor.tsx); a signed note is shown read-only with its signature line, the
// co-signature, the addenda and "Add addendum" (./SignedNote.tsx). A psychotherapy note says so
// at the top: only its author can read it.
import { Link, useParams } from 'react-router';
import type { Note } from '../../../../shared/notes.js';
import { transient } from '../../../api/retry.js';
import { FinalError } from '../../../components/lists.js';
import { QueryRetryNotice } from '../../../components/QueryState.js';
import { useNote } from '../api/notes.js';
import { KIND_TITLES, STATUS_LABELS, whenText } from '../model/labels.js';
import { DraftEditor } from './DraftEditor.js';
import { GroupPart } from './GroupPart.js';
import { SignedNote } from './SignedNote.js';
import './notes.css';

export function NoteEditorPage() {
  const { id = '' } = useParams();
  const note = useNote(id);
  if (note.isSuccess) return <NoteView note={note.data} />;
  return (
    <div data-testid="note-editor" data-ready="false">
      <h1>Note</h1>
      {note.isError && !transient(note.error) ? (
        <FinalError error={note.error} what="note" />
      ) : note.isError || note.failureCount > 0 ? (
        <QueryRetryNotice query={note} what="this note" />
      ) : (
        <p role="status" className="loading">
          Loading the note…
        </p>
      )}
    </div>
  );
}

function NoteView({ note: n }: { note: Note }) {
  return (
    <div data-testid="note-editor" data-ready="true" data-note-id={n.id} data-status={n.status} className={`note-page note-${n.kind}`}>
      <p className="breadcrumb">
        <Link to={`/clients/${encodeURIComponent(n.clientId)}`}>← Client record</Link>
        {' · '}
        <Link to="/notes/missing">Missing notes</Link>
      </p>
      <h1>
        {KIND_TITLES[n.kind]}: {n.clientName} <span className="note-when">{whenText(n.appointmentStart)}</span>
      </h1>
      {n.kind === 'psychotherapy' ? (
        <p className="note-psy-banner" data-testid="note-psychotherapy">
          <strong>Psychotherapy note — only you can read this.</strong> It is kept apart from the client's record: not in exports, superbills or the client's own copy.
        </p>
      ) : null}
      <p className="note-meta">
        <span className={`note-badge note-badge-${n.status}`} data-testid="note-status" data-status={n.status}>
          {STATUS_LABELS[n.status]}
        </span>{' '}
        {n.templateName} · by {n.authorName}
      </p>
      {n.integrity === 'tampered' ? (
        <p role="alert" className="error-summary" data-testid="note-tampered">
          This signed note no longer matches what was signed: its stored content was changed outside Hearth. Tell the practice owner.
        </p>
      ) : null}
      <GroupPart note={n} />
      {n.status === 'draft' ? <DraftEditor key={n.id} note={n} /> : <SignedNote note={n} />}
    </div>
  );
}
