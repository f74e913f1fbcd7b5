// Client document contracts, shared by the server (validation, OpenAPI) and the SPA.
import { z } from 'zod';
import { ItemList } from './api.js';
import { id } from './strings.js';

import { DOCUMENT_CONTENT_TYPES, type DocumentContentType } from './document-files.js';

export {
  DOCUMENT_ACCEPT,
  DOCUMENT_CONTENT_TYPES,
  DOCUMENT_TYPES,
  FILENAME_HEADER,
  MAX_DOCUMENT_BYTES,
  MAX_DOCUMENT_NAME,
  type DocumentContentType,
} from './document-files.js';

export const DocumentUploader = z.object({ type: z.enum(['staff', 'client']), id: z.string() });
export type DocumentUploader = z.infer<typeof DocumentUploader>;

export const DocumentInfo = z.object({
  id: z.string(),
  name: z.string(),
  size: z.number(),
  contentType: z.enum(DOCUMENT_CONTENT_TYPES as [DocumentContentType, ...DocumentContentType[]]),
  /** SHA-256 of the file as uploaded (hex), for checking a downloaded copy. */
  sha256: z.string(),
  createdAt: z.string(),
  uploadedBy: DocumentUploader,
  /** Listed in the client's portal (a client's own uploads always are). */
  sharedWithClient: z.boolean(),
});
export type DocumentInfo = z.infer<typeof DocumentInfo>;

export const DocumentList = ItemList(DocumentInfo);
export type DocumentList = z.infer<typeof DocumentList>;

export const DocumentParams = z.strictObject({ id, docId: id });

/** A staff upload's query: `share=true` lists it in the client's portal at once (off unless chosen). */
export const StaffUploadQuery = z.strictObject({
  share: z.enum(['true', 'false'], { message: 'must be true or false' }).optional(),
});

/** Sharing a staff upload with the client in the portal, or taking it back. */
export const DocumentSharePatch = z.strictObject({ sharedWithClient: z.boolean() });
