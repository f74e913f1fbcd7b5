// Errors a client reads on the portal, join-link and reminder-link pages, in the language of the
// page that asked: the page sends it as Accept-Language (src/web/api/factory.ts, the page's
// lang), and the one error handler (plugins/errors.ts) writes the message in it. The English is
// the message too (for logs, scripts and staff), from the same catalog entry; the code and field
// stay as they are (pages and tests decide by them). Staff-only errors stay plain English AppErrors.
import type { AnswerProblem } from '../../shared/fields.js';
import { DEFAULT_LOCALE, LOCALES, type Locale } from '../../shared/locale.js';
import { AppError, type ErrorCode } from '../errors.js';
import { t, type MessageId, type MessageValues } from './index.js';

export class ClientError extends AppError {
  constructor(
    code: ErrorCode,
    status: number,
    readonly messageId: MessageId,
    readonly values: MessageValues = {},
    field?: string,
    headers?: Record<string, string>,
    /** A form answer's problem as data, sent beside the words (ErrorBody's `problem`). */
    readonly problem?: AnswerProblem,
  ) {
    super(code, status, t(DEFAULT_LOCALE, messageId, values), field, headers);
  }

  /** The message in `locale`. */
  in(locale: Locale): string {
    return t(locale, this.messageId, this.values);
  }
}

/** A client's refused field (400 validation_failed): errors.ts's `invalid`, in the page's language. */
export const clientInvalid = (field: string, id: MessageId, values: MessageValues = {}) => new ClientError('validation_failed', 400, id, values, field);

/** A client's refused form answer: clientInvalid, with the problem as data for the page to word beside the field. */
export const answerInvalid = (field: string, id: MessageId, values: MessageValues, problem: AnswerProblem) => new ClientError('validation_failed', 400, id, values, field, undefined, problem);

/** A client's conflict (409): errors.ts's `conflict`, in the page's language. */
export const clientConflict = (id: MessageId, field?: string, values: MessageValues = {}) => new ClientError('conflict', 409, id, values, field);

/** A client's link that cannot be used (400 token_invalid on `token`). */
export const clientTokenInvalid = (id: MessageId) => new ClientError('token_invalid', 400, id, {}, 'token');

/**
 * The language a request asks for: the first of Accept-Language's tags (by weight, then order)
 * Hearth speaks ("es-US" → "es"), else English. Browsers send their own list; Hearth's pages send
 * the page's language.
 */
export function requestLocale(header: string | string[] | undefined): Locale {
  const value = Array.isArray(header) ? header.join(',') : (header ?? '');
  const tags = value
    .split(',')
    .map((part, i) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
      return { base: tag.trim().toLowerCase().split('-')[0] ?? '', q: q === undefined ? 1 : Number(q), i };
    })
    .filter((x) => x.base && x.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i);
  for (const { base } of tags) if ((LOCALES as readonly string[]).includes(base)) return base as Locale;
  return DEFAULT_LOCALE;
}
