// Words and figures of the portal's Billing page: an invoice's status as a client would say it,
// amounts in the practice's currency (shared/money.ts: exact, never through a float) and dates.
import type { PortalInvoice } from '../../../../shared/billing.js';
import { formatMoney } from '../../../../shared/money.js';

export const money = (i: Pick<PortalInvoice, 'currency'>, cents: number) => formatMoney(cents, i.currency);

const dateFmt = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', year: 'numeric' });
export const dateLabel = (iso: string) => dateFmt.format(new Date(iso));

export type StatusTone = 'due' | 'overdue' | 'paid' | 'void' | 'credit';

/** Something is left to pay on it (whether or not it can be paid online). */
export const isDue = (i: PortalInvoice) => i.kind === 'invoice' && i.balanceCents > 0 && (i.status === 'issued' || i.status === 'partly_paid');

export const isOverdue = (i: PortalInvoice, now: number) => isDue(i) && i.dueAt !== null && Date.parse(i.dueAt) < now;

/** "Due by Dec 20, 2026", "Overdue since …", "Partly paid", "Paid", "Cancelled by the practice", "Credit note". */
export function statusWords(i: PortalInvoice, now: number): { text: string; tone: StatusTone } {
  if (i.kind === 'credit_note') return { text: 'Credit note', tone: 'credit' };
  if (i.status === 'void') return { text: 'Cancelled by the practice: nothing to pay', tone: 'void' };
  if (!isDue(i)) return { text: 'Paid', tone: 'paid' };
  const partly = i.status === 'partly_paid' ? 'Partly paid · ' : '';
  if (isOverdue(i, now)) return { text: `${partly}Overdue since ${dateLabel(i.dueAt!)}`, tone: 'overdue' };
  return { text: i.dueAt ? `${partly}Due by ${dateLabel(i.dueAt)}` : `${partly}Due`, tone: 'due' };
}


export const kindLabel = (i: PortalInvoice) => (i.kind === 'credit_note' ? 'Credit note' : 'Invoice');
