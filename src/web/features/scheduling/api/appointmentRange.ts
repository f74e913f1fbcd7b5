// The calendar's whole visible range as compact cells (view=calendar): every page of it, checked
// against the total. An appointment's full details are read only when it is opened (useAppointment).
import { useQuery } from '@tanstack/react-query';
import { z } from 'zod';
import { decodeCells } from '../../../../shared/calendar-cells.js';
import { Appointment, type AppointmentCell, AppointmentCellPage, type AppointmentCellList } from '../../../../shared/scheduling.js';
import { api } from '../../../api/client.js';
import { cellsChecked } from './cellsChecked.js';
import { isRetrying, listRetry, useStaffRead } from '../../../lib/retry.js';
import { appointmentKeys, appointmentsPath, CALENDAR_BATCH, type RangeParams } from './keys.js';

/** Set when a range's cells have arrived; the calendar sets `calendar:painted` once they are drawn (bench/lib/calendar.ts reads both). */
export const DATA_MARK = 'calendar:data';

/** A page of the range with its rows not yet checked (cellsChecked checks them in slices). */
const RawCellPage = AppointmentCellPage.extend({ items: z.array(z.unknown()) });

/** Every appointment overlapping the range as a calendar cell, all pages (each checked in slices and decoded once, here); the total is checked against the items. */
export async function fetchRange(p: RangeParams, opts: { signal?: AbortSignal; background?: boolean } = {}): Promise<AppointmentCellList> {
  const items: AppointmentCell[] = [];
  let cursor: string | null = null;
  let total = 0;
  for (;;) {
    const raw: z.infer<typeof RawCellPage> = await api.get(appointmentsPath({ ...p, cursor, limit: CALENDAR_BATCH, view: 'calendar' }), RawCellPage, opts);
    const page = decodeCells({ ...raw, items: await cellsChecked(raw.items) });
    items.push(...page.items);
    total = page.total;
    cursor = page.nextCursor;
    if (!cursor) break;
  }
  // Appointments booked between two pages could shift the pages: a set that does not add up to
  // the total is refused (and retried) rather than shown partially.
  if (new Set(items.map((a) => a.id)).size !== total) throw new Error('The appointments changed while they were being loaded');
  performance.mark(DATA_MARK);
  return { items, total, nextCursor: null };
}

export function useAppointmentRange(p: RangeParams | null) {
  const key = appointmentKeys.cells(p ?? { from: '', to: '' });
  return useQuery({
    queryKey: key,
    queryFn: ({ signal }) => fetchRange(p!, { signal, background: isRetrying(key) }),
    enabled: p !== null,
    ...listRetry,
  });
}

export const appointmentPath = (id: string) => `/api/appointments/${encodeURIComponent(id)}`;

/** One appointment in full (its details dialog): read when it is opened, refetched after any change. */
export function useAppointment(id: string | null) {
  return useStaffRead(appointmentKeys.one(id ?? ''), appointmentPath(id ?? ''), Appointment, { enabled: id !== null });
}

/** One appointment in full, now (a drop on the calendar needs its version and series). */
export function fetchAppointment(id: string, signal?: AbortSignal): Promise<Appointment> {
  return api.get(appointmentPath(id), Appointment, signal ? { signal } : {});
}
