// A read of what the practice sets up and seldom changes (providers, services, scheduling rules,
// message service names): asked once a minute at most, shared by every page that shows it.
import { useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import { api } from '../api/client.js';

export function usePracticeRead<T>(key: readonly unknown[], path: string, schema: z.ZodType<T>, enabled = true) {
  return useQuery({
    queryKey: key,
    queryFn: ({ signal }) => api.get(path, schema, { signal }),
    enabled,
    staleTime: 60_000,
  });
}
