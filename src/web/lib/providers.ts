// The practice's providers (id and name): filters, pickers and name lookups on many pages.
import { z } from 'zod';
import { PROVIDERS_KEY } from './keys.js';
import { usePracticeRead } from './practice-read.js';

export const ProvidersResponse = z.object({ providers: z.array(z.object({ id: z.string(), name: z.string() })) });
export type Provider = z.infer<typeof ProvidersResponse>['providers'][number];

export function useProviders() {
  return usePracticeRead(PROVIDERS_KEY, '/api/practice/providers', ProvidersResponse);
}

/** Select options for the providers, optionally after a first "all" choice. */
export function providerOptions(providers: readonly Provider[], all?: { id: string; label: string }): { id: string; label: string }[] {
  return [...(all ? [all] : []), ...providers.map((p) => ({ id: p.id, label: p.name }))];
}
