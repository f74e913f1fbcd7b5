// A draft invoice's form as typed (text fields, ticked appointments) to the request the server
// takes, and the figures to show meanwhile. A field that cannot be read is reported under its
// request path ("lines.1.rateCents"), the same name the server's errors use.
import type { BillingSettings, InvoiceCreate, ManualLine } from '../../../../shared/billing.js';
import type { CurrencyCode } from '../../../../shared/money.js';
import { type DraftLine, draftTotals } from './draft.js';
import { amountProblem, parseAmount } from './money-input.js';

/** An appointment that can go on the invoice: attended, a late cancellation or a no-show. */
export interface Candidate {
  appointmentId: string;
  start: string;
  service: string | null;
  status: string;
  /** The service's rate (the fee policy decides what a late cancellation or no-show costs). */
  rateCents: number;
}

export interface ManualRow {
  key: string;
  description: string;
  units: string;
  rate: string;
  taxable: boolean;
}

export interface DraftForm {
  clientId: string;
  appointmentIds: string[];
  manual: ManualRow[];
  discount: string;
  memo: string;
}

type Fees = Pick<BillingSettings, 'lateCancelFee' | 'noShowFee'>;

/** What an appointment adds to the invoice, or null when the practice charges nothing for it. */
export function candidateCharge(c: Candidate, fees: Fees): { kind: 'service' | 'late_cancel' | 'no_show'; rateMinor: number } | null {
  const rule = c.status === 'no_show' ? fees.noShowFee : c.status === 'cancelled' || c.status === 'late_cancel' ? fees.lateCancelFee : null;
  if (!rule) return { kind: 'service', rateMinor: c.rateCents };
  const kind = c.status === 'no_show' ? 'no_show' : 'late_cancel';
  if (rule.policy === 'none') return null;
  return { kind, rateMinor: rule.policy === 'flat' ? rule.amountCents : c.rateCents };
}

export interface ReadDraft {
  body: InvoiceCreate;
  lines: DraftLine[];
  errors: Record<string, string>;
}

/** Reads the form: the request body, the lines for the live totals, and what could not be read. */
export function readDraft(f: DraftForm, candidates: readonly Candidate[], ctx: { currency: CurrencyCode; fees: Fees; slidingScale: string | null }): ReadDraft {
  const errors: Record<string, string> = {};
  const lines: DraftLine[] = [];
  for (const id of f.appointmentIds) {
    const c = candidates.find((x) => x.appointmentId === id);
    const charge = c ? candidateCharge(c, ctx.fees) : null;
    if (!c || !charge) continue;
    lines.push({ key: id, description: c.service ?? 'Session', units: 1, rateMinor: charge.rateMinor, discountMinor: 0, ...(charge.kind === 'service' && ctx.slidingScale ? { slidingScalePercentOff: ctx.slidingScale } : {}), taxable: false });
  }
  const manual: ManualLine[] = f.manual.map((m, i) => {
    const units = /^\d+$/.test(m.units.trim()) ? Number(m.units.trim()) : Number.NaN;
    const rate = parseAmount(m.rate, ctx.currency);
    if (!m.description.trim()) errors[`lines.${i}.description`] = 'is required';
    if (!Number.isInteger(units) || units < 1 || units > 1000) errors[`lines.${i}.units`] = 'must be a whole number from 1 to 1000';
    if (rate === null) errors[`lines.${i}.rateCents`] = amountProblem(ctx.currency);
    if (Number.isInteger(units) && units >= 1 && units <= 1000 && rate !== null) lines.push({ key: m.key, description: m.description, units, rateMinor: rate, discountMinor: 0, taxable: m.taxable });
    return { description: m.description.trim(), units, rateCents: rate ?? 0, ...(m.taxable ? { taxable: true } : {}) };
  });
  const discount = f.discount.trim() === '' ? 0 : parseAmount(f.discount, ctx.currency);
  if (discount === null) errors.discountCents = amountProblem(ctx.currency);
  const body: InvoiceCreate = {
    clientId: f.clientId,
    ...(f.appointmentIds.length ? { appointmentIds: f.appointmentIds } : {}),
    ...(manual.length ? { lines: manual } : {}),
    ...(discount ? { discountCents: discount } : {}),
    ...(f.memo.trim() ? { memo: f.memo.trim() } : {}),
  };
  return { body, lines, errors };
}

/** The live figures of a read draft at the practice's tax rate. */
export function liveTotals(read: ReadDraft, taxRate: string) {
  return draftTotals(read.lines, read.body.discountCents ?? 0, taxRate);
}

/** The labels of the error summary for a form with `n` manual lines. */
export function draftLabels(n: number): Record<string, string> {
  const labels: Record<string, string> = { clientId: 'Client', appointmentIds: 'Appointments', discountCents: 'Discount', memo: 'Note on the invoice', lines: 'Lines' };
  for (let i = 0; i < n; i++) {
    labels[`lines.${i}.description`] = `Line ${i + 1} description`;
    labels[`lines.${i}.units`] = `Line ${i + 1} units`;
    labels[`lines.${i}.rateCents`] = `Line ${i + 1} rate`;
  }
  return labels;
}
