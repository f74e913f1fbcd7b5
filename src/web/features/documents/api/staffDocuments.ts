// Staff access to a client's documents: the list query and the download address.
import { useQuery } from '@tanstack/react-query';
import { DocumentList } from '../../../../shared/documents.js';
import { api } from '../../../api/client.js';
import { queryClient } from '../../../session/staff.js';
import { backoff, transient } from '../../../api/retry.js';

export const documentKeys = {
  list: (clientId: string) => ['documents', clientId] as const,
};

export const base = (clientId: string) => `/api/clients/${encodeURIComponent(clientId)}/documents`;

export function useStaffDocuments(clientId: string) {
  const key = documentKeys.list(clientId);
  return useQuery({
    queryKey: key,
    queryFn: ({ signal }) => {
      const retrying = (queryClient.getQueryState(key)?.fetchFailureCount ?? 0) > 0;
      return api.get(base(clientId), DocumentList, { signal, background: retrying });
    },
    // The client may add documents at any time: each visit asks again.
    staleTime: 0,
    retry: (_count, err) => transient(err),
    retryDelay: backoff,
  });
}

export function staffDownloadHref(clientId: string, docId: string): string {
  return `${base(clientId)}/${encodeURIComponent(docId)}`;
}
