// A staff upload to a client's documents, with the staff session's CSRF token, idle expiry and
// lost-session handling.
import type { MeResponse } from '../../../../shared/api.js';
import { session } from '../../../api/client.js';
import { endSession, queryClient } from '../../../session/staff.js';
import { meKey } from '../../../session/useMe.js';
import { base } from './staffDocuments.js';
import { uploadDocument } from './upload.js';

/** The staff CSRF token, as GET /api/me last gave it (the API client keeps its copy private). */
function staffCsrf(): string | null {
  const me = queryClient.getQueryData<MeResponse>(meKey);
  return me?.csrfToken ?? null;
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
