// The Billing page's words for an invoice's state: what a client reads on each card, in English
// and in Spanish (the catalog the page loads), with amounts and dates in the page's language.
import { createIntl } from 'react-intl';
import { describe, expect, it } from 'vitest';
import type { PortalInvoice } from '../../../../shared/billing.js';
import es from '../es.json' with { type: 'json' };
import { isDue, isOverdue, money, statusWords } from './billingParts.js';

const NOW = Date.parse('2026-12-06T12:00:00Z');
const en = createIntl({ locale: 'en', timeZone: 'UTC' });
// es-US: the formats Spanish-speaking clients in the US read ($1,234.56, "a.m."); see the lane report.
const spanish = createIntl({ locale: 'es-US', messages: es, timeZone: 'UTC', onError: (e) => { throw e; } });
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
    expect(statusWords(en, inv({}), NOW)).toEqual({ text: 'Due by Dec 15, 2026', tone: 'due' });
    expect(statusWords(en, inv({ status: 'partly_paid', balanceCents: 7000 }), NOW).text).toMatch(/^Partly paid · Due by /);
    expect(statusWords(en, inv({ dueAt: '2026-12-01T12:00:00Z' }), NOW)).toEqual({ text: 'Overdue since Dec 1, 2026', tone: 'overdue' });
    expect(statusWords(en, inv({ status: 'paid', balanceCents: 0 }), NOW)).toEqual({ text: 'Paid', tone: 'paid' });
    expect(statusWords(en, inv({ status: 'void', balanceCents: 0 }), NOW).tone).toBe('void');
    expect(statusWords(en, inv({ kind: 'credit_note', totalCents: -2500, balanceCents: 0 }), NOW)).toEqual({ text: 'Credit note', tone: 'credit' });
    expect(statusWords(en, inv({ dueAt: null }), NOW).text).toBe('Due');
  });

  it('says the same in Spanish, with the date in Spanish', () => {
    expect(statusWords(spanish, inv({}), NOW).text).toBe('Vence el 15 dic 2026');
    expect(statusWords(spanish, inv({ status: 'partly_paid', balanceCents: 7000, dueAt: '2026-12-01T12:00:00Z' }), NOW).text).toBe('Pagada en parte · Vencida desde el 1 dic 2026');
    expect(statusWords(spanish, inv({ status: 'paid', balanceCents: 0 }), NOW).text).toBe('Pagada');
    expect(statusWords(spanish, inv({ dueAt: null }), NOW).text).toBe('Pendiente de pago');
  });

  it('only an open invoice with something left is due; a paid one is never overdue', () => {
    expect(isDue(inv({}))).toBe(true);
    expect(isDue(inv({ status: 'void' }))).toBe(false);
    expect(isDue(inv({ kind: 'credit_note' }))).toBe(false);
    expect(isOverdue(inv({ status: 'paid', balanceCents: 0, dueAt: '2026-11-01T00:00:00Z' }), NOW)).toBe(false);
  });

  it('amounts in the invoice currency, exactly, in the page language', () => {
    expect(money(en, inv({}), 10888)).toBe('$108.88');
    expect(money(en, inv({ currency: 'JPY' }), 1200)).toBe('¥1,200');
    expect(money(en, inv({}), 900719925474099)).toBe('$9,007,199,254,740.99');
    expect(money(spanish, inv({}), 123456)).toBe('$1,234.56');
  });
});
