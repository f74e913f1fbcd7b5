// How an invoice's lines are priced: attended appointments at the service's rate and CPT code (with
// the telehealth place of service and modifier from the call record), late cancellations and
// no-shows under the practice's fee policy, and manual lines; then the invoice's own discount
// spread over the lines in proportion. Pure: the service gathers the facts and stores the result.
import { invalid } from '../../errors.js';
import type { ManualLine } from '../../../shared/billing.js';
import { telehealthCoding, type PayerCodingOverride } from '../../../shared/billing-codes.js';
import { lineTotals, type LineTotals } from '../../../shared/money.js';
import type { CallBillingFacts } from '../calls/index.js';
import type { AppointmentBillingFacts } from '../scheduling/index.js';
import type { InvoiceLineKind } from './table.js';

/** A priced line before it is stored (the description is encrypted by the caller). */
export interface DraftLine {
  kind: InvoiceLineKind;
  appointmentId: string | null;
  providerId: string | null;
  serviceDate: number | null;
  description: string;
  cptCode: string | null;
  modifiers: string[];
  posCode: string | null;
  units: number;
  rateCents: number;
  discountCents: number;
  slidingScalePercent: string | null;
  taxRate: string;
  totals: LineTotals;
}

export interface PricingFacts {
  clientId: string;
  appointments: ReadonlyMap<string, AppointmentBillingFacts>;
  calls: ReadonlyMap<string, CallBillingFacts>;
  settings: { tax_rate: string; late_cancel_fee: string; late_cancel_fee_cents: number; no_show_fee: string; no_show_fee_cents: number };
  slidingScalePercent: string | null;
  payerOverride: PayerCodingOverride | undefined;
}

const ATTENDED = 'attended';

/** What an appointment is billed as, or why it cannot be billed. */
function billedAs(a: AppointmentBillingFacts, calls: ReadonlyMap<string, CallBillingFacts>): 'attended' | 'late_cancel' | 'no_show' | string {
  if (a.status === 'completed' || (a.status === 'checked_in' && calls.has(a.id))) return ATTENDED;
  if (a.status === 'cancelled' && a.cancellation?.late === true && a.cancellation.by === 'client') return 'late_cancel';
  if (a.status === 'no_show') return 'no_show';
  if (a.status === 'cancelled') return 'it was cancelled in time or by the practice, so there is nothing to bill';
  return `it has not been attended (it is ${a.status.replace('_', ' ')})`;
}

function coding(a: AppointmentBillingFacts, f: PricingFacts): { pos: string; modifiers: string[] } {
  if (a.type === 'in_person') return { pos: '11', modifiers: [] };
  const call = f.calls.get(a.id);
  // What happened decides: a video booking held audio-only codes as audio. Without a call record, as booked.
  const billedMode = call?.billedMode ?? (a.type === 'audio' ? 'audio' : 'video');
  return telehealthCoding({ billedMode, clientAtHome: call?.clientAtHome ?? null, ...(f.payerOverride ? { override: f.payerOverride } : {}) });
}

function appointmentLine(a: AppointmentBillingFacts, field: string, f: PricingFacts): Omit<DraftLine, 'totals' | 'discountCents'> {
  const as = billedAs(a, f.calls);
  const service = a.service;
  const base = { appointmentId: a.id, providerId: a.providerId, serviceDate: a.start, units: 1, taxRate: '0' };
  if (as === ATTENDED) {
    if (!service) throw invalid(field, 'the appointment has no service, so it has no rate to bill');
    const c = coding(a, f);
    return { ...base, kind: 'service', description: service.name, cptCode: service.cptCode, modifiers: c.modifiers, posCode: c.pos, rateCents: service.rateCents, slidingScalePercent: f.slidingScalePercent };
  }
  if (as === 'late_cancel' || as === 'no_show') {
    const policy = as === 'late_cancel' ? f.settings.late_cancel_fee : f.settings.no_show_fee;
    const flat = Number(as === 'late_cancel' ? f.settings.late_cancel_fee_cents : f.settings.no_show_fee_cents);
    const what = as === 'late_cancel' ? 'late cancellation' : 'no-show';
    if (policy === 'none') throw invalid(field, `the practice's fee policy charges nothing for a ${what}`);
    if (policy === 'service_rate' && !service) throw invalid(field, `the ${what} fee is the service's rate, and the appointment has no service`);
    const rate = policy === 'flat' ? flat : service!.rateCents;
    const label = as === 'late_cancel' ? 'Late cancellation' : 'Missed appointment';
    return { ...base, kind: as, description: service ? `${label}: ${service.name}` : label, cptCode: null, modifiers: [], posCode: null, rateCents: rate, slidingScalePercent: null };
  }
  throw invalid(field, `this appointment cannot be billed: ${as}`);
}

/** Spreads `discount` over amounts in proportion (largest remainder), each share at most its amount. */
export function spread(discount: number, amounts: readonly number[]): number[] {
  const total = amounts.reduce((s, a) => s + a, 0);
  if (discount === 0 || total === 0) return amounts.map(() => 0);
  const exact = amounts.map((a) => (BigInt(discount) * BigInt(a)) / BigInt(total));
  const rem = amounts.map((a, i) => ({ i, r: (BigInt(discount) * BigInt(a)) % BigInt(total) }));
  let left = discount - exact.reduce((s, x) => s + Number(x), 0);
  const shares = exact.map(Number);
  for (const { i } of rem.sort((x, y) => (y.r > x.r ? 1 : y.r < x.r ? -1 : x.i - y.i))) {
    if (left <= 0) break;
    if (shares[i]! < amounts[i]!) {
      shares[i]! += 1;
      left -= 1;
    }
  }
  return shares;
}

/**
 * The lines of an invoice for this client: each appointment id (in order, a 400 naming
 * `appointmentIds[i]` for one that cannot be billed), then the manual lines, then the invoice's
 * discount spread over them (a 400 naming discountCents when it is more than the lines).
 */
export function priceLines(input: { appointmentIds?: readonly string[]; lines?: readonly ManualLine[]; discountCents?: number }, f: PricingFacts): DraftLine[] {
  const drafts: Omit<DraftLine, 'totals'>[] = [];
  const seen = new Set<string>();
  (input.appointmentIds ?? []).forEach((id, i) => {
    const field = `appointmentIds[${i}]`;
    const a = f.appointments.get(id);
    if (!a) throw invalid(field, 'no such appointment in this practice');
    if (seen.has(id)) throw invalid(field, 'the appointment is listed twice');
    seen.add(id);
    if (!a.clientIds.includes(f.clientId)) throw invalid(field, "the appointment is not this client's");
    drafts.push({ ...appointmentLine(a, field, f), discountCents: 0 });
  });
  (input.lines ?? []).forEach((l, i) => {
    const field = `lines[${i}].discountCents`;
    if ((l.discountCents ?? 0) > l.units * l.rateCents) throw invalid(field, 'cannot be more than the line (units × rate)');
    drafts.push({
      kind: 'manual',
      appointmentId: null,
      providerId: null,
      serviceDate: null,
      description: l.description,
      cptCode: l.cptCode ?? null,
      modifiers: [],
      posCode: null,
      units: l.units,
      rateCents: l.rateCents,
      discountCents: l.discountCents ?? 0,
      slidingScalePercent: null,
      taxRate: l.taxable ? f.settings.tax_rate : '0',
    });
  });
  const before = drafts.map((d) => totalsOf(d).amountMinor);
  const discount = input.discountCents ?? 0;
  if (discount > before.reduce((s, a) => s + a, 0)) throw invalid('discountCents', 'cannot be more than the lines add up to');
  const shares = spread(discount, before);
  return drafts.map((d, i) => {
    const line = { ...d, discountCents: d.discountCents + shares[i]! };
    return { ...line, totals: totalsOf(line) };
  });
}

function totalsOf(d: Pick<DraftLine, 'units' | 'rateCents' | 'discountCents' | 'slidingScalePercent' | 'taxRate'>): LineTotals {
  try {
    return lineTotals({ units: d.units, rateMinor: d.rateCents, discountMinor: d.discountCents, slidingScalePercentOff: d.slidingScalePercent ?? '0', taxRatePercent: d.taxRate });
  } catch (err) {
    if (err instanceof RangeError) throw invalid('lines', err.message);
    throw err;
  }
}
