// What the calendar draws: the visible range's cells (view=calendar), for the provider chosen, as
// FullCalendar's memoized events. The range is asked for the address's provider when the page
// opened with one; once a provider (or all) is chosen on the page, the practice-wide range is asked
// for and filtered here (cellsOf), so choosing another provider asks the server nothing.
import type { EventInput } from '@fullcalendar/core';
import { useMemo, useState } from 'react';
import { listState } from '../../../lib/pagination.js';
import type { Provider } from '../../../lib/providers.js';
import { useAppointmentRange } from '../api/appointmentRange.js';
import { CalendarEvents, cellsOf, MONTH_MAX, MONTH_MAX_NARROW, providerColors, type ViewKey } from '../model/calendar.js';
import { useSearchParam } from './common.js';

const NO_EVENTS: EventInput[] = [];

export function useCalendarEvents({
  range,
  view,
  narrow,
  canWrite,
  highlight,
  providers,
}: {
  range: { from: string; to: string } | null;
  view: ViewKey;
  narrow: boolean;
  canWrite: boolean;
  highlight: string | null;
  providers: readonly Provider[] | undefined;
}) {
  const [providerId, setProviderParam] = useSearchParam('providerId');
  const [asked, setAsked] = useState(providerId);
  const askFor = asked === providerId ? asked : '';
  const setProvider = (id: string) => {
    setAsked('');
    setProviderParam(id);
  };
  const query = useAppointmentRange(range ? { ...range, providerId: askFor || undefined } : null);
  const colors = useMemo(() => providerColors(providers ?? []), [providers]);
  const providerNames = useMemo(() => new Map((providers ?? []).map((p) => [p.id, p.name])), [providers]);
  const state = listState(query);
  const loaded = useMemo(() => state.shown?.items ?? [], [state.shown]);
  const cells = useMemo(() => cellsOf(loaded, providerId), [loaded, providerId]);
  const byId = useMemo(() => new Map(loaded.map((a) => [a.id, a])), [loaded]);
  const [memo] = useState(() => new CalendarEvents());
  // The month is drawn by MonthGrid from the cells: FullCalendar gets no events there.
  const month = view === 'month';
  const events = useMemo(() => (month ? NO_EVENTS : memo.of(cells, colors, providerNames, canWrite, highlight)), [month, memo, cells, colors, providerNames, canWrite, highlight]);
  const monthMax = narrow ? MONTH_MAX_NARROW : MONTH_MAX;
  return { providerId, setProvider, query, state, cells, byId, events, colors, providerNames, monthMax };
}
