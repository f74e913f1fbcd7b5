// /billing: the practice's invoices, newest first, filtered by status and client, 25 at a time with
// "Load more"; "New invoice" for roles that write invoices. Each row leads to the invoice. On a
// phone the table scrolls sideways inside its frame, the number, client, balance and status first.
import { useState } from 'react';
import { Button } from 'react-aria-components';
import { Link, useSearchParams } from 'react-router';
import { INVOICE_STATUSES, type InvoiceSummary } from '../../../../shared/billing.js';
import { formatMoney } from '../../../../shared/money.js';
import { isApiError } from '../../../api/client.js';
import { PageHead } from '../../../components/PageHead.js';
import { QueryPending } from '../../../components/QueryState.js';
import { FILTER_ALL, StatusFilter } from '../../../components/SelectField.js';
import { TableHead } from '../../../components/TableHead.js';
import { useMe } from '../../../session/useMe.js';
import { useInvoiceList } from '../api/invoices.js';
import { billingAccess } from '../model/access.js';
import { invoiceTitle, shortDate, STATUS_LABELS } from '../model/labels.js';
import { BillingTabs } from './BillingTabs.js';
import { ClientPicker, type PickedClient } from './ClientPicker.js';
import { isOverdue, StatusBadge } from './StatusBadge.js';
import './billing.css';

export function BillingPage() {
  const me = useMe();
  const access = billingAccess(me.data?.permissions);
  const [params, setParams] = useSearchParams();
  const status = params.get('status') ?? '';
  const [client, setClient] = useState<PickedClient | null>(null);
  const list = useInvoiceList({ status, clientId: client?.id ?? '' });

  if (me.data && !access.read) {
    return (
      <div data-testid="billing-page">
        <h1>Billing</h1>
        <p>Your role does not work with invoices. Practice owners and billing staff see them here.</p>
      </div>
    );
  }
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  const total = list.data?.pages[0]?.total ?? 0;
  const filtered = status !== '' || client !== null;
  return (
    <div data-testid="billing-page">
      <PageHead
        title="Billing"
        actions={
          access.writeInvoices ? (
            <Link className="btn primary" to="/billing/new" data-testid="new-invoice">
              New invoice
            </Link>
          ) : null
        }
      />
      <BillingTabs current="invoices" settings={access.settings} profile={me.data?.activeRole === 'provider'} />
      <form className="filters" aria-label="Filter invoices" onSubmit={(e) => e.preventDefault()}>
        <StatusFilter
          value={status}
          onChange={(v) => setParams(v === FILTER_ALL ? {} : { status: v }, { replace: true })}
          statuses={INVOICE_STATUSES}
          labels={STATUS_LABELS}
        />
        <ClientPicker label="Client" picked={client} onPick={setClient} testId="invoice-client-filter" />
      </form>
      <div data-testid="invoices-list" data-ready={list.isSuccess && !list.isFetching ? 'true' : 'false'} data-total={list.isSuccess ? total : undefined}>
        {list.isSuccess ? (
          <>
            <p role="status" data-testid="invoices-total">
              {total === 0 ? '' : `${total} ${total === 1 ? 'invoice' : 'invoices'}${items.length < total ? `, showing ${items.length}` : ''}.`}
            </p>
            {items.length ? <InvoiceTable items={items} /> : <EmptyInvoices filtered={filtered} canWrite={access.writeInvoices} />}
            {list.hasNextPage ? (
              <Button className="btn" onPress={() => void list.fetchNextPage()} isDisabled={list.isFetchingNextPage} data-testid="invoices-more">
                {list.isFetchingNextPage ? 'Loading…' : 'Load more invoices'}
              </Button>
            ) : null}
          </>
        ) : list.isError && isApiError(list.error) && list.error.status >= 400 && list.error.status < 500 && list.error.status !== 429 ? (
          <p role="alert" className="query-error">
            {list.error.message}
          </p>
        ) : (
          <QueryPending query={list} what="invoices" testId="invoices" />
        )}
      </div>
    </div>
  );
}

function EmptyInvoices({ filtered, canWrite }: { filtered: boolean; canWrite: boolean }) {
  return (
    <div className="empty" data-testid="invoices-empty">
      {filtered ? (
        <p>No invoice matches these filters. Choose “All statuses” or another client to see more.</p>
      ) : (
        <>
          <p>
            <strong>No invoices yet.</strong>
          </p>
          <p>{canWrite ? 'Start with “New invoice”: pick a client, tick the sessions to bill, and issue it. The client is told there is a new invoice in the portal.' : 'Invoices the practice issues appear here.'}</p>
        </>
      )}
    </div>
  );
}

function InvoiceTable({ items }: { items: InvoiceSummary[] }) {
  return (
    <div className="table-wrap" tabIndex={0} role="region" aria-label="Invoices">
      <table className="table invoices-table" data-testid="invoices-table">
        <caption className="visually-hidden">Invoices, newest first</caption>
        <TableHead columns={['Number', 'Client', { label: 'Balance', className: 'num' }, 'Status', { label: 'Total', className: 'num' }, 'Issued', 'Due']} />
        <tbody>
          {items.map((inv) => (
            <tr key={inv.id} data-testid="invoice-row" data-invoice-id={inv.id} data-status={inv.status}>
              <td className="nowrap">
                <Link to={`/billing/invoices/${inv.id}`} data-testid="invoice-link">
                  {invoiceTitle(inv)}
                </Link>
                {inv.kind === 'credit_note' ? <span className="muted"> (credit note)</span> : null}
              </td>
              <td>{inv.clientName ?? <span className="muted">Not visible to you</span>}</td>
              <td className="num" data-testid="invoice-balance">
                {formatMoney(inv.balanceCents, inv.currency)}
              </td>
              <td>
                <StatusBadge status={inv.status} overdue={isOverdue(inv)} />
              </td>
              <td className="num">{formatMoney(inv.totalCents, inv.currency)}</td>
              <td className="nowrap">{shortDate(inv.issuedAt)}</td>
              <td className="nowrap">{shortDate(inv.dueAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
