// Recurring series from RFC 5545 rules, expanded with the `rrule` library in floating local time
// (the wall clock of the zone the series was booked in) and only then turned into instants. This
// is what keeps a weekly 4 pm session at 4 pm after a DST change: rrule never sees an offset.
import type * as RRuleLib from 'rrule';
import type { Options } from 'rrule';
import { invalid } from '../../errors.js';
import { lazyRequire } from '../../lib/lazy.js';
import { fromLocal, toLocal, type Local } from '../../lib/zones.js';

// rrule ships CommonJS (UMD) for Node; it is loaded with the first rule read, not at start-up.
const rrule = lazyRequire<typeof RRuleLib>('rrule');
const FIELD = 'recurrence';

const bad = (why: string) => invalid(FIELD, why);

export interface ParsedRule {
  /** The normalised rule text (no "RRULE:" prefix), as stored on the series. */
  text: string;
  options: Partial<Options>;
  /** UNTIL given as a date (no time): inclusive of that whole local day. */
  untilIsDate: boolean;
}

export function parseRule(input: string): ParsedRule {
  const text = input.trim().replace(/^RRULE:/i, '');
  if (/[\r\n]/.test(text) || /(^|;)DTSTART/i.test(text)) throw bad('must be a single RRULE value without DTSTART (the appointment start is the series start)');
  let options: Partial<Options>;
  try {
    options = rrule().RRule.parseString(text);
  } catch {
    throw bad('is not a valid RFC 5545 recurrence rule (e.g. FREQ=WEEKLY;COUNT=10)');
  }
  if (options.freq === undefined || options.freq === null) throw bad('needs FREQ (DAILY, WEEKLY, MONTHLY or YEARLY)');
  const { Frequency } = rrule();
  if (![Frequency.DAILY, Frequency.WEEKLY, Frequency.MONTHLY, Frequency.YEARLY].includes(options.freq)) throw bad('FREQ must be DAILY, WEEKLY, MONTHLY or YEARLY');
  if (options.byhour || options.byminute || options.bysecond) throw bad('BYHOUR, BYMINUTE and BYSECOND are not supported: the appointment start sets the time');
  if (options.interval !== undefined && (options.interval < 1 || options.interval > 52)) throw bad('INTERVAL must be between 1 and 52');
  if (!options.count && !options.until) throw bad('must end: give COUNT or UNTIL (a rule that never ends is refused)');
  if (options.count !== undefined && options.count !== null && options.count < 1) throw bad('COUNT must be at least 1');
  const until = /(^|;)UNTIL=([^;]*)/i.exec(text)?.[2] ?? '';
  return { text, options, untilIsDate: /^\d{8}$/.test(until) };
}

/** A Date whose UTC fields are the given local wall-clock time ("floating" time for rrule). */
function floating(local: Local): Date {
  const [y, m, d] = local.date.split('-').map(Number) as [number, number, number];
  const [h, mi] = local.time.split(':').map(Number) as [number, number];
  return new Date(Date.UTC(y, m - 1, d, h, mi));
}

function unfloat(d: Date): Local {
  return { date: d.toISOString().slice(0, 10), time: d.toISOString().slice(11, 16) };
}

/**
 * The occurrences' local start times and instants, first one included. Throws a 400 naming
 * `recurrence` when the rule expands to more than `max` occurrences or to none.
 */
export function expand(rule: ParsedRule, first: Local, zone: string, max: number): { local: Local; start: number }[] {
  const options: Partial<Options> = { ...rule.options, dtstart: floating(first), tzid: null };
  if (rule.options.until) {
    // UNTIL is an instant (or, date-only, the end of that local day); compare it in floating time.
    const until = rule.options.until;
    options.until = rule.untilIsDate
      ? new Date(Date.UTC(until.getUTCFullYear(), until.getUTCMonth(), until.getUTCDate(), 23, 59, 59))
      : floating(toLocal(until.getTime(), zone));
    if (options.until.getTime() < floating(first).getTime()) throw bad('UNTIL is before the first appointment');
  }
  const dates = new (rrule().RRule)(options).all((_d, i) => i <= max);
  if (dates.length > max) throw bad(`expands to more than ${max} occurrences, the practice's maximum for a series`);
  if (!dates.length) throw bad('produces no occurrences from the given start');
  return dates.map((d) => {
    const local = unfloat(d);
    return { local, start: fromLocal(local, zone) };
  });
}
