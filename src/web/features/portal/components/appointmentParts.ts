// What the portal's appointment pieces share: labels, the client's zone and words for a date, a
// failed change in words, and the client record the page is about. Words are message descriptors
// (react-intl): the component formats them in the page's language.
import { defineMessages, useIntl, type IntlShape, type MessageDescriptor } from 'react-intl';
import { useParams } from 'react-router';
import type { PortalAppointment } from '../../../../shared/booking.js';
import type { AppointmentType } from '../../../../shared/scheduling.js';
import { isApiError } from '../../../api/client.js';
import { apiProblemText } from '../../../components/problemText.js';
import { usePortalMe } from '../../../session/portal.js';

export const DAY = 86_400_000;
export const WEEKS_AHEAD = 12;
export const TYPE_LABEL: Record<AppointmentType, MessageDescriptor> = defineMessages({
  video: { id: 'portal.appt.type.video', defaultMessage: 'Video' },
  audio: { id: 'portal.appt.type.audio', defaultMessage: 'Audio only' },
  in_person: { id: 'portal.appt.type.inPerson', defaultMessage: 'In person' },
});
export const STATUS_LABEL: Record<PortalAppointment['status'], MessageDescriptor> = defineMessages({
  scheduled: { id: 'portal.appt.status.scheduled', defaultMessage: 'Scheduled' },
  confirmed: { id: 'portal.appt.status.confirmed', defaultMessage: 'Confirmed' },
  checked_in: { id: 'portal.appt.status.checkedIn', defaultMessage: 'Checked in' },
  completed: { id: 'portal.appt.status.completed', defaultMessage: 'Completed' },
  cancelled: { id: 'portal.appt.status.cancelled', defaultMessage: 'Cancelled' },
  no_show: { id: 'portal.appt.status.noShow', defaultMessage: 'Missed' },
});
export const REQUEST_LABEL = defineMessages({
  pending: { id: 'portal.request.status.pending', defaultMessage: 'Waiting for the practice to confirm' },
  approved: { id: 'portal.request.status.approved', defaultMessage: 'Confirmed: see your appointments' },
  declined: { id: 'portal.request.status.declined', defaultMessage: 'Declined' },
  cancelled: { id: 'portal.request.status.cancelled', defaultMessage: 'Withdrawn' },
  expired: { id: 'portal.request.status.expired', defaultMessage: 'Expired (the time has passed)' },
});

const words = defineMessages({
  offline: { id: 'portal.error.offline', defaultMessage: "Couldn't reach Hearth. Check your connection and try again." },
});

/** How a page names the practice while the account's links are not loaded. */
export const YOUR_PRACTICE = defineMessages({ text: { id: 'portal.practice.fallback', defaultMessage: 'your practice' } }).text;

export const browserZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;

/** A moment in the client's zone, in the page's language, e.g. "Thu, Nov 5, 9:00 AM CST" / "jue, 5 nov, 9:00 a.m. CST". */
export function when(intl: IntlShape, iso: string, zone: string): string {
  return intl.formatDate(iso, { timeZone: zone, weekday: 'short', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit', timeZoneName: 'short' });
}
export const dayLabel = (intl: IntlShape, iso: string, zone: string) => intl.formatDate(iso, { timeZone: zone, weekday: 'long', month: 'long', day: 'numeric' });
export const timeLabel = (intl: IntlShape, iso: string, zone: string) => intl.formatTime(iso, { timeZone: zone, hour: 'numeric', minute: '2-digit' });

/** A failed change in words: no answer, or the API's refusal (in the page's language; a bare answer by its code), or `fallback`. */
export function errorText(intl: IntlShape, e: unknown, fallback: MessageDescriptor): string {
  if (isApiError(e)) return e.status === 0 ? intl.formatMessage(words.offline) : apiProblemText(intl, e);
  return intl.formatMessage(fallback);
}

export function useClient() {
  const intl = useIntl();
  const { clientId = '' } = useParams();
  const me = usePortalMe();
  const link = me.data?.links.find((l) => l.clientId === clientId);
  return { clientId, practiceName: link?.practiceName ?? intl.formatMessage(YOUR_PRACTICE) };
}
