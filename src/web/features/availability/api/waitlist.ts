// The clients waiting for an earlier time with a provider, and the offers made to them.
import { useQueryClient } from '@tanstack/react-query';
import { StaffWaitlist } from '../../../../shared/booking.js';
import { api } from '../../../api/client.js';
import { useStaffRead } from '../../../lib/retry.js';
import { availabilityKeys } from './keys.js';

export function useWaitlist(providerId: string) {
  return useStaffRead(availabilityKeys.waitlist(providerId), `/api/waitlist?${new URLSearchParams({ providerId }).toString()}`, StaffWaitlist);
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
