// The portal's reads of one client record: its details, message thread, message services and
// documents. Failed reads are retried with backoff, as background requests (a retry is the app's
// doing, not the person's, and must not keep an idle session alive).
import { useQuery } from '@tanstack/react-query';
import { z } from 'zod';
import { DocumentList } from '../../../../shared/documents.js';
import { PortalMessage, type PortalMessageInput, PortalThread } from '../../../../shared/messages.js';
import { PortalClient } from '../../../../shared/portal.js';
import { backoff, transient } from '../../../api/retry.js';
import { uploadDocument } from '../../documents/index.js';
import { portalApi, portalSession } from '../../../api/client.js';
import { portalKeys, portalQueryClient } from '../../../session/portal.js';

export const PortalServices = z.object({ services: z.array(z.object({ id: z.string(), name: z.string() })) });

export const portalBase = (clientId: string) => `/api/portal/clients/${encodeURIComponent(clientId)}`;

export function usePortalRead<T>(key: readonly unknown[], path: string, schema: z.ZodType<T>, staleTime = 15_000) {
  return useQuery({
    staleTime,
    queryKey: key,
    queryFn: ({ signal }) => {
      const retrying = (portalQueryClient.getQueryState(key)?.fetchFailureCount ?? 0) > 0;
      return portalApi.get(path, schema, { signal, background: retrying });
    },
    retry: (_count, err) => transient(err),
    retryDelay: backoff,
  });
}

export const usePortalClient = (clientId: string) => usePortalRead(portalKeys.client(clientId), portalBase(clientId), PortalClient);
export const usePortalThread = (clientId: string) => usePortalRead(portalKeys.thread(clientId), `${portalBase(clientId)}/messages`, PortalThread, 0);
export const usePortalServices = (clientId: string) => usePortalRead(portalKeys.services(clientId), `${portalBase(clientId)}/message-services`, PortalServices);
export const usePortalDocuments = (clientId: string) => usePortalRead(portalKeys.documents(clientId), `${portalBase(clientId)}/documents`, DocumentList, 0);

export const sendPortalMessage = (clientId: string, input: PortalMessageInput) => portalApi.post(`${portalBase(clientId)}/messages`, input, PortalMessage);

export const portalDownloadHref = (clientId: string, docId: string) => `${portalBase(clientId)}/documents/${encodeURIComponent(docId)}`;

/** Uploads one of the client's documents; `message` when it is to be attached to a message (recorded as such). */
export function portalUpload(clientId: string, via: 'portal' | 'message' = 'portal') {
  return (file: File, onProgress: (f: number) => void, signal: AbortSignal) =>
    uploadDocument(`${portalBase(clientId)}/documents${via === 'message' ? '?via=message' : ''}`, file, {
      csrfToken: portalSession.csrfToken,
      onProgress,
      signal,
      onIdleHeader: (iso) => portalSession.noteIdleExpiry(iso, true),
      onUnauthenticated: () => portalSession.lost(),
    });
}
