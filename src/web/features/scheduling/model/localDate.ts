// The local date an instant falls on in a zone, for thousands of cells at a time (the month grid's
// days: calendar.ts monthDays). Intl.DateTimeFormat.format per cell cost a few ms per thousand in the
// render that drew the month; this asks Intl a few times per local day instead. It rests on two facts
// of the time-zone database since the 1970s: every zone's offset is a whole number of quarter hours,
// so an instant's local date is the same throughout its UTC quarter hour (aligned to :00/:15/:30/:45);
// and local dates never go backwards as time goes on (a clock set back at midnight repeats the late
// evening of the same date). So each zone remembers the last local day found as a UTC span
// [from, to): an instant inside it is answered without Intl, and one outside it finds its own day's
// end by a binary search over quarter hours (about nine formats a day; the cells come sorted by start).
const QUARTER = 15 * 60_000;
/** Past the longest local day (25 hours at a DST change): the search for a day's end looks this far ahead. */
const SPAN = 26 * 60 * 60_000;

interface ZoneDays {
  format: Intl.DateTimeFormat;
  from: number;
  to: number;
  date: string;
}
const zones = new Map<string, ZoneDays>();

function zoneDays(zone: string): ZoneDays {
  let z = zones.get(zone);
  if (!z) zones.set(zone, (z = { format: new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit', timeZone: zone }), from: 0, to: 0, date: '' }));
  return z;
}

/** The local date (YYYY-MM-DD) the instant `iso` falls on in `zone`: the same answer as Intl's. */
export function localDate(iso: string, zone: string): string {
  const z = zoneDays(zone);
  const ms = Date.parse(iso);
  if (ms >= z.from && ms < z.to) return z.date;
  if (!Number.isFinite(ms)) return z.format.format(new Date(iso));
  const from = Math.floor(ms / QUARTER) * QUARTER;
  const date = z.format.format(from);
  // The first quarter hour after `from` on another date: `same` is on this date, `other` is not.
  let same = from;
  let other = from + SPAN;
  if (z.format.format(other) === date) same = other;
  else {
    while (other - same > QUARTER) {
      const mid = same + Math.floor((other - same) / QUARTER / 2) * QUARTER;
      if (z.format.format(mid) === date) same = mid;
      else other = mid;
    }
  }
  z.from = from;
  z.to = same + QUARTER;
  z.date = date;
  return date;
}
