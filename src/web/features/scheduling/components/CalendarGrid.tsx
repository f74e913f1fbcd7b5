// FullCalendar in its box (which says what it shows and whether it is ready), set up once for every view: named zones (luxon), the practice's week
// start, text buttons, a bounded grid for day and week, and events drawn as plain DOM. A time slot
// holding more than fits shows "+N more" (a button opening a popover). The month is FullCalendar's
// view (its toolbar, dates and navigation) whose content is our MonthGrid (drawn into it through a
// portal, with no events handed to FullCalendar): FullCalendar's own month took hundreds of ms in one
// task to draw and measure a busy month. Once a range's events are drawn and painted it sets the
// performance mark `calendar:painted` (the bench measures from `calendar:data` to it).
import type { DatesSetArg, EventClickArg, EventContentArg, EventDropArg, EventInput } from '@fullcalendar/core';
import interactionPlugin, { type DateClickArg } from '@fullcalendar/interaction';
import luxonPlugin from '@fullcalendar/luxon3';
import FullCalendar from '@fullcalendar/react';
import timeGridPlugin from '@fullcalendar/timegrid';
import 'virtual:fullcalendar.css';
import { type ReactNode, type RefObject, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import { instantToLocal, WEEK_START } from '../../../lib/time.js';
import { BUTTON_TEXT, CUSTOM_VIEWS, GRID_HEIGHT, TOOLBAR, TOOLBAR_NARROW, VIEWS, type ViewKey } from '../model/calendar.js';
import { eventBody, moreLinkIsButton, moreLinkText } from './calendarEventBody.js';

const PLUGINS = [timeGridPlugin, interactionPlugin, luxonPlugin];
/** Set once a range's events are painted (see bench/lib/calendar.ts). */
export const PAINTED_MARK = 'calendar:painted';
/** Side-by-side events in a time slot before "+N more": beyond that each is too narrow to read. */
const TIME_MAX_STACK = 4;
const TIME_MAX_STACK_NARROW = 2;

/**
 * `fn` behind one identity for the component's life (it calls the latest `fn`). FullCalendar treats
 * an option of a new identity as a change of its options, rebuilds its view specs and so remounts a
 * custom view's content: with the page's handlers new on each render, every re-render of the page
 * detached and re-attached the whole month grid (a full style, layout and paint of it).
 */
function useStable<A extends unknown[]>(fn: (...args: A) => void): (...args: A) => void {
  const latest = useRef(fn);
  useLayoutEffect(() => {
    latest.current = fn;
  });
  return useCallback((...args: A) => latest.current(...args), []);
}

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
  drawn,
  renderMonth,
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
  /** What is drawn: a change of it is a redraw (the month's cells, or the events). */
  drawn: unknown;
  /** The month view's content for the month shown (its first day, YYYY-MM-DD, and FullCalendar's title). */
  renderMonth: (first: string, title: string) => ReactNode;
  range: { from: string; to: string } | null;
  providerId: string;
  count: number | undefined;
}) {
  const renderEvent = useCallback((arg: EventContentArg) => eventBody(arg, zone), [zone]);
  // The month view's content: one element FullCalendar places in the view, which React draws into.
  const [host] = useState(() => Object.assign(document.createElement('div'), { className: 'month-host' }));
  const views = useMemo(() => ({ ...CUSTOM_VIEWS, [VIEWS.month]: { duration: { months: 1 }, content: () => ({ domNodes: [host] }) } }), [host]);
  const [month, setMonth] = useState<{ first: string; title: string } | null>(null);
  const datesSet = useStable((info: DatesSetArg) => {
    const next = info.view.type === VIEWS.month ? { first: instantToLocal(info.view.currentStart.toISOString(), zone).date, title: info.view.title } : null;
    setMonth((prev) => (prev?.first === next?.first && prev?.title === next?.title ? prev : next));
    onDatesSet(info);
  });
  const eventDrop = useStable(onDrop);
  const eventClick = useStable(onEventClick);
  const dateClick = useStable(onDateClick);
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
  }, [ready, drawn]);
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
        views={views}
        firstDay={WEEK_START}
        height={view === 'month' ? 'auto' : GRID_HEIGHT}
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
        eventDrop={eventDrop}
        eventClick={eventClick}
        dateClick={dateClick}
        datesSet={datesSet}
      />
      {month ? createPortal(renderMonth(month.first, month.title), host) : null}
    </div>
  );
}
