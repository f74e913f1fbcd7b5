// CSV for the billing reports (RFC 4180, UTF-8): amounts as exact decimals in major units, text
// cells made safe for spreadsheets. A text cell beginning with = + - @ (or a tab or carriage
// return) would be read as a formula by Excel, LibreOffice and Sheets; it is prefixed with ' so it
// stays text. Amounts are written by us from integers (minorToDecimal), so "-12.50" stays a number.
import { AGING_BUCKETS, type AgingReport, type IncomeReport, type PaymentsByMethodReport, type UnbilledReport } from '../../../shared/billing.js';
import { minorToDecimal, type CurrencyCode } from '../../../shared/money.js';

/** A cell: text (guarded) or an amount in minor units (written as an exact decimal). */
export type Cell = string | number | null | { cents: number };

const FORMULA_START = /^[=+\-@\t\r]/;

function quote(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function textCell(s: string): string {
  return quote(FORMULA_START.test(s) ? `'${s}` : s);
}

export function toCsv(header: readonly string[], rows: readonly (readonly Cell[])[], currency: CurrencyCode): string {
  const cell = (c: Cell): string => {
    if (c === null) return '';
    if (typeof c === 'number') return String(c);
    if (typeof c === 'string') return textCell(c);
    return minorToDecimal(c.cents, currency);
  };
  return [header.map(textCell).join(','), ...rows.map((r) => r.map(cell).join(','))].join('\r\n') + '\r\n';
}


export function incomeCsv(r: IncomeReport): string {
  return toCsv(
    ['month', 'provider_id', 'provider', 'service_code', 'service', 'invoiced', 'collected', 'currency'],
    r.rows.map((x) => [x.month, x.providerId, x.providerName, x.service, x.serviceName, { cents: x.invoicedCents }, { cents: x.collectedCents }, r.currency]),
    r.currency,
  );
}

export function agingCsv(r: AgingReport): string {
  return toCsv(
    ['client_id', 'client', ...AGING_BUCKETS.map((b) => `days_${b}`), 'total', 'currency', 'as_of'],
    [
      ...r.clients.map((c) => [c.clientId, c.clientName, ...AGING_BUCKETS.map((b) => ({ cents: c.bucketCents[b] })), { cents: c.totalCents }, r.currency, r.asOf]),
      ['', 'All clients', ...AGING_BUCKETS.map((b) => ({ cents: r.buckets.find((x) => x.bucket === b)?.outstandingCents ?? 0 })), { cents: r.buckets.reduce((t, b) => t + b.outstandingCents, 0) }, r.currency, r.asOf],
    ],
    r.currency,
  );
}

export function paymentsCsv(r: PaymentsByMethodReport): string {
  return toCsv(
    ['method', 'payments', 'amount', 'refunded', 'net', 'currency'],
    r.rows.map((x) => [x.method, x.payments, { cents: x.amountCents }, { cents: x.refundedCents }, { cents: x.amountCents - x.refundedCents }, r.currency]),
    r.currency,
  );
}

export function unbilledCsv(r: UnbilledReport): string {
  return toCsv(
    ['appointment_id', 'start', 'client_id', 'client', 'provider_id', 'status', 'service', 'rate', 'currency'],
    r.rows.map((x) => [x.appointmentId, x.start, x.clientId, x.clientName, x.providerId, x.status, x.service, { cents: x.rateCents }, r.currency]),
    r.currency,
  );
}
