import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  creditLine,
  CURRENCY_CODES,
  divHalfEven,
  formatMoney,
  lineTax,
  lineTotals,
  minorDigits,
  minorToDecimal,
  minorUnits,
  parsePercent,
  TaxRate,
} from './money.js';

// An independent reference for half-to-even: rounds n/d via the decimal expansion's digits,
// not via the same remainder comparison divHalfEven uses.
function refHalfEven(n: bigint, d: bigint): bigint {
  const neg = n < 0n;
  const a = neg ? -n : n;
  const floor = a / d;
  const doubled = (a * 2n) / d - floor * 2n; // 0 below half, 1 at or above half
  const exactHalf = (a * 2n) % d === 0n && doubled === 1n;
  let r = floor;
  if (doubled === 1n && (!exactHalf || floor % 2n === 1n)) r = floor + 1n;
  return neg ? -r : r;
}

// A small deterministic PRNG so the property runs are reproducible.
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x9e3779b9) >>> 0;
    s ^= s >>> 13;
    return (s >>> 0) / 2 ** 32;
  };
}

describe('divHalfEven', () => {
  it('sends exact halves to the even neighbour, both signs', () => {
    const cases: [bigint, bigint, bigint][] = [
      [1n, 2n, 0n], [3n, 2n, 2n], [5n, 2n, 2n], [7n, 2n, 4n], [9n, 2n, 4n],
      [-1n, 2n, 0n], [-3n, 2n, -2n], [-5n, 2n, -2n], [-7n, 2n, -4n],
      [25n, 10n, 2n], [35n, 10n, 4n], [-25n, 10n, -2n], [-35n, 10n, -4n], [1005n, 10n, 100n], [1015n, 10n, 102n],
    ];
    for (const [n, d, want] of cases) expect(divHalfEven(n, d), `${n}/${d}`).toBe(want);
  });

  it('rounds non-ties to the nearest', () => {
    expect(divHalfEven(249n, 100n)).toBe(2n);
    expect(divHalfEven(251n, 100n)).toBe(3n);
    expect(divHalfEven(-249n, 100n)).toBe(-2n);
    expect(divHalfEven(-251n, 100n)).toBe(-3n);
    expect(divHalfEven(0n, 7n)).toBe(0n);
    expect(divHalfEven(14n, 7n)).toBe(2n);
  });

  it('refuses a non-positive divisor', () => {
    expect(() => divHalfEven(1n, 0n)).toThrow(RangeError);
    expect(() => divHalfEven(1n, -2n)).toThrow(RangeError);
  });

  it('agrees with the reference on 20,000 random fractions, ties included', () => {
    const r = rng(17);
    for (let k = 0; k < 20_000; k++) {
      const d = BigInt(1 + Math.floor(r() * 1000)) * (r() < 0.5 ? 2n : 1n);
      // a third of the numerators sit exactly on a half
      const q = BigInt(Math.floor(r() * 1e9)) - 500_000_000n;
      const n = k % 3 === 0 && d % 2n === 0n ? q * d + d / 2n : q * d + BigInt(Math.floor(r() * Number(d)));
      expect(divHalfEven(n, d), `${n}/${d}`).toBe(refHalfEven(n, d));
    }
  });

  it('is exact far beyond float precision', () => {
    // (2^80 + 1) / 2 = 2^79 + 0.5: a tie between 2^79 (even) and 2^79 + 1 (odd)
    expect(divHalfEven(2n ** 80n + 1n, 2n)).toBe(2n ** 79n);
    // (2^80 + 3) / 2 = 2^79 + 1.5: a tie between 2^79 + 1 (odd) and 2^79 + 2 (even)
    expect(divHalfEven(2n ** 80n + 3n, 2n)).toBe(2n ** 79n + 2n);
    expect(divHalfEven(-(2n ** 80n + 3n), 2n)).toBe(-(2n ** 79n + 2n));
  });
});

describe('lineTax: per line, rounded once, half-even', () => {
  it('computes tax from minor units and a decimal-string rate', () => {
    expect(lineTax(10000, '8.875')).toBe(888); // 887.5 → 888 (887 odd, goes up)
    expect(lineTax(20000, '8.875')).toBe(1775); // exact
    expect(lineTax(12345, '0')).toBe(0);
    expect(lineTax(12345, '100')).toBe(12345);
  });

  it('sends exact halves to even, both ways', () => {
    expect(lineTax(50, '1')).toBe(0); // 0.5 → 0
    expect(lineTax(150, '1')).toBe(2); // 1.5 → 2
    expect(lineTax(250, '1')).toBe(2); // 2.5 → 2
    expect(lineTax(350, '1')).toBe(4); // 3.5 → 4
    expect(lineTax(1000, '0.05')).toBe(0); // 0.5 → 0
    expect(lineTax(3000, '0.05')).toBe(2); // 1.5 → 2
  });

  it('makes a credit note line the exact negative (negatives round half-even too)', () => {
    expect(lineTax(-50, '1')).toBe(0);
    expect(lineTax(-150, '1')).toBe(-2);
    expect(lineTax(-250, '1')).toBe(-2);
    expect(lineTax(-10000, '8.875')).toBe(-888);
    const r = rng(3);
    for (let k = 0; k < 2000; k++) {
      const amount = Math.floor(r() * 1e7);
      const rate = (Math.floor(r() * 200000) / 10000).toFixed(4);
      expect(lineTax(-amount, rate)).toBe(-lineTax(amount, rate) || 0);
    }
  });

  it('stays exact at large amounts (past 2^53 / rate)', () => {
    const max = Number.MAX_SAFE_INTEGER; // 9007199254740991
    expect(lineTax(max, '100')).toBe(max);
    // max × 0.5 = 4503599627370495.5 → ties to even 4503599627370496
    expect(lineTax(max, '50')).toBe(4503599627370496);
    expect(lineTax(max - 1, '50')).toBe(4503599627370495);
  });

  it('rejects amounts that are not whole minor units and malformed rates', () => {
    expect(() => lineTax(10.5, '5')).toThrow(RangeError);
    expect(() => lineTax(100, '5.12345')).toThrow(RangeError);
    expect(() => lineTax(100, '-5')).toThrow(RangeError);
    expect(() => lineTax(100, '5e1')).toThrow(RangeError);
  });

  it('agrees with a BigInt reference for random amounts and rates', () => {
    const r = rng(42);
    for (let k = 0; k < 20_000; k++) {
      const amount = Math.floor((r() - 0.3) * 1e9);
      const bp4 = Math.floor(r() * 1_000_000); // 0.0000% .. 99.9999% in 1/10000 of a percent
      const rate = `${Math.floor(bp4 / 10000)}.${String(bp4 % 10000).padStart(4, '0')}`;
      const want = refHalfEven(BigInt(amount) * BigInt(bp4), 1_000_000n);
      expect(lineTax(amount, rate), `${amount} @ ${rate}%`).toBe(Number(want));
    }
  });
});

describe('lineTotals', () => {
  it('multiplies units by rate, takes the discount, adds the tax', () => {
    expect(lineTotals({ units: 2, rateMinor: 15000, discountMinor: 1000, taxRatePercent: '7.25' })).toEqual({
      grossMinor: 30000,
      reductionMinor: 1000,
      amountMinor: 29000,
      taxMinor: 2102, // 2102.5 → 2102 (even)
      totalMinor: 31102,
    });
  });

  it('applies the sliding scale before the discount, rounding the amount once half-even', () => {
    // 12,345 × 0.6 = 7,407 exactly; 12,345 × 0.5 = 6,172.5 → 6,172
    expect(lineTotals({ units: 1, rateMinor: 12345, slidingScalePercentOff: '40' }).amountMinor).toBe(7407);
    expect(lineTotals({ units: 1, rateMinor: 12345, slidingScalePercentOff: '50' }).amountMinor).toBe(6172);
    expect(lineTotals({ units: 1, rateMinor: 12355, slidingScalePercentOff: '50' }).amountMinor).toBe(6178);
    // 12,345 × 0.5 − 100 = 6,072.5 → 6,072: one rounding, after the discount
    const t = lineTotals({ units: 1, rateMinor: 12345, slidingScalePercentOff: '50', discountMinor: 100 });
    expect(t.amountMinor).toBe(6072);
    expect(t.reductionMinor).toBe(12345 - 6072);
    expect(lineTotals({ units: 1, rateMinor: 12345, slidingScalePercentOff: '100' }).amountMinor).toBe(0);
  });

  it('agrees with a BigInt reference for random lines', () => {
    const r = rng(7);
    for (let k = 0; k < 5000; k++) {
      const units = 1 + Math.floor(r() * 8);
      const rateMinor = Math.floor(r() * 50_000);
      const offBp = Math.floor(r() * 10_000); // hundredths of a percent
      const off = (offBp / 100).toFixed(2);
      const taxBp = Math.floor(r() * 1500);
      const tax = (taxBp / 100).toFixed(2);
      const gross = BigInt(units * rateMinor);
      const discount = Math.floor(r() * Number((gross * BigInt(10_000 - offBp)) / 10_000n));
      const amount = refHalfEven(gross * BigInt(10_000 - offBp) - BigInt(discount) * 10_000n, 10_000n);
      const taxMinor = refHalfEven(amount * BigInt(taxBp), 10_000n);
      const got = lineTotals({ units, rateMinor, discountMinor: discount, slidingScalePercentOff: off, taxRatePercent: tax });
      expect(got.amountMinor).toBe(Number(amount));
      expect(got.taxMinor).toBe(Number(taxMinor));
      expect(got.totalMinor).toBe(Number(amount + taxMinor));
    }
  });

  it('refuses a discount larger than the line, negative or fractional inputs', () => {
    expect(() => lineTotals({ units: 1, rateMinor: 100, discountMinor: 101 })).toThrow(/discount is more/);
    expect(() => lineTotals({ units: 0, rateMinor: 100 })).toThrow(/units/);
    expect(() => lineTotals({ units: 1.5, rateMinor: 100 })).toThrow(/units/);
    expect(() => lineTotals({ units: 1, rateMinor: -100 })).toThrow(/negative/);
    expect(() => lineTotals({ units: 1, rateMinor: 99.5 })).toThrow(/rate/);
    expect(() => lineTotals({ units: 2, rateMinor: Number.MAX_SAFE_INTEGER })).toThrow(/too large/);
  });

  it('reverses exactly in a credit note', () => {
    const t = lineTotals({ units: 3, rateMinor: 9999, slidingScalePercentOff: '33.3333', taxRatePercent: '8.875' });
    const c = creditLine(t);
    expect(c.totalMinor + t.totalMinor).toBe(0);
    expect(c.taxMinor).toBe(-t.taxMinor);
    expect(c.amountMinor).toBe(-t.amountMinor);
    // an untaxed line's credit has tax 0, not -0 (which formats as "-$0.00")
    const free = creditLine(lineTotals({ units: 1, rateMinor: 5000 }));
    expect(free.taxMinor).toBe(0);
    expect(formatMoney(free.taxMinor, 'USD')).toBe('$0.00');
  });
});

describe('currencies and formatting', () => {
  it('has the same minor-unit digits as Intl for every supported currency', () => {
    for (const c of CURRENCY_CODES) {
      const intl = new Intl.NumberFormat('en-US', { style: 'currency', currency: c }).resolvedOptions().maximumFractionDigits;
      expect(minorDigits(c), c).toBe(intl);
    }
  });

  it('converts minor units to an exact decimal string', () => {
    expect(minorToDecimal(123450, 'USD')).toBe('1234.50');
    expect(minorToDecimal(5, 'USD')).toBe('0.05');
    expect(minorToDecimal(-5, 'EUR')).toBe('-0.05');
    expect(minorToDecimal(0, 'USD')).toBe('0.00');
    expect(minorToDecimal(1234, 'JPY')).toBe('1234');
    expect(minorToDecimal(Number.MAX_SAFE_INTEGER, 'USD')).toBe('90071992547409.91');
  });

  it('formats for en-US and es-US without passing through a float', () => {
    expect(formatMoney(123450, 'USD', 'en-US')).toBe('$1,234.50');
    expect(formatMoney(-2500, 'USD', 'en-US')).toBe('-$25.00');
    expect(formatMoney(1234, 'JPY', 'en-US')).toBe('¥1,234');
    expect(formatMoney(Number.MAX_SAFE_INTEGER, 'USD', 'en-US')).toBe('$90,071,992,547,409.91');
    // es-US: the digits are the same; the symbol and separators follow the locale's CLDR data
    const es = formatMoney(123450, 'USD', 'es-US');
    expect(es.replace(/\s/g, ' ')).toMatch(/1,234\.50/);
    expect(es).toContain('$');
    // ICU's es-US data writes a foreign currency by its code ("EUR 1.00"): either form is right
    expect(formatMoney(100, 'EUR', 'es-US')).toMatch(/^(€|EUR)\s?1\.00$/);
  });
});

describe('schemas', () => {
  it('names the field for negative or fractional amounts', () => {
    const s = minorUnits('discount');
    expect(s.safeParse(250).success).toBe(true);
    expect(s.safeParse(-1).error?.issues[0]?.message).toBe('discount cannot be negative');
    expect(s.safeParse(2.5).error?.issues[0]?.message).toBe('discount must be a whole number of minor units (cents), not a fraction');
    expect(s.safeParse('250').error?.issues[0]?.message).toBe('discount must be an amount in minor units (cents)');
    expect(s.safeParse(2 ** 53).success).toBe(false);
    expect(s.safeParse(Number.NaN).success).toBe(false);
    expect(s.safeParse(Infinity).success).toBe(false);
    expect(minorUnits('credit', { allowNegative: true }).safeParse(-250).success).toBe(true);
  });

  it('accepts tax rates as decimal strings from 0 to 100 with at most 4 decimals', () => {
    for (const ok of ['0', '7.25', '8.875', '100', '0.0001', '100.0000']) expect(TaxRate.safeParse(ok).success, ok).toBe(true);
    for (const bad of ['100.0001', '101', '-1', '8.87501', '.5', '5.', '1e1', ' 5', '']) {
      expect(TaxRate.safeParse(bad).success, bad).toBe(false);
    }
    expect(TaxRate.safeParse('101').error?.issues[0]?.message).toBe('tax rate must be at most 100');
    expect(parsePercent('8.875')).toEqual({ num: 8875n, den: 100000n });
  });
});

describe('docs/billing.md worked examples', () => {
  const doc = readFileSync(new URL('../../docs/billing.md', import.meta.url), 'utf8');
  const usd = (minor: number) => formatMoney(minor, 'USD', 'en-US');

  it('example 1: $100.00 at 8.875% is $8.88 tax (887.5 ¢ to even), per line', () => {
    const t = lineTotals({ units: 1, rateMinor: 10000, taxRatePercent: '8.875' });
    expect([t.taxMinor, t.totalMinor]).toEqual([888, 10888]);
    expect(doc).toContain(`**${usd(t.taxMinor)}**`);
    expect(doc).toContain(`**${usd(t.totalMinor)}**`);
    expect(doc).toContain(`${usd(2 * t.taxMinor)} in all`);
    expect(doc).toContain(`not the ${usd(lineTax(20000, '8.875'))}`);
  });

  it('example 2: 2 × $150.00 − $10.00 at 7.25% is $21.02 tax (2,102.5 ¢ to even)', () => {
    const t = lineTotals({ units: 2, rateMinor: 15000, discountMinor: 1000, taxRatePercent: '7.25' });
    expect([t.amountMinor, t.taxMinor, t.totalMinor]).toEqual([29000, 2102, 31102]);
    expect(doc).toContain(`= ${usd(t.amountMinor)}`);
    expect(doc).toContain(`**${usd(t.taxMinor)}**`);
    expect(doc).toContain(`**${usd(t.totalMinor)}**`);
  });
});
