// Open slots, computed (no I/O): each working interval is laid out per local date in the
// provider's zone, slot starts step along the interval on a grid of local wall-clock minutes, and
// each start becomes an instant through luxon only then. So a 9:00–17:00 day gives 9:00 local on
// both sides of a DST change, a start the clock skips (spring forward) is no slot, and an hour that
// repeats (fall back) is offered once. A slot is open when it fits inside its working interval,
// starts no earlier than `notBefore`, overlaps no blocked range, and keeps `bufferMinutes` clear
// of every busy interval on both sides.
import { DateTime } from 'luxon';
import { minutesOf, type WorkingInterval } from '../../../shared/availability.js';
import { addDays, fromLocal, toLocal } from '../../lib/zones.js';
import { MIN } from '../../lib/clock.js';

export interface Interval {
  start: number;
  end: number;
}

export interface SlotInput {
  zone: string;
  hours: readonly WorkingInterval[];
  bufferMinutes: number;
  lengthMinutes: number;
  gridMinutes: number;
  /** Slots start in [from, to). */
  from: number;
  to: number;
  /** No slot starts before this instant (now plus the practice's notice for clients). */
  notBefore: number;
  busy: readonly Interval[];
  blocked: readonly Interval[];
}

const hhmm = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/** ISO weekday (1 = Monday … 7 = Sunday) of a local date. */
export const weekdayOf = (date: string) => DateTime.fromISO(date, { zone: 'UTC' }).weekday;

/** The instant a working interval's boundary falls on, for a local date (24:00 = next midnight). */
function boundary(date: string, time: string, zone: string): number {
  return time === '24:00' ? fromLocal({ date: addDays(date, 1), time: '00:00' }, zone) : fromLocal({ date, time }, zone);
}

export function openSlots(i: SlotInput): Interval[] {
  if (!i.hours.length || i.to <= i.from) return [];
  const length = i.lengthMinutes * MIN;
  const buffer = i.bufferMinutes * MIN;
  const taken = [...i.busy.map((b) => ({ start: b.start - buffer, end: b.end + buffer })), ...i.blocked].sort((a, b) => a.start - b.start);
  const firstDate = addDays(toLocal(i.from, i.zone).date, -1);
  const lastDate = toLocal(i.to, i.zone).date;
  const out: Interval[] = [];
  const seen = new Set<number>();
  for (let date = firstDate; date <= lastDate; date = addDays(date, 1)) {
    const weekday = weekdayOf(date);
    for (const h of i.hours) {
      if (h.weekday !== weekday) continue;
      const intervalEnd = boundary(date, h.end, i.zone);
      const endMinute = minutesOf(h.end);
      for (let m = minutesOf(h.start); m < endMinute && m < 24 * 60; m += i.gridMinutes) {
        const time = hhmm(m);
        const start = fromLocal({ date, time }, i.zone);
        const back = toLocal(start, i.zone);
        if (back.date !== date || back.time !== time) continue; // skipped by a spring-forward gap
        const end = start + length;
        if (end > intervalEnd) break;
        if (start < i.from || start >= i.to || start < i.notBefore || seen.has(start)) continue;
        if (clashes(taken, start, end)) continue;
        seen.add(start);
        out.push({ start, end });
      }
    }
  }
  return out.sort((a, b) => a.start - b.start);
}

function clashes(sorted: readonly Interval[], start: number, end: number): boolean {
  for (const t of sorted) {
    if (t.start >= end) return false;
    if (t.end > start) return true;
  }
  return false;
}
