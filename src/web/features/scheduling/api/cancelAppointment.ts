// Cancel an appointment (for a series occurrence: this, following or all), then refresh the lists.
import { Appointment, type EditScope } from '../../../../shared/scheduling.js';
import { api } from '../../../api/client.js';
import { useInvalidateAppointments } from './listAppointments.js';

export function useCancelAppointment() {
  const invalidate = useInvalidateAppointments();
  return async (id: string, body: { scope?: EditScope; by: 'practice' | 'client'; reason?: string }) => {
    await api.post(`/api/appointments/${encodeURIComponent(id)}/cancel`, body, Appointment);
    await invalidate();
  };
}
