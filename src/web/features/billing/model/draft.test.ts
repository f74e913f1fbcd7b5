import { describe, expect, it } from 'vitest';
import { draftTotals, spreadDiscount } from './draft.js';
import { parseAmount } from './money-input.js';

describe('spreadDiscount', () => {
  it('adds up exactly and follows the amounts', () => {
    expect(spreadDiscount([10000, 5000, 5000], 1000)).toEqual([500, 250, 250]);
    const s = spreadDiscount([3333, 3333, 3334], 100);
    expect(s.reduce((a, b) => a + b, 0)).toBe(100);
    expect(s).toEqual([33, 33, 34]);
    expect(spreadDiscount([100, 100, 100], 1)).toEqual([1, 0, 0]);
    expect(spreadDiscount([0, 0], 5)).toEqual([0, 0]);
  });
});

describe('draftTotals', () => {
  it('taxes a line and rounds half to even (the docs’ worked example 1)', () => {
    const t = draftTotals([{ key: 'a', description: 'Session', units: 1, rateMinor: 10000, discountMinor: 0, taxable: true }], 0, '8.875');
    expect(t.taxMinor).toBe(888);
    expect(t.totalMinor).toBe(10888);
  });

  it('applies the sliding scale to appointment lines and spreads an invoice discount', () => {
    const t = draftTotals(
      [
        { key: 'a', description: 'Session', units: 1, rateMinor: 15000, discountMinor: 0, slidingScalePercentOff: '40', taxable: false },
        { key: 'b', description: 'Book', units: 2, rateMinor: 1500, discountMinor: 0, taxable: true },
      ],
      1200,
      '10',
    );
    // session 9000 (after 40% off), book 3000: the 1200 discount splits 900 / 300
    expect(t.lines.map((l) => l.invoiceDiscountMinor)).toEqual([900, 300]);
    expect(t.lines.map((l) => l.amountMinor)).toEqual([8100, 2700]);
    expect(t.taxMinor).toBe(270);
    expect(t.subtotalMinor).toBe(18000);
    expect(t.reductionMinor).toBe(18000 - 10800);
    expect(t.totalMinor).toBe(8100 + 2700 + 270);
    expect(t.problem).toBeNull();
  });

  it('refuses a discount over the amount instead of showing a negative total', () => {
    const t = draftTotals([{ key: 'a', description: 'x', units: 1, rateMinor: 500, discountMinor: 0, taxable: false }], 600, '0');
    expect(t.problem).toMatch(/discount/);
    expect(t.totalMinor).toBe(0);
    const l = draftTotals([{ key: 'a', description: 'x', units: 1, rateMinor: 500, discountMinor: 700, taxable: false }], 0, '0');
    expect(l.problem).toMatch(/line’s discount/);
  });
});

describe('parseAmount', () => {
  it('reads typed amounts exactly, in the currency’s minor units', () => {
    expect(parseAmount('120', 'USD')).toBe(12000);
    expect(parseAmount('1,250.5', 'USD')).toBe(125050);
    expect(parseAmount('$0.10', 'USD')).toBe(10);
    expect(parseAmount('1500', 'JPY')).toBe(1500);
  });
  it('refuses fractions of a minor unit, negatives and words', () => {
    expect(parseAmount('1.005', 'USD')).toBeNull();
    expect(parseAmount('12.5', 'JPY')).toBeNull();
    expect(parseAmount('-5', 'USD')).toBeNull();
    expect(parseAmount('ten', 'USD')).toBeNull();
    expect(parseAmount('', 'USD')).toBeNull();
  });
});
