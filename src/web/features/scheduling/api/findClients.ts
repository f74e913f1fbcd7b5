// The clients a scheduling page picks from: found by the start of a name (active ones), or one by
// the id in the address. Read here rather than from the clients feature, whose profile page shows
// this feature's appointments card (one direction only). Keys sit under the clients root, so
// changing a client refreshes these too.
import { useQuery } from '@tanstack/react-query';
import { Client, ClientList } from '../../../../shared/clients.js';
import { api } from '../../../api/client.js';
import { CLIENTS_KEY } from '../../../lib/keys.js';

export function useClientSearch(q: string) {
  return useQuery({
    queryKey: [...CLIENTS_KEY, 'pick', q],
    queryFn: ({ signal }) => api.get(`/api/clients?${new URLSearchParams({ q, limit: '10', status: 'active' }).toString()}`, ClientList, { signal }),
    enabled: q.length > 0,
    staleTime: 10_000,
  });
}

export function useChosenClient(id: string) {
  return useQuery({
    queryKey: [...CLIENTS_KEY, 'one', id],
    queryFn: ({ signal }) => api.get(`/api/clients/${encodeURIComponent(id)}`, Client, { signal }),
  });
}
