// pino with redaction: cookies, authorization, CSRF tokens and anything PHI-shaped never reach a log.
// URLs are logged without their query string (tokens never travel in queries, but be sure).
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

export function createLogger(opts: { level: string; file?: string | undefined }): Logger {
  const destination = opts.file ? createWriteStream(opts.file, { flags: 'a' }) : process.stdout;
  return pino(
    {
      level: opts.level,
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      serializers: {
        req: (req: { method: string; url: string; ip?: string; id?: string }) => ({
          id: req.id,
          method: req.method,
          url: req.url.split('?')[0],
          ip: req.ip,
        }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
    },
    destination,
  );
}
