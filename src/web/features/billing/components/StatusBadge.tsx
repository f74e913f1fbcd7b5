// An invoice's status as a badge: words first (colour only repeats them), so it reads the same
// to a screen reader and in grey.
import type { InvoiceStatus } from '../../../../shared/billing.js';
import { STATUS_LABELS } from '../model/labels.js';

export function StatusBadge({ status, overdue = false }: { status: InvoiceStatus; overdue?: boolean }) {
  return (
    <span className={`badge badge-${status}${overdue ? ' badge-overdue' : ''}`} data-testid="invoice-status" data-status={status}>
      {STATUS_LABELS[status]}
      {overdue ? ' · overdue' : ''}
    </span>
  );
}

/** Issued or partly paid, with a balance, and past its due date. */
export function isOverdue(inv: { status: InvoiceStatus; dueAt: string | null; balanceCents: number }, now = Date.now()): boolean {
  return (inv.status === 'issued' || inv.status === 'partly_paid') && inv.balanceCents > 0 && inv.dueAt !== null && Date.parse(inv.dueAt) < now;
}
