// Staff access to a client's message thread: the query, reply and close, and the names of the
// practice's message services (which any colleague reading threads may see).
import { useQuery } from '@tanstack/react-query';
import { ClientMessage, ClientThread, MAX_ATTACHMENTS, type MessageBody, MessageServiceNames, ThreadState } from '../../../../shared/messages.js';
import { api } from '../../../api/client.js';
import { queryClient } from '../../../session/staff.js';
import { backoff, transient } from '../../../api/retry.js';
import { CLIENTS_KEY } from '../../../lib/keys.js';

export const messageKeys = {
  thread: (clientId: string) => ['messages', clientId] as const,
  serviceNames: ['practice', 'message-service-names'] as const,
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

/** How a form's error summary names a message's attachments (the API names them documentIds.N). */
export const ATTACHMENT_LABELS: Record<string, string> = Object.fromEntries([
  ['documentIds', 'Attached files'],
  ...Array.from({ length: MAX_ATTACHMENTS }, (_, i) => [`documentIds.${i}`, `Attached file ${i + 1}`]),
]);

/** The first error a form holds about a message's attachments. */
export const attachmentError = (errors: Record<string, string>) => Object.entries(errors).find(([k]) => k === 'documentIds' || k.startsWith('documentIds.'))?.[1];

export const replyTo = (clientId: string, input: MessageBody) => api.post(base(clientId), input, ClientMessage);

/** Every message service's name, to say which one a message came through. */
export function useServiceNames(enabled: boolean) {
  return useQuery({
    queryKey: messageKeys.serviceNames,
    queryFn: ({ signal }) => api.get('/api/practice/message-service-names', MessageServiceNames, { signal }),
    enabled,
    staleTime: 60_000,
  });
}
export const closeThread = (clientId: string) => api.post(`${base(clientId)}/close`, {}, ThreadState);

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
