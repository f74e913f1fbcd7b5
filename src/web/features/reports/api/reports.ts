// The billing reports: one query per report over the chosen range, and the address of each one's
// CSV download (a plain GET with the session cookie; the server answers it as an attachment).
import { AgingReport, IncomeReport, PaymentsByMethodReport, UnbilledReport } from '../../../../shared/billing.js';
import { useStaffRead } from '../../../lib/retry.js';

/** The range as the server takes it: instants with their offset, and the zone months are counted in. */
export interface ReportRange {
  from: string;
  to: string;
  timeZone: string;
}

export type ReportName = 'income' | 'aging' | 'payments' | 'unbilled';

export function reportPath(name: ReportName, range: ReportRange | null, format?: 'csv'): string {
  const q = new URLSearchParams(name === 'aging' || !range ? {} : name === 'income' ? { from: range.from, to: range.to, timeZone: range.timeZone } : { from: range.from, to: range.to });
  if (format) q.set('format', format);
  const s = q.toString();
  return `/api/billing/reports/${name}${s ? `?${s}` : ''}`;
}

export const reportKeys = {
  all: ['billing-reports'] as const,
  one: (name: ReportName, range: ReportRange | null) => ['billing-reports', name, range?.from ?? '', range?.to ?? '', range?.timeZone ?? ''] as const,
};

// Money moves all day: each visit asks again.
const fresh = { staleTime: 0 };

export const useIncomeReport = (range: ReportRange | null) => useStaffRead(reportKeys.one('income', range), reportPath('income', range), IncomeReport, { ...fresh, enabled: range !== null });
export const useAgingReport = () => useStaffRead(reportKeys.one('aging', null), reportPath('aging', null), AgingReport, fresh);
export const usePaymentsReport = (range: ReportRange | null) => useStaffRead(reportKeys.one('payments', range), reportPath('payments', range), PaymentsByMethodReport, { ...fresh, enabled: range !== null });
export const useUnbilledReport = (range: ReportRange | null) => useStaffRead(reportKeys.one('unbilled', range), reportPath('unbilled', range), UnbilledReport, { ...fresh, enabled: range !== null });
