import { describe, expect, it } from 'vitest';
import { leadParts, leadText, reasonText } from './labels.js';

describe('reminder lead times in words', () => {
  it('says hours up to a week, days from a week, minutes otherwise', () => {
    expect(leadText(2880)).toBe('48 hours before');
    expect(leadText(60)).toBe('1 hour before');
    expect(leadText(1440)).toBe('24 hours before');
    expect(leadText(90)).toBe('90 minutes before');
    expect(leadText(5)).toBe('5 minutes before');
    expect(leadText(7 * 1440)).toBe('7 days before');
    expect(leadText(14 * 1440)).toBe('14 days before');
    expect(leadParts(1)).toEqual({ amount: 1, unit: 'minutes' });
    expect(leadText(1)).toBe('1 minute before');
  });

  it('explains known ledger reasons and provider codes, and shows unknown ones as they are', () => {
    expect(reasonText('too_late')).toBe('booked too close to the start for this reminder');
    expect(reasonText('smtp_550')).toBe('the mail server refused it for good (SMTP 550)');
    expect(reasonText('smtp_451')).toBe('the mail server kept asking to try later (SMTP 451)');
    expect(reasonText('sms_21211')).toBe('the text provider refused it (error 21211)');
    expect(reasonText('smtp_eenvelope')).toBe('smtp eenvelope');
    expect(reasonText(null)).toBeNull();
  });
});
