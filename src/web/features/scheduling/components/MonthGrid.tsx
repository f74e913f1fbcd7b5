// The month view, drawn by us rather than FullCalendar: FullCalendar redrew a whole busy month in
// one synchronous task and then measured every row (hundreds of ms; bench/lib/calendar.ts). This is
// a plain table: a row per week from WEEK_START, a column per weekday, each day memoized (a day
// whose cells did not change is not redrawn) and nothing measured. A day shows its number (a button
// to that day's view), its first events (summarized as model/calendar.ts monthDays: "+N more"
// opening the day's list) as buttons opening their details, and a click on its empty part books on
// that day. Days outside the month are blank, as FullCalendar's showNonCurrentDates=false drew them.
// FullCalendar still draws the toolbar and owns the dates: this grid is its month view's content.
import { type CSSProperties, memo, type MouseEvent, useMemo, useState } from 'react';
import type { AppointmentCell } from '../../../../shared/scheduling.js';
import { namesOf } from '../../../lib/names.js';
import { fastTimes, today, WEEK_START } from '../../../lib/time.js';
import { type MonthDay, MonthDays, monthWeeks, type MoreProps, PROVIDER_COLORS } from '../model/calendar.js';
import { STATUS_LABELS } from '../model/labels.js';
import { details } from './calendarEventBody.js';

/** What a day's parts do; one stable object for the whole grid (its days stay memoized). */
export interface MonthActions {
  open: (cell: AppointmentCell) => void;
  more: (more: MoreProps['more']) => void;
  day: (date: string) => void;
  book: ((date: string) => void) | null;
}

const LIGHT = new Set<AppointmentCell['status']>(['completed', 'no_show', 'cancelled']);
const WEEKDAY = new Intl.DateTimeFormat('en-US', { weekday: 'short', timeZone: 'UTC' });
const WEEKDAY_LONG = new Intl.DateTimeFormat('en-US', { weekday: 'long', timeZone: 'UTC' });
const DAY_LABEL = new Intl.DateTimeFormat('en-US', { month: 'long', day: 'numeric', year: 'numeric', timeZone: 'UTC' });

/** The weekday names from WEEK_START (any week will do: 2023-01-01 was a Sunday). */
const HEADERS = Array.from({ length: 7 }, (_, i) => new Date(Date.UTC(2023, 0, 1 + ((WEEK_START + i) % 7))));

export const MonthGrid = memo(function MonthGrid({
  first,
  title,
  today,
  days,
  zone,
  colors,
  providerNames,
  highlight,
  actions,
}: {
  first: string;
  title: string;
  today: string;
  days: ReadonlyMap<string, MonthDay>;
  zone: string;
  colors: ReadonlyMap<string, string>;
  providerNames: ReadonlyMap<string, string>;
  highlight: string | null;
  actions: MonthActions;
}) {
  const weeks = monthWeeks(first, WEEK_START);
  const shown = days;
  return (
    <table className="month-grid" data-testid="month-grid" data-month={first.slice(0, 7)}>
      <caption className="visually-hidden">{title}</caption>
      <thead>
        <tr>
          {HEADERS.map((d) => (
            <th key={d.getUTCDay()} scope="col" abbr={WEEKDAY_LONG.format(d)}>
              {WEEKDAY.format(d)}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {weeks.map((week) => (
          <tr key={week.find(Boolean)}>
            {week.map((date, i) =>
              date ? (
                <Day
                  key={date}
                  date={date}
                  isToday={date === today}
                  day={shown.get(date)}
                  zone={zone}
                  colors={colors}
                  providerNames={providerNames}
                  highlight={highlight && shown.get(date)?.shown.some((c) => c.id === highlight) ? highlight : null}
                  actions={actions}
                />
              ) : (
                <td key={`blank${i}`} className="month-blank" />
              ),
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
});

const Day = memo(function Day({
  date,
  isToday,
  day,
  zone,
  colors,
  providerNames,
  highlight,
  actions,
}: {
  date: string;
  isToday: boolean;
  day: MonthDay | undefined;
  zone: string;
  colors: ReadonlyMap<string, string>;
  providerNames: ReadonlyMap<string, string>;
  highlight: string | null;
  actions: MonthActions;
}) {
  const { book } = actions;
  // A click on the day's empty part (not on its number, an event or "+N more") books on that day.
  const onClick = book ? (e: MouseEvent) => (e.target as HTMLElement).closest('button') || book(date) : undefined;
  const label = DAY_LABEL.format(new Date(`${date}T00:00:00Z`));
  return (
    <td className={`month-day${isToday ? ' month-today' : ''}${book ? ' month-bookable' : ''}`} data-date={date} onClick={onClick}>
      <button type="button" className="month-day-number" onClick={() => actions.day(date)} aria-label={`${label}${isToday ? ' (today)' : ''}: open the day`} aria-current={isToday ? 'date' : undefined} data-testid="month-day-number">
        {Number(date.slice(8))}
      </button>
      {day ? (
        <ul className="month-events">
          {day.shown.map((c) => (
            <li key={c.id}>
              <MonthEvent cell={c} zone={zone} color={colors.get(c.providerId) ?? PROVIDER_COLORS[0]!} providerName={providerNames.get(c.providerId) ?? ''} marked={c.id === highlight} onOpen={actions.open} />
            </li>
          ))}
          {day.more ? (
            <li>
              <MoreButton more={day.more} onMore={actions.more} />
            </li>
          ) : null}
        </ul>
      ) : null}
    </td>
  );
});

/**
 * One event: the client, the time and what else differs (calendarEventBody.ts details), with a bar
 * in its provider's colour (the button's left border; light for finished and cancelled ones). Few
 * nodes on purpose: the grid's layout and paint grow with them (a busy month draws ~150 of these).
 */
function MonthEvent({ cell: c, zone, color, providerName, marked, onOpen }: { cell: AppointmentCell; zone: string; color: string; providerName: string; marked: boolean; onOpen: (cell: AppointmentCell) => void }) {
  const more = details({ cell: c, providerName, highlight: marked }, zone);
  const bar = { '--bar': c.status === 'cancelled' ? '#5b6470' : color } as CSSProperties;
  return (
    <button type="button" className={`cal-event month-event cal-${c.status} cal-type-${c.type}${marked ? ' cal-highlight' : ''}${LIGHT.has(c.status) ? ' month-light' : ''}`} style={bar} onClick={() => onOpen(c)}>
      <span className="cal-body" data-testid="calendar-event" data-appointment-id={c.id} data-status={c.status} data-start={c.start} data-highlight={marked ? 'true' : undefined}>
        <b className="cal-title">
          {c.status === 'cancelled' ? <span className="visually-hidden">{STATUS_LABELS.cancelled}: </span> : null}
          {namesOf(c.clientNames)}
        </b>
        {` ${fastTimes(c.start, c.end, zone)}`}
        {more ? <i className="cal-zone">{more}</i> : null}
      </span>
    </button>
  );
}

/** A busy day's "+N more" ("+N" on a phone, where the word does not fit; heard as the whole sentence). */
function MoreButton({ more, onMore }: { more: MoreProps['more']; onMore: (more: MoreProps['more']) => void }) {
  return (
    <button type="button" className="cal-more month-more" onClick={() => onMore(more)}>
      <span className="cal-body cal-more-body" data-testid="calendar-more" data-date={more.date} data-hidden={more.hidden}>
        <span className="cal-title" aria-hidden="true">
          +{more.hidden}
        </span>
        <span className="cal-more-word" aria-hidden="true">
          {' '}
          more
        </span>
        <span className="visually-hidden">{`${more.hidden} more appointments on ${more.date}: open the day's list`}</span>
      </span>
    </button>
  );
}

/** The month grid for the range loaded: its days summarized from the cells (monthDays), a day keeping its object while its cells do. */
export function MonthView({ cells, first, title, zone, max, ...rest }: { cells: readonly AppointmentCell[]; first: string; title: string; zone: string; max: number; colors: ReadonlyMap<string, string>; providerNames: ReadonlyMap<string, string>; highlight: string | null; actions: MonthActions }) {
  const [memo] = useState(() => new MonthDays());
  const days = useMemo(() => memo.of(cells, zone, first, max, rest.highlight), [memo, cells, zone, first, max, rest.highlight]);
  return <MonthGrid first={first} title={title} today={today(zone)} days={days} zone={zone} {...rest} />;
}
