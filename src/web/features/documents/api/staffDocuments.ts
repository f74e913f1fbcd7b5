// Staff access to a client's documents: the list query, download address and upload (with the
// staff session's CSRF token, idle expiry and lost-session handling).
import { useQuery } from '@tanstack/react-query';
import type { MeResponse } from '../../../../shared/api.js';
import { DocumentInfo, DocumentList } from '../../../../shared/documents.js';
import { api, session } from '../../../api/client.js';
import { endSession, queryClient } from '../../../session/staff.js';
import { meKey } from '../../../session/useMe.js';
import { backoff, transient } from '../../../api/retry.js';
import { uploadDocument } from './upload.js';

export const documentKeys = {
  list: (clientId: string) => ['documents', clientId] as const,
};

const base = (clientId: string) => `/api/clients/${encodeURIComponent(clientId)}/documents`;

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

/** The staff CSRF token, as GET /api/me last gave it (the API client keeps its copy private). */
function staffCsrf(): string | null {
  const me = queryClient.getQueryData<MeResponse>(meKey);
  return me?.csrfToken ?? null;
}

/** Shares a staff upload with the client in the portal, or stops sharing it. */
export async function setDocumentShared(clientId: string, docId: string, shared: boolean): Promise<DocumentInfo> {
  return api.patch(`${base(clientId)}/${encodeURIComponent(docId)}`, { sharedWithClient: shared }, DocumentInfo);
}

/** A staff upload; `share` lists it in the client's portal (off unless chosen, e.g. a message attachment). */
export function staffUpload(clientId: string) {
  return (file: File, onProgress: (f: number) => void, signal: AbortSignal, opts?: { share?: boolean }) =>
    uploadDocument(`${base(clientId)}?share=${opts?.share === true ? 'true' : 'false'}`, file, {
      csrfToken: staffCsrf(),
      onProgress,
      signal,
      onIdleHeader: (iso) => session.noteIdleExpiry(iso, true),
      onUnauthenticated: () => {
        if (session.active) void endSession('unknown');
      },
    });
}
