// A field's problem in the reader's language. The shared schemas (src/shared/strings.ts and the
// like) and the API say it in English for developers and logs ("is required", "must be at most 80
// characters"); beside a field, a person reads it in their own language. Any other message is a
// page's own (already in the reader's language, e.g. the plan's "tick the box to sign") and is kept.
import { defineMessages, type IntlShape, type MessageDescriptor } from 'react-intl';

const m = defineMessages({
  required: { id: 'components.problem.required', defaultMessage: 'is required' },
  email: { id: 'components.problem.email', defaultMessage: 'must be a valid email address' },
  code: { id: 'components.problem.code', defaultMessage: 'must be a 6-digit code or a recovery code' },
  date: { id: 'components.problem.date', defaultMessage: 'is not a real calendar date' },
  link: { id: 'components.problem.link', defaultMessage: 'is not a valid link' },
  text: { id: 'components.problem.text', defaultMessage: 'has characters that cannot be used' },
});

const AT_LEAST = /^must be at least (\d+) characters?$/;
const AT_MOST = /^must be at most (\d+) characters?$/;

export function problemText(intl: IntlShape, message: string): string {
  if (message === 'is required') return intl.formatMessage(m.required);
  const least = AT_LEAST.exec(message);
  if (least) return intl.formatMessage({ id: 'components.problem.atLeast', defaultMessage: 'must be at least {n, plural, one {# character} other {# characters}}' }, { n: Number(least[1]) });
  const most = AT_MOST.exec(message);
  if (most) return intl.formatMessage({ id: 'components.problem.atMost', defaultMessage: 'must be at most {n, plural, one {# character} other {# characters}}' }, { n: Number(most[1]) });
  if (message === 'must be a valid email address') return intl.formatMessage(m.email);
  if (message === 'must be a 6-digit code or a recovery code') return intl.formatMessage(m.code);
  if (message === 'is not a real calendar date' || message.startsWith('must be a date written')) return intl.formatMessage(m.date);
  if (message === 'is not a valid link') return intl.formatMessage(m.link);
  if (message === 'must be valid Unicode text' || message === 'must not contain control characters') return intl.formatMessage(m.text);
  // Not one of the shared schemas' words: a page's own message, already in the reader's language.
  return message;
}

const api: Record<'tooMany' | 'busy' | 'offline' | 'unreachable' | 'answered', MessageDescriptor> = defineMessages({
  tooMany: { id: 'components.problem.api.too-many', defaultMessage: 'Too many attempts.' },
  busy: { id: 'components.problem.api.busy', defaultMessage: 'Hearth is busy. Please try again in a moment.' },
  offline: { id: 'components.problem.api.offline', defaultMessage: 'This device is offline.' },
  unreachable: { id: 'components.problem.api.unreachable', defaultMessage: "Hearth's server can't be reached right now." },
  answered: { id: 'components.problem.api.answered', defaultMessage: "Hearth's server answered with an error ({status})." },
});

/** An answer without Hearth's error body (a proxy's page, a gateway timeout): ../api/factory.ts errorFromResponse. */
const BARE_ANSWER = /^http_(\d{3})$/;

/**
 * A form's problem from the API (its summary, not a field's). The API words a client's refusals
 * in the page's language itself (src/server/i18n/errors.ts: the page sends it as Accept-Language);
 * the refusals of the shared layers (the sign-in throttle, the overload guard) are English there,
 * and are put in the reader's language here by their code, as are the failures the API client
 * words itself in English for logs (no answer: network_error; an answer without a body: http_NNN).
 * A refusal that waits (429) says only what happened: the form adds when to try again (forms'
 * rate-limited words).
 */
export function apiProblemText(intl: IntlShape, e: { code: string; message: string }): string {
  if (e.code === 'too_many_requests') return intl.formatMessage(api.tooMany);
  if (e.code === 'overloaded') return intl.formatMessage(api.busy);
  // No answer at all (status 0): the device is offline, or the server is down or out of reach.
  // Only the browser knows which; "check your connection" would be wrong when the server is down.
  if (e.code === 'network_error') return intl.formatMessage(typeof navigator !== 'undefined' && navigator.onLine === false ? api.offline : api.unreachable);
  const bare = BARE_ANSWER.exec(e.code);
  if (bare) return intl.formatMessage(api.answered, { status: bare[1] });
  return e.message;
}

