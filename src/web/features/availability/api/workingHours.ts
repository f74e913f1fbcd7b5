// A provider's working hours and buffer: read (retried with backoff when the failure is transient,
// shown whole or visibly failed), read quietly for the calendar's first hour, and saved.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Availability, type AvailabilityInput } from '../../../../shared/availability.js';
import { api } from '../../../api/client.js';
import { useStaffRead } from '../../../lib/retry.js';
import { availabilityKeys, availabilityPath } from './keys.js';

export function useAvailability(providerId: string) {
  return useStaffRead(availabilityKeys.hours(providerId), availabilityPath(providerId), Availability);
}

/**
 * The hours the calendar opens its grid at: read in the background, not retried (the grid opens at
 * a default hour without them); none asked for without a provider ('').
 */
export function useWorkdayHours(providerId: string) {
  return useQuery({
    queryKey: availabilityKeys.hours(providerId),
    queryFn: ({ signal }) => api.get(availabilityPath(providerId), Availability, { signal, background: true }),
    enabled: providerId !== '',
    retry: false,
    staleTime: 60_000,
  });
}

export function useSaveWorkingHours(providerId: string) {
  const qc = useQueryClient();
  return async (body: AvailabilityInput) => {
    const out = await api.put(availabilityPath(providerId), body, Availability);
    qc.setQueryData(availabilityKeys.hours(providerId), out);
    await qc.invalidateQueries({ queryKey: availabilityKeys.hours(providerId) });
  };
}
