// Client records over the API: query keys, fetchers and the hooks the clients pages share.
// A list answer is the whole page with its exact total, or an error; on a server error the
// list is retried with backoff (as background requests, so retries never count as activity).
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { z } from 'zod';
import { type CLIENT_SORTS, type CLIENT_STATUSES, Client, ClientList } from '../../../shared/clients.js';
import { api } from '../../api/client.js';
import { queryClient } from '../../session/staff.js';

export type ClientSort = (typeof CLIENT_SORTS)[number];
export type ClientStatusValue = (typeof CLIENT_STATUSES)[number];

export interface ClientListParams {
  q: string;
  status: ClientStatusValue | '';
  providerId: string;
  sort: ClientSort;
  limit: number;
  cursor: string | null;
}

export const PAGE_SIZE = 25;

export const STATUS_LABELS: Record<ClientStatusValue, string> = {
  active: 'Active',
  inactive: 'Inactive',
  discharged: 'Discharged',
};

export const SORT_LABELS: Record<ClientSort, string> = {
  lastName: 'Last name (A–Z)',
  '-lastName': 'Last name (Z–A)',
  firstName: 'First name (A–Z)',
  '-firstName': 'First name (Z–A)',
  updatedAt: 'Least recently updated',
  '-updatedAt': 'Most recently updated',
};

export const clientKeys = {
  all: ['clients'] as const,
  list: (p: ClientListParams) => ['clients', 'list', p] as const,
  one: (id: string) => ['clients', 'one', id] as const,
  providers: ['practice', 'providers'] as const,
};

/**
 * A Retry button: stop waiting out the backoff (which may be a server's Retry-After of a minute)
 * and ask again now. A plain refetch of a query that has no data yet would only join the retry
 * already sleeping.
 */
export async function retryNow(queryKey: readonly unknown[]): Promise<void> {
  await queryClient.cancelQueries({ queryKey });
  await queryClient.refetchQueries({ queryKey, type: 'active' });
}

// The retry policy is the API client's (shared by every query); re-exported for the feature hooks.
export { backoff, transient } from '../../api/retry.js';
import { backoff, transient } from '../../api/retry.js';

export function listPath(p: ClientListParams): string {
  const qs = new URLSearchParams();
  if (p.q.trim()) qs.set('q', p.q.trim());
  if (p.status) qs.set('status', p.status);
  if (p.providerId) qs.set('providerId', p.providerId);
  qs.set('sort', p.sort);
  qs.set('limit', String(p.limit));
  if (p.cursor) qs.set('cursor', p.cursor);
  return `/api/clients?${qs.toString()}`;
}

export function useClientList(p: ClientListParams) {
  const key = clientKeys.list(p);
  return useQuery({
    queryKey: key,
    queryFn: ({ signal }) => {
      // A retry is the app's doing, not the person's: it must not keep an idle session alive.
      const retrying = (queryClient.getQueryState(key)?.fetchFailureCount ?? 0) > 0;
      return api.get(listPath(p), ClientList, { background: retrying, signal });
    },
    placeholderData: keepPreviousData,
    retry: (_count, err) => transient(err),
    retryDelay: backoff,
  });
}

export function useClient(id: string) {
  return useQuery({
    queryKey: clientKeys.one(id),
    queryFn: ({ signal }) => api.get(`/api/clients/${encodeURIComponent(id)}`, Client, { signal }),
  });
}

export const ProvidersResponse = z.object({ providers: z.array(z.object({ id: z.string(), name: z.string() })) });
export type Provider = z.infer<typeof ProvidersResponse>['providers'][number];

export function useProviders() {
  return useQuery({
    queryKey: clientKeys.providers,
    queryFn: ({ signal }) => api.get('/api/practice/providers', ProvidersResponse, { signal }),
    staleTime: 60_000,
  });
}

export function clientName(c: { firstName: string; lastName: string; preferredName: string | null }): string {
  return c.preferredName && c.preferredName !== c.firstName
    ? `${c.lastName}, ${c.firstName} (${c.preferredName})`
    : `${c.lastName}, ${c.firstName}`;
}

export const numberFmt = new Intl.NumberFormat('en-US');
