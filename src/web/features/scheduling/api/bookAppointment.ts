// Book an appointment or a series, then refresh the lists.
import { type AppointmentCreate, AppointmentCreated } from '../../../../shared/scheduling.js';
import { api } from '../../../api/client.js';
import { useInvalidateAppointments } from './listAppointments.js';

export function useBookAppointment() {
  const invalidate = useInvalidateAppointments();
  return async (body: AppointmentCreate) => {
    const created = await api.post('/api/appointments', body, AppointmentCreated);
    await invalidate();
    return created;
  };
}
