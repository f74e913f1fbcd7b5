// Staff: a provider's availability and waitlist. Working hours per weekday (several ranges a day)
// in the provider's own IANA zone, the buffer kept clear around each session, blocked time
// (vacation, training; an optional non-clinical label), and the clients waiting for an earlier time
// with the offers made to them. Providers edit their own; owners and the front desk pick any
// provider and edit theirs; other roles read. The server decides; the page only hides what it
// would refuse. Open slots for clients are computed from all of this (docs/scheduling.md).
import { useState } from 'react';
import { AVAILABILITY_EDIT_ANY } from '../../../../shared/availability.js';
import type { MeResponse } from '../../../../shared/api.js';
import { QueryState } from '../../../components/QueryState.js';
import { SelectField } from '../../../components/SelectField.js';
import { providerOptions, useProviders } from '../../../lib/providers.js';
import { browserZone } from '../../../lib/time.js';
import { useMe } from '../../../session/useMe.js';
import { useAvailability } from '../api/workingHours.js';
import { BlockedTimes } from './BlockedTimes.js';
import { HoursForm } from './HoursForm.js';
import { Waitlist } from './Waitlist.js';
import './availability.css';
import { PageHead } from '../../../components/PageHead.js';

export function AvailabilityPage() {
  const me = useMe();
  if (!me.data) return null;
  return <AvailabilityFor me={me.data} />;
}

function AvailabilityFor({ me }: { me: MeResponse }) {
  const providers = useProviders();
  const role = me.activeRole;
  const pickAny = role !== 'provider';
  const [chosen, setChosen] = useState('');
  const list = providers.data?.providers ?? [];
  const providerId = !pickAny ? me.user.id : chosen || (list.some((p) => p.id === me.user.id) ? me.user.id : (list[0]?.id ?? ''));
  const writer = me.permissions.includes('appointments.write');
  const canEdit = writer && (AVAILABILITY_EDIT_ANY.includes(role) || providerId === me.user.id);
  const name = list.find((p) => p.id === providerId)?.name;
  return (
    <div data-testid="availability-page">
      <PageHead title="Availability" />
      <p className="field-description">
        Working hours, the buffer between sessions and blocked time decide the open times clients can request in the portal. Times are wall-clock times in the provider’s own time zone.
      </p>
      {pickAny ? (
        <QueryState query={providers} what="providers" testId="availability-providers">
          {(d) =>
            d.providers.length ? (
              <div className="filters">
                <SelectField name="providerId" label="Provider" value={providerId} onChange={setChosen} options={providerOptions(d.providers)} testId="availability-provider" className="provider-pick" />
              </div>
            ) : (
              <p>No providers yet. Invite one from Practice settings.</p>
            )
          }
        </QueryState>
      ) : null}
      {providerId ? (
        <ProviderAvailability key={providerId} providerId={providerId} name={name ?? (providerId === me.user.id ? me.user.name : 'this provider')} canEdit={canEdit} canRemoveWaiting={writer && (role !== 'provider' || providerId === me.user.id)} />
      ) : null}
    </div>
  );
}

function ProviderAvailability({ providerId, name, canEdit, canRemoveWaiting }: { providerId: string; name: string; canEdit: boolean; canRemoveWaiting: boolean }) {
  const availability = useAvailability(providerId);
  return (
    <div data-testid="provider-availability" data-provider-id={providerId}>
      <section aria-labelledby="hours-h" className="card">
        <h2 id="hours-h">Working hours of {name}</h2>
        <QueryState query={availability} what="working hours" testId="availability-hours">
          {(a) => <HoursForm providerId={providerId} availability={a} canEdit={canEdit} />}
        </QueryState>
      </section>
      <section aria-labelledby="blocked-h" className="card">
        <h2 id="blocked-h">Blocked time</h2>
        {availability.isSuccess ? <BlockedTimes providerId={providerId} zone={availability.data.timeZone ?? browserZone()} canEdit={canEdit} /> : <p className="loading">Loading…</p>}
      </section>
      <section aria-labelledby="waitlist-h" className="card">
        <h2 id="waitlist-h">Waitlist</h2>
        <Waitlist providerId={providerId} canRemove={canRemoveWaiting} />
      </section>
    </div>
  );
}
