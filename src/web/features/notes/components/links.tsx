// Where a note is written: its draft when one exists, else the appointment's notes page (start one).
// And the "Write note" links an appointment shows, one per client.
import { Link } from 'react-router';
import { useMe } from '../../../session/useMe.js';

export function noteHref(m: { appointmentId: string; clientId: string; draftNoteId?: string | null }): string {
  if (m.draftNoteId) return `/notes/${encodeURIComponent(m.draftNoteId)}`;
  return `/notes/new?${new URLSearchParams({ appointmentId: m.appointmentId, clientId: m.clientId }).toString()}`;
}

/** An appointment's "Notes" links (one per client of a group visit), for roles that write records. */
export function AppointmentNoteLinks({ appt }: { appt: { id: string; clients: readonly { id: string; name: string | null }[] } }) {
  const me = useMe();
  if (!me.data?.permissions.includes('records.write')) return null;
  const many = appt.clients.length > 1;
  return appt.clients.map((c) => (
    <Link key={c.id} className="btn" to={noteHref({ appointmentId: appt.id, clientId: c.id })} data-testid="appointment-note-link">
      {many ? `Notes: ${c.name ?? 'client'}` : 'Notes'}
    </Link>
  ));
}
