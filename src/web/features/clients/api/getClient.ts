// One client's record.
import { useQuery } from '@tanstack/react-query';
import { Client } from '../../../../shared/clients.js';
import { api } from '../../../api/client.js';
import { clientKeys } from './keys.js';

export function useClient(id: string) {
  return useQuery({
    queryKey: clientKeys.one(id),
    queryFn: ({ signal }) => api.get(`/api/clients/${encodeURIComponent(id)}`, Client, { signal }),
  });
}
