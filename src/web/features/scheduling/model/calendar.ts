// The calendar's views, toolbar, colours and events: FullCalendar's inputs built from appointments.
import type { EventInput } from '@fullcalendar/core';
import { DateTime } from 'luxon';
import type { Availability } from '../../../../shared/availability.js';
import type { Appointment } from '../../../../shared/scheduling.js';
import { clientNames } from '../../../lib/names.js';

export const VIEWS = { month: 'dayGridMonth', week: 'timeGridWeek', day: 'timeGridDay', threeDay: 'timeGridThreeDay' } as const;
export type ViewKey = keyof typeof VIEWS;
export const VIEW_KEYS = Object.fromEntries(Object.entries(VIEWS).map(([k, v]) => [v, k])) as Record<string, ViewKey>;
export const TOOLBAR = { left: 'prev,next today', center: 'title', right: 'dayGridMonth,timeGridWeek,timeGridDay' };
export const TOOLBAR_NARROW = { left: 'prev,next today', center: 'title', right: 'dayGridMonth,timeGridThreeDay,timeGridDay' };
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

/** FullCalendar's events: coloured by provider and status, draggable when they may still move. */
export function toEvents(items: readonly Appointment[], colors: Map<string, string>, canWrite: boolean, highlight: string | null): EventInput[] {
  return items.map((a) => {
    const own = colors.get(a.providerId) ?? PROVIDER_COLORS[0]!;
    const light = LIGHT_STATUSES.has(a.status);
    return {
      id: a.id,
      title: clientNames(a),
      start: a.start,
      end: a.end,
      backgroundColor: light ? LIGHT_BG[a.status] : own,
      borderColor: a.status === 'cancelled' ? '#5b6470' : own,
      textColor: light ? '#1b1f24' : '#ffffff',
      // Not "appt": the portal's stylesheet gives .appt a margin, which shrank every block.
      classNames: ['cal-event', `cal-${a.status}`, `cal-type-${a.type}`, ...(a.id === highlight ? ['cal-highlight'] : [])],
      startEditable: canWrite && (a.status === 'scheduled' || a.status === 'confirmed'),
      extendedProps: { appt: a, highlight },
    };
  });
}

/** The end of an appointment moved to `start`, as an ISO instant. */
export function movedEnd(start: string, durationMinutes: number): string {
  return new Date(Date.parse(start) + durationMinutes * 60_000).toISOString();
}
