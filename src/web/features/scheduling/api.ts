// Appointments over the API. The list and the calendar read the very same endpoint with the same
// half-open [from, to) semantics: the list a page at a time, the calendar every page of its
// visible range (so it is whole, never a first page only). Errors worth retrying are retried with
// backoff as background requests; a list is shown whole or visibly failed.
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Appointment,
  AppointmentList,
  AppointmentServiceList,
  type AppointmentStatus,
  type AppointmentType,
  type EditScope,
  type PlaceOfService,
  SchedulingSettings,
} from '../../../shared/scheduling.js';
import { api } from '../../api/client.js';
import { queryClient } from '../../session/staff.js';
import { backoff, retryNow, transient } from '../clients/api.js';

export const APPOINTMENT_PAGE_SIZE = 25;
/** The calendar asks for up to this many per request (the API's maximum) and pages beyond. */
export const CALENDAR_BATCH = 5000;

export const STATUS_LABELS: Record<AppointmentStatus, string> = {
  scheduled: 'Scheduled',
  confirmed: 'Confirmed',
  checked_in: 'Checked in',
  completed: 'Completed',
  cancelled: 'Cancelled',
  no_show: 'No-show',
};

export const TYPE_LABELS: Record<AppointmentType, string> = {
  video: 'Video',
  audio: 'Audio only',
  in_person: 'In person',
};

export const PLACE_LABELS: Record<PlaceOfService, string> = {
  telehealth_home: "Telehealth in the client's home (POS 10)",
  telehealth_other: 'Telehealth, elsewhere (POS 02)',
  office: 'Office (POS 11)',
};

export const SCOPE_LABELS: Record<EditScope, string> = {
  this: 'This appointment only',
  following: 'This and following appointments',
  all: 'All appointments in the series',
};

export interface RangeParams {
  /** ISO instants: [from, to) */
  from: string;
  to: string;
  providerId?: string | undefined;
  clientId?: string | undefined;
  status?: string | undefined;
}

export const appointmentKeys = {
  all: ['appointments'] as const,
  page: (p: RangeParams & { cursor: string | null; limit: number }) => ['appointments', 'page', p] as const,
  range: (p: RangeParams) => ['appointments', 'range', p] as const,
  one: (id: string) => ['appointments', 'one', id] as const,
  services: ['practice', 'appointment-services'] as const,
  settings: ['practice', 'scheduling-settings'] as const,
};

export function appointmentsPath(p: RangeParams & { cursor?: string | null; limit: number }): string {
  const qs = new URLSearchParams({ from: p.from, to: p.to });
  if (p.providerId) qs.set('providerId', p.providerId);
  if (p.clientId) qs.set('clientId', p.clientId);
  if (p.status) qs.set('status', p.status);
  qs.set('limit', String(p.limit));
  if (p.cursor) qs.set('cursor', p.cursor);
  return `/api/appointments?${qs.toString()}`;
}

const retrying = (key: readonly unknown[]) => (queryClient.getQueryState(key)?.fetchFailureCount ?? 0) > 0;

/** One page of the list. */
export function useAppointmentPage(p: RangeParams & { cursor: string | null; limit: number }, enabled = true) {
  const key = appointmentKeys.page(p);
  return useQuery({
    queryKey: key,
    queryFn: ({ signal }) => api.get(appointmentsPath(p), AppointmentList, { background: retrying(key), signal }),
    placeholderData: keepPreviousData,
    retry: (_n, err) => transient(err),
    retryDelay: backoff,
    enabled,
  });
}

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

/** The calendar's whole visible range. */
export function useAppointmentRange(p: RangeParams | null) {
  const key = appointmentKeys.range(p ?? { from: '', to: '' });
  return useQuery({
    queryKey: key,
    queryFn: ({ signal }) => fetchRange(p!, { signal, background: retrying(key) }),
    enabled: p !== null,
    retry: (_n, err) => transient(err),
    retryDelay: backoff,
  });
}

export function useServices() {
  return useQuery({
    queryKey: appointmentKeys.services,
    queryFn: ({ signal }) => api.get('/api/practice/appointment-services', AppointmentServiceList, { signal }),
    staleTime: 60_000,
  });
}

export function useSchedulingSettings() {
  return useQuery({
    queryKey: appointmentKeys.settings,
    queryFn: ({ signal }) => api.get('/api/practice/scheduling-settings', SchedulingSettings, { signal }),
    staleTime: 60_000,
  });
}

/** The Retry button of the appointment list and the calendar. */
export const retryAppointmentsNow = () => retryNow(appointmentKeys.all);

/** After any change: every list page and calendar range is refetched. */
export function useInvalidateAppointments() {
  const qc = useQueryClient();
  return () => qc.invalidateQueries({ queryKey: appointmentKeys.all });
}

export function patchAppointment(id: string, body: Record<string, unknown>) {
  return api.patch(`/api/appointments/${encodeURIComponent(id)}`, body, Appointment);
}

export function cancelAppointment(id: string, body: { scope?: EditScope; by: 'practice' | 'client'; reason?: string }) {
  return api.post(`/api/appointments/${encodeURIComponent(id)}/cancel`, body, Appointment);
}

export function clientNames(a: Appointment): string {
  return a.clients.map((c) => c.name ?? 'Client (not visible to you)').join(', ');
}
