// The calendar: FullCalendar (MIT packages) in day, week and month views, practice-wide or for one
// provider, in a chosen display zone (named zones through @fullcalendar/luxon3). Its events come
// from the very query the Appointments tab uses — GET /api/appointments over FullCalendar's
// visible range [from, to), every page of it — so the two always show the same set; it asks for
// compact cells (view=calendar) and reads an appointment in full only when it is opened. Choosing a
// provider filters the practice-wide range already loaded, without asking the server again. Drag an event
// to reschedule it (a series occurrence asks: this, following or all; a 409 puts it back and says
// why), click an empty slot or press "New appointment" to book, click or press Enter on an event
// for its details, where "Edit or reschedule" moves it by form (to any day, on a phone too). The
// week starts on the day the Appointments list's weeks start (WEEK_START); the time grid opens
// scrolled to the working day. After booking or editing, the calendar goes to the appointment and
// points it out. At phone width "Week" shows three days, and Month and Day fit too.
import type { EventClickArg } from '@fullcalendar/core';
import type { DateClickArg } from '@fullcalendar/interaction';
import type FullCalendar from '@fullcalendar/react';
import { type RefObject, useDeferredValue, useMemo, useRef, useState } from 'react';
import { Button } from 'react-aria-components';
import { useSearchParams } from 'react-router';
import type { AppointmentCell } from '../../../../shared/scheduling.js';
import { useNarrow } from '../../../lib/narrow.js';
import { useProviders } from '../../../lib/providers.js';
import { instantToLocal, isIsoDate, today } from '../../../lib/time.js';
import { useMe } from '../../../session/useMe.js';
import { useWorkdayHours } from '../../availability/index.js';
import { RemindersAttention } from '../../reminders/index.js';
import { type CellProps, type MoreProps, type ViewKey, VIEWS, viewOf, WORKDAY_START, workdayStart } from '../model/calendar.js';
import { AppointmentDetails } from './AppointmentDetails.js';
import { AppointmentDialogs, type AppointmentDialogsState, OutcomeNotice, useAppointmentDialogs } from './AppointmentDialogs.js';
import { CalendarDayList } from './CalendarDayList.js';
import { CalendarGrid } from './CalendarGrid.js';
import { type MonthActions, MonthView } from './MonthGrid.js';
import { useCalendarMove } from './CalendarMove.js';
import { CalendarOptions, CalendarStatus } from './CalendarOptions.js';
import { useDisplayZone } from './common.js';
import { useCalendarEvents } from './useCalendarEvents.js';
import { useCalendarNav } from './useCalendarNav.js';
import './scheduling.css';
import { PageHead } from '../../../components/PageHead.js';

const NO_CELLS: readonly AppointmentCell[] = [];

/**
 * The cells the month grid draws: newly loaded ones in a deferred render, which React does in slices
 * between the browser's tasks instead of all in the task that received them (a busy month drawn at
 * once was a task of ~90 ms: bench/lib/calendar.ts). The calendar is ready (`caughtUp`), and counts
 * what it shows (`drawnCells`), once the grid has caught up, so `calendar:painted` still means every
 * event drawn. The other views draw the cells shown at once.
 */
function useMonthCells(cells: readonly AppointmentCell[], shown: boolean, view: ViewKey) {
  const shownCells = shown ? cells : NO_CELLS;
  const monthCells = useDeferredValue(shownCells);
  const drawnCells = view === 'month' ? monthCells : shownCells;
  return { monthCells, drawnCells, caughtUp: drawnCells === shownCells };
}

export function CalendarPage() {
  const me = useMe();
  const canWrite = me.data?.permissions.includes('appointments.write') ?? false;
  const canRead = me.data?.permissions.includes('appointments.read') ?? true;
  const [sp] = useSearchParams();
  const [zone, setZone] = useDisplayZone();
  const narrow = useNarrow();
  const view = viewOf(sp.get('view'), narrow);
  const dateParam = sp.get('date');
  const [initialDate] = useState(() => (isIsoDate(dateParam) ? dateParam : today(zone)));
  const providers = useProviders();
  const calendarRef = useRef<FullCalendar>(null);
  // FullCalendar's visible range, as the API's [from, to).
  const [range, setRange] = useState<{ from: string; to: string } | null>(null);
  // The appointment just booked or edited: the calendar goes to it and marks it.
  const [highlight, setHighlight] = useState<string | null>(null);
  const { providerId, setProvider, query, state, cells, byId, events, colors, providerNames, monthMax } = useCalendarEvents({ range, view, narrow, canWrite, highlight, providers: providers.data?.providers });
  const hours = useWorkdayHours(providerId || (me.data?.activeRole === 'provider' ? me.data.user.id : ''));
  const dayStartsAt = hours.data ? workdayStart(hours.data, zone) : WORKDAY_START;
  const [selected, setSelected] = useState<{ id: string; cell: AppointmentCell } | null>(null);
  // A busy month day's list, opened from its "+N more".
  const [day, setDay] = useState<MoreProps['more'] | null>(null);
  const dialogs = useAppointmentDialogs();
  const drag = useCalendarMove(dialogs.setOutcome);

  const nav = useCalendarNav({ calendarRef, zone, view, setRange, hoursData: hours.data, dayStartsAt });
  const { monthCells, drawnCells, caughtUp } = useMonthCells(cells, !!state.shown, view);
  const ready = state.showing && !query.isFetching && !drag.saving && caughtUp;

  /** Go to an appointment just booked or edited (its day, its hour) and mark it. */
  const showAppointment = (a: { id: string; start: string; providerId: string }) => {
    setHighlight(a.id);
    if (providerId && providerId !== a.providerId) setProvider('');
    nav.goTo(a.start);
  };

  const book = (at: { date: string; time: string }) => dialogs.setBooking({ providerId: providerId || undefined, timeZone: zone, date: at.date, time: at.time });
  const onDateClick = (info: DateClickArg) => {
    if (!canWrite) return;
    book(info.allDay ? { date: info.dateStr.slice(0, 10), time: '09:00' } : instantToLocal(info.date.toISOString(), zone));
  };
  const openDay = (date: string) => calendarRef.current?.getApi().changeView(VIEWS.day, date);
  const monthActions = useMonthActions({ calendarRef, canWrite, providerId, zone, setBooking: dialogs.setBooking, setSelected, setDay });

  const onEventClick = (info: EventClickArg) => {
    info.jsEvent.preventDefault();
    setSelected({ id: info.event.id, cell: (info.event.extendedProps as CellProps).cell });
  };

  if (!canRead) {
    return (
      <>
        <h1>Calendar</h1>
        <p>Your role does not include access to appointments.</p>
      </>
    );
  }

  // The open details keep showing while the range reloads (a resize to phone width switches to the
  // day view): the latest cell when loaded, else the one that was clicked.
  const selectedCell = selected ? (byId.get(selected.id) ?? selected.cell) : undefined;
  return (
    <div data-testid="calendar-page">
      <PageHead
        title="Calendar"
        actions={
          canWrite ? (
            <Button className="btn primary" onPress={() => dialogs.setBooking({ providerId: providerId || undefined, timeZone: zone })} data-testid="new-appointment">
              New appointment
            </Button>
          ) : null
        }
      />
      <RemindersAttention displayZone={zone} canWrite={canWrite} />
      <CalendarOptions providers={providers} providerId={providerId} onProvider={setProvider} zone={zone} onZone={setZone} colors={colors} />
      <CalendarStatus saving={drag.saving} outcome={<OutcomeNotice outcome={dialogs.outcome} />} query={query} state={state} count={cells.length} zone={zone} />
      <CalendarGrid
        calendarRef={calendarRef}
        zone={zone}
        view={view}
        narrow={narrow}
        initialDate={initialDate}
        scrollTime={dayStartsAt}
        events={events}
        canWrite={canWrite}
        onDrop={drag.onDrop}
        onEventClick={onEventClick}
        onDateClick={onDateClick}
        onDatesSet={nav.onDatesSet}
        ready={ready}
        drawn={view === 'month' ? monthCells : events}
        renderMonth={(first, title) => (
          <MonthView cells={monthCells} first={first} title={title} zone={zone} max={monthMax} colors={colors} providerNames={providerNames} highlight={highlight} actions={monthActions} />
        )}
        range={range}
        providerId={providerId}
        count={state.shown ? drawnCells.length : undefined}
      />

      {selected ? <CalendarDetails id={selected.id} cell={selectedCell} zone={zone} canWrite={canWrite} dialogs={dialogs} onClose={() => setSelected(null)} /> : null}
      {day ? (
        <CalendarDayList
          day={day}
          zone={zone}
          onOpen={(cell) => {
            setDay(null);
            setSelected({ id: cell.id, cell });
          }}
          onDay={(date) => {
            setDay(null);
            openDay(date);
          }}
          onClose={() => setDay(null)}
        />
      ) : null}
      <AppointmentDialogs dialogs={dialogs} onShow={showAppointment} />
      {drag.dialog}
    </div>
  );
}

/** The month grid's actions: one object while the provider and zone stay (its days stay memoized). */
function useMonthActions({
  calendarRef,
  canWrite,
  providerId,
  zone,
  setBooking,
  setSelected,
  setDay,
}: {
  calendarRef: RefObject<FullCalendar | null>;
  canWrite: boolean;
  providerId: string;
  zone: string;
  setBooking: AppointmentDialogsState['setBooking'];
  setSelected: (s: { id: string; cell: AppointmentCell }) => void;
  setDay: (more: MoreProps['more']) => void;
}): MonthActions {
  return useMemo<MonthActions>(
    () => ({
      open: (cell) => setSelected({ id: cell.id, cell }),
      more: setDay,
      day: (date) => calendarRef.current?.getApi().changeView(VIEWS.day, date),
      book: canWrite ? (date) => setBooking({ providerId: providerId || undefined, timeZone: zone, date, time: '09:00' }) : null,
    }),
    [calendarRef, canWrite, providerId, zone, setBooking, setSelected, setDay],
  );
}

/** The details of an appointment clicked on the calendar; editing or cancelling it closes them. */
function CalendarDetails({ id, cell, zone, canWrite, dialogs, onClose }: { id: string; cell: AppointmentCell | undefined; zone: string; canWrite: boolean; dialogs: AppointmentDialogsState; onClose: () => void }) {
  return (
    <AppointmentDetails
      id={id}
      cell={cell}
      displayZone={zone}
      canWrite={canWrite}
      onOutcome={dialogs.setOutcome}
      onCancel={(a) => {
        onClose();
        dialogs.setCancelling(a);
      }}
      onEdit={(a) => {
        onClose();
        dialogs.setEditing(a);
      }}
      onClose={onClose}
    />
  );
}
