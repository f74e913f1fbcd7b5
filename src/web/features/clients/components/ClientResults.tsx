// One page of the client list: the "Showing 1–25 of 112" line, then a table on wide screens or
// stacked cards at phone width; each client with an unread mark and a call button.
import { Link } from 'react-router';
import type { ClientList, ClientListItem } from '../../../../shared/clients.js';
import { formatDateOfBirth } from '../../../components/format.js';
import { useNarrow } from '../../../lib/narrow.js';
import { pageSpan } from '../../../lib/pagination.js';
import { CallNowButton } from '../../calls/index.js';
import { STATUS_LABELS } from '../model/labels.js';
import { TableHead } from '../../../components/TableHead.js';

export function ClientResults({
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
  const span = pageSpan(offset, data.items.length, data.total);
  return (
    <>
      <p role="status" data-testid="clients-total" data-total={data.total} className={stale ? 'stale' : undefined}>
        {stale ? 'Updating…' : `Showing ${span.from}–${span.to} of ${span.total}`}
      </p>
      {narrow ? (
        <ClientCards items={data.items} providerNames={providerNames} canCall={canCall} />
      ) : (
        <ClientTable items={data.items} providerNames={providerNames} canCall={canCall} caption={stale ? 'Clients (updating)' : `Clients ${span.from} to ${span.to} of ${span.total}`} />
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

interface RowsProps {
  items: ClientListItem[];
  providerNames: Map<string, string>;
  canCall: boolean;
}

function ClientCards({ items, providerNames, canCall }: RowsProps) {
  return (
    <ul className="client-cards" data-testid="client-cards" aria-label="Clients">
      {items.map((c) => (
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
  );
}

function ClientTable({ items, providerNames, canCall, caption }: RowsProps & { caption: string }) {
  return (
    <table className="table clients-table" data-testid="clients-table">
      <caption className="visually-hidden">{caption}</caption>
      <TableHead columns={[{ label: <span className="visually-hidden">Unread</span>, className: 'unread-col' }, 'Name', 'Date of birth', 'Preferred name', 'Pronouns', 'Status', 'Providers', canCall && 'Actions']} />
      <tbody>
        {items.map((c) => (
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
  );
}
