// Adding a client: the shared form, then the new client's profile.
import { Link, useNavigate } from 'react-router';
import { useMe } from '../../../session/useMe.js';
import { ClientForm } from './ClientForm.js';

export function NewClientPage() {
  const me = useMe();
  const navigate = useNavigate();
  const canWrite = me.data?.permissions.includes('clients.write') ?? false;
  return (
    <div data-testid="new-client-page" data-ready="true">
      <p className="breadcrumb">
        <Link to="/clients">← All clients</Link>
      </p>
      <h1>Add a client</h1>
      {canWrite ? (
        <ClientForm
          canSeeNotes={me.data?.permissions.includes('clients.notes.read') ?? false}
          onSaved={({ id }) => void navigate(`/clients/${encodeURIComponent(id)}`, { state: { notice: 'Client added.' } })}
        />
      ) : (
        <p>Your role cannot add clients.</p>
      )}
    </div>
  );
}
