// Staff access to a client's message thread: the query, reply and close.
import { useQuery } from '@tanstack/react-query';
import { ClientMessage, ClientThread, ThreadState } from '../../../shared/messages.js';
import { api } from '../../api/client.js';
import { queryClient } from '../../session/session.js';
import { backoff, clientKeys, transient } from '../clients/api.js';

export const messageKeys = {
  thread: (clientId: string) => ['messages', clientId] as const,
};

const base = (clientId: string) => `/api/clients/${encodeURIComponent(clientId)}/messages`;

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

export const replyTo = (clientId: string, body: string) => api.post(base(clientId), { body }, ClientMessage);
export const closeThread = (clientId: string) => api.post(`${base(clientId)}/close`, {}, ThreadState);

/** After a reply or a close: the thread and the client list's unread marker are out of date. */
export async function afterThreadChange(clientId: string) {
  await Promise.all([
    queryClient.invalidateQueries({ queryKey: messageKeys.thread(clientId) }),
    queryClient.invalidateQueries({ queryKey: clientKeys.all }),
  ]);
}
