// The practice's providers (id and name): filters, pickers and name lookups on many pages.
import { useQuery } from '@tanstack/react-query';
import { z } from 'zod';
import { api } from '../api/client.js';
import { PROVIDERS_KEY } from './keys.js';

export const ProvidersResponse = z.object({ providers: z.array(z.object({ id: z.string(), name: z.string() })) });
export type Provider = z.infer<typeof ProvidersResponse>['providers'][number];

export function useProviders() {
  return useQuery({
    queryKey: PROVIDERS_KEY,
    queryFn: ({ signal }) => api.get('/api/practice/providers', ProvidersResponse, { signal }),
    staleTime: 60_000,
  });
}

/** Select options for the providers, optionally after a first "all" choice. */
export function providerOptions(providers: readonly Provider[], all?: { id: string; label: string }): { id: string; label: string }[] {
  return [...(all ? [all] : []), ...providers.map((p) => ({ id: p.id, label: p.name }))];
}
