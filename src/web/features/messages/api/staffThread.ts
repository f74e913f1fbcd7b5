// Staff access to a client's message thread: its key, the query, and what a change to it makes stale.
import { ClientThread } from '../../../../shared/messages.js';
import { queryClient } from '../../../session/staff.js';
import { useStaffRead } from '../../../lib/retry.js';
import { CLIENTS_KEY } from '../../../lib/keys.js';

export const messageKeys = {
  thread: (clientId: string) => ['messages', clientId] as const,
  serviceNames: ['practice', 'message-service-names'] as const,
};

export const base = (clientId: string) => `/api/clients/${encodeURIComponent(clientId)}/messages`;

export function useStaffThread(clientId: string) {
  // The client may write at any time: each visit asks again.
  return useStaffRead(messageKeys.thread(clientId), base(clientId), ClientThread, { staleTime: 0 });
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
