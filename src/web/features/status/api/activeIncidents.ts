// What affects the service now, for the in-app banner: read every minute; a failed read is retried
// once and then shows nothing (a banner is a hint).
import { useQuery } from '@tanstack/react-query';
// The type only: the banner is on the client entry's first screen, which must not download zod
// (issue 19's budget); a banner is a hint, and the server's contract tests hold it to the schema.
import type { ActiveIncidents } from '../../../../shared/status.js';
import { statusApi } from './statusClient.js';

export const useActiveIncidents = () =>
  useQuery({
    queryKey: ['status-active'],
    queryFn: () => statusApi.get<ActiveIncidents>('/api/status/active', undefined, { expectAuthFailure: true, background: true }),
    refetchInterval: 60_000,
    // A banner is a hint: a failed read shows nothing rather than an error in every page.
    retry: 1,
  });
