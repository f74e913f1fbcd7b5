// Client document contracts, shared by the server (validation, OpenAPI) and the SPA.
import { z } from 'zod';
import { ItemList } from './api.js';
import { id } from './strings.js';

/** Largest file accepted, in bytes (20 MiB). The upload route's body limit is this too. */
export const MAX_DOCUMENT_BYTES = 20 * 1024 * 1024;
/** Longest file name accepted, in characters (code points). */
export const MAX_DOCUMENT_NAME = 200;
/** The request header carrying the file name, percent-encoded UTF-8 (encodeURIComponent). */
export const FILENAME_HEADER = 'x-filename';

/**
 * What may be uploaded: the type is sniffed from the content, and the name's extension must agree
 * with it. The SPA uses this for the file picker's `accept`.
 */
export const DOCUMENT_TYPES = {
  'application/pdf': ['.pdf'],
  'image/png': ['.png'],
  'image/jpeg': ['.jpg', '.jpeg'],
  'image/gif': ['.gif'],
  'image/webp': ['.webp'],
  'image/heic': ['.heic', '.heif'],
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': ['.docx'],
  'application/msword': ['.doc'],
} as const satisfies Record<string, readonly string[]>;
export type DocumentContentType = keyof typeof DOCUMENT_TYPES;
export const DOCUMENT_CONTENT_TYPES = Object.keys(DOCUMENT_TYPES) as DocumentContentType[];
export const DOCUMENT_ACCEPT = Object.values(DOCUMENT_TYPES).flat().join(',');

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
