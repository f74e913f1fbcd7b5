// Money for billing, shared by the server and the SPA. An amount is a whole number of the
// practice currency's minor units (cents for USD, yen for JPY): never a float, so adding lines
// and payments is exact. Every division (sliding scale, tax) happens in BigInt and is rounded
// once, half to even, at the line; docs/billing.md states the rule for a bookkeeper.
import { z } from 'zod';
import { assertMinor, CURRENCY_CODES, minorDigits, minorToDecimal, type CurrencyCode } from './money-units.js';

export { CURRENCY_CODES, CURRENCY_DIGITS, minorDigits, minorToDecimal, type CurrencyCode } from './money-units.js';

export const Currency = z.enum(CURRENCY_CODES as [CurrencyCode, ...CurrencyCode[]], {
  message: `must be one of the supported currencies: ${CURRENCY_CODES.join(', ')}`,
});

/**
 * An amount in minor units. `field` names the amount in the message ("discount must be a whole
 * number of minor units (cents)"), because the form shows the message next to other amounts.
 * Bounded by Number.MAX_SAFE_INTEGER so a JSON number round-trips exactly.
 */
export function minorUnits(field: string, opts: { allowNegative?: boolean } = {}) {
  const base = z
    .number({ message: `${field} must be an amount in minor units (cents)` })
    .int({ message: `${field} must be a whole number of minor units (cents), not a fraction` })
    .max(Number.MAX_SAFE_INTEGER, { message: `${field} is too large` })
    .min(-Number.MAX_SAFE_INTEGER, { message: `${field} is too large` });
  return opts.allowNegative ? base : base.min(0, { message: `${field} cannot be negative` });
}

export const MinorAmount = minorUnits('amount');

/**
 * A percentage as a decimal string with at most 4 decimals, 0 to 100 ("8.875", "7.25", "40").
 * A string, not basis points: real sales-tax rates such as New York City's 8.875% are not a
 * whole number of basis points, and a string keeps the rate exactly as the practice typed it.
 */
export function percent(field: string) {
  return z
    .string({ message: `${field} must be a percentage written as text, e.g. "8.875"` })
    .regex(PERCENT, { message: `${field} must be a percentage with at most 4 decimals, e.g. "8.875"` })
    .refine((s) => !PERCENT.test(s) || parsePercent(s).num <= parsePercent(s).den, { message: `${field} must be at most 100` });
}
const PERCENT = /^\d{1,3}(\.\d{1,4})?$/;

export const TaxRate = percent('tax rate');

/** An exact fraction of one, num/den, den > 0. */
interface Ratio {
  num: bigint;
  den: bigint;
}

/** "8.875" (percent) → 8875/100000. Throws on anything `percent()` would reject. */
export function parsePercent(s: string): Ratio {
  if (!PERCENT.test(s)) throw new RangeError(`not a percentage: ${JSON.stringify(s)}`);
  const [whole = '0', frac = ''] = s.split('.');
  return { num: BigInt(whole + frac), den: 100n * 10n ** BigInt(frac.length) };
}

/**
 * n / d rounded half to even (banker's rounding): ties go to the even neighbour, so 0.5 → 0,
 * 1.5 → 2, 2.5 → 2, −2.5 → −2. Symmetric around zero, so a credit note's line is exactly the
 * negative of the line it reverses.
 */
export function divHalfEven(n: bigint, d: bigint): bigint {
  if (d <= 0n) throw new RangeError('divisor must be positive');
  const q = n / d; // truncates toward zero
  const r = n % d; // same sign as n
  const twice = 2n * (r < 0n ? -r : r);
  const away = twice > d || (twice === d && q % 2n !== 0n);
  if (!away) return q;
  return n < 0n ? q - 1n : q + 1n;
}

function toSafe(v: bigint, what: string): number {
  if (v > BigInt(Number.MAX_SAFE_INTEGER) || v < -BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new RangeError(`${what} is too large to represent exactly`);
  }
  return Number(v);
}

/** A line's tax: amount × rate, computed exactly and rounded once, half to even. */
export function lineTax(amountMinor: number, taxRatePercent: string): number {
  assertMinor(amountMinor, 'amount');
  const rate = parsePercent(taxRatePercent);
  return toSafe(divHalfEven(BigInt(amountMinor) * rate.num, rate.den), 'tax');
}

export interface LineInput {
  /** Billed units (CPT units), a whole number ≥ 1. */
  units: number;
  /** The fee per unit in minor units. */
  rateMinor: number;
  /** A fixed discount in minor units, taken after the sliding scale. */
  discountMinor?: number;
  /** The client's sliding-scale reduction as a percentage ("40" = the client pays 60%). */
  slidingScalePercentOff?: string;
  /** Sales tax on this line as a percentage; absent or "0" for untaxed services. */
  taxRatePercent?: string;
}

export interface LineTotals {
  /** units × rate, before any reduction. */
  grossMinor: number;
  /** What the sliding scale and the discount took off (gross − amount). */
  reductionMinor: number;
  /** The line's amount before tax. */
  amountMinor: number;
  taxMinor: number;
  totalMinor: number;
}

/**
 * A line's totals: amount = units × rate × (1 − sliding scale) − discount, rounded once half to
 * even (only the sliding scale can leave a fraction); tax = amount × rate, rounded once. The tax
 * is computed from the amount as printed on the line, so a bookkeeper can check it by hand.
 */
export function lineTotals(line: LineInput): LineTotals {
  const { units, rateMinor, discountMinor = 0 } = line;
  if (!Number.isSafeInteger(units) || units < 1) throw new RangeError('units must be a whole number of at least 1');
  assertMinor(rateMinor, 'rate');
  assertMinor(discountMinor, 'discount');
  if (rateMinor < 0 || discountMinor < 0) throw new RangeError('rate and discount cannot be negative');
  const gross = BigInt(units) * BigInt(rateMinor);
  const off = parsePercent(line.slidingScalePercentOff ?? '0');
  const amount = divHalfEven(gross * (off.den - off.num) - BigInt(discountMinor) * off.den, off.den);
  if (amount < 0n) throw new RangeError('discount is more than the line amount');
  const amountMinor = toSafe(amount, 'line amount');
  const taxMinor = lineTax(amountMinor, line.taxRatePercent ?? '0');
  return {
    grossMinor: toSafe(gross, 'line gross'),
    reductionMinor: toSafe(gross - amount, 'line reduction'),
    amountMinor,
    taxMinor,
    totalMinor: toSafe(amount + BigInt(taxMinor), 'line total'),
  };
}

/** A credit note's line: the exact negative of the line it reverses (half-even is symmetric). */
export function creditLine(totals: LineTotals): LineTotals {
  // 0 - x, not -x: a zero figure stays +0 rather than -0 (Object.is and some formatters differ)
  return {
    grossMinor: 0 - totals.grossMinor,
    reductionMinor: 0 - totals.reductionMinor,
    amountMinor: 0 - totals.amountMinor,
    taxMinor: 0 - totals.taxMinor,
    totalMinor: 0 - totals.totalMinor,
  };
}

export const BillingLocale = z.enum(['en-US', 'es-US']);
export type BillingLocale = z.infer<typeof BillingLocale>;

/**
 * For display in the locale's own style ("$1,234.50", "¥1,234"). Intl receives the exact
 * decimal string, not minor / 100, so large amounts never pass through a float.
 */
export function formatMoney(amountMinor: number, currency: CurrencyCode, locale: BillingLocale = 'en-US'): string {
  const digits = minorDigits(currency);
  return new Intl.NumberFormat(locale, {
    style: 'currency',
    currency,
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(minorToDecimal(amountMinor, currency));
}
