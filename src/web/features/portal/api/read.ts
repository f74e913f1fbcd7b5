// How the portal reads one client record's resources: failed reads are retried with backoff, as
// background requests (a retry is the app's doing, not the person's, and must not keep an idle
// session alive). Each resource's hook is in its own file.
import { useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import { backoff, transient } from '../../../api/retry.js';
import { portalApi } from '../../../api/client.js';
import { portalQueryClient } from '../../../session/portal.js';

export const portalBase = (clientId: string) => `/api/portal/clients/${encodeURIComponent(clientId)}`;

/** `schema` checks the answer against the shared contract; a first screen's read passes none (see ./portalAppointments.ts). */
export function usePortalRead<T>(key: readonly unknown[], path: string, schema: z.ZodType<T> | undefined, staleTime = 15_000) {
  return useQuery({
    staleTime,
    queryKey: key,
    queryFn: ({ signal }) => {
      const retrying = (portalQueryClient.getQueryState(key)?.fetchFailureCount ?? 0) > 0;
      return portalApi.get(path, schema, { signal, background: retrying });
    },
    retry: (_count, err) => transient(err),
    retryDelay: backoff,
  });
}
