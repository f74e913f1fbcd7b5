// One form request as the portal shows it to fill (questions, saved answers): checked against the
// shared contract. Apart from ./portal.ts, whose list the portal's home (a first screen) reads
// without zod or the forms schemas.
import { useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import { FormRequestDetail } from '../../../../shared/forms.js';
import { portalApi } from '../../../api/client.js';
import { backoff, transient } from '../../../api/retry.js';
import { portalQueryClient } from '../../../session/portal.js';
import { formKeys } from './keys.js';
import { one } from './portal.js';

function usePortalGet<T>(key: readonly unknown[], path: string, schema: z.ZodType<T>) {
  return useQuery<T, Error>({
    queryKey: key,
    staleTime: 0,
    queryFn: ({ signal }) => portalApi.get(path, schema, { signal, background: (portalQueryClient.getQueryState(key)?.fetchFailureCount ?? 0) > 0 }),
    retry: (_n, err) => transient(err),
    retryDelay: backoff,
  });
}

export const usePortalFormRequest = (id: string) => usePortalGet(formKeys.portalOne(id), one(id), FormRequestDetail);
