// Sharing a staff upload with the client in the portal, or no longer.
import { DocumentInfo } from '../../../../shared/documents.js';
import { api } from '../../../api/client.js';
import { base } from './staffDocuments.js';

/** Shares a staff upload with the client in the portal, or stops sharing it. */
export async function setDocumentShared(clientId: string, docId: string, shared: boolean): Promise<DocumentInfo> {
  return api.patch(`${base(clientId)}/${encodeURIComponent(docId)}`, { sharedWithClient: shared }, DocumentInfo);
}
