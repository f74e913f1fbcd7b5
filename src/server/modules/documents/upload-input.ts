// Checks on what an uploader sends: the file name (PHI, so only validated here, stored encrypted)
// and the bytes (size, and a type sniffed from the content that the name's extension agrees with).
import { invalid } from '../../errors.js';
import { fileTooLarge } from '../../http/file-body.js';
import { ClientError, clientInvalid } from '../../i18n/errors.js';
import { DOCUMENT_TYPES, MAX_DOCUMENT_BYTES, MAX_DOCUMENT_NAME, type DocumentContentType } from '../../../shared/documents.js';
import { text, textProblemOf } from '../../../shared/strings.js';
import { sniff } from './sniff.js';

const NAME = text({ min: 1, max: MAX_DOCUMENT_NAME });

/** Each type's key in errors.upload.extension, which names the type in the uploader's language. */
const KINDS: Record<DocumentContentType, string> = {
  'application/pdf': 'pdf',
  'image/png': 'png',
  'image/jpeg': 'jpeg',
  'image/gif': 'gif',
  'image/webp': 'webp',
  'image/heic': 'heic',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
  'application/msword': 'doc',
};

const unsupported = (id: 'errors.upload.unsupported' | 'errors.upload.extension', values = {}) => new ClientError('unsupported_media_type', 415, id, values, 'file');

/** The X-Filename header: percent-encoded UTF-8, decoded and checked. */
export function filenameFromHeader(header: string | string[] | undefined): string {
  if (typeof header !== 'string' || header === '') throw clientInvalid('filename', 'errors.upload.filenameMissing');
  let decoded: string;
  try {
    decoded = decodeURIComponent(header);
  } catch {
    throw clientInvalid('filename', 'errors.upload.filenameEncoding');
  }
  return checkFilename(decoded);
}

/** A file name as stored and shown: NFC, trimmed, one line of text, no path. */
export function checkFilename(raw: string): string {
  const name = raw.isWellFormed() ? raw.normalize('NFC').trim() : raw;
  const parsed = NAME.safeParse(name);
  if (!parsed.success) {
    // text()'s problem as data (shared/strings.ts); errors.upload.filenameText selects on it.
    const issue = parsed.error.issues[0];
    const problem = textProblemOf(issue)?.problem;
    throw problem ? clientInvalid('filename', 'errors.upload.filenameText', { problem, max: String(MAX_DOCUMENT_NAME) }) : invalid('filename', issue?.message ?? 'is invalid');
  }
  if (/[/\\]/.test(name)) throw clientInvalid('filename', 'errors.upload.filenameFolders');
  if (name === '.' || name === '..') throw clientInvalid('filename', 'errors.upload.filenameDots');
  return name;
}

/** The sniffed content type, once the size and the name's extension are acceptable. */
export function checkFile(name: string, bytes: Buffer): DocumentContentType {
  if (bytes.length === 0) throw clientInvalid('file', 'errors.upload.empty');
  if (bytes.length > MAX_DOCUMENT_BYTES) throw fileTooLarge(MAX_DOCUMENT_BYTES);
  const type = sniff(bytes);
  if (!type) throw unsupported('errors.upload.unsupported');
  const dot = name.lastIndexOf('.');
  const ext = dot >= 0 ? name.slice(dot).toLowerCase() : '';
  const allowed: readonly string[] = DOCUMENT_TYPES[type];
  if (!allowed.includes(ext)) {
    // Each type has one or two extensions; the catalog joins them with its own "or".
    const [first = '', second = 'none'] = allowed;
    throw unsupported('errors.upload.extension', { type: KINDS[type], first, second });
  }
  return type;
}
