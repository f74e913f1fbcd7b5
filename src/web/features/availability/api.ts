// A provider's availability (working hours, buffer, blocked time) and waitlist over the API. Lists
// are retried with backoff when the failure is transient and are shown whole or visibly failed.
import { useQuery } from '@tanstack/react-query';
import { Availability, BlockedTimeList } from '../../../shared/availability.js';
import { StaffWaitlist } from '../../../shared/booking.js';
import { api } from '../../api/client.js';
import { queryClient } from '../../session/staff.js';
import { backoff, transient } from '../clients/api.js';

export const availabilityKeys = {
  hours: (providerId: string) => ['availability', 'hours', providerId] as const,
  blocked: (providerId: string) => ['availability', 'blocked', providerId] as const,
  waitlist: (providerId: string) => ['availability', 'waitlist', providerId] as const,
};

const p = (id: string) => `/api/providers/${encodeURIComponent(id)}`;
export const availabilityPath = (providerId: string) => `${p(providerId)}/availability`;
export const blockedPath = (providerId: string) => `${p(providerId)}/blocked-times`;

const retrying = (key: readonly unknown[]) => (queryClient.getQueryState(key)?.fetchFailureCount ?? 0) > 0;
const retry = (_n: number, err: Error) => transient(err);

export function useAvailability(providerId: string) {
  const key = availabilityKeys.hours(providerId);
  return useQuery({ queryKey: key, queryFn: ({ signal }) => api.get(availabilityPath(providerId), Availability, { signal, background: retrying(key) }), retry, retryDelay: backoff });
}

/** Blocked time from now on. */
export function useBlockedTimes(providerId: string) {
  const key = availabilityKeys.blocked(providerId);
  return useQuery({ queryKey: key, queryFn: ({ signal }) => api.get(blockedPath(providerId), BlockedTimeList, { signal, background: retrying(key) }), retry, retryDelay: backoff });
}

export function useWaitlist(providerId: string) {
  const key = availabilityKeys.waitlist(providerId);
  return useQuery({
    queryKey: key,
    queryFn: ({ signal }) => api.get(`/api/waitlist?${new URLSearchParams({ providerId }).toString()}`, StaffWaitlist, { signal, background: retrying(key) }),
    retry,
    retryDelay: backoff,
  });
}
