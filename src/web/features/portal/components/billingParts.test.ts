// The Billing page's words for an invoice's state: what a client reads on each card.
import { describe, expect, it } from 'vitest';
import type { PortalInvoice } from '../../../../shared/billing.js';
import { isDue, isOverdue, money, statusWords } from './billingParts.js';

const NOW = Date.parse('2026-12-06T12:00:00Z');
const inv = (p: Partial<PortalInvoice>): PortalInvoice => ({
  id: 'i1',
  number: 'INV-000001',
  kind: 'invoice',
  status: 'issued',
  currency: 'USD',
  totalCents: 12000,
  balanceCents: 12000,
  issuedAt: '2026-12-01T12:00:00Z',
  dueAt: '2026-12-15T12:00:00Z',
  canPay: true,
  receipts: [],
  ...p,
});

describe('portal billing words', () => {
  it('says due, partly paid, overdue, paid, cancelled and credit note in words', () => {
    expect(statusWords(inv({}), NOW)).toEqual({ text: expect.stringMatching(/^Due by Dec 15, 2026$/), tone: 'due' });
    expect(statusWords(inv({ status: 'partly_paid', balanceCents: 7000 }), NOW).text).toMatch(/^Partly paid · Due by /);
    expect(statusWords(inv({ dueAt: '2026-12-01T12:00:00Z' }), NOW)).toEqual({ text: expect.stringMatching(/^Overdue since Dec 1, 2026$/), tone: 'overdue' });
    expect(statusWords(inv({ status: 'paid', balanceCents: 0 }), NOW)).toEqual({ text: 'Paid', tone: 'paid' });
    expect(statusWords(inv({ status: 'void', balanceCents: 0 }), NOW).tone).toBe('void');
    expect(statusWords(inv({ kind: 'credit_note', totalCents: -2500, balanceCents: 0 }), NOW)).toEqual({ text: 'Credit note', tone: 'credit' });
    expect(statusWords(inv({ dueAt: null }), NOW).text).toBe('Due');
  });

  it('only an open invoice with something left is due; a paid one is never overdue', () => {
    expect(isDue(inv({}))).toBe(true);
    expect(isDue(inv({ status: 'void' }))).toBe(false);
    expect(isDue(inv({ kind: 'credit_note' }))).toBe(false);
    expect(isOverdue(inv({ status: 'paid', balanceCents: 0, dueAt: '2026-11-01T00:00:00Z' }), NOW)).toBe(false);
  });

  it('amounts in the invoice currency, exactly', () => {
    expect(money(inv({}), 10888)).toBe('$108.88');
    expect(money(inv({ currency: 'JPY' }), 1200)).toBe('¥1,200');
  });
});
