// The client page's Notes section: the client's notes (newest first; the content opens on the
// note's page), for roles that read records. Notes are started from an appointment.
import { Link } from 'react-router';
import type { NoteSummary } from '../../../../shared/notes.js';
import { QueryState } from '../../../components/QueryState.js';
import { useMe } from '../../../session/useMe.js';
import { useNoteList } from '../api/notes.js';
import { KIND_TITLES, STATUS_LABELS, whenText } from '../model/labels.js';
import './notes.css';

export function ClientNotesPanel({ clientId }: { clientId: string }) {
  const me = useMe();
  if (!me.data?.permissions.includes('records.read')) return null;
  return <Panel clientId={clientId} />;
}

function Panel({ clientId }: { clientId: string }) {
  const notes = useNoteList({ clientId });
  return (
    <section aria-labelledby="client-notes-h" className="card" data-testid="client-notes">
      <h2 id="client-notes-h">Notes</h2>
      <QueryState query={notes} what="notes" testId="client-notes-list">
        {(d) => <NoteRows items={[...d.items].sort((a, b) => b.appointmentStart.localeCompare(a.appointmentStart))} />}
      </QueryState>
      <p className="field-description">Write a note from an appointment (its “Notes” button), or from <Link to="/notes/missing">missing notes</Link>.</p>
    </section>
  );
}

function NoteRows({ items }: { items: NoteSummary[] }) {
  if (items.length === 0) return <p className="field-description">No notes yet.</p>;
  return (
    <ul className="note-list">
      {items.map((n) => (
        <li key={n.id} data-testid="client-note">
          <Link to={`/notes/${encodeURIComponent(n.id)}`}>
            {KIND_TITLES[n.kind]} — {whenText(n.appointmentStart)}
          </Link>{' '}
          <span className={`note-badge note-badge-${n.status}`}>{STATUS_LABELS[n.status]}</span>{' '}
          <span className="field-description">
            {n.templateName} · {n.authorName}
          </span>
        </li>
      ))}
    </ul>
  );
}
