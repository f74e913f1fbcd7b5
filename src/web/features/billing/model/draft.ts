// A draft invoice's figures as the person builds it, worked out with the shared money rule
// (shared/money.ts lineTotals: per line, rounded once, half to even) so what the form shows is what
// the server will store. No React and no requests: the form gives the lines, this adds them up.
import { lineTotals, type LineTotals } from '../../../../shared/money.js';

export interface DraftLine {
  key: string;
  description: string;
  units: number;
  rateMinor: number;
  /** A fixed discount on this line. */
  discountMinor: number;
  /** The client's sliding scale applies (appointment lines), as a percentage off. */
  slidingScalePercentOff?: string;
  taxable: boolean;
}

export interface DraftTotals {
  lines: (LineTotals & { key: string; invoiceDiscountMinor: number })[];
  subtotalMinor: number;
  reductionMinor: number;
  taxMinor: number;
  totalMinor: number;
  /** Why the figures cannot be worked out (a discount over the amount), or null. */
  problem: string | null;
}

/**
 * Spreads an invoice-wide discount over the lines in proportion to their amounts, in whole minor
 * units: each line gets the floor of its share, and the units left over go one each to the lines
 * with the largest remainders (the earlier line on a tie), never more than a line's amount, so the
 * shares add up exactly. The same rule as the server's (billing/lines.ts spread).
 */
export function spreadDiscount(amounts: readonly number[], discountMinor: number): number[] {
  const total = amounts.reduce((a, b) => a + b, 0);
  if (discountMinor <= 0 || total <= 0) return amounts.map(() => 0);
  const d = BigInt(discountMinor);
  const t = BigInt(total);
  const parts = amounts.map((a, i) => ({ i, share: (d * BigInt(a)) / t, rem: (d * BigInt(a)) % t }));
  let left = d - parts.reduce((s, p) => s + p.share, 0n);
  const order = [...parts].sort((x, y) => (y.rem === x.rem ? x.i - y.i : y.rem > x.rem ? 1 : -1));
  for (const p of order) {
    if (left <= 0n) break;
    if (p.share < BigInt(amounts[p.i] ?? 0)) {
      p.share += 1n;
      left -= 1n;
    }
  }
  return parts.map((p) => Number(p.share));
}

const empty = (problem: string | null): DraftTotals => ({ lines: [], subtotalMinor: 0, reductionMinor: 0, taxMinor: 0, totalMinor: 0, problem });

/** The draft's lines and totals; `taxRate` is the practice's rate for taxable lines. */
export function draftTotals(lines: readonly DraftLine[], invoiceDiscountMinor: number, taxRate: string): DraftTotals {
  try {
    const before = lines.map((l) => lineTotals({ units: l.units, rateMinor: l.rateMinor, discountMinor: l.discountMinor, ...(l.slidingScalePercentOff ? { slidingScalePercentOff: l.slidingScalePercentOff } : {}) }));
    const available = before.reduce((s, t) => s + t.amountMinor, 0);
    if (invoiceDiscountMinor > available) return empty('The discount is more than the invoice’s amount.');
    const shares = spreadDiscount(
      before.map((t) => t.amountMinor),
      invoiceDiscountMinor,
    );
    const out = lines.map((l, i) => {
      const share = shares[i] ?? 0;
      const t = lineTotals({
        units: l.units,
        rateMinor: l.rateMinor,
        discountMinor: l.discountMinor + share,
        ...(l.slidingScalePercentOff ? { slidingScalePercentOff: l.slidingScalePercentOff } : {}),
        taxRatePercent: l.taxable ? taxRate : '0',
      });
      return { ...t, key: l.key, invoiceDiscountMinor: share };
    });
    return {
      lines: out,
      subtotalMinor: out.reduce((s, t) => s + t.grossMinor, 0),
      reductionMinor: out.reduce((s, t) => s + t.reductionMinor, 0),
      taxMinor: out.reduce((s, t) => s + t.taxMinor, 0),
      totalMinor: out.reduce((s, t) => s + t.totalMinor, 0),
      problem: null,
    };
  } catch (e) {
    return empty(e instanceof RangeError && /discount/.test(e.message) ? 'A line’s discount is more than its amount.' : 'Check the units and amounts of the lines.');
  }
}
