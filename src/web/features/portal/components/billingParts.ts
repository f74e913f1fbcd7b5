// Words and figures of the portal's Billing page: an invoice's status as a client would say it,
// amounts in the practice's currency and dates, in the page's language (react-intl). Amounts go to
// Intl as the exact decimal string (shared/money.ts), never through a float.
import { defineMessages, type IntlShape, type MessageDescriptor } from 'react-intl';
import type { PortalInvoice } from '../../../../shared/billing.js';
import { minorDigits, minorToDecimal } from '../../../../shared/money-units.js';

export function money(intl: IntlShape, i: Pick<PortalInvoice, 'currency'>, cents: number): string {
  const digits = minorDigits(i.currency);
  // Intl.NumberFormat formats a decimal string exactly; react-intl passes it through unchanged.
  const exact = minorToDecimal(cents, i.currency) as unknown as number;
  return intl.formatNumber(exact, { style: 'currency', currency: i.currency, minimumFractionDigits: digits, maximumFractionDigits: digits });
}

export const dateLabel = (intl: IntlShape, iso: string) => intl.formatDate(iso, { month: 'short', day: 'numeric', year: 'numeric' });

export type StatusTone = 'due' | 'overdue' | 'paid' | 'void' | 'credit';

/** Something is left to pay on it (whether or not it can be paid online). */
export const isDue = (i: PortalInvoice) => i.kind === 'invoice' && i.balanceCents > 0 && (i.status === 'issued' || i.status === 'partly_paid');

export const isOverdue = (i: PortalInvoice, now: number) => isDue(i) && i.dueAt !== null && Date.parse(i.dueAt) < now;

const m: Record<'credit' | 'void' | 'paid' | 'overdue' | 'dueBy' | 'due' | 'invoice', MessageDescriptor> = defineMessages({
  credit: { id: 'portal.invoice.status.credit', defaultMessage: 'Credit note' },
  void: { id: 'portal.invoice.status.void', defaultMessage: 'Cancelled by the practice: nothing to pay' },
  paid: { id: 'portal.invoice.status.paid', defaultMessage: 'Paid' },
  overdue: { id: 'portal.invoice.status.overdue', defaultMessage: '{partly, select, yes {Partly paid · } other {}}Overdue since {date}' },
  dueBy: { id: 'portal.invoice.status.dueBy', defaultMessage: '{partly, select, yes {Partly paid · } other {}}Due by {date}' },
  due: { id: 'portal.invoice.status.due', defaultMessage: '{partly, select, yes {Partly paid · } other {}}Due' },
  invoice: { id: 'portal.invoice.kind.invoice', defaultMessage: 'Invoice' },
});

/** "Due by Dec 20, 2026", "Overdue since …", "Partly paid", "Paid", "Cancelled by the practice", "Credit note". */
export function statusWords(intl: IntlShape, i: PortalInvoice, now: number): { text: string; tone: StatusTone } {
  if (i.kind === 'credit_note') return { text: intl.formatMessage(m.credit), tone: 'credit' };
  if (i.status === 'void') return { text: intl.formatMessage(m.void), tone: 'void' };
  if (!isDue(i)) return { text: intl.formatMessage(m.paid), tone: 'paid' };
  const partly = i.status === 'partly_paid' ? 'yes' : 'no';
  if (isOverdue(i, now)) return { text: intl.formatMessage(m.overdue, { partly, date: dateLabel(intl, i.dueAt!) }), tone: 'overdue' };
  return { text: i.dueAt ? intl.formatMessage(m.dueBy, { partly, date: dateLabel(intl, i.dueAt) }) : intl.formatMessage(m.due, { partly }), tone: 'due' };
}

export const kindLabel = (intl: IntlShape, i: Pick<PortalInvoice, 'kind'>) => intl.formatMessage(i.kind === 'credit_note' ? m.credit : m.invoice);
