// What the portal's appointment pieces share: labels, the client's zone and words for a date, a
// failed change in words, and the client record the page is about.
import { useParams } from 'react-router';
import type { PortalAppointment } from '../../../../shared/booking.js';
import type { AppointmentType } from '../../../../shared/scheduling.js';
import { isApiError } from '../../../api/client.js';
import { usePortalMe } from '../../../session/portal.js';

export const DAY = 86_400_000;
export const WEEKS_AHEAD = 12;
export const TYPE_LABEL: Record<AppointmentType, string> = { video: 'Video', audio: 'Audio only', in_person: 'In person' };
export const STATUS_LABEL: Record<PortalAppointment['status'], string> = {
  scheduled: 'Scheduled',
  confirmed: 'Confirmed',
  checked_in: 'Checked in',
  completed: 'Completed',
  cancelled: 'Cancelled',
  no_show: 'Missed',
};
export const REQUEST_LABEL = { pending: 'Waiting for the practice to confirm', approved: 'Confirmed: see your appointments', declined: 'Declined', cancelled: 'Withdrawn', expired: 'Expired (the time has passed)' } as const;

export const browserZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;

/** A moment in the client's zone, e.g. "Thu, Nov 5, 9:00 AM CST". */
export function when(iso: string, zone: string): string {
  return new Intl.DateTimeFormat(undefined, { timeZone: zone, weekday: 'short', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit', timeZoneName: 'short' }).format(new Date(iso));
}
export const dayLabel = (iso: string, zone: string) => new Intl.DateTimeFormat(undefined, { timeZone: zone, weekday: 'long', month: 'long', day: 'numeric' }).format(new Date(iso));
export const timeLabel = (iso: string, zone: string) => new Intl.DateTimeFormat(undefined, { timeZone: zone, hour: 'numeric', minute: '2-digit' }).format(new Date(iso));

export function errorText(e: unknown, fallback: string): string {
  if (isApiError(e)) return e.status === 409 ? e.message : e.status === 0 ? "Couldn't reach Hearth. Check your connection and try again." : e.message;
  return fallback;
}

export function useClient() {
  const { clientId = '' } = useParams();
  const me = usePortalMe();
  const link = me.data?.links.find((l) => l.clientId === clientId);
  return { clientId, practiceName: link?.practiceName ?? 'your practice' };
}
