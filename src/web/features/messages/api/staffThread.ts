// Staff access to a client's message thread: its key, the query, and what a change to it makes stale.
import { useQuery } from '@tanstack/react-query';
import { ClientThread } from '../../../../shared/messages.js';
import { api } from '../../../api/client.js';
import { queryClient } from '../../../session/staff.js';
import { backoff, transient } from '../../../api/retry.js';
import { CLIENTS_KEY } from '../../../lib/keys.js';

export const messageKeys = {
  thread: (clientId: string) => ['messages', clientId] as const,
  serviceNames: ['practice', 'message-service-names'] as const,
};

export const base = (clientId: string) => `/api/clients/${encodeURIComponent(clientId)}/messages`;

export function useStaffThread(clientId: string) {
  const key = messageKeys.thread(clientId);
  return useQuery({
    queryKey: key,
    queryFn: ({ signal }) => {
      const retrying = (queryClient.getQueryState(key)?.fetchFailureCount ?? 0) > 0;
      return api.get(base(clientId), ClientThread, { signal, background: retrying });
    },
    // The client may write at any time: each visit asks again.
    staleTime: 0,
    retry: (_count, err) => transient(err),
    retryDelay: backoff,
  });
}

/** After a reply or a close: the thread and the client list's unread marker are out of date. */
export async function afterThreadChange(clientId: string) {
  await Promise.all([
    queryClient.invalidateQueries({ queryKey: messageKeys.thread(clientId) }),
    queryClient.invalidateQueries({ queryKey: CLIENTS_KEY }),
    // The inbox, its navigation badge and Today count unread threads too.
    queryClient.invalidateQueries({ queryKey: ['inbox'] }),
    queryClient.invalidateQueries({ queryKey: ['today'] }),
  ]);
}
