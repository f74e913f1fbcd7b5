// Uploading a document: the file as the raw body (application/octet-stream), its name
// percent-encoded in X-Filename, the caller's CSRF token, and upload progress (XMLHttpRequest,
// because fetch reports none). Errors come back as the same ApiError the forms map onto fields.
// Zod-free imports (the call page uploads too, on a join link's first screen: issue 19's budget).
import { DOCUMENT_TYPES, FILENAME_HEADER, MAX_DOCUMENT_BYTES, MAX_DOCUMENT_NAME } from '../../../../shared/document-files.js';
import type { DocumentInfo } from '../../../../shared/documents.js';
import { CSRF_HEADER, IDLE_EXPIRES_HEADER } from '../../../../shared/headers.js';
import { defineMessages, type IntlShape, type MessageDescriptor } from 'react-intl';
import { errorFromResponse, networkError, pageLanguage } from '../../../api/factory.js';

export interface UploadOptions {
  csrfToken: string | null;
  onProgress?: (fraction: number) => void;
  signal?: AbortSignal;
  /** Called with the response's idle-expiry header (an upload is the person's activity). */
  onIdleHeader?: (iso: string) => void;
  /** Called when the answer is 401: the session behind this upload has ended. */
  onUnauthenticated?: () => void;
}

export function uploadDocument(url: string, file: File, opts: UploadOptions): Promise<DocumentInfo> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    xhr.withCredentials = true;
    xhr.setRequestHeader('Content-Type', 'application/octet-stream');
    xhr.setRequestHeader('Accept', 'application/json');
    // A refusal (too large, not an accepted type) comes back in the page's language, as for any request.
    xhr.setRequestHeader('Accept-Language', pageLanguage());
    xhr.setRequestHeader(FILENAME_HEADER, encodeURIComponent(file.name));
    if (opts.csrfToken) xhr.setRequestHeader(CSRF_HEADER, opts.csrfToken);
    xhr.upload.onprogress = (ev) => {
      if (ev.lengthComputable && ev.total > 0) opts.onProgress?.(ev.loaded / ev.total);
    };
    xhr.onerror = () => reject(networkError());
    xhr.onabort = () => reject(new DOMException('The upload was cancelled.', 'AbortError'));
    xhr.onload = () => {
      let data: unknown = undefined;
      try {
        data = xhr.responseText ? JSON.parse(xhr.responseText) : undefined;
      } catch {
        data = undefined;
      }
      const ok = xhr.status >= 200 && xhr.status < 300;
      const idle = xhr.getResponseHeader(IDLE_EXPIRES_HEADER);
      if (ok && idle) opts.onIdleHeader?.(idle);
      if (!ok) {
        if (xhr.status === 401) opts.onUnauthenticated?.();
        reject(errorFromResponse(xhr.status, data, xhr.getResponseHeader('Retry-After')));
        return;
      }
      // Not checked against the schema here (a drift was only logged): that would bring zod.
      resolve(data as DocumentInfo);
    };
    opts.signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    xhr.send(file);
  });
}

const fileProblems: Record<'empty' | 'tooBig' | 'nameTooLong' | 'kind', MessageDescriptor> = defineMessages({
  empty: { id: 'documents.check.empty', defaultMessage: 'The file is empty.' },
  tooBig: { id: 'documents.check.tooBig', defaultMessage: 'The file is {size}; the largest accepted is {max}.' },
  nameTooLong: { id: 'documents.check.nameTooLong', defaultMessage: 'The file name must be at most {max} characters.' },
  kind: { id: 'documents.check.kind', defaultMessage: 'This kind of file is not accepted. Accepted: PDF, Word, PNG, JPEG, GIF, WebP and HEIC.' },
});

/** What the server would refuse anyway, said before sending (size, name length, extension), in the page's language. */
export function checkFile(file: File, intl: Pick<IntlShape, 'formatMessage'>): string | null {
  if (file.size === 0) return intl.formatMessage(fileProblems.empty);
  if (file.size > MAX_DOCUMENT_BYTES) return intl.formatMessage(fileProblems.tooBig, { size: formatBytes(file.size), max: formatBytes(MAX_DOCUMENT_BYTES) });
  if ([...file.name].length > MAX_DOCUMENT_NAME) return intl.formatMessage(fileProblems.nameTooLong, { max: MAX_DOCUMENT_NAME });
  const lower = file.name.toLowerCase();
  const known = Object.values(DOCUMENT_TYPES).flat();
  if (!known.some((ext) => lower.endsWith(ext))) return intl.formatMessage(fileProblems.kind);
  return null;
}

const units = ['bytes', 'KB', 'MB', 'GB'];
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} byte${n === 1 ? '' : 's'}`;
  let v = n;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(v >= 10 ? 0 : 1)} ${units[i]}`;
}
