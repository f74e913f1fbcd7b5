// Amounts as people type them ("120", "120.5", "1,250.00") to whole minor units and back, by
// string arithmetic only: an amount never passes through a float, so "0.1 + 0.2" problems never
// reach an invoice. The server checks the result again against the shared schema.
import { type CurrencyCode, minorDigits, minorToDecimal } from '../../../../shared/money.js';

/**
 * "1,250.5" in a currency with 2 minor digits → 125050. Null when it is not an amount: empty, a
 * sign, letters, or more decimals than the currency has (a fraction of a cent is refused, not rounded).
 */
export function parseAmount(input: string, currency: CurrencyCode): number | null {
  const s = input.trim().replace(/[,\s]/g, '').replace(/^[$€£¥₩]/, '');
  const digits = minorDigits(currency);
  const m = /^(\d{1,13})(?:\.(\d*))?$/.exec(s);
  if (!m) return null;
  const frac = m[2] ?? '';
  if (frac.length > digits) return null;
  const n = Number(`${m[1]}${frac.padEnd(digits, '0')}`);
  return Number.isSafeInteger(n) ? n : null;
}

/** 125050 → "1250.50": what an amount field shows when it starts from a known amount. */
export function amountInput(minor: number, currency: CurrencyCode): string {
  return minorToDecimal(minor, currency);
}

/** The message an amount field shows when `parseAmount` refuses its text. */
export function amountProblem(currency: CurrencyCode): string {
  const digits = minorDigits(currency);
  return digits === 0 ? 'must be a whole amount, e.g. 1500' : `must be an amount with at most ${digits} decimals, e.g. 120.00`;
}
