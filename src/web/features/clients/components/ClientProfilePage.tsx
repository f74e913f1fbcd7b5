// One client's record: demographics, contact, address, emergency contact, care team, status,
// consents and (for roles that may read them) staff notes; an edit form; export downloads.
import { useState } from 'react';
import { Button } from 'react-aria-components';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import type { Client } from '../../../../shared/clients.js';
import { transient } from '../../../api/retry.js';
import { formatDate } from '../../../components/format.js';
import { FinalError } from '../../../components/lists.js';
import { QueryRetryNotice } from '../../../components/QueryState.js';
import { useMe } from '../../../session/useMe.js';
import { CallNowButton } from '../../calls/index.js';
import { ClientBillingPanel } from '../../billing/index.js';
import { ClientNotesPanel } from '../../notes/index.js';
import { ClientMeasuresPanel } from '../../measures/index.js';
import { ClientDocumentsPanel } from '../../documents/index.js';
import { ClientFormsPanel } from '../../forms/index.js';
import { ClientMessagesPanel } from '../../messages/index.js';
import { InviteToPortal } from '../../portal/index.js';
import { ClientPlanPanel } from '../../plans/index.js';
import { ClientAppointments } from '../../scheduling/index.js';
import { useClient } from '../api/getClient.js';
import { ClientForm } from './ClientForm.js';
import { ConsentsCard, ContactCard, DemographicsCard, EmergencyContactCard, ProvidersCard, StaffNotesCard } from './ProfileCards.js';
import './clients.css';

export function ClientProfilePage() {
  const { id = '' } = useParams();
  const client = useClient(id);
  const location = useLocation();
  const notice = (location.state as { notice?: string } | null)?.notice;

  if (client.isSuccess) return <Profile client={client.data} notice={notice} />;
  const failing = client.isError || (client.failureCount > 0 && client.isFetching);
  return (
    <div data-testid="client-profile" data-ready="false">
      <h1>Client</h1>
      {client.isError && !transient(client.error) ? (
        <FinalError error={client.error} what="client" />
      ) : failing ? (
        <QueryRetryNotice query={client} what="this client" />
      ) : (
        <p role="status" className="loading">
          Loading client…
        </p>
      )}
    </div>
  );
}

function Profile({ client: c, notice }: { client: Client; notice: string | undefined }) {
  const me = useMe();
  const navigate = useNavigate();
  const canWrite = me.data?.permissions.includes('clients.write') ?? false;
  const canCall = me.data?.permissions.includes('calls.start') ?? false;
  // Panels the active role may not read are not rendered (the server would refuse them): one muted line says so.
  const canMessages = me.data?.permissions.includes('messages.read') ?? false;
  const canDocuments = me.data?.permissions.includes('documents.read') ?? false;
  const hiddenPanels = me.data ? [...(canMessages ? [] : ['Messages']), ...(canDocuments ? [] : ['documents'])] : [];
  const [editing, setEditing] = useState(false);
  const [saved, setSaved] = useState<string | null>(notice ?? null);
  const base = `/api/clients/${encodeURIComponent(c.id)}`;
  const fullName = `${c.firstName} ${c.lastName}`;

  return (
    <div data-testid="client-profile" data-ready="true" data-client-id={c.id}>
      <p className="breadcrumb">
        <Link to="/clients">← All clients</Link>
      </p>
      <h1>{fullName}</h1>
      {saved ? (
        <p role="status" className="notice" data-testid="client-saved">
          {saved}
        </p>
      ) : null}

      {editing ? (
        <section aria-labelledby="edit-h" className="card">
          <h2 id="edit-h">Edit {fullName}</h2>
          <ClientForm
            client={c}
            canSeeNotes={c.staffNotes !== undefined}
            onCancel={() => setEditing(false)}
            onSaved={() => {
              setEditing(false);
              setSaved('Changes saved.');
              void navigate('.', { replace: true, state: null });
            }}
          />
        </section>
      ) : (
        <>
          <div className="actions">
            {canWrite ? (
              <Button
                className="btn primary"
                onPress={() => {
                  setSaved(null);
                  setEditing(true);
                }}
                data-testid="edit-client"
              >
                Edit client
              </Button>
            ) : null}
            {canCall ? <CallNowButton clientId={c.id} clientName={fullName} /> : null}
            <a className="btn" href={`${base}/export.json`} download data-testid="export-json">
              Download record (JSON)
            </a>
            <a className="btn" href={`${base}/export.pdf`} download data-testid="export-pdf">
              Download record (PDF)
            </a>
          </div>

          <ClientAppointments clientId={c.id} clientName={fullName} />
          <ClientNotesPanel clientId={c.id} />
          <ClientFormsPanel clientId={c.id} clientName={fullName} />
          {canMessages ? <ClientMessagesPanel clientId={c.id} clientName={fullName} /> : null}
          {canDocuments ? <ClientDocumentsPanel clientId={c.id} /> : null}
          {hiddenPanels.length ? (
            <p className="muted profile-hidden-panels" data-testid="client-panels-hidden">
              {hiddenPanels.length === 2 ? 'Messages and documents are' : `${hiddenPanels[0] === 'Messages' ? 'Messages are' : 'Documents are'}`} not shown to your role.
            </p>
          ) : null}
          <ClientMeasuresPanel clientId={c.id} />
          <ClientPlanPanel clientId={c.id} />
          <ClientBillingPanel clientId={c.id} />
          <DemographicsCard c={c} />
          <ContactCard c={c} />
          <EmergencyContactCard c={c} />
          <ProvidersCard c={c} />

          <InviteToPortal clientId={c.id} email={c.email} />
          <ConsentsCard c={c} />
          <StaffNotesCard c={c} />

          <p className="field-description">
            Added {formatDate(c.createdAt)}; last updated {formatDate(c.updatedAt)}.
          </p>
        </>
      )}
    </div>
  );
}
