// The calendar's whole visible range: every page of it, checked against the total.
import { useQuery } from '@tanstack/react-query';
import { type Appointment, AppointmentList } from '../../../../shared/scheduling.js';
import { api } from '../../../api/client.js';
import { isRetrying, listRetry } from '../../../lib/retry.js';
import { appointmentKeys, appointmentsPath, CALENDAR_BATCH, type RangeParams } from './keys.js';

/** Every appointment overlapping the range, all pages; the total is checked against the items. */
export async function fetchRange(p: RangeParams, opts: { signal?: AbortSignal; background?: boolean } = {}): Promise<AppointmentList> {
  const items: Appointment[] = [];
  let cursor: string | null = null;
  let total = 0;
  for (;;) {
    const page: AppointmentList = await api.get(appointmentsPath({ ...p, cursor, limit: CALENDAR_BATCH }), AppointmentList, opts);
    items.push(...page.items);
    total = page.total;
    cursor = page.nextCursor;
    if (!cursor) break;
  }
  // Appointments booked between two pages could shift the pages: a set that does not add up to
  // the total is refused (and retried) rather than shown partially.
  if (new Set(items.map((a) => a.id)).size !== total) throw new Error('The appointments changed while they were being loaded');
  return { items, total, nextCursor: null };
}

export function useAppointmentRange(p: RangeParams | null) {
  const key = appointmentKeys.range(p ?? { from: '', to: '' });
  return useQuery({
    queryKey: key,
    queryFn: ({ signal }) => fetchRange(p!, { signal, background: isRetrying(key) }),
    enabled: p !== null,
    ...listRetry,
  });
}
