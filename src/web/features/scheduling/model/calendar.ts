// The calendar's views, toolbar, colours and events: FullCalendar's inputs built from calendar cells,
// and the month grid's days (MonthGrid.tsx).
import type { EventInput } from '@fullcalendar/core';
import { DateTime } from 'luxon';
import type { Availability } from '../../../../shared/availability.js';
import type { Appointment, AppointmentCell } from '../../../../shared/scheduling.js';
import { namesOf } from '../../../lib/names.js';
import { localDate } from './localDate.js';

export const VIEWS = { month: 'monthGrid', week: 'timeGridWeek', day: 'timeGridDay', threeDay: 'timeGridThreeDay' } as const;
export type ViewKey = keyof typeof VIEWS;
export const VIEW_KEYS = Object.fromEntries(Object.entries(VIEWS).map(([k, v]) => [v, k])) as Record<string, ViewKey>;
export const TOOLBAR = { left: 'prev,next today', center: 'title', right: 'monthGrid,timeGridWeek,timeGridDay' };
export const TOOLBAR_NARROW = { left: 'prev,next today', center: 'title', right: 'monthGrid,timeGridThreeDay,timeGridDay' };
// Text, not FullCalendar's icon font: its icons are role="img" without a name.
export const BUTTON_TEXT = { prev: 'Previous', next: 'Next', today: 'Today', month: 'Month', week: 'Week', day: 'Day' };
/** A phone's "week": three days side by side are still readable at 390 px. */
export const CUSTOM_VIEWS = { timeGridThreeDay: { type: 'timeGrid', duration: { days: 3 }, buttonText: '3 days' } };
/**
 * Where the time grid opens: the start of the working day, not midnight. The practice keeps no
 * opening hours of its own, so it is the earliest working hour of the provider shown (the filter,
 * or the user working as a provider) from their availability, else 07:00. It needs a grid of
 * bounded height to scroll inside, so the day and week views get one; the month grows with its rows.
 */
export const WORKDAY_START = '07:00:00';
export const GRID_HEIGHT = 'max(30rem, calc(100vh - 7rem))';

/**
 * White text reads on each of these at 4.5:1 or better. Upcoming appointments (scheduled,
 * confirmed, checked in) are drawn solid in their provider's colour; finished ones (completed, no-
 * show) and cancelled ones light, with dark text and the provider's colour as the border (see
 * scheduling.css): every pair reads at 4.5:1 or better.
 */
export const PROVIDER_COLORS = ['#0b5cad', '#1e6b34', '#6b3fa0', '#a4161a', '#7a4a00', '#00606b', '#37474f', '#8e2463'];

const LIGHT_STATUSES = new Set<Appointment['status']>(['completed', 'no_show', 'cancelled']);
const LIGHT_BG: Partial<Record<Appointment['status'], string>> = { completed: '#e8f3ec', no_show: '#fff4e0', cancelled: '#f1f3f5' };

/** The view shown: the address's (week by default), a phone's week being three days. */
export function viewOf(param: string | null, narrow: boolean): ViewKey {
  const chosen: ViewKey = param === 'month' || param === 'day' ? param : 'week';
  return narrow && chosen === 'week' ? 'threeDay' : chosen;
}

/**
 * The earliest start of a provider's working hours, as a time of day in the display zone (on
 * today's date: a zone difference can shift it by an hour across a DST change, which is close
 * enough to open the grid on); the default when they have set none.
 */
export function workdayStart(a: Availability, zone: string): string {
  if (!a.configured || !a.hours.length) return WORKDAY_START;
  const first = a.hours.map((h) => h.start).sort()[0]!;
  const local = DateTime.fromISO(`${DateTime.now().toISODate()}T${first}`, { zone: a.timeZone ?? zone }).setZone(zone);
  return local.isValid ? local.toFormat('HH:mm:00') : WORKDAY_START;
}

/** Half an hour before a local HH:mm (not before midnight), so the grid shows what leads up to it. */
export function earlier(time: string): string {
  const [h, m] = time.split(':').map(Number) as [number, number];
  const mins = Math.max(0, h * 60 + m - 30);
  return `${String(Math.floor(mins / 60)).padStart(2, '0')}:${String(mins % 60).padStart(2, '0')}:00`;
}

/** Each provider's colour, in the order the practice lists them. */
export function providerColors(providers: readonly { id: string }[]): Map<string, string> {
  return new Map(providers.map((p, i) => [p.id, PROVIDER_COLORS[i % PROVIDER_COLORS.length]!]));
}

/** What an event's body is drawn from (calendarEventBody.ts): the cell, its provider's name, whether it is pointed out. */
export interface CellProps {
  cell: AppointmentCell;
  providerName: string;
  highlight: boolean;
}

/** A month day's "+N more": every appointment of the day (for its list) and how many are not drawn. */
export interface MoreProps {
  more: { date: string; cells: readonly AppointmentCell[]; hidden: number };
}

/** A month day (MonthGrid.tsx) draws this many events at most: the first ones, then "+N more" in the last place. */
export const MONTH_MAX = 5;
export const MONTH_MAX_NARROW = 3;

/** One cell as FullCalendar's event: coloured by provider and status, draggable when it may still move. */
function toEvent(c: AppointmentCell, color: string, providerName: string, canWrite: boolean, highlight: boolean): EventInput {
  const light = LIGHT_STATUSES.has(c.status);
  const props: CellProps = { cell: c, providerName, highlight };
  return {
    id: c.id,
    title: namesOf(c.clientNames),
    start: c.start,
    end: c.end,
    backgroundColor: light ? LIGHT_BG[c.status] : color,
    borderColor: c.status === 'cancelled' ? '#5b6470' : color,
    textColor: light ? '#1b1f24' : '#ffffff',
    // Not "appt": the portal's stylesheet gives .appt a margin, which shrank every block.
    classNames: ['cal-event', `cal-${c.status}`, `cal-type-${c.type}`, ...(highlight ? ['cal-highlight'] : [])],
    startEditable: canWrite && (c.status === 'scheduled' || c.status === 'confirmed'),
    extendedProps: props,
  };
}

/** The cells of each local date (YYYY-MM-DD in `zone`), in the order given (by start, as the server orders them). */
function byLocalDate(cells: readonly AppointmentCell[], zone: string): Map<string, AppointmentCell[]> {
  const days = new Map<string, AppointmentCell[]>();
  for (const c of cells) {
    const d = localDate(c.start, zone);
    const list = days.get(d);
    if (list) list.push(c);
    else days.set(d, [c]);
  }
  return days;
}

/**
 * One month day as drawn: all of it when it fits `max`, else its first `max - 1` cells (by start, as
 * the server orders them) and the rest as one "+N more" that lists the whole day, so a month of 2,000
 * draws a few events per day. The cell pointed out is always drawn.
 */
function summarizeDay(date: string, list: AppointmentCell[], max: number, highlight: string | null): MonthDay {
  if (list.length <= max) return { shown: list, more: null };
  const shown = list.slice(0, max - 1);
  const marked = highlight ? list.slice(max - 1).find((c) => c.id === highlight) : undefined;
  if (marked) shown.push(marked);
  return { shown, more: { date, cells: list, hidden: list.length - shown.length } };
}

/** A day of the month grid (MonthGrid.tsx): the cells drawn and, when they are not all, its "+N more". */
export interface MonthDay {
  shown: readonly AppointmentCell[];
  more: MoreProps['more'] | null;
}

/**
 * The month grid's days by local date in `zone`, each summarized (summarizeDay). A cell that
 * started before the month's first day (it reaches into the month) is drawn on that first day. A day
 * whose cells are the very same objects as in `prev` keeps its object, so only changed days redraw.
 */
export function monthDays(cells: readonly AppointmentCell[], zone: string, first: string, max: number, highlight: string | null, prev: ReadonlyMap<string, MonthDay> = new Map()): Map<string, MonthDay> {
  const days = byLocalDate(cells, zone);
  const early = [...days.keys()].filter((d) => d < first);
  if (early.length) {
    const moved = early.sort().flatMap((d) => days.get(d)!);
    for (const d of early) days.delete(d);
    days.set(first, [...moved, ...(days.get(first) ?? [])]);
  }
  const out = new Map<string, MonthDay>();
  for (const [date, list] of days) {
    const day = summarizeDay(date, list, max, highlight);
    const old = prev.get(date);
    out.set(date, old && sameDay(old, day) ? old : day);
  }
  return out;
}

/** monthDays remembering its last answer (one per grid, held in state): an unchanged day keeps its object. */
export class MonthDays {
  private last: ReadonlyMap<string, MonthDay> = new Map();
  of(cells: readonly AppointmentCell[], zone: string, first: string, max: number, highlight: string | null): ReadonlyMap<string, MonthDay> {
    this.last = monthDays(cells, zone, first, max, highlight, this.last);
    return this.last;
  }
}

function sameItems<T>(a: readonly T[], b: readonly T[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function sameDay(a: MonthDay, b: MonthDay): boolean {
  if (!sameItems(a.shown, b.shown)) return false;
  if (!a.more || !b.more) return a.more === b.more;
  return a.more.hidden === b.more.hidden && sameItems(a.more.cells, b.more.cells);
}

/** The weeks of the month starting on `first` (YYYY-MM-DD, the 1st): rows of seven dates from WEEK_START (0 Sunday … 6 Saturday), null outside the month. */
export function monthWeeks(first: string, weekStart: number): (string | null)[][] {
  const [y, m] = first.split('-').map(Number) as [number, number];
  const length = new Date(Date.UTC(y, m, 0)).getUTCDate();
  const lead = (new Date(Date.UTC(y, m - 1, 1)).getUTCDay() - weekStart + 7) % 7;
  const weeks: (string | null)[][] = [];
  for (let i = -lead; i < length; i += 7) {
    const week: (string | null)[] = [];
    for (let d = i + 1; d <= i + 7; d++) week.push(d >= 1 && d <= length ? `${first.slice(0, 8)}${String(d).padStart(2, '0')}` : null);
    weeks.push(week);
  }
  return weeks;
}

/**
 * FullCalendar's events, memoized: a cell that draws the same as last time keeps its event object,
 * and when no cell changed the very same array comes back, so a refetch of an unchanged month (or
 * a 304) hands FullCalendar nothing new to redraw. One instance per calendar (useRef).
 */
export class CalendarEvents {
  private cache = new Map<string, { sig: string; event: EventInput }>();
  private last: EventInput[] = [];

  of(cells: readonly AppointmentCell[], colors: Map<string, string>, providerNames: Map<string, string>, canWrite: boolean, highlight: string | null): EventInput[] {
    const next = new Map<string, { sig: string; event: EventInput }>();
    const out: EventInput[] = [];
    let same = cells.length === this.last.length;
    const keep = (id: string, sig: string, make: () => EventInput) => {
      const prev = this.cache.get(id);
      const event = prev?.sig === sig ? prev.event : make();
      next.set(id, { sig, event });
      if (same && this.last[out.length] !== event) same = false;
      out.push(event);
    };
    for (const c of cells) {
      const color = colors.get(c.providerId) ?? PROVIDER_COLORS[0]!;
      const providerName = providerNames.get(c.providerId) ?? '';
      const marked = c.id === highlight;
      const sig = [c.start, c.end, c.status, c.type, c.providerId, c.timeZone, c.clientNames.join('\u0001'), c.clientZones.join('\u0001'), color, providerName, canWrite, marked].join('|');
      keep(c.id, sig, () => toEvent(c, color, providerName, canWrite, marked));
    }
    this.cache = next;
    if (same) return this.last;
    this.last = out;
    return out;
  }
}

/** The cells of one provider, or all of them ('' ): the practice-wide range filtered without asking the server again. */
export function cellsOf(cells: readonly AppointmentCell[], providerId: string): readonly AppointmentCell[] {
  return providerId ? cells.filter((c) => c.providerId === providerId) : cells;
}

/** The end of an appointment moved to `start`, as an ISO instant. */
export function movedEnd(start: string, durationMinutes: number): string {
  return new Date(Date.parse(start) + durationMinutes * 60_000).toISOString();
}
