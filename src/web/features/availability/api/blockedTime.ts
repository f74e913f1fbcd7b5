// A provider's blocked time from now on: read, added, removed.
import { useQueryClient } from '@tanstack/react-query';
import { BlockedTime, type BlockedTimeInput, BlockedTimeList } from '../../../../shared/availability.js';
import { api } from '../../../api/client.js';
import { useStaffRead } from '../../../lib/retry.js';
import { availabilityKeys, blockedPath } from './keys.js';

export function useBlockedTimes(providerId: string) {
  return useStaffRead(availabilityKeys.blocked(providerId), blockedPath(providerId), BlockedTimeList);
}

export function useAddBlockedTime(providerId: string) {
  const qc = useQueryClient();
  return async (body: BlockedTimeInput) => {
    const made = await api.post(blockedPath(providerId), body, BlockedTime);
    await qc.invalidateQueries({ queryKey: availabilityKeys.blocked(providerId) });
    return made;
  };
}

/** Removes a block; `then` runs between the removal and the refresh (the notice shows at once). */
export function useRemoveBlockedTime(providerId: string) {
  const qc = useQueryClient();
  return async (id: string, then: () => void) => {
    await api.del(`${blockedPath(providerId)}/${encodeURIComponent(id)}`);
    then();
    await qc.invalidateQueries({ queryKey: availabilityKeys.blocked(providerId) });
  };
}
