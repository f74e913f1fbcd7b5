// The booking dialog's repeat rules, expanded by the server's own expansion (rrule in floating
// local time): what the dialog says is what gets booked, across DST changes.
import { describe, expect, it } from 'vitest';
import { expand, parseRule } from '../../../../server/modules/scheduling/recurrence.js';
import { buildRule, monthlyWeekday } from './recurrence.js';

const local = (rule: string, date: string, time: string, zone: string) =>
  expand(parseRule(rule), { date, time }, zone, 104).map((o) => `${o.local.date} ${o.local.time}`);

describe('booking dialog repeat rules', () => {
  it('names the weekday of the month, the fifth as the last', () => {
    expect(monthlyWeekday('2027-03-09')).toEqual({ byday: '2TU', text: 'second Tuesday' });
    expect(monthlyWeekday('2027-03-01')).toEqual({ byday: '1MO', text: 'first Monday' });
    expect(monthlyWeekday('2027-03-28')).toEqual({ byday: '4SU', text: 'fourth Sunday' });
    expect(monthlyWeekday('2027-03-31')).toEqual({ byday: '-1WE', text: 'last Wednesday' });
    expect(monthlyWeekday('2027-02-30')).toBeNull();
    expect(monthlyWeekday('')).toBeNull();
  });

  it('writes RFC 5545 rules that end', () => {
    expect(buildRule('none', '2027-03-09', { kind: 'count', count: 6 })).toBeUndefined();
    expect(buildRule('weekly', '2027-03-09', { kind: 'count', count: 6 })).toBe('FREQ=WEEKLY;COUNT=6');
    expect(buildRule('biweekly', '2027-03-09', { kind: 'until', until: '2027-05-04' })).toBe('FREQ=WEEKLY;INTERVAL=2;UNTIL=20270504');
    expect(buildRule('monthly', '2027-03-31', { kind: 'count', count: 3 })).toBe('FREQ=MONTHLY;BYDAY=-1WE;COUNT=3');
  });

  it('weekly at 4 pm stays at 4 pm New York time across the March change', () => {
    expect(local(buildRule('weekly', '2027-03-09', { kind: 'count', count: 3 })!, '2027-03-09', '16:00', 'America/New_York')).toEqual([
      '2027-03-09 16:00',
      '2027-03-16 16:00',
      '2027-03-23 16:00',
    ]);
  });

  it('every 2 weeks until a date includes that whole day', () => {
    expect(local(buildRule('biweekly', '2027-03-09', { kind: 'until', until: '2027-04-06' })!, '2027-03-09', '18:30', 'Australia/Sydney')).toEqual([
      '2027-03-09 18:30',
      '2027-03-23 18:30',
      '2027-04-06 18:30',
    ]);
  });

  it('monthly on the same weekday: the second Tuesday, and the last Wednesday', () => {
    expect(local(buildRule('monthly', '2027-03-09', { kind: 'count', count: 3 })!, '2027-03-09', '09:00', 'Europe/London')).toEqual([
      '2027-03-09 09:00',
      '2027-04-13 09:00',
      '2027-05-11 09:00',
    ]);
    expect(local(buildRule('monthly', '2027-03-31', { kind: 'count', count: 3 })!, '2027-03-31', '09:00', 'America/Phoenix')).toEqual([
      '2027-03-31 09:00',
      '2027-04-28 09:00',
      '2027-05-26 09:00',
    ]);
  });
});
