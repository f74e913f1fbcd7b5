// Steering FullCalendar from the page: the address follows what it shows (dates and ids only), the
// view follows the address and the window's width, the grid scrolls to the working day once the
// provider's hours are known, and `goTo` brings an appointment into view.
import type { DatesSetArg } from '@fullcalendar/core';
import type FullCalendar from '@fullcalendar/react';
import { type RefObject, useCallback, useEffect } from 'react';
import { useSearchParams } from 'react-router';
import { instantToLocal } from '../../../lib/time.js';
import { earlier, VIEW_KEYS, VIEWS, type ViewKey } from '../model/calendar.js';

export function useCalendarNav({
  calendarRef,
  zone,
  view,
  setRange,
  hoursData,
  dayStartsAt,
}: {
  calendarRef: RefObject<FullCalendar | null>;
  zone: string;
  view: ViewKey;
  setRange: (update: (prev: { from: string; to: string } | null) => { from: string; to: string } | null) => void;
  hoursData: unknown;
  dayStartsAt: string;
}) {
  const [, setSp] = useSearchParams();

  // Keep the address in step with what the calendar shows (dates and ids only). Written only when
  // it changes: every navigation re-renders the page.
  const onDatesSet = useCallback(
    (info: DatesSetArg) => {
      setRange((prev) => (prev && prev.from === info.startStr && prev.to === info.endStr ? prev : { from: info.startStr, to: info.endStr }));
      const current = new URLSearchParams(window.location.search);
      const next = new URLSearchParams(current);
      next.set('date', instantToLocal(info.view.currentStart.toISOString(), zone).date);
      const viewKey = VIEW_KEYS[info.view.type];
      // A phone's three days are its week: widening the window shows the whole week.
      if (viewKey) next.set('view', viewKey === 'threeDay' ? 'week' : viewKey);
      if (next.toString() !== current.toString()) setSp(next, { replace: true });
    },
    [zone, setSp, setRange],
  );

  useEffect(() => {
    const api = calendarRef.current?.getApi();
    if (api && api.view.type !== VIEWS[view]) api.changeView(VIEWS[view]);
  }, [view, calendarRef]);

  // The provider's hours arrive after the grid is drawn: go to their start once they are known.
  useEffect(() => {
    const api = calendarRef.current?.getApi();
    if (api && hoursData && api.view.type !== VIEWS.month) api.scrollToTime(dayStartsAt);
  }, [dayStartsAt, hoursData, calendarRef]);

  /** Go to an instant: its day, and its hour in the time grid. */
  const goTo = (start: string) => {
    const cal = calendarRef.current?.getApi();
    if (!cal) return;
    const local = instantToLocal(start, zone);
    cal.gotoDate(local.date);
    if (cal.view.type !== VIEWS.month) cal.scrollToTime(earlier(local.time));
  };

  return { onDatesSet, goTo };
}
