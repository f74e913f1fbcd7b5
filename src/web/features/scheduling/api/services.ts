// The practice's appointment services: read (booking, editing, settings) and saved (settings).
import { useQueryClient } from '@tanstack/react-query';
import { type AppointmentServiceInput, AppointmentServiceList } from '../../../../shared/scheduling.js';
import { api } from '../../../api/client.js';
import { usePracticeRead } from '../../../lib/practice-read.js';
import { appointmentKeys } from './keys.js';

export function useServices() {
  return usePracticeRead(appointmentKeys.services, '/api/practice/appointment-services', AppointmentServiceList);
}

/** Add a service (no id) or change one. */
export function useSaveService() {
  const qc = useQueryClient();
  return async (id: string | null, body: AppointmentServiceInput) => {
    if (id) await api.patch(`/api/practice/appointment-services/${encodeURIComponent(id)}`, body);
    else await api.post('/api/practice/appointment-services', body);
    await qc.invalidateQueries({ queryKey: appointmentKeys.services });
  };
}
