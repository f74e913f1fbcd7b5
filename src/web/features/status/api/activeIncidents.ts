// What affects the service now, for the in-app banner: read every minute; a failed read is retried
// once and then shows nothing (a banner is a hint).
import { useQuery } from '@tanstack/react-query';
import { ActiveIncidents } from '../../../../shared/status.js';
import { statusApi } from './statusClient.js';

export const useActiveIncidents = () =>
  useQuery({
    queryKey: ['status-active'],
    queryFn: () => statusApi.get('/api/status/active', ActiveIncidents, { expectAuthFailure: true, background: true }),
    refetchInterval: 60_000,
    // A banner is a hint: a failed read shows nothing rather than an error in every page.
    retry: 1,
  });
