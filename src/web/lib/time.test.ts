// The calendar's fast formatters must say exactly what the luxon-based ones say, across DST
// changes, zones without DST, and appointments that end on another local day.
import { describe, expect, it } from 'vitest';
import { fastTimes, fastTimeWithZone, formatTime, formatTimes, WEEK_START, weekOf, zoneAbbrev } from './time.js';

const ZONES = ['America/Los_Angeles', 'America/New_York', 'America/Phoenix', 'Europe/London', 'Australia/Sydney', 'UTC', 'Asia/Kolkata'];
const CASES: [string, string][] = [
  ['2027-03-14T06:30:00Z', '2027-03-14T07:20:00Z'], // across the US spring change
  ['2027-11-07T05:30:00Z', '2027-11-07T07:00:00Z'], // the US fall change
  ['2027-03-28T00:30:00Z', '2027-03-28T01:30:00Z'], // the UK spring change
  ['2027-04-03T15:00:00Z', '2027-04-03T17:00:00Z'], // Sydney's fall-back
  ['2027-06-30T22:00:00Z', '2027-07-01T01:00:00Z'], // across midnight in most zones
  ['2027-01-05T12:00:00Z', '2027-01-05T12:50:00Z'],
];

// ICU versions differ on the space before AM/PM (U+202F or U+0020): compared as spaces.
const norm = (s: string) => s.replace(/\s/g, ' ');

describe('calendar fast formatters', () => {
  for (const zone of ZONES) {
    it(`match formatTimes and formatTime + zoneAbbrev in ${zone}`, () => {
      for (const [start, end] of CASES) {
        expect(norm(fastTimes(start, end, zone))).toBe(norm(formatTimes(start, end, zone)).replace(/ \S+$/, ''));
        expect(norm(fastTimeWithZone(start, zone))).toBe(norm(`${formatTime(start, zone)} ${zoneAbbrev(start, zone)}`));
      }
    });
  }
  it('name the other day when an appointment ends on the next local day', () => {
    expect(fastTimes('2027-03-20T02:00:00Z', '2027-03-20T05:00:00Z', 'America/New_York')).toMatch(/^10:00\sPM – Sat 1:00\sAM$/);
  });
});

describe('the week convention shared by the list and the calendar', () => {
  it('starts every week on the same day, whatever day it is asked for', () => {
    expect(WEEK_START).toBe(1);
    for (const d of ['2027-03-15', '2027-03-17', '2027-03-20', '2027-03-21']) expect(weekOf(d)).toEqual({ from: '2027-03-15', to: '2027-03-21' });
    expect(weekOf('2027-03-22')).toEqual({ from: '2027-03-22', to: '2027-03-28' });
    // Across a year end.
    expect(weekOf('2027-01-01')).toEqual({ from: '2026-12-28', to: '2027-01-03' });
  });
});
