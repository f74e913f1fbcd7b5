import { describe, expect, it } from 'vitest';
import { searchZones } from './zone-search.js';

const zones = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];

describe('searchZones: what people type finds the zone, best first', () => {
  it.each([
    ['Denver', 'America/Denver'],
    ['denver', 'America/Denver'],
    ['Phoenix', 'America/Phoenix'],
    ['Los Angeles', 'America/Los_Angeles'],
    ['Los_Angeles', 'America/Los_Angeles'],
    ['New York', 'America/New_York'],
    ['york', 'America/New_York'],
    ['Seattle', 'America/Los_Angeles'],
    ['San Francisco', 'America/Los_Angeles'],
    ['Dallas', 'America/Chicago'],
    ['Salt Lake City', 'America/Denver'],
    ['Arizona', 'America/Phoenix'],
    ['Honolulu', 'Pacific/Honolulu'],
    ['london', 'Europe/London'],
  ])('%s -> %s first', (q, zone) => {
    expect(searchZones(q, zones)[0]).toBe(zone);
  });

  it('gives every zone for an empty query, and nothing for nonsense', () => {
    expect(searchZones('', zones)).toHaveLength(zones.length);
    expect(searchZones('zzqx', zones)).toEqual([]);
  });
});
