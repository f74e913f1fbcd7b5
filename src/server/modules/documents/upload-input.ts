// Checks on what an uploader sends: the file name (PHI, so only validated here, stored encrypted)
// and the bytes (size, and a type sniffed from the content that the name's extension agrees with).
import { AppError, badRequest } from '../../errors.js';
import { DOCUMENT_TYPES, MAX_DOCUMENT_BYTES, MAX_DOCUMENT_NAME, type DocumentContentType } from '../../../shared/documents.js';
import { text } from '../../../shared/strings.js';
import { sniff } from './sniff.js';

const NAME = text({ min: 1, max: MAX_DOCUMENT_NAME });

const LABELS: Record<DocumentContentType, string> = {
  'application/pdf': 'a PDF',
  'image/png': 'a PNG image',
  'image/jpeg': 'a JPEG image',
  'image/gif': 'a GIF image',
  'image/webp': 'a WebP image',
  'image/heic': 'a HEIC image',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'a Word document (.docx)',
  'application/msword': 'a Word 97-2003 document (.doc)',
};

const unsupported = (message: string) => new AppError('unsupported_media_type', 415, `file: ${message}`, 'file');

/** The X-Filename header: percent-encoded UTF-8, decoded and checked. */
export function filenameFromHeader(header: string | string[] | undefined): string {
  if (typeof header !== 'string' || header === '') throw badRequest('filename', 'is required (send it percent-encoded in the X-Filename header)');
  let decoded: string;
  try {
    decoded = decodeURIComponent(header);
  } catch {
    throw badRequest('filename', 'must be percent-encoded UTF-8');
  }
  return checkFilename(decoded);
}

/** A file name as stored and shown: NFC, trimmed, one line of text, no path. */
export function checkFilename(raw: string): string {
  const name = raw.isWellFormed() ? raw.normalize('NFC').trim() : raw;
  const parsed = NAME.safeParse(name);
  if (!parsed.success) throw badRequest('filename', parsed.error.issues[0]?.message ?? 'is invalid');
  if (/[/\\]/.test(name)) throw badRequest('filename', 'must be a file name without folders (no / or \\)');
  if (name === '.' || name === '..') throw badRequest('filename', 'must be a file name');
  return name;
}

/** The sniffed content type, once the size and the name's extension are acceptable. */
export function checkFile(name: string, bytes: Buffer): DocumentContentType {
  if (bytes.length === 0) throw badRequest('file', 'is empty');
  if (bytes.length > MAX_DOCUMENT_BYTES) {
    throw new AppError('payload_too_large', 413, `file: must be at most ${MAX_DOCUMENT_BYTES / 1024 / 1024} MiB`, 'file');
  }
  const type = sniff(bytes);
  if (!type) throw unsupported('only PDFs, images (PNG, JPEG, GIF, WebP, HEIC) and Word documents can be uploaded');
  const dot = name.lastIndexOf('.');
  const ext = dot >= 0 ? name.slice(dot).toLowerCase() : '';
  const allowed: readonly string[] = DOCUMENT_TYPES[type];
  if (!allowed.includes(ext)) {
    throw unsupported(`the file is ${LABELS[type]}, so its name must end in ${allowed.join(' or ')}`);
  }
  return type;
}
