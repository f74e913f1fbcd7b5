// A client's upload to their documents, with the portal session's CSRF token and idle expiry.
import { portalSession } from '../../../api/client.js';
import { uploadDocument } from '../../documents/index.js';
import { portalBase } from './read.js';

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
