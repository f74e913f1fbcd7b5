// The words the billing screens use for statuses, methods and line kinds, in one place.
import type { InvoiceStatus, Payment } from '../../../../shared/billing.js';

export const STATUS_LABELS: Record<InvoiceStatus, string> = {
  draft: 'Draft',
  issued: 'Issued',
  partly_paid: 'Partly paid',
  paid: 'Paid',
  void: 'Void',
};

export const METHOD_LABELS: Record<Payment['method'], string> = {
  cash: 'Cash',
  check: 'Check',
  card_terminal: 'Card terminal',
  bank_transfer: 'Bank transfer',
  other: 'Other',
  stripe: 'Card (online)',
};

export const LINE_KIND_LABELS = {
  service: 'Session',
  late_cancel: 'Late cancellation fee',
  no_show: 'No-show fee',
  manual: 'Other charge',
  credit: 'Credit',
} as const;

/** An appointment's status as the unbilled list words it (the scheduling statuses that can be billed). */
export function appointmentStatusLabel(status: string): string {
  switch (status) {
    case 'completed':
      return 'Attended';
    case 'checked_in':
      return 'Attended (checked in)';
    case 'no_show':
      return 'No-show';
    case 'cancelled':
    case 'late_cancel':
      return 'Late cancellation';
    default:
      return status.replace(/_/g, ' ');
  }
}

/** "INV-000042", or "Draft" for an invoice that has no number yet. */
export function invoiceTitle(inv: { number: string | null; kind: 'invoice' | 'credit_note' }): string {
  if (inv.number) return inv.number;
  return inv.kind === 'credit_note' ? 'Draft credit note' : 'Draft invoice';
}

const dateFmt = new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric', year: 'numeric' });

/** "Dec 6, 2026", or an em dash when there is no date. */
export function shortDate(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : dateFmt.format(d);
}

const dateTimeFmt = new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric', year: 'numeric', hour: 'numeric', minute: '2-digit' });

/** "Dec 6, 2026, 3:00 PM": a session's start, so two sessions on one day can be told apart. */
export function shortDateTime(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : dateTimeFmt.format(d);
}
