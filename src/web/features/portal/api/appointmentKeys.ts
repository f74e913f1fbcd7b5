// The portal's scheduling keys for one client record, and what a change makes stale.
import { useQueryClient } from '@tanstack/react-query';

export const apptKeys = {
  all: (id: string) => ['portal', 'client', id, 'scheduling'] as const,
  options: (id: string) => ['portal', 'client', id, 'scheduling', 'options'] as const,
  appointments: (id: string) => ['portal', 'client', id, 'scheduling', 'appointments'] as const,
  requests: (id: string) => ['portal', 'client', id, 'scheduling', 'requests'] as const,
  waitlist: (id: string) => ['portal', 'client', id, 'scheduling', 'waitlist'] as const,
  offers: (id: string) => ['portal', 'client', id, 'scheduling', 'offers'] as const,
  slots: (id: string, providerId: string, serviceId: string, from: string) => ['portal', 'client', id, 'scheduling', 'slots', providerId, serviceId, from] as const,
  offer: (offerId: string) => ['portal', 'offer', offerId] as const,
};

/** After any change: every scheduling list of this client record is out of date. */
export function useRefreshScheduling(clientId: string) {
  const qc = useQueryClient();
  return () => qc.invalidateQueries({ queryKey: apptKeys.all(clientId) });
}
