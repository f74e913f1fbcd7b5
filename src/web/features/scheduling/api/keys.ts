// Appointments over the API: the query keys and the one list endpoint. The list and the calendar
// read the very same endpoint with the same half-open [from, to) semantics: the list a page at a
// time, the calendar every page of its visible range (so it is whole, never a first page only).
export const APPOINTMENT_PAGE_SIZE = 25;
/** The calendar asks for up to this many per request (the API's maximum) and pages beyond. */
export const CALENDAR_BATCH = 5000;

export interface RangeParams {
  /** ISO instants: [from, to) */
  from: string;
  to: string;
  providerId?: string | undefined;
  clientId?: string | undefined;
  status?: string | undefined;
}

export type PageParams = RangeParams & { cursor: string | null; limit: number };

export const appointmentKeys = {
  all: ['appointments'] as const,
  page: (p: PageParams) => ['appointments', 'page', p] as const,
  range: (p: RangeParams) => ['appointments', 'range', p] as const,
  cells: (p: RangeParams) => ['appointments', 'cells', p] as const,
  one: (id: string) => ['appointments', 'one', id] as const,
  services: ['practice', 'appointment-services'] as const,
  settings: ['practice', 'scheduling-settings'] as const,
};

/** `view: 'calendar'` asks for the compact cells (AppointmentCell) instead of whole appointments. */
export function appointmentsPath(p: RangeParams & { cursor?: string | null; limit: number; view?: 'calendar' }): string {
  const qs = new URLSearchParams({ from: p.from, to: p.to });
  if (p.providerId) qs.set('providerId', p.providerId);
  if (p.clientId) qs.set('clientId', p.clientId);
  if (p.status) qs.set('status', p.status);
  qs.set('limit', String(p.limit));
  if (p.cursor) qs.set('cursor', p.cursor);
  if (p.view) qs.set('view', p.view);
  return `/api/appointments?${qs.toString()}`;
}
