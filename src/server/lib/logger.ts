// pino with redaction: cookies, authorization, CSRF tokens and anything PHI-shaped never reach a log.
// URLs are logged without their query string (tokens never travel in queries, but be sure), and
// without a calendar feed's token (which is its path).
import { createWriteStream } from 'node:fs';
import pino, { type Logger } from 'pino';

export const REDACT_PATHS = [
  'req.headers.cookie',
  'req.headers.authorization',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.newPassword',
  '*.currentPassword',
  '*.token',
  '*.code',
  '*.email',
  '*.name',
  '*.secret',
];

/** Request and response as logged: no query string, no calendar-feed secret, no headers. */
export const LOG_SERIALIZERS = {
  req: (req: { method: string; url: string; ip?: string; id?: string }) => ({
    id: req.id,
    method: req.method,
    // A calendar feed's secret is its path: keep it out of the log.
    url: req.url.split('?')[0]!.replace(/^\/feeds\/[^/]*/, '/feeds/[redacted]'),
    ip: req.ip,
  }),
  res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
};

export function createLogger(opts: { level: string; file?: string | undefined }): Logger {
  const destination = opts.file ? createWriteStream(opts.file, { flags: 'a' }) : process.stdout;
  return pino({ level: opts.level, redact: { paths: REDACT_PATHS, censor: '[redacted]' }, serializers: LOG_SERIALIZERS }, destination);
}
