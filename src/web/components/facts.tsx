// A record's facts as a definition list (client profile, portal "My details"): a label, its value,
// or "Not recorded" when there is none; a client's identity; and a postal address on its lines.
import type { ReactNode } from 'react';
import type { z } from 'zod';
import type { Address, Client } from '../../shared/clients.js';
import { formatDateOfBirth } from './format.js';

export function Fact({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <div className="fact">
      <dt>{label}</dt>
      <dd data-testid={testId}>{children === null || children === undefined || children === '' ? <span className="muted">Not recorded</span> : children}</dd>
    </div>
  );
}

/** Who the client is, as the staff profile and the portal's "My details" both list it first. */
export function IdentityFacts({ c, dobTestId }: { c: Pick<Client, 'firstName' | 'lastName' | 'preferredName' | 'pronouns' | 'dateOfBirth'>; dobTestId: string }) {
  return (
    <>
      <Fact label="First name">{c.firstName}</Fact>
      <Fact label="Last name">{c.lastName}</Fact>
      <Fact label="Preferred name">{c.preferredName}</Fact>
      <Fact label="Pronouns">{c.pronouns}</Fact>
      <Fact label="Date of birth" testId={dobTestId}>
        {formatDateOfBirth(c.dateOfBirth)}
      </Fact>
    </>
  );
}

/** A postal address: first line, second line when there is one, then city, state and ZIP code. */
export function AddressLines({ address }: { address: z.infer<typeof Address> }) {
  return (
    <>
      {address.line1}
      {address.line2 ? (
        <>
          <br />
          {address.line2}
        </>
      ) : null}
      <br />
      {address.city}, {address.state} {address.postalCode}
    </>
  );
}
