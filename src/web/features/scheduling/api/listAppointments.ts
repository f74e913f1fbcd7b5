// One page of the appointment list (also the client profile's upcoming and recent ones). Errors
// worth retrying are retried with backoff as background requests; a list is shown whole or
// visibly failed.
import { useQueryClient } from '@tanstack/react-query';
import { AppointmentList } from '../../../../shared/scheduling.js';
import { retryNow, useStaffRead } from '../../../lib/retry.js';
import { appointmentKeys, appointmentsPath, type PageParams } from './keys.js';

export function useAppointmentPage(p: PageParams, enabled = true) {
  return useStaffRead(appointmentKeys.page(p), appointmentsPath(p), AppointmentList, { paged: true, enabled });
}

/** The Retry button of the appointment list and the calendar. */
export const retryAppointmentsNow = () => retryNow(appointmentKeys.all);

/** After any change: every list page and calendar range is refetched. */
export function useInvalidateAppointments() {
  const qc = useQueryClient();
  return () => qc.invalidateQueries({ queryKey: appointmentKeys.all });
}
