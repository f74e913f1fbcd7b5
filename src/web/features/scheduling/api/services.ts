// The practice's appointment services: read (booking, editing, settings) and saved (settings).
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type AppointmentServiceInput, AppointmentServiceList } from '../../../../shared/scheduling.js';
import { api } from '../../../api/client.js';
import { appointmentKeys } from './keys.js';

export function useServices() {
  return useQuery({
    queryKey: appointmentKeys.services,
    queryFn: ({ signal }) => api.get('/api/practice/appointment-services', AppointmentServiceList, { signal }),
    staleTime: 60_000,
  });
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
