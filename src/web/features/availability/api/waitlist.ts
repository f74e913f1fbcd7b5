// The clients waiting for an earlier time with a provider, and the offers made to them.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { StaffWaitlist } from '../../../../shared/booking.js';
import { api } from '../../../api/client.js';
import { isRetrying, listRetry } from '../../../lib/retry.js';
import { availabilityKeys } from './keys.js';

export function useWaitlist(providerId: string) {
  const key = availabilityKeys.waitlist(providerId);
  return useQuery({
    queryKey: key,
    queryFn: ({ signal }) => api.get(`/api/waitlist?${new URLSearchParams({ providerId }).toString()}`, StaffWaitlist, { signal, background: isRetrying(key) }),
    ...listRetry,
  });
}

/** Takes a client off the waitlist; `then` runs between the removal and the refresh. */
export function useRemoveFromWaitlist(providerId: string) {
  const qc = useQueryClient();
  return async (entryId: string, then: () => void) => {
    await api.del(`/api/waitlist/${encodeURIComponent(entryId)}`);
    then();
    await qc.invalidateQueries({ queryKey: availabilityKeys.waitlist(providerId) });
  };
}
