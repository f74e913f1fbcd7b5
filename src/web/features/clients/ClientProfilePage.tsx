// One client's record: demographics, contact, address, emergency contact, care team, status,
// consents and (for roles that may read them) staff notes; an edit form; export downloads.
import { RetryNotice } from '../../components/RetryNotice.js';
import { useState, type ReactNode } from 'react';
import { Button } from 'react-aria-components';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import { CONSENT_WORDING, type Client } from '../../../shared/clients.js';
import { formatDate, formatDateOfBirth, formatPhone, phoneHref } from '../../components/format.js';
import { useMe } from '../../session/useMe.js';
import { STATUS_LABELS, transient, useClient, useProviders } from './api.js';
import { ClientForm } from './ClientForm.js';
import { FinalError } from './common.js';
import { ClientMessagesPanel } from '../messages/index.js';
import { ClientDocumentsPanel } from '../documents/index.js';
import { InviteToPortal } from '../portal/index.js';
import { CallNowButton } from '../calls/index.js';
import { ClientAppointments } from './ClientAppointments.js';

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
        <RetryNotice what="this client" failureCount={client.failureCount} error={client.failureReason} retrying={client.isFetching} onRetry={() => void client.refetch()} />
      ) : (
        <p role="status" className="loading">
          Loading client…
        </p>
      )}
    </div>
  );
}

function Facts({ children }: { children: ReactNode }) {
  return <dl className="facts">{children}</dl>;
}

function Fact({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <div className="fact">
      <dt>{label}</dt>
      <dd data-testid={testId}>{children === null || children === undefined || children === '' ? <span className="muted">Not recorded</span> : children}</dd>
    </div>
  );
}

function Profile({ client: c, notice }: { client: Client; notice: string | undefined }) {
  const me = useMe();
  const navigate = useNavigate();
  const providers = useProviders();
  const canWrite = me.data?.permissions.includes('clients.write') ?? false;
  const canCall = me.data?.permissions.includes('calls.start') ?? false;
  // Panels the active role may not read are not rendered (the server would refuse them): one muted line says so.
  const canMessages = me.data?.permissions.includes('messages.read') ?? false;
  const canDocuments = me.data?.permissions.includes('documents.read') ?? false;
  const hiddenPanels = me.data ? [...(canMessages ? [] : ['Messages']), ...(canDocuments ? [] : ['documents'])] : [];
  const [editing, setEditing] = useState(false);
  const [saved, setSaved] = useState<string | null>(notice ?? null);
  const names = new Map((providers.data?.providers ?? []).map((p) => [p.id, p.name]));
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
          {canMessages ? <ClientMessagesPanel clientId={c.id} clientName={fullName} /> : null}
          {canDocuments ? <ClientDocumentsPanel clientId={c.id} /> : null}
          {hiddenPanels.length ? (
            <p className="muted profile-hidden-panels" data-testid="client-panels-hidden">
              {hiddenPanels.length === 2 ? 'Messages and documents are' : `${hiddenPanels[0] === 'Messages' ? 'Messages are' : 'Documents are'}`} not shown to your role.
            </p>
          ) : null}
          <section aria-labelledby="demo-h" className="card">
            <h2 id="demo-h">Demographics</h2>
            <Facts>
              <Fact label="First name">{c.firstName}</Fact>
              <Fact label="Last name">{c.lastName}</Fact>
              <Fact label="Preferred name">{c.preferredName}</Fact>
              <Fact label="Pronouns">{c.pronouns}</Fact>
              <Fact label="Date of birth" testId="client-dob">
                {formatDateOfBirth(c.dateOfBirth)}
              </Fact>
              <Fact label="Status" testId="client-status">
                {STATUS_LABELS[c.status]}
              </Fact>
            </Facts>
          </section>

          <section aria-labelledby="contact-h" className="card">
            <h2 id="contact-h">Contact</h2>
            <Facts>
              <Fact label="Email" testId="client-email">
                {c.email}
              </Fact>
              <Fact label="Phone" testId="client-phone">
                {c.phone ? <a href={phoneHref(c.phone)}>{formatPhone(c.phone)}</a> : null}
              </Fact>
              <Fact label="Time zone" testId="client-time-zone">
                {c.timeZone}
              </Fact>
              <Fact label="Address" testId="client-address">
                {c.address ? (
                  <>
                    {c.address.line1}
                    {c.address.line2 ? (
                      <>
                        <br />
                        {c.address.line2}
                      </>
                    ) : null}
                    <br />
                    {c.address.city}, {c.address.state} {c.address.postalCode}
                  </>
                ) : null}
              </Fact>
            </Facts>
          </section>

          <section aria-labelledby="ec-h" className="card">
            <h2 id="ec-h">Emergency contact</h2>
            {c.hiddenFields.includes('emergencyContact') ? (
              <p className="muted" data-testid="client-emergency-hidden">
                Not shown to your role. A clinician or the front desk can see it.
              </p>
            ) : c.emergencyContact ? (
              <Facts>
                <Fact label="Name">{c.emergencyContact.name}</Fact>
                <Fact label="Phone" testId="client-emergency-phone">
                  <a href={phoneHref(c.emergencyContact.phone)}>{formatPhone(c.emergencyContact.phone)}</a>
                </Fact>
                <Fact label="Relationship">{c.emergencyContact.relationship}</Fact>
              </Facts>
            ) : (
              <p className="muted">No emergency contact recorded.</p>
            )}
          </section>

          <section aria-labelledby="providers-h" className="card">
            <h2 id="providers-h">Providers</h2>
            {c.providerIds.length === 0 ? (
              <p>No provider assigned.</p>
            ) : providers.isError ? (
              <p>
                {c.providerIds.length} provider{c.providerIds.length === 1 ? '' : 's'} assigned (names could not be loaded).
              </p>
            ) : (
              <ul data-testid="client-providers">
                {c.providerIds.map((pid) => (
                  <li key={pid}>{names.get(pid) ?? (providers.isSuccess ? 'Former or unknown provider' : 'Loading…')}</li>
                ))}
              </ul>
            )}
          </section>

          <InviteToPortal clientId={c.id} email={c.email} />
          <section aria-labelledby="consents-h" className="card">
            <h2 id="consents-h">Communication consents</h2>
            <ul className="consent-list" data-testid="client-consents">
              {(['email', 'sms', 'details'] as const).map((k) => (
                <li key={k}>
                  <strong>
                    {k === 'email' ? 'Email' : k === 'sms' ? 'Text messages' : 'Appointment details in messages'}:{' '}
                    {c.consents[k] ? 'agreed' : 'not agreed'}
                  </strong>
                  <br />
                  <small>{CONSENT_WORDING[k]}</small>
                </li>
              ))}
            </ul>
            <p className="field-description">
              {c.consents.recordedAt
                ? `Recorded ${formatDate(c.consents.recordedAt)} with wording version ${c.consents.version ?? 'unknown'}.`
                : 'No consent choices have been recorded yet.'}
            </p>
          </section>

          {c.staffNotes !== undefined ? (
            <section aria-labelledby="notes-h" className="card">
              <h2 id="notes-h">Staff notes</h2>
              {c.staffNotes ? (
                <p className="notes" data-testid="client-notes">
                  {c.staffNotes}
                </p>
              ) : (
                <p className="muted">No staff notes.</p>
              )}
            </section>
          ) : null}

          <p className="field-description">
            Added {formatDate(c.createdAt)}; last updated {formatDate(c.updatedAt)}.
          </p>
        </>
      )}
    </div>
  );
}
