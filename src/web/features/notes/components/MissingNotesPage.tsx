// Missing notes (/notes/missing): attended appointments without a signed progress note, grouped
// per provider (an owner sees everyone's, a provider their own), each linking to its note.
import { Link } from 'react-router';
import type { MissingNote, NoteSummary } from '../../../../shared/notes.js';
import { QueryState } from '../../../components/QueryState.js';
import { useMissingNotes, useNoteList } from '../api/notes.js';
import { whenText } from '../model/labels.js';
import { noteHref } from './links.js';
import './notes.css';

export function MissingNotesPage() {
  const missing = useMissingNotes('');
  return (
    <div data-testid="notes-missing" className="note-page">
      <h1>Missing notes</h1>
      <p className="field-description">Attended appointments that have no signed progress note yet.</p>
      <QueryState query={missing} what="missing notes" testId="notes-missing-list">
        {(d) => <ByProvider items={d.items} />}
      </QueryState>
      <AwaitingMyCosign />
    </div>
  );
}

/** A supervisor's queue: signed notes of the clinicians they supervise, waiting for their co-signature. */
function AwaitingMyCosign() {
  const list = useNoteList({ cosign: 'mine' });
  if (list.isSuccess && list.data.items.length === 0) return null;
  return (
    <section aria-labelledby="cosign-queue-h" className="card" data-testid="notes-cosign-queue">
      <h2 id="cosign-queue-h">Waiting for your co-signature</h2>
      <QueryState query={list} what="notes waiting for your co-signature" testId="notes-cosign-list">
        {(d) => (
          <ul className="note-list">
            {d.items.map((n: NoteSummary) => (
              <li key={n.id} data-testid="notes-cosign-item">
                <Link to={`/notes/${encodeURIComponent(n.id)}`}>
                  {n.clientName} — {whenText(n.appointmentStart)}
                </Link>{' '}
                <span className="field-description">signed by {n.authorName}</span>
              </li>
            ))}
          </ul>
        )}
      </QueryState>
    </section>
  );
}

function ByProvider({ items }: { items: MissingNote[] }) {
  if (items.length === 0)
    return (
      <p className="notice" data-testid="notes-missing-none">
        Every attended appointment has a signed note.
      </p>
    );
  const groups = new Map<string, MissingNote[]>();
  for (const m of items) groups.set(m.providerId, [...(groups.get(m.providerId) ?? []), m]);
  return [...groups.values()].map((list) => {
    const first = list[0] as MissingNote;
    const h = `missing-${first.providerId}-h`;
    return (
      <section key={first.providerId} aria-labelledby={h} className="card" data-testid="notes-missing-provider">
        <h2 id={h}>
          {first.providerName} <span className="field-description">({list.length})</span>
        </h2>
        <ul className="note-list">
          {list.map((m) => (
            <li key={`${m.appointmentId}-${m.clientId}`} data-testid="notes-missing-item">
              <Link to={noteHref(m)}>
                {m.clientName} — {whenText(m.start)}
              </Link>{' '}
              <span className="field-description">{m.draftNoteId ? 'Draft started' : 'Not started'}</span>
            </li>
          ))}
        </ul>
      </section>
    );
  });
}
