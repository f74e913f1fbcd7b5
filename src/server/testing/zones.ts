// Time zones the DST suites walk through, with each one's UTC offsets (minutes) on the two sides of
// its autumn 2026 / spring 2027 changes (one offset: no DST).
export const ZONES = ['America/Los_Angeles', 'America/New_York', 'America/Phoenix', 'Europe/London', 'Australia/Sydney'] as const;
export const OFFSETS: Record<(typeof ZONES)[number], number[]> = {
  'America/Los_Angeles': [-420, -480],
  'America/New_York': [-240, -300],
  'America/Phoenix': [-420],
  'Europe/London': [60, 0],
  'Australia/Sydney': [600, 660],
};
