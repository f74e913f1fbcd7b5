// The booking dialog's repeat choices, written as RFC 5545 RRULE values for the API: every week,
// every 2 weeks, or monthly on the same weekday of the month (the 2nd Tuesday; a fifth weekday is
// the last one), ending after a number of appointments or on a date (inclusive).
export type Repeat = 'none' | 'weekly' | 'biweekly' | 'monthly';

const ORDINALS = ['', 'first', 'second', 'third', 'fourth'];
const WEEKDAYS = ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'];
const WEEKDAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** The nth weekday of the month a YYYY-MM-DD falls on, as BYDAY and in words. */
export function monthlyWeekday(date: string): { byday: string; text: string } | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return null;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  if (d.getUTCDate() !== Number(m[3]) || d.getUTCMonth() !== Number(m[2]) - 1) return null;
  const dow = d.getUTCDay();
  const n = Math.ceil(d.getUTCDate() / 7);
  return n >= 5 ? { byday: `-1${WEEKDAYS[dow]}`, text: `last ${WEEKDAY_NAMES[dow]}` } : { byday: `${n}${WEEKDAYS[dow]}`, text: `${ORDINALS[n]} ${WEEKDAY_NAMES[dow]}` };
}

export type RepeatEnd = { kind: 'count'; count: number } | { kind: 'until'; until: string };

/** The rule for a repeat choice starting on `date` (YYYY-MM-DD); undefined for no repeat. */
export function buildRule(repeat: Repeat, date: string, end: RepeatEnd): string | undefined {
  if (repeat === 'none') return undefined;
  const parts = repeat === 'weekly' ? ['FREQ=WEEKLY'] : repeat === 'biweekly' ? ['FREQ=WEEKLY', 'INTERVAL=2'] : ['FREQ=MONTHLY', `BYDAY=${monthlyWeekday(date)?.byday ?? ''}`];
  parts.push(end.kind === 'count' ? `COUNT=${end.count}` : `UNTIL=${end.until.replace(/-/g, '')}`);
  return parts.join(';');
}
