// The client list: search (debounced), filters and sort kept in the address, an exact total,
// cursor paging, a table on wide screens and a stacked list at phone width. A failed answer
// shows "Couldn't load clients — retrying" and no list at all: never a stale or partial one.
import { useEffect, useMemo, useState } from 'react';
import { Input, Label, SearchField } from 'react-aria-components';
import { Link, useSearchParams } from 'react-router';
import { CLIENT_SORTS, CLIENT_STATUSES } from '../../../../shared/clients.js';
import { PagedList } from '../../../components/lists.js';
import { FILTER_ALL, SelectField, StatusFilter } from '../../../components/SelectField.js';
import { useCursorPaging } from '../../../lib/pagination.js';
import { type Provider, providerOptions, useProviders } from '../../../lib/providers.js';
import { useMe } from '../../../session/useMe.js';
import type { ClientListParams } from '../api/keys.js';
import { PAGE_SIZE, retryClientsNow, useClientList } from '../api/listClients.js';
import { type ClientSort, type ClientStatusValue, SORT_LABELS, STATUS_LABELS } from '../model/labels.js';
import { ClientResults } from './ClientResults.js';
import { PageHead } from '../../../components/PageHead.js';

const SEARCH_DEBOUNCE_MS = 300;
const ALL = FILTER_ALL;

function readParams(sp: URLSearchParams): Omit<ClientListParams, 'cursor' | 'limit'> {
  const status = sp.get('status') ?? '';
  const sort = sp.get('sort') ?? 'lastName';
  return {
    q: sp.get('q') ?? '',
    status: (CLIENT_STATUSES as readonly string[]).includes(status) ? (status as ClientStatusValue) : '',
    providerId: sp.get('providerId') ?? '',
    sort: (CLIENT_SORTS as readonly string[]).includes(sort) ? (sort as ClientSort) : 'lastName',
  };
}

export function ClientsPage() {
  const me = useMe();
  const canWrite = me.data?.permissions.includes('clients.write') ?? false;
  const canCall = me.data?.permissions.includes('calls.start') ?? false;
  const canRead = me.data?.permissions.includes('clients.read') ?? true;
  const [sp, setSp] = useSearchParams();
  const filters = readParams(sp);
  const filterKey = JSON.stringify(filters);

  // Search box: typed text is local; the address (and the query) follows after a pause.
  const [qInput, setQInput] = useState(filters.q);
  useEffect(() => {
    if (qInput.trim() === filters.q.trim()) return;
    const t = setTimeout(() => {
      setSp(
        (prev) => {
          const next = new URLSearchParams(prev);
          if (qInput.trim()) next.set('q', qInput.trim());
          else next.delete('q');
          return next;
        },
        { replace: true },
      );
    }, SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(t);
  }, [qInput, filters.q, setSp]);

  const setFilter = (name: 'status' | 'providerId' | 'sort', value: string) => {
    setSp(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (value && value !== ALL && !(name === 'sort' && value === 'lastName')) next.set(name, value);
        else next.delete(name);
        return next;
      },
      { replace: true },
    );
  };

  // Cursor paging: a stack of cursors for the pages visited; any filter change starts over.
  const paging = useCursorPaging(filterKey);
  const { cursor, pageIndex } = paging;

  const params: ClientListParams = { ...filters, limit: PAGE_SIZE, cursor };
  const list = useClientList(params);
  const providers = useProviders();
  const providerNames = useMemo(() => new Map((providers.data?.providers ?? []).map((p) => [p.id, p.name])), [providers.data]);

  if (!canRead) {
    return (
      <>
        <h1>Clients</h1>
        <p>Your role does not include access to client records.</p>
      </>
    );
  }

  return (
    <div data-testid="clients-page">
      <PageHead
        title="Clients"
        actions={
          canWrite ? (
            <>
              <Link className="btn primary" to="/clients/new" data-testid="add-client">
                Add client
              </Link>
              <Link className="btn" to="/clients/import" data-testid="import-clients">
                Import CSV
              </Link>
            </>
          ) : null
        }
      />

      <ClientFilters filters={filters} qInput={qInput} setQInput={setQInput} setFilter={setFilter} providers={providers.isSuccess ? providers.data.providers : null} />
      <p id="search-hint" className="field-description">
        Search by the start of a first, last or preferred name, or by a full email address or phone number.
      </p>

      <PagedList
        list={list}
        name="clients"
        what="client list"
        attrs={{ 'data-q': filters.q, 'data-status': filters.status, 'data-provider-id': filters.providerId, 'data-sort': filters.sort }}
        onRetry={() => void retryClientsNow()}
        paging={paging}
        pagerLabel="Client list pages"
      >
        {(shown) => (
          <ClientResults
            data={shown}
            offset={pageIndex * PAGE_SIZE}
            stale={list.isPlaceholderData}
            providerNames={providerNames}
            filtered={Boolean(filters.q || filters.status || filters.providerId)}
            canWrite={canWrite}
            canCall={canCall}
          />
        )}
      </PagedList>
    </div>
  );
}

function ClientFilters({
  filters,
  qInput,
  setQInput,
  setFilter,
  providers,
}: {
  filters: Omit<ClientListParams, 'cursor' | 'limit'>;
  qInput: string;
  setQInput: (q: string) => void;
  setFilter: (name: 'status' | 'providerId' | 'sort', value: string) => void;
  providers: Provider[] | null;
}) {
  return (
  <div role="search" className="filters" aria-label="Find clients">
    <SearchField className="field search-field" value={qInput} onChange={setQInput} aria-describedby="search-hint">
      <Label>Search clients</Label>
      <Input data-testid="client-search" />
    </SearchField>
    <StatusFilter value={filters.status} onChange={(v) => setFilter('status', v)} statuses={CLIENT_STATUSES} labels={STATUS_LABELS} />
    {providers ? (
      <SelectField
        name="providerId"
        label="Provider"
        value={filters.providerId || ALL}
        onChange={(v) => setFilter('providerId', v)}
        options={providerOptions(providers, { id: ALL, label: 'All providers' })}
        testId="provider-filter"
      />
    ) : null}
    <SelectField
      name="sort"
      label="Sort by"
      value={filters.sort}
      onChange={(v) => setFilter('sort', v)}
      options={CLIENT_SORTS.map((s) => ({ id: s, label: SORT_LABELS[s] }))}
      testId="sort-select"
    />
  </div>
  );
}
