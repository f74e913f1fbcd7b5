// The one error handler: AppError -> its status and code; validation -> 400 naming the field;
// framework errors -> their 4xx; anything else -> 500 with no detail (logged server-side).
import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { IntegrityError } from '../crypto/envelope.js';
import { AppError } from '../errors.js';
import { ClientError, requestLocale } from '../i18n/errors.js';
import { t, type Locale } from '../i18n/index.js';
import { textProblemOf } from '../../shared/strings.js';
import { RETRY_AFTER_SECONDS } from './load-shedding.js';

interface Issue {
  field: string;
  message: string;
}

/**
 * A text() refusal (shared/strings.ts: too long, required, characters that cannot be used) in the
 * language of the page that asked, from the problem the issue carries; any other in English.
 */
function validationMessage(v: { keyword: string; message?: string; params?: unknown }, locale: Locale): string {
  const issue = { code: v.keyword, ...((v.params as object | undefined) ?? {}) } as Parameters<typeof textProblemOf>[0];
  const p = textProblemOf(issue);
  if (!p) return v.message ?? 'is invalid';
  return t(locale, 'errors.text.problem', { problem: p.problem, max: String('max' in p ? p.max : ''), min: String('min' in p ? p.min : '') });
}

function fieldOf(path: readonly PropertyKey[] | string | undefined, fallback = 'body'): string {
  if (typeof path === 'string') return path.replace(/^\//, '').replace(/\//g, '.') || fallback;
  if (!path || !path.length) return fallback;
  return path.map(String).join('.');
}

export function registerErrorHandler(app: FastifyInstance) {
  app.setNotFoundHandler((req, reply) => {
    reply.code(404).send({ error: { code: 'not_found', message: `No route ${req.method} ${req.url.split('?')[0]}` } });
  });

  app.setErrorHandler((err: FastifyError | AppError | Error, req, reply) => {
    if (err instanceof AppError) {
      if (err.headers) reply.headers(err.headers);
      // A client's error in the language of the page that asked (i18n/errors.ts).
      const message = err instanceof ClientError ? err.in(requestLocale(req.headers['accept-language'])) : err.message;
      const problem = err instanceof ClientError ? err.problem : undefined;
      return reply.code(err.status).send({ error: { code: err.code, message, ...(err.field ? { field: err.field } : {}), ...(problem ? { problem } : {}) } });
    }
    if (err instanceof IntegrityError) {
      req.log.error({ table: err.ref.table, column: err.ref.column }, 'ciphertext failed its integrity check');
      return reply.code(500).send({ error: { code: 'integrity_error', message: 'Stored data failed an integrity check; the incident was recorded' } });
    }
    if (hasZodFastifySchemaValidationErrors(err)) {
      const ctxName = err.validationContext ?? 'body';
      const locale = requestLocale(req.headers['accept-language']);
      const issues: Issue[] = err.validation.flatMap((v) => {
        const base = fieldOf(v.instancePath, ctxName);
        const keys = (v.params as { keys?: unknown } | undefined)?.keys;
        if (v.keyword === 'unrecognized_keys' && Array.isArray(keys) && keys.length) {
          return keys.map((k) => ({ field: base === ctxName ? String(k) : `${base}.${String(k)}`, message: 'is not a known field' }));
        }
        return [{ field: base, message: validationMessage(v, locale) }];
      });
      const first = issues[0] ?? { field: 'body', message: 'is invalid' };
      const unknown = issues.every((i) => i.message === 'is not a known field');
      return reply.code(400).send({
        error: { code: unknown ? 'unknown_field' : 'validation_failed', message: `${first.field}: ${first.message}`, field: first.field, issues },
      });
    }
    const fe = err as FastifyError;
    if (fe.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      return reply.code(413).send({ error: { code: 'payload_too_large', message: 'The request body is too large', field: 'body' } });
    }
    if (fe.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
      return reply.code(415).send({ error: { code: 'unsupported_media_type', message: 'Send JSON (Content-Type: application/json)', field: 'content-type' } });
    }
    if (fe.code === 'FST_ERR_CTP_EMPTY_JSON_BODY') {
      return reply.code(400).send({ error: { code: 'invalid_json', message: 'The request body is empty; send a JSON object', field: 'body' } });
    }
    if (fe.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || (fe.statusCode === 400 && err instanceof SyntaxError)) {
      return reply.code(400).send({ error: { code: 'invalid_json', message: 'The request body is not valid JSON', field: 'body' } });
    }
    if (fe.statusCode === 429) {
      return reply.code(429).send({ error: { code: 'too_many_requests', message: 'Too many requests; slow down' } });
    }
    if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) {
      return reply.code(fe.statusCode).send({ error: { code: 'bad_request', message: 'The request could not be processed' } });
    }
    const transient = transientDatabaseError(err);
    if (transient) {
      // A request that could not get its answer from the database in time: never a 200 with part of
      // a list, and not a 500 either — the same request shortly will work.
      req.log.warn({ err: { type: err.name, code: fe.code }, transient }, 'database busy or unreachable');
      return reply
        .code(503)
        .header('retry-after', String(RETRY_AFTER_SECONDS))
        .send({ error: { code: transient, message: transient === 'overloaded' ? 'Hearth is busy; retrying shortly will work' : 'Hearth cannot reach its database; retrying shortly may work' } });
    }
    req.log.error({ err: { type: err.name, code: fe.code } }, 'unhandled error');
    return reply.code(500).send({ error: { code: 'internal_error', message: 'Something went wrong on our side; it has been logged' } });
  });
}

// PostgreSQL SQLSTATEs that mean "not now" rather than "wrong": statement timeout or cancel, lock
// timeout, too many connections, server shutting down or starting.
const PG_BUSY = new Set(['57014', '55P03', '53300', '53400', '57P03']);
const PG_GONE = new Set(['57P01', '57P02']);

/**
 * 'overloaded' for a database too busy to answer in time (pg pool wait, statement timeout, SQLite
 * busy), 'unavailable' for one that cannot be reached; undefined for any other error.
 */
export function transientDatabaseError(err: unknown): 'overloaded' | 'unavailable' | undefined {
  if (!(err instanceof Error)) return undefined;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string') {
    if (PG_BUSY.has(code) || code === 'SQLITE_BUSY' || code === 'SQLITE_BUSY_TIMEOUT' || code === 'SQLITE_LOCKED') return 'overloaded';
    if (PG_GONE.has(code) || code.startsWith('08') && code.length === 5 || code === 'ECONNREFUSED' || code === 'ECONNRESET' || code === 'ETIMEDOUT') return 'unavailable';
  }
  // pg-pool: no connection became free within connectionTimeoutMillis.
  if (/^timeout exceeded when trying to connect$/i.test(err.message)) return 'overloaded';
  if (/^Connection terminated/i.test(err.message)) return 'unavailable';
  return undefined;
}
