// Adding a client, or changing one (only what changed is sent); every client list is refreshed.
import { useQueryClient } from '@tanstack/react-query';
import type { Client } from '../../../../shared/clients.js';
import { api } from '../../../api/client.js';
import { clientKeys } from './keys.js';

export function useSaveClient() {
  const qc = useQueryClient();
  return {
    create: async (body: Record<string, unknown>) => {
      const created = await api.post<{ id: string }>('/api/clients', body);
      await qc.invalidateQueries({ queryKey: clientKeys.all });
      return created;
    },
    change: async (id: string, body: Record<string, unknown>) => {
      const saved = await api.patch<Client>(`/api/clients/${encodeURIComponent(id)}`, body);
      qc.setQueryData(clientKeys.one(id), saved);
      await qc.invalidateQueries({ queryKey: clientKeys.all });
      return saved;
    },
  };
}
