// A record's facts as a definition list (client profile, portal "My details"): a label, its value,
// or "Not recorded" when there is none; a client's identity; and a postal address on its lines.
import type { ReactNode } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import type { z } from 'zod';
import type { Address, Client } from '../../shared/clients.js';
import { formatDateOfBirth } from './format.js';

export function Fact({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <div className="fact">
      <dt>{label}</dt>
      <dd data-testid={testId}>{children === null || children === undefined || children === '' ? <span className="muted"><FormattedMessage id="components.facts.not-recorded" defaultMessage="Not recorded" /></span> : children}</dd>
    </div>
  );
}

/** Who the client is, as the staff profile and the portal's "My details" both list it first. */
export function IdentityFacts({ c, dobTestId }: { c: Pick<Client, 'firstName' | 'lastName' | 'preferredName' | 'pronouns' | 'dateOfBirth'>; dobTestId: string }) {
  const intl = useIntl();
  return (
    <>
      <Fact label={intl.formatMessage({ id: 'components.facts.first-name', defaultMessage: 'First name' })}>{c.firstName}</Fact>
      <Fact label={intl.formatMessage({ id: 'components.facts.last-name', defaultMessage: 'Last name' })}>{c.lastName}</Fact>
      <Fact label={intl.formatMessage({ id: 'components.facts.preferred-name', defaultMessage: 'Preferred name' })}>{c.preferredName}</Fact>
      <Fact label={intl.formatMessage({ id: 'components.facts.pronouns', defaultMessage: 'Pronouns' })}>{c.pronouns}</Fact>
      <Fact label={intl.formatMessage({ id: 'components.facts.date-of-birth', defaultMessage: 'Date of birth' })} testId={dobTestId}>
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
      <FormattedMessage id="components.facts.city-line" defaultMessage="{city}, {state} {postalCode}" values={{ city: address.city, state: address.state, postalCode: address.postalCode }} />
    </>
  );
}
