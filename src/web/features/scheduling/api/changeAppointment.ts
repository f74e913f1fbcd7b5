// Change one appointment (status, time, provider, details) with the version read; for a series
// occurrence the scope says which. The caller refreshes the lists when it is done.
import { Appointment } from '../../../../shared/scheduling.js';
import { api } from '../../../api/client.js';
import { useInvalidateAppointments } from './listAppointments.js';

export function patchAppointment(id: string, body: Record<string, unknown>) {
  return api.patch(`/api/appointments/${encodeURIComponent(id)}`, body, Appointment);
}

export function useChangeAppointment() {
  return { patch: patchAppointment, invalidate: useInvalidateAppointments() };
}
