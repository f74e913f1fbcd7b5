// An invoice's lines as a table (service date, description, CPT code, modifiers, place of service,
// units, rate, reduction, tax, total) and its totals. On a phone the table scrolls sideways inside
// its frame, the description and total first.
import type { Invoice } from '../../../../shared/billing.js';
import { formatMoney } from '../../../../shared/money.js';
import { TableHead } from '../../../components/TableHead.js';
import { LINE_KIND_LABELS, shortDate } from '../model/labels.js';

export function LinesTable({ inv }: { inv: Invoice }) {
  const m = (n: number) => formatMoney(n, inv.currency);
  return (
    <div className="table-wrap" tabIndex={0} role="region" aria-label="Invoice lines">
      <table className="table lines-table" data-testid="invoice-lines">
        <caption className="visually-hidden">The invoice’s lines</caption>
        <TableHead columns={['Description', { label: 'Total', className: 'num' }, 'Date', 'CPT', 'Modifiers', 'POS', { label: 'Units', className: 'num' }, { label: 'Rate', className: 'num' }, { label: 'Reduction', className: 'num' }, { label: 'Tax', className: 'num' }]} />
        <tbody>
          {inv.lines.map((l) => (
            <tr key={l.id} data-testid="invoice-line" data-kind={l.kind} data-modifiers={l.modifiers.join(',')} data-pos={l.posCode ?? ''}>
              <td>
                {l.description}
                {l.kind !== 'service' && l.kind !== 'manual' ? <span className="muted"> ({LINE_KIND_LABELS[l.kind].toLowerCase()})</span> : null}
              </td>
              <td className="num">
                <strong>{m(l.totalCents)}</strong>
              </td>
              <td className="nowrap">{l.serviceDate ? shortDate(l.serviceDate) : '—'}</td>
              <td className="nowrap">{l.cptCode ?? '—'}</td>
              <td className="nowrap">{l.modifiers.length ? l.modifiers.join(', ') : '—'}</td>
              <td className="nowrap">{l.posCode ?? '—'}</td>
              <td className="num">{l.units}</td>
              <td className="num">{m(l.rateCents)}</td>
              <td className="num">{l.reductionCents ? `−${m(l.reductionCents)}` : '—'}</td>
              <td className="num">{m(l.taxCents)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function TotalsFacts({ inv }: { inv: Invoice }) {
  const m = (n: number) => formatMoney(n, inv.currency);
  const rows: [string, string, string?][] = [
    ['Subtotal', m(inv.subtotalCents)],
    ...(inv.reductionCents ? ([['Sliding scale and discounts', `−${m(inv.reductionCents)}`]] as [string, string][]) : []),
    ['Tax', m(inv.taxCents)],
    ['Total', m(inv.totalCents), 'invoice-total'],
    ...(inv.creditedCents ? ([['Credited', `−${m(inv.creditedCents)}`]] as [string, string][]) : []),
    ['Paid', inv.paidCents ? `−${m(inv.paidCents)}` : m(0)],
    ['Balance', m(inv.balanceCents), 'invoice-balance-total'],
  ];
  return (
    <dl className="totals" data-testid="invoice-totals">
      {rows.map(([label, value, testId]) => (
        <div key={label} className={label === 'Total' || label === 'Balance' ? 'totals-row strong' : 'totals-row'}>
          <dt>{label}</dt>
          <dd className="num" data-testid={testId}>
            {value}
          </dd>
        </div>
      ))}
    </dl>
  );
}
