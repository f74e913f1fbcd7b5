// The server's words to people outside the practice (mail and texts), in the person's language:
// one catalog per language (locales/<locale>.json, flat ids, ICU MessageFormat with plurals and
// selects, read by intl-messageformat, the library the pages' react-intl is built on), one
// `t(locale, id, values)`. A sentence is one message with placeholders, never glued together.
// Dates and times: mail-time.ts, in the locale and the person's zone. Mail to staff is English
// through the same catalogs. src/server/i18n/catalog.test.ts fails when a message has no Spanish,
// its placeholders differ, or it does not parse.
import { IntlMessageFormat } from 'intl-messageformat';
import { DEFAULT_LOCALE, type Locale } from '../../shared/locale.js';
import en from './locales/en.json' with { type: 'json' };
import es from './locales/es.json' with { type: 'json' };

export { DEFAULT_LOCALE, localeOr, LOCALES, type Locale } from '../../shared/locale.js';
export { clockTime, longWhen, shortWhen, zoneWords } from './mail-time.js';
export { smsCost, smsText, type SmsCost } from './sms.js';

export type MessageId = keyof typeof en;
export type MessageValues = Record<string, string | number>;

export const CATALOGS: Record<Locale, Record<MessageId, string>> = { en, es };

/** The BCP 47 tag each language is formatted with: the clients are in the United States. */
export const FORMAT_TAGS: Record<Locale, string> = { en: 'en-US', es: 'es-US' };

const compiled = new Map<string, IntlMessageFormat>();

/** The message `id` in `locale`, its placeholders filled. */
export function t(locale: Locale, id: MessageId, values: MessageValues = {}): string {
  const key = `${locale}:${id}`;
  let format = compiled.get(key);
  if (!format) {
    format = new IntlMessageFormat(CATALOGS[locale][id] ?? CATALOGS[DEFAULT_LOCALE][id], FORMAT_TAGS[locale], undefined, { ignoreTag: true });
    compiled.set(key, format);
  }
  return String(format.format(values));
}

/** A select's key for an optional part of a sentence ("with {provider}"). */
export const yes = (present: unknown): 'yes' | 'no' => (present ? 'yes' : 'no');

/**
 * A link into the web app that opens its page in the person's language: `lang=<locale>` in the
 * query (never PHI), before any fragment, which keeps the token. English, the pages' default, adds nothing.
 */
export function withLang(url: string, locale: Locale): string {
  if (locale === DEFAULT_LOCALE) return url;
  const hash = url.indexOf('#');
  const [base, fragment] = hash < 0 ? [url, ''] : [url.slice(0, hash), url.slice(hash)];
  return `${base}${base.includes('?') ? '&' : '?'}lang=${locale}${fragment}`;
}

/** A mail's body: its paragraphs (each a whole message) and the sender's signature. */
export function mailBody(locale: Locale, sender: string, ...paragraphs: string[]): string {
  return `${paragraphs.join('\n\n')}\n\n${t(locale, 'mail.signature', { sender })}\n`;
}
