// Amounts' minor units and their exact decimal form, apart from ./money.ts's schemas: the portal's
// menu shows a balance on the client entry's first screen, which must not download zod (issue
// 19's budget); ./money.ts re-exports these.
/**
 * The currencies a practice may bill in, with their ISO 4217 minor-unit digits. A short list
 * on purpose: each one is checked against Intl's own digits in the tests, and a practice picks
 * one currency for all its invoices.
 */
export const CURRENCY_DIGITS = {
  USD: 2,
  CAD: 2,
  MXN: 2,
  EUR: 2,
  GBP: 2,
  CHF: 2,
  AUD: 2,
  NZD: 2,
  JPY: 0,
  KRW: 0,
} as const;
export type CurrencyCode = keyof typeof CURRENCY_DIGITS;
export const CURRENCY_CODES = Object.keys(CURRENCY_DIGITS) as CurrencyCode[];

export function minorDigits(currency: CurrencyCode): number {
  return CURRENCY_DIGITS[currency];
}

export function assertMinor(v: number, what: string): void {
  if (!Number.isSafeInteger(v)) throw new RangeError(`${what} must be a whole number of minor units`);
}

/** The amount as an exact decimal string in major units: 123450 USD → "1234.50", −5 → "-0.05". */
export function minorToDecimal(amountMinor: number, currency: CurrencyCode): `${number}` {
  assertMinor(amountMinor, 'amount');
  const digits = minorDigits(currency);
  const abs = String(Math.abs(amountMinor)).padStart(digits + 1, '0');
  const whole = abs.slice(0, abs.length - digits);
  const frac = digits ? `.${abs.slice(abs.length - digits)}` : '';
  return `${amountMinor < 0 ? '-' : ''}${whole}${frac}` as `${number}`;
}
