import { describe, expect, it } from 'vitest';
import { formatDateOfBirth } from './format.js';
import { loadPhoneFormat, phoneHref } from './phone.js';
import { formatPhone } from '../../shared/phone.js';

describe('formatPhone: stored E.164 numbers as people read them', () => {
  it.each([
    ['+13125550148', '(312) 555-0148'],
    ['+16135550123', '(613) 555-0123'],
    ['+442079460018', '+44 20 7946 0018'],
    ['+4915123456789', '+49 1512 3456789'],
    ['not a number', 'not a number'],
    ['', ''],
    [null, ''],
  ])('%s → %s', (stored, shown) => {
    expect(formatPhone(stored)).toBe(shown);
  });

  it('links to the stored digits, not the display form', () => {
    expect(phoneHref('+13125550148')).toBe('tel:+13125550148');
  });
});

describe('formatDateOfBirth: MM/DD/YYYY, as the client form takes it', () => {
  it.each([
    ['1990-06-21', '06/21/1990'],
    ['2001-01-09', '01/09/2001'],
    ['', ''],
    [null, ''],
    ['06/21/1990', '06/21/1990'],
  ])('%s → %s', (stored, shown) => {
    expect(formatDateOfBirth(stored)).toBe(shown);
  });
});

describe('formatDate: the page language and the client time zone', () => {
  it('follows setFormatting', async () => {
    const { formatDate, setFormatting } = await import('./format.js');
    setFormatting('es', 'America/Mexico_City');
    const es = formatDate('2026-03-05T18:30:00Z');
    expect(es).toMatch(/mar/);
    expect(es).toMatch(/12:30/);
    setFormatting('en', 'America/New_York');
    const en = formatDate('2026-03-05T18:30:00Z');
    expect(en).toMatch(/Mar 5, 2026/);
    expect(en).toMatch(/1:30/);
    setFormatting(undefined, undefined);
  });
});

describe('loadPhoneFormat: the lazily loaded formatter is the same as the export one', () => {
  it('formats like formatPhone once loaded', async () => {
    const f = await loadPhoneFormat();
    expect(f('+13125550148')).toBe(formatPhone('+13125550148'));
    expect(f('+13125550148')).not.toBe('+13125550148');
  });
});
