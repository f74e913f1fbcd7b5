// The cards of a client's record on the profile page: demographics, contact, emergency contact,
// care team, communication consents and (for roles that may read them) staff notes.
import type { ReactNode } from 'react';
import { CONSENT_WORDING, type Client } from '../../../../shared/clients.js';
import { formatDate } from '../../../components/format.js';
import { phoneHref } from '../../../components/phone.js';
import { formatPhone } from '../../../../shared/phone.js';
import { Card } from '../../../components/Card.js';
import { AddressLines, Fact, IdentityFacts } from '../../../components/facts.js';
import { useProviders } from '../../../lib/providers.js';
import { LOCALE_LABELS, STATUS_LABELS } from '../model/labels.js';

function Facts({ children }: { children: ReactNode }) {
  return <dl className="facts">{children}</dl>;
}

export function DemographicsCard({ c }: { c: Client }) {
  return (
    <Card id="demo-h" title="Demographics">
      <Facts>
        <IdentityFacts c={c} dobTestId="client-dob" />
        <Fact label="Status" testId="client-status">
          {STATUS_LABELS[c.status]}
        </Fact>
      </Facts>
    </Card>
  );
}

export function ContactCard({ c }: { c: Client }) {
  return (
    <Card id="contact-h" title="Contact">
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
        <Fact label="Language" testId="client-locale">
          {LOCALE_LABELS[c.locale]}
        </Fact>
        <Fact label="Address" testId="client-address">
          {c.address ? <AddressLines address={c.address} /> : null}
        </Fact>
      </Facts>
    </Card>
  );
}

export function EmergencyContactCard({ c }: { c: Client }) {
  return (
    <Card id="ec-h" title="Emergency contact">
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
    </Card>
  );
}

export function ProvidersCard({ c }: { c: Client }) {
  const providers = useProviders();
  const names = new Map((providers.data?.providers ?? []).map((p) => [p.id, p.name]));
  return (
    <Card id="providers-h" title="Providers">
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
    </Card>
  );
}

export function ConsentsCard({ c }: { c: Client }) {
  return (
    <Card id="consents-h" title="Communication consents">
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
    </Card>
  );
}

export function StaffNotesCard({ c }: { c: Client }) {
  if (c.staffNotes === undefined) return null;
  return (
    <Card id="notes-h" title="Staff notes">
      {c.staffNotes ? (
        <p className="notes" data-testid="client-notes">
          {c.staffNotes}
        </p>
      ) : (
        <p className="muted">No staff notes.</p>
      )}
    </Card>
  );
}
