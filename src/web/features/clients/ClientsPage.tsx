// The client list: search (debounced), filters and sort kept in the address, an exact total,
// cursor paging, a table on wide screens and a stacked list at phone width. A failed answer
// shows "Couldn't load clients — retrying" and no list at all: never a stale or partial one.
import { useEffect, useMemo, useState } from 'react';
import { Input, Label, SearchField } from 'react-aria-components';
import { Link, useSearchParams } from 'react-router';
import { CLIENT_SORTS, CLIENT_STATUSES, type ClientList, type ClientListItem } from '../../../shared/clients.js';
import { SelectField } from '../../components/SelectField.js';
import { useMe } from '../../session/useMe.js';
import { CallNowButton } from '../calls/index.js';
import {
  clientKeys,
  type ClientListParams,
  type ClientSort,
  type ClientStatusValue,
  numberFmt,
  PAGE_SIZE,
  retryNow,
  SORT_LABELS,
  STATUS_LABELS,
  useClientList,
  useProviders,
} from './api.js';
import { FinalError, listState, Pager, RetryingError, useCursorPaging, useNarrow } from './common.js';
import { formatDateOfBirth } from '../../components/format.js';

const SEARCH_DEBOUNCE_MS = 300;
const ALL = 'all';

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

  const { failing, finalError, shown, settled } = listState(list);

  return (
    <div data-testid="clients-page">
      <div className="page-head">
        <h1>Clients</h1>
        {canWrite ? (
          <div className="actions">
            <Link className="btn primary" to="/clients/new" data-testid="add-client">
              Add client
            </Link>
            <Link className="btn" to="/clients/import" data-testid="import-clients">
              Import CSV
            </Link>
          </div>
        ) : null}
      </div>

      <div role="search" className="filters" aria-label="Find clients">
        <SearchField className="field search-field" value={qInput} onChange={setQInput} aria-describedby="search-hint">
          <Label>Search clients</Label>
          <Input data-testid="client-search" />
        </SearchField>
        <SelectField
          name="status"
          label="Status"
          value={filters.status || ALL}
          onChange={(v) => setFilter('status', v)}
          options={[{ id: ALL, label: 'All statuses' }, ...CLIENT_STATUSES.map((s) => ({ id: s, label: STATUS_LABELS[s] }))]}
          testId="status-filter"
        />
        {providers.isSuccess ? (
          <SelectField
            name="providerId"
            label="Provider"
            value={filters.providerId || ALL}
            onChange={(v) => setFilter('providerId', v)}
            options={[{ id: ALL, label: 'All providers' }, ...providers.data.providers.map((p) => ({ id: p.id, label: p.name }))]}
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
      <p id="search-hint" className="field-description">
        Search by the start of a first, last or preferred name, or by a full email address or phone number.
      </p>

      <div
        data-testid="clients-list"
        data-ready={settled ? 'true' : 'false'}
        data-error={failing ? 'true' : undefined}
        data-q={filters.q}
        data-status={filters.status}
        data-provider-id={filters.providerId}
        data-sort={filters.sort}
        data-total={shown?.total}
        aria-busy={list.isFetching && !failing}
      >
        {finalError ? (
          <FinalError error={list.error} what="client list" />
        ) : failing ? (
          <RetryingError failureCount={list.failureCount} error={list.failureReason} what="clients" fetching={list.isFetching} onRetry={() => void retryNow(clientKeys.all)} testId="clients" />
        ) : shown ? (
          <ClientResults
            data={shown}
            offset={pageIndex * PAGE_SIZE}
            stale={list.isPlaceholderData}
            providerNames={providerNames}
            filtered={Boolean(filters.q || filters.status || filters.providerId)}
            canWrite={canWrite}
            canCall={canCall}
          />
        ) : (
          <p role="status" className="loading">
            Loading clients…
          </p>
        )}
      </div>

      {shown ? <Pager label="Client list pages" paging={paging} nextCursor={shown.nextCursor} fetching={list.isFetching} stale={list.isPlaceholderData} /> : null}
    </div>
  );
}

function ClientResults({
  data,
  offset,
  stale,
  providerNames,
  filtered,
  canWrite,
  canCall,
}: {
  data: ClientList;
  offset: number;
  stale: boolean;
  providerNames: Map<string, string>;
  filtered: boolean;
  canWrite: boolean;
  canCall: boolean;
}) {
  const narrow = useNarrow();
  if (data.total === 0 || data.items.length === 0) {
    return (
      <p role="status" data-testid="clients-total" data-total={data.total}>
        {filtered ? 'No clients match these filters.' : canWrite ? 'No clients yet. Add one, or import a CSV file.' : 'No clients yet.'}
      </p>
    );
  }
  const from = offset + 1;
  const to = offset + data.items.length;
  return (
    <>
      <p role="status" data-testid="clients-total" data-total={data.total} className={stale ? 'stale' : undefined}>
        {stale ? 'Updating…' : `Showing ${numberFmt.format(from)}–${numberFmt.format(to)} of ${numberFmt.format(data.total)}`}
      </p>
      {narrow ? (
        <ul className="client-cards" data-testid="client-cards" aria-label="Clients">
          {data.items.map((c) => (
            <li key={c.id} data-testid="client-row" data-client-id={c.id}>
              <div className="card-title">
                <UnreadMarker unread={c.unread} />
                <Link to={`/clients/${encodeURIComponent(c.id)}`}>{`${c.lastName}, ${c.firstName}`}</Link>
              </div>
              <dl className="card-facts">
                {c.preferredName ? (
                  <>
                    <dt>Preferred name</dt>
                    <dd>{c.preferredName}</dd>
                  </>
                ) : null}
                {c.pronouns ? (
                  <>
                    <dt>Pronouns</dt>
                    <dd>{c.pronouns}</dd>
                  </>
                ) : null}
                <dt>Date of birth</dt>
                <dd>{formatDateOfBirth(c.dateOfBirth)}</dd>
                <dt>Status</dt>
                <dd>{STATUS_LABELS[c.status]}</dd>
                <dt>Providers</dt>
                <dd>{providerList(c, providerNames)}</dd>
              </dl>
              {canCall ? (
                <div className="row-actions">
                  <CallNowButton clientId={c.id} clientName={`${c.firstName} ${c.lastName}`} className="btn small" />
                </div>
              ) : null}
            </li>
          ))}
        </ul>
      ) : (
        <table className="table clients-table" data-testid="clients-table">
          <caption className="visually-hidden">
            {stale ? 'Clients (updating)' : `Clients ${numberFmt.format(from)} to ${numberFmt.format(to)} of ${numberFmt.format(data.total)}`}
          </caption>
          <thead>
            <tr>
              <th scope="col" className="unread-col">
                <span className="visually-hidden">Unread</span>
              </th>
              <th scope="col">Name</th>
              <th scope="col">Date of birth</th>
              <th scope="col">Preferred name</th>
              <th scope="col">Pronouns</th>
              <th scope="col">Status</th>
              <th scope="col">Providers</th>
              {canCall ? <th scope="col">Actions</th> : null}
            </tr>
          </thead>
          <tbody>
            {data.items.map((c) => (
              <tr key={c.id} data-testid="client-row" data-client-id={c.id}>
                <td className="unread-col">
                  <UnreadMarker unread={c.unread} />
                </td>
                <th scope="row">
                  <Link to={`/clients/${encodeURIComponent(c.id)}`}>{`${c.lastName}, ${c.firstName}`}</Link>
                </th>
                <td>{formatDateOfBirth(c.dateOfBirth)}</td>
                <td>{c.preferredName ?? ''}</td>
                <td>{c.pronouns ?? ''}</td>
                <td>{STATUS_LABELS[c.status]}</td>
                <td>{providerList(c, providerNames)}</td>
                {canCall ? (
                  <td>
                    <div className="row-actions">
                      <CallNowButton clientId={c.id} clientName={`${c.firstName} ${c.lastName}`} className="btn small" />
                    </div>
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

function providerList(c: ClientListItem, names: Map<string, string>): string {
  if (c.providerIds.length === 0) return 'None assigned';
  return c.providerIds.map((id) => names.get(id) ?? 'Unknown provider').join(', ');
}

export function UnreadMarker({ unread }: { unread: boolean }) {
  if (!unread) return null;
  return (
    <span className="unread" data-testid="unread-marker" title="Unread message">
      <span className="unread-dot" aria-hidden="true" />
      <span className="visually-hidden">Unread message</span>
    </span>
  );
}
