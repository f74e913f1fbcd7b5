// Dates on the status page, in the page's zone and in the style its readers know from the old
// hand-written page: "Saturday 5/16 8am PST", "Saturday 5/16 8:30am PDT".
import { DateTime } from 'luxon';

function dt(ms: number, zone: string) {
  return DateTime.fromMillis(ms, { zone }).setLocale('en-US');
}

export function dayLabel(ms: number, zone: string): string {
  return dt(ms, zone).toFormat('cccc L/d');
}

export function timeLabel(ms: number, zone: string): string {
  const d = dt(ms, zone);
  const hm = d.minute === 0 ? d.toFormat('h') : d.toFormat('h:mm');
  return `${hm}${d.toFormat('a').toLowerCase()} ${d.offsetNameShort ?? d.toFormat('ZZ')}`;
}

/** "Saturday 5/16 8am PST" */
export function stamp(ms: number, zone: string): string {
  return `${dayLabel(ms, zone)} ${timeLabel(ms, zone)}`;
}

/** "Saturday 5/16 8am PST – 10am PST", or across days "Saturday 5/16 11pm PST – Sunday 5/17 1am PST". */
export function window(from: number, until: number, zone: string): string {
  const sameDay = dt(from, zone).hasSame(dt(until, zone), 'day');
  return `${stamp(from, zone)} – ${sameDay ? timeLabel(until, zone) : stamp(until, zone)}`;
}

/** YYYY-MM-DD in the zone, and the start of that day. */
export function dayKey(ms: number, zone: string): string {
  return dt(ms, zone).toISODate()!;
}

export function startOfDay(ms: number, zone: string): number {
  return dt(ms, zone).startOf('day').toMillis();
}

export function addDays(ms: number, days: number, zone: string): number {
  return dt(ms, zone).plus({ days }).toMillis();
}
