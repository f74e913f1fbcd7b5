// Billing reports (/billing/reports): income by month (a chart, and the same figures as a table),
// outstanding balances by age, payments by method and attended visits not yet billed, each with
// its CSV download. Dates are the reader's own days; months are counted in their zone.
import { DateTime } from 'luxon';
import { useState } from 'react';
import { Input, Label, TextField } from 'react-aria-components';
import { Link } from 'react-router';
import { AGING_BUCKETS, type AgingReport, type IncomeReport, type PaymentsByMethodReport, type UnbilledReport } from '../../../../shared/billing.js';
import { formatMoney, type CurrencyCode } from '../../../../shared/money.js';
import { Card } from '../../../components/Card.js';
import { PageHead } from '../../../components/PageHead.js';
import { QueryState } from '../../../components/QueryState.js';
import { BillingTabs } from '../../billing/index.js';
import { TableHead } from '../../../components/TableHead.js';
import { browserZone, isIsoDate, today as todayIn } from '../../../lib/time.js';
import { useMe } from '../../../session/useMe.js';
import { reportPath, useAgingReport, useIncomeReport, usePaymentsReport, useUnbilledReport, type ReportName, type ReportRange } from '../api/reports.js';
import { IncomeChart } from './IncomeChart.js';
import { monthLabel } from './month.js';
import './reports.css';

const METHOD_LABELS: Record<string, string> = { cash: 'Cash', check: 'Check', card_terminal: 'Card terminal', bank_transfer: 'Bank transfer', other: 'Other', stripe: 'Card (online)' };
const STATUS_LABELS: Record<string, string> = { completed: 'Attended', checked_in: 'Checked in (call held)', no_show: 'No-show', late_cancel: 'Late cancellation' };
const BUCKET_LABELS: Record<(typeof AGING_BUCKETS)[number], string> = { '0-30': '0–30 days', '31-60': '31–60 days', '61-90': '61–90 days', '90+': 'Over 90 days' };

function Csv({ name, range, what }: { name: ReportName; range: ReportRange | null; what: string }) {
  return (
    <a className="btn csv-link" href={reportPath(name, range, 'csv')} download data-testid={`csv-${name}`}>
      Download CSV<span className="visually-hidden"> of {what}</span>
    </a>
  );
}

function Money({ cents, currency }: { cents: number; currency: string }) {
  return <>{formatMoney(cents, currency as CurrencyCode)}</>;
}

export function ReportsPage() {
  const me = useMe();
  const zone = browserZone();
  const allowed = me.data?.permissions.includes('billing.read') ?? false;
  const [from, setFrom] = useState(() => DateTime.fromISO(todayIn(zone)).minus({ months: 11 }).startOf('month').toISODate()!);
  const [to, setTo] = useState(() => todayIn(zone));
  const valid = isIsoDate(from) && isIsoDate(to) && from <= to;
  const range: ReportRange | null = valid ? { from: DateTime.fromISO(from, { zone }).startOf('day').toISO()!, to: DateTime.fromISO(to, { zone }).plus({ days: 1 }).startOf('day').toISO()!, timeZone: zone } : null;
  if (me.data && !allowed) {
    return (
      <div data-testid="reports-page">
        <h1>Billing reports</h1>
        <p>Your active role does not include billing reports. The practice owner, billing staff and the compliance officer see them here.</p>
      </div>
    );
  }
  return (
    <div data-testid="reports-page" className="reports">
      <PageHead title="Billing reports" />
      <BillingTabs current="reports" settings={me.data?.permissions.includes('practice.settings.write') ?? false} />
      <form className="report-range" aria-label="Report dates" onSubmit={(e) => e.preventDefault()}>
        <TextField className="field" value={from} onChange={setFrom} isInvalid={!isIsoDate(from) || from > to}>
          <Label>From</Label>
          <Input type="date" data-testid="report-from" max={to} />
        </TextField>
        <TextField className="field" value={to} onChange={setTo} isInvalid={!isIsoDate(to) || from > to}>
          <Label>To</Label>
          <Input type="date" data-testid="report-to" min={from} />
        </TextField>
        <p className="muted report-zone">Months and days in {zone.replace(/_/g, ' ')}.</p>
      </form>
      {!valid ? (
        <p role="alert" className="field-error">
          Choose a start date on or before the end date.
        </p>
      ) : null}
      <IncomeCard range={range} />
      <AgingCard />
      <PaymentsCard range={range} />
      <UnbilledCard range={range} zone={zone} />
    </div>
  );
}

function IncomeCard({ range }: { range: ReportRange | null }) {
  const q = useIncomeReport(range);
  return (
    <Card id="income-h" title="Income by month" testId="income-card">
      <p className="card-lead">
        Invoiced: issued invoices before tax, less credit notes, by month of issue. Collected: payments received less refunds and lost disputes. <Csv name="income" range={range} what="income by month, provider and service" />
      </p>
      {range ? (
        <QueryState query={q} what="income" testId="income">
          {(r) => <IncomeBody r={r} />}
        </QueryState>
      ) : null}
    </Card>
  );
}

function IncomeBody({ r }: { r: IncomeReport }) {
  const detail = r.rows.filter((x) => x.service !== null);
  return (
    <>
      <IncomeChart report={r} />
              <table className="table" data-testid="income-table">
          <caption className="visually-hidden">
            Income by month (the chart's figures)
          </caption>
          <TableHead columns={['Month', { label: 'Invoiced', className: 'num' }, { label: 'Collected', className: 'num' }]} />
          <tbody>
            {r.byMonth.map((m) => (
              <tr key={m.month}>
                <th scope="row" className="nowrap">{monthLabel(m.month, true)}</th>
                <td className="num" data-label="Invoiced"><Money cents={m.invoicedCents} currency={r.currency} /></td>
                <td className="num" data-label="Collected"><Money cents={m.collectedCents} currency={r.currency} /></td>
              </tr>
            ))}
          </tbody>
        </table>
      {detail.length ? (
        <details className="report-detail">
          <summary>Invoiced by provider and service</summary>
                      <table className="table report-table">
<caption className="visually-hidden">Invoiced by provider and service</caption>
              <TableHead columns={['Month', 'Provider', 'Service', { label: 'Invoiced', className: 'num' }]} />
              <tbody>
                {detail.map((x) => (
                  <tr key={`${x.month}|${x.providerId ?? ''}|${x.service ?? ''}`}>
                    <td className="nowrap" data-label="Month">{monthLabel(x.month, true)}</td>
                    <td data-label="Provider">{x.providerName ?? <span className="muted">No provider</span>}</td>
                    <td data-label="Service">{serviceLabel(x.service, x.serviceName)}</td>
                    <td className="num" data-label="Invoiced"><Money cents={x.invoicedCents} currency={r.currency} /></td>
                  </tr>
                ))}
              </tbody>
            </table>
        </details>
      ) : null}
    </>
  );
}

function serviceLabel(key: string | null, name: string | null): string {
  const kinds: Record<string, string> = { late_cancel: 'Late cancellation fee', no_show: 'No-show fee', manual: 'Other charges', credit: 'Credits' };
  if (key === null) return '';
  if (kinds[key]) return kinds[key]!;
  return name ? `${name} (${key})` : key;
}

function AgingCard() {
  const q = useAgingReport();
  return (
    <Card id="aging-h" title="Outstanding balances by age" testId="aging-card">
      <p className="card-lead">
        What open invoices still ask for today, by days past their due date. <Csv name="aging" range={null} what="outstanding balances by age" />
      </p>
      <QueryState query={q} what="outstanding balances" testId="aging">
        {(r) => <AgingBody r={r} />}
      </QueryState>
    </Card>
  );
}

function AgingBody({ r }: { r: AgingReport }) {
  const total = r.buckets.reduce((t, b) => t + b.outstandingCents, 0);
  return (
    <>
      <ul className="aging-buckets" data-testid="aging-buckets">
        {r.buckets.map((b) => (
          <li key={b.bucket} className={b.bucket === '90+' && b.outstandingCents > 0 ? 'late' : undefined}>
            <span className="l">{BUCKET_LABELS[b.bucket]}</span>
            <span className="n"><Money cents={b.outstandingCents} currency={r.currency} /></span>
            <span className="muted">{b.invoices === 1 ? '1 invoice' : `${b.invoices} invoices`}</span>
          </li>
        ))}
      </ul>
      {r.clients.length === 0 ? (
        <p className="report-empty">No open balances.</p>
      ) : (
                  <table className="table report-table" data-testid="aging-table">
<caption className="visually-hidden">Outstanding balances by client</caption>
            <TableHead columns={['Client', ...AGING_BUCKETS.map((b) => ({ label: BUCKET_LABELS[b], className: 'num' })), { label: 'Total', className: 'num' }]} />
            <tbody>
              {r.clients.map((c) => (
                <tr key={c.clientId}>
                  <th scope="row"><Link to={`/clients/${encodeURIComponent(c.clientId)}`}>{c.clientName ?? 'Client'}</Link></th>
                  {AGING_BUCKETS.map((b) => (
                    <td key={b} className="num" data-label={BUCKET_LABELS[b]}>{c.bucketCents[b] ? <Money cents={c.bucketCents[b]} currency={r.currency} /> : <span className="muted">–</span>}</td>
                  ))}
                  <td className="num strong" data-label="Total"><Money cents={c.totalCents} currency={r.currency} /></td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row">All clients</th>
                {r.buckets.map((b) => (
                  <td key={b.bucket} className="num" data-label={BUCKET_LABELS[b.bucket]}><Money cents={b.outstandingCents} currency={r.currency} /></td>
                ))}
                <td className="num strong" data-label="Total"><Money cents={total} currency={r.currency} /></td>
              </tr>
            </tfoot>
          </table>
      )}
    </>
  );
}

function PaymentsCard({ range }: { range: ReportRange | null }) {
  const q = usePaymentsReport(range);
  return (
    <Card id="payments-h" title="Payments by method" testId="payments-card">
      <p className="card-lead">
        Payments received in these dates, and what has been refunded of them. <Csv name="payments" range={range} what="payments by method" />
      </p>
      {range ? (
        <QueryState query={q} what="payments" testId="payments">
          {(r) => <PaymentsBody r={r} />}
        </QueryState>
      ) : null}
    </Card>
  );
}

function PaymentsBody({ r }: { r: PaymentsByMethodReport }) {
  if (!r.rows.length) return <p className="report-empty">No payments in these dates.</p>;
  return (
          <table className="table report-table" data-testid="payments-table">
<caption className="visually-hidden">Payments by method</caption>
        <TableHead columns={['Method', { label: 'Payments', className: 'num' }, { label: 'Received', className: 'num' }, { label: 'Refunded', className: 'num' }, { label: 'Net', className: 'num' }]} />
        <tbody>
          {r.rows.map((x) => (
            <tr key={x.method}>
              <th scope="row">{METHOD_LABELS[x.method] ?? x.method}</th>
              <td className="num" data-label="Payments">{x.payments}</td>
              <td className="num" data-label="Received"><Money cents={x.amountCents} currency={r.currency} /></td>
              <td className="num" data-label="Refunded"><Money cents={x.refundedCents} currency={r.currency} /></td>
              <td className="num strong" data-label="Net"><Money cents={x.amountCents - x.refundedCents} currency={r.currency} /></td>
            </tr>
          ))}
        </tbody>
      </table>
  );
}

function UnbilledCard({ range, zone }: { range: ReportRange | null; zone: string }) {
  const q = useUnbilledReport(range);
  return (
    <Card id="unbilled-h" title="Not yet billed" testId="unbilled-card">
      <p className="card-lead">
        Attended visits, and no-shows and late cancellations your fee policy charges for, with no invoice yet. <Csv name="unbilled" range={range} what="visits not yet billed" />
      </p>
      {range ? (
        <QueryState query={q} what="visits not yet billed" testId="unbilled">
          {(r) => <UnbilledBody r={r} zone={zone} />}
        </QueryState>
      ) : null}
    </Card>
  );
}

function UnbilledBody({ r, zone }: { r: UnbilledReport; zone: string }) {
  if (!r.rows.length) return <p className="report-empty">Every billable visit in these dates is invoiced.</p>;
  return (
    <>
      <p role="status">{r.rows.length === 1 ? '1 visit to bill.' : `${r.rows.length} visits to bill.`}</p>
              <table className="table report-table" data-testid="unbilled-table">
<caption className="visually-hidden">Visits not yet billed</caption>
          <TableHead columns={['Date', 'Client', 'Visit', 'Service', { label: 'Rate', className: 'num' }]} />
          <tbody>
            {r.rows.map((x) => (
              <tr key={`${x.appointmentId}|${x.clientId}`}>
                <td className="nowrap" data-label="Date">{DateTime.fromISO(x.start).setZone(zone).toLocaleString(DateTime.DATE_MED, { locale: 'en-US' })}</td>
                <td data-label="Client"><Link to={`/clients/${encodeURIComponent(x.clientId)}`}>{x.clientName ?? 'Client'}</Link></td>
                <td data-label="Visit">{STATUS_LABELS[x.status] ?? x.status}</td>
                <td data-label="Service">{x.service ?? <span className="muted">No service set</span>}</td>
                <td className="num" data-label="Rate"><Money cents={x.rateCents} currency={r.currency} /></td>
              </tr>
            ))}
          </tbody>
        </table>
    </>
  );
}
