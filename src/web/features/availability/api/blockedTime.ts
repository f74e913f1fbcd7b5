// A provider's blocked time from now on: read, added, removed.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { BlockedTime, type BlockedTimeInput, BlockedTimeList } from '../../../../shared/availability.js';
import { api } from '../../../api/client.js';
import { isRetrying, listRetry } from '../../../lib/retry.js';
import { availabilityKeys, blockedPath } from './keys.js';

export function useBlockedTimes(providerId: string) {
  const key = availabilityKeys.blocked(providerId);
  return useQuery({ queryKey: key, queryFn: ({ signal }) => api.get(blockedPath(providerId), BlockedTimeList, { signal, background: isRetrying(key) }), ...listRetry });
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
