// FullCalendar in its box (which says what it shows and whether it is ready), set up once for every view: named zones (luxon), the practice's week
// start, text buttons, a bounded grid for day and week, and events drawn as plain DOM. A month day or
// a time slot holding more than fits shows "+N more" (a button opening a popover), so a busy month
// draws a bounded number of events (the month's own days are summarized in model/calendar.ts). Once a range's events are drawn and painted it sets the
// performance mark `calendar:painted` (the bench measures from `calendar:data` to it).
import type { DatesSetArg, EventClickArg, EventContentArg, EventDropArg, EventInput } from '@fullcalendar/core';
import dayGridPlugin from '@fullcalendar/daygrid';
import interactionPlugin, { type DateClickArg } from '@fullcalendar/interaction';
import luxonPlugin from '@fullcalendar/luxon3';
import FullCalendar from '@fullcalendar/react';
import timeGridPlugin from '@fullcalendar/timegrid';
import 'virtual:fullcalendar.css';
import { type RefObject, useCallback, useEffect } from 'react';
import { WEEK_START } from '../../../lib/time.js';
import { BUTTON_TEXT, CUSTOM_VIEWS, GRID_HEIGHT, MONTH_MAX, MONTH_MAX_NARROW, TOOLBAR, TOOLBAR_NARROW, VIEWS, type ViewKey } from '../model/calendar.js';
import { eventBody, moreLinkIsButton, moreLinkText } from './calendarEventBody.js';

const PLUGINS = [dayGridPlugin, timeGridPlugin, interactionPlugin, luxonPlugin];
/** Set once a range's events are painted (see bench/lib/calendar.ts). */
export const PAINTED_MARK = 'calendar:painted';
/** Side-by-side events in a time slot before "+N more": beyond that each is too narrow to read. */
const TIME_MAX_STACK = 4;
const TIME_MAX_STACK_NARROW = 2;

export function CalendarGrid({
  calendarRef,
  zone,
  view,
  narrow,
  initialDate,
  scrollTime,
  events,
  canWrite,
  onDrop,
  onEventClick,
  onDateClick,
  onDatesSet,
  ready,
  range,
  providerId,
  count,
}: {
  calendarRef: RefObject<FullCalendar | null>;
  zone: string;
  view: ViewKey;
  narrow: boolean;
  initialDate: string;
  scrollTime: string;
  events: EventInput[];
  canWrite: boolean;
  onDrop: (info: EventDropArg) => void;
  onEventClick: (info: EventClickArg) => void;
  onDateClick: (info: DateClickArg) => void;
  onDatesSet: (info: DatesSetArg) => void;
  ready: boolean;
  range: { from: string; to: string } | null;
  providerId: string;
  count: number | undefined;
}) {
  const renderEvent = useCallback((arg: EventContentArg) => eventBody(arg, zone), [zone]);
  // FullCalendar draws synchronously when its events change; the frame after is when they are on screen.
  useEffect(() => {
    if (!ready) return;
    let timer = 0;
    const frame = requestAnimationFrame(() => {
      timer = window.setTimeout(() => performance.mark(PAINTED_MARK), 0);
    });
    return () => {
      cancelAnimationFrame(frame);
      clearTimeout(timer);
    };
  }, [ready, events]);
  return (
    <div
      className={`calendar ${narrow ? 'narrow' : ''}`}
      data-testid="calendar"
      data-ready={ready ? 'true' : 'false'}
      data-view={view}
      data-from={range?.from}
      data-to={range?.to}
      data-provider-id={providerId}
      data-zone={zone}
      data-count={count}
      aria-busy={!ready}
    >
      <FullCalendar
        ref={calendarRef}
        plugins={PLUGINS}
        timeZone={zone}
        initialView={VIEWS[view]}
        initialDate={initialDate}
        headerToolbar={narrow ? TOOLBAR_NARROW : TOOLBAR}
        buttonIcons={false}
        buttonText={BUTTON_TEXT}
        views={CUSTOM_VIEWS}
        firstDay={WEEK_START}
        height={view === 'month' ? 'auto' : GRID_HEIGHT}
        showNonCurrentDates={false}
        fixedWeekCount={false}
        // The month is summarized before it gets here (summarizeMonth): a day holds at most its max;
        // only an event reaching over midnight can add one, which FullCalendar's own "+N more" takes.
        dayMaxEvents={(narrow ? MONTH_MAX_NARROW : MONTH_MAX) + 1}
        eventMaxStack={narrow ? TIME_MAX_STACK_NARROW : TIME_MAX_STACK}
        moreLinkContent={moreLinkText}
        moreLinkDidMount={moreLinkIsButton}
        nowIndicator
        scrollTime={scrollTime}
        slotDuration="00:30:00"
        slotEventOverlap={false}
        allDaySlot={false}
        navLinks
        eventMinHeight={22}
        events={events}
        eventContent={renderEvent}
        // The body shows its own time (calendarEventBody.ts): FullCalendar need not format one per event.
        displayEventTime={false}
        eventInteractive
        editable={canWrite}
        eventDurationEditable={false}
        eventDrop={onDrop}
        eventClick={onEventClick}
        dateClick={onDateClick}
        datesSet={onDatesSet}
      />
    </div>
  );
}
