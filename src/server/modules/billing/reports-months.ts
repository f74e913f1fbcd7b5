// The months a report covers, in the zone the reader counts months in: each month's key and the
// instant it begins there (a month in New York starts at 05:00 or 04:00 UTC). reports-repo.ts
// buckets instants by these bounds.
import { DateTime } from 'luxon';
import type { MonthBound } from './reports-repo.js';

/** Every month that [from, to) touches, first to last, in `zone`. */
export function monthsOf(from: number, to: number, zone: string): MonthBound[] {
  const out: MonthBound[] = [];
  let m = DateTime.fromMillis(from, { zone }).startOf('month');
  while (m.toMillis() < to) {
    out.push({ key: m.toFormat('yyyy-LL'), start: m.toMillis() });
    m = m.plus({ months: 1 });
  }
  return out;
}
