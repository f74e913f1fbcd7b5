// The appointment list's filters, kept in the address (ids and dates only, never names): a date
// range, provider, status, client (found by name, then named by a lookup of its id) and the zone
// days are counted in.
import { Button } from 'react-aria-components';
import { useSearchParams } from 'react-router';
import { APPOINTMENT_STATUSES, type AppointmentStatus } from '../../../../shared/scheduling.js';
import { FILTER_ALL, SelectField, StatusFilter } from '../../../components/SelectField.js';
import { ZoneField } from '../../../components/ZoneField.js';
import { providerOptions, useProviders } from '../../../lib/providers.js';
import { addDays, isIsoDate, today, weekOf } from '../../../lib/time.js';
import { useChosenClient } from '../api/findClients.js';
import { STATUS_LABELS } from '../model/labels.js';
import { ClientPicker } from './ClientPicker.js';

const ALL = FILTER_ALL;

export interface Filters {
  from: string;
  to: string;
  providerId: string;
  clientId: string;
  status: AppointmentStatus | '';
}

export function readFilters(sp: URLSearchParams, zone: string): Filters {
  const week = weekOf(today(zone));
  const givenFrom = sp.get('from');
  const givenTo = sp.get('to');
  const from = isIsoDate(givenFrom) ? givenFrom : week.from;
  const to = isIsoDate(givenTo) && givenTo >= from ? givenTo : addDays(from, 6);
  const status = sp.get('status') ?? '';
  return {
    from,
    to,
    providerId: sp.get('providerId') ?? '',
    clientId: sp.get('clientId') ?? '',
    status: (APPOINTMENT_STATUSES as readonly string[]).includes(status) ? (status as AppointmentStatus) : '',
  };
}

/** Set one filter in the address; a range is always written whole, so it reads back the same. */
export function useFilterParam(f: Filters) {
  const [, setSp] = useSearchParams();
  return (name: keyof Filters, value: string) =>
    setSp(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (value && value !== ALL) next.set(name, value);
        else next.delete(name);
        if (name === 'from' || name === 'to') {
          next.set('from', name === 'from' ? value : f.from);
          next.set('to', name === 'to' ? value : value > f.to ? addDays(value, 6) : f.to);
        }
        return next;
      },
      { replace: true },
    );
}

/** The same range and filters, opened as a calendar (month view when the range is long). */
export function calendarLink(f: Filters, zone: string, tzParam: string | null): string {
  const qs = new URLSearchParams({ date: f.from, view: f.to >= addDays(f.from, 7) ? 'month' : 'week' });
  if (f.providerId) qs.set('providerId', f.providerId);
  if (tzParam) qs.set('tz', zone);
  return qs.toString();
}

export function AppointmentFilters({ f, setParam, zone, setZone }: { f: Filters; setParam: (name: keyof Filters, value: string) => void; zone: string; setZone: (z: string) => void }) {
  const providers = useProviders();
  return (
    <div role="search" className="filters" aria-label="Filter appointments">
      <DateInput label="From" name="from" value={f.from} onChange={(v) => setParam('from', v)} />
      <DateInput label="Through" name="to" value={f.to} onChange={(v) => setParam('to', v)} />
      {providers.isSuccess ? (
        <SelectField
          name="providerId"
          label="Provider"
          value={f.providerId || ALL}
          onChange={(v) => setParam('providerId', v)}
          options={providerOptions(providers.data.providers, { id: ALL, label: 'All providers' })}
          testId="provider-filter"
        />
      ) : null}
      <StatusFilter value={f.status} onChange={(v) => setParam('status', v)} statuses={APPOINTMENT_STATUSES} labels={STATUS_LABELS} />
      <ClientFilter clientId={f.clientId} onChange={(id) => setParam('clientId', id)} />
      <ZoneField name="tz" label="Dates in time zone" value={zone} onChange={setZone} testId="display-zone" />
    </div>
  );
}

function DateInput({ label, name, value, onChange }: { label: string; name: string; value: string; onChange: (v: string) => void }) {
  const id = `filter-${name}`;
  return (
    <div className="field date-field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="date"
        value={value}
        onChange={(e) => {
          if (isIsoDate(e.target.value)) onChange(e.target.value);
        }}
        data-testid={`filter-${name}`}
      />
    </div>
  );
}

function ClientFilter({ clientId, onChange }: { clientId: string; onChange: (id: string) => void }) {
  if (!clientId) return <ClientPicker name="clientId" label="Client" onPick={(c) => onChange(c.id)} testId="client-filter" description="Search by name." />;
  return <ChosenClient clientId={clientId} onClear={() => onChange('')} />;
}

/** The filter's client, by the id in the address (the name is looked up, never put in the URL). */
function ChosenClient({ clientId, onClear }: { clientId: string; onClear: () => void }) {
  const chosen = useChosenClient(clientId);
  const name = chosen.data ? `${chosen.data.preferredName ?? chosen.data.firstName} ${chosen.data.lastName}` : chosen.isError ? 'Unknown client' : 'Loading…';
  return (
    <div className="field chosen-client" data-testid="client-filter-chosen" role="group" aria-labelledby="client-filter-label">
      <span className="field-label" id="client-filter-label">
        Client
      </span>
      <span className="chip">
        <span>{name}</span>
        <Button className="btn small" onPress={onClear} aria-label={`Show every client, not only ${name}`} data-testid="client-filter-clear">
          Clear
        </Button>
      </span>
    </div>
  );
}
