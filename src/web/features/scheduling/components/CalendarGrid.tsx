// FullCalendar in its box (which says what it shows and whether it is ready), set up once for every view: named zones (luxon), the practice's week
// start, text buttons, a bounded grid for day and week, and events drawn as plain DOM.
import type { DatesSetArg, EventClickArg, EventContentArg, EventDropArg, EventInput } from '@fullcalendar/core';
import dayGridPlugin from '@fullcalendar/daygrid';
import interactionPlugin, { type DateClickArg } from '@fullcalendar/interaction';
import luxonPlugin from '@fullcalendar/luxon3';
import FullCalendar from '@fullcalendar/react';
import timeGridPlugin from '@fullcalendar/timegrid';
import 'virtual:fullcalendar.css';
import { type RefObject, useCallback } from 'react';
import { WEEK_START } from '../../../lib/time.js';
import { BUTTON_TEXT, CUSTOM_VIEWS, GRID_HEIGHT, TOOLBAR, TOOLBAR_NARROW, VIEWS, type ViewKey } from '../model/calendar.js';
import { eventBody, moreLinkIsButton } from './calendarEventBody.js';

const PLUGINS = [dayGridPlugin, timeGridPlugin, interactionPlugin, luxonPlugin];

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
        dayMaxEvents={narrow && view === 'month' ? 3 : false}
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
