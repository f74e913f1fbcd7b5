// The names of the practice's message services (which any colleague reading threads may see).
import { useQuery } from '@tanstack/react-query';
import { MessageServiceNames } from '../../../../shared/messages.js';
import { api } from '../../../api/client.js';
import { messageKeys } from './staffThread.js';

/** Every message service's name, to say which one a message came through. */
export function useServiceNames(enabled: boolean) {
  return useQuery({
    queryKey: messageKeys.serviceNames,
    queryFn: ({ signal }) => api.get('/api/practice/message-service-names', MessageServiceNames, { signal }),
    enabled,
    staleTime: 60_000,
  });
}
