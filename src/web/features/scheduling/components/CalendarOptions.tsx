// Above the calendar: the provider filter and display zone, the providers' colours, and one line
// that says how the range stands (saving a move, the last action, loading, failing, the count).
import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import type { AppointmentCellList } from '../../../../shared/scheduling.js';
import { FinalError, RetryingError } from '../../../components/lists.js';
import { FILTER_ALL, SelectField } from '../../../components/SelectField.js';
import { ZoneField } from '../../../components/ZoneField.js';
import { type listState, numberFmt } from '../../../lib/pagination.js';
import { type Provider, providerOptions } from '../../../lib/providers.js';
import { zoneLabel } from '../../../lib/time.js';
import { retryAppointmentsNow } from '../api/listAppointments.js';

const ALL = FILTER_ALL;

export function CalendarOptions({
  providers,
  providerId,
  onProvider,
  zone,
  onZone,
  colors,
}: {
  providers: UseQueryResult<{ providers: Provider[] }>;
  providerId: string;
  onProvider: (id: string) => void;
  zone: string;
  onZone: (zone: string) => void;
  colors: Map<string, string>;
}) {
  return (
    <>
      <div className="filters" role="group" aria-label="Calendar options">
        {providers.isSuccess ? (
          <SelectField
            name="providerId"
            label="Provider"
            value={providerId || ALL}
            onChange={(v) => onProvider(v && v !== ALL ? v : '')}
            options={providerOptions(providers.data.providers, { id: ALL, label: 'All providers' })}
            testId="provider-filter"
          />
        ) : null}
        <ZoneField name="tz" label="Show times in" value={zone} onChange={onZone} testId="display-zone" />
      </div>
      {providers.isSuccess && !providerId && providers.data.providers.length > 1 ? (
        <ul className="legend" aria-label="Provider colours">
          {providers.data.providers.map((p) => (
            <li key={p.id}>
              <span className="swatch" style={{ background: colors.get(p.id) }} aria-hidden="true" /> {p.name}
            </li>
          ))}
        </ul>
      ) : null}
    </>
  );
}

export function CalendarStatus({
  saving,
  outcome,
  query,
  state,
  count,
  zone,
}: {
  saving: boolean;
  outcome: ReactNode;
  query: UseQueryResult<AppointmentCellList>;
  state: ReturnType<typeof listState<AppointmentCellList>>;
  /** How many the calendar shows (the loaded range, filtered by provider). */
  count: number;
  zone: string;
}) {
  const { failing, finalError, showing } = state;
  return (
    <div className="calendar-status">
      {saving ? (
        <p role="status" data-testid="calendar-saving">
          Saving the change…
        </p>
      ) : null}
      {outcome}
      {finalError ? (
        <FinalError error={query.error} what="calendar" />
      ) : failing ? (
        <RetryingError failureCount={query.failureCount} error={query.failureReason} what="appointments" fetching={query.isFetching} onRetry={() => void retryAppointmentsNow()} testId="appointments" extra="The calendar shows none until they load." />
      ) : !showing ? (
        <p role="status" className="loading">
          Loading appointments…
        </p>
      ) : (
        <p role="status" className="field-description" data-testid="calendar-count">
          {count === 1 ? '1 appointment' : `${numberFmt.format(count)} appointments`} in view, times in {zoneLabel(zone)}.
        </p>
      )}
    </div>
  );
}
