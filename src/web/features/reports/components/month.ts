// "2026-03" as people read it: "March 2026", or "Mar 2026" where room is short.
import { DateTime } from 'luxon';

export function monthLabel(key: string, short = false): string {
  return DateTime.fromFormat(key, 'yyyy-LL', { zone: 'UTC' }).toLocaleString({ month: short ? 'short' : 'long', year: 'numeric' }, { locale: 'en-US' });
}
