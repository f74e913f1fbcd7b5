import { describe, expect, it } from 'vitest';
import { channelsText, leadParts, leadText, reasonText, reminderWhat, ruleText, rulesSummary } from './labels.js';

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

describe('reminder rules in words', () => {
  it('names channels as a phrase, each once, with no dangling separators', () => {
    expect(channelsText(['email'])).toBe('Email');
    expect(channelsText(['sms'])).toBe('Text message');
    expect(channelsText(['email', 'sms'])).toBe('Email and text message');
    expect(channelsText(['sms', 'email', 'sms'])).toBe('Text message and email');
    expect(channelsText([])).toBe('');
  });

  it('says one rule as "Email, 48 hours before" (never "Mail / , 48 hours before")', () => {
    expect(ruleText({ channel: 'email', minutesBefore: 2880 })).toBe('Email, 48 hours before');
    expect(ruleText({ channel: 'sms', minutesBefore: 60 })).toBe('Text message, 1 hour before');
    for (const text of [ruleText({ channel: 'email', minutesBefore: 2880 }), ruleText({ channel: 'sms', minutesBefore: 90 })]) {
      expect(text).not.toMatch(/(^[,/ ])|([,/] *[,/])|([,/ ]$)/);
    }
  });

  it('groups rules by lead time, longest first, leaving out rules turned off', () => {
    expect(
      rulesSummary([
        { channel: 'sms', minutesBefore: 120 },
        { channel: 'sms', minutesBefore: 2880 },
        { channel: 'email', minutesBefore: 2880 },
        { channel: 'email', minutesBefore: 120, active: false },
      ]),
    ).toEqual(['Email and text message, 48 hours before', 'Text message, 2 hours before']);
    expect(rulesSummary([])).toEqual([]);
    expect(rulesSummary([{ channel: 'email', minutesBefore: 60, active: false }])).toEqual([]);
  });

  it("says what an appointment's reminder was", () => {
    expect(reminderWhat({ kind: 'reminder', channel: 'email', minutesBefore: 1440 })).toBe('Email, 24 hours before');
    expect(reminderWhat({ kind: 'cancellation', channel: 'sms', minutesBefore: null })).toBe('Text message: cancellation notice');
    expect(reminderWhat({ kind: 'reminder', channel: 'sms', minutesBefore: null })).toBe('Text message');
  });
});
