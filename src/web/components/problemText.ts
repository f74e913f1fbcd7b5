// A field's problem in the reader's language. The shared schemas (src/shared/strings.ts and the
// like) and the API say it in English for developers and logs ("is required", "must be at most 80
// characters"); beside a field, a person reads it in their own language. Any other message is a
// page's own (already in the reader's language, e.g. the plan's "tick the box to sign") and is kept.
import { defineMessages, type IntlShape } from 'react-intl';

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

const api = defineMessages({
  credentials: { id: 'components.problem.api.credentials', defaultMessage: 'The email or password is not correct.' },
  code: { id: 'components.problem.api.code', defaultMessage: 'That code is not valid.' },
  tooMany: { id: 'components.problem.api.too-many', defaultMessage: 'Too many attempts.' },
  busy: { id: 'components.problem.api.busy', defaultMessage: 'Hearth is busy. Please try again in a moment.' },
});

/**
 * A form's problem from the API (its summary, not a field's), in the reader's language where a
 * client can meet it on the sign-in and account pages (the API words it in English, by a code:
 * src/server/modules/auth); any other message is kept. A refusal that waits (429) says only what
 * happened: the form adds when to try again (forms' rate-limited words).
 */
export function apiProblemText(intl: IntlShape, e: { code: string; message: string; field?: string }): string {
  if (e.code === 'invalid_credentials' && e.field === undefined) return intl.formatMessage(api.credentials);
  if (e.code === 'mfa_invalid' && e.message === 'That code is not valid') return intl.formatMessage(api.code);
  if (e.code === 'too_many_requests') return intl.formatMessage(api.tooMany);
  if (e.code === 'overloaded') return intl.formatMessage(api.busy);
  return e.message;
}

