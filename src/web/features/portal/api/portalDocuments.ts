// The client record's documents (each visit asks again), and where one downloads from.
import { DocumentList } from '../../../../shared/documents.js';
import { portalKeys } from '../../../session/portal.js';
import { portalBase, usePortalRead } from './read.js';

export const usePortalDocuments = (clientId: string) => usePortalRead(portalKeys.documents(clientId), `${portalBase(clientId)}/documents`, DocumentList, 0);

export const portalDownloadHref = (clientId: string, docId: string) => `${portalBase(clientId)}/documents/${encodeURIComponent(docId)}`;
