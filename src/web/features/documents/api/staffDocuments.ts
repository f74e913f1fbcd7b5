// Staff access to a client's documents: the list query and the download address.
import { DocumentList } from '../../../../shared/documents.js';
import { useStaffRead } from '../../../lib/retry.js';

export const documentKeys = {
  list: (clientId: string) => ['documents', clientId] as const,
};

export const base = (clientId: string) => `/api/clients/${encodeURIComponent(clientId)}/documents`;

export function useStaffDocuments(clientId: string) {
  // The client may add documents at any time: each visit asks again.
  return useStaffRead(documentKeys.list(clientId), base(clientId), DocumentList, { staleTime: 0 });
}

export function staffDownloadHref(clientId: string, docId: string): string {
  return `${base(clientId)}/${encodeURIComponent(docId)}`;
}
