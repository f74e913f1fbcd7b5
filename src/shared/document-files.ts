// What a document upload may be (size, name, types), apart from ./documents.ts's schemas: the call
// page's panel uploads a file, and the call page is a join link's first screen, which must not
// download zod (issue 19's budget); ./documents.ts re-exports these.
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
