// The language of the pages: one of LOCALES. Before sign-in: a link's `?lang=es|en` (a mail or SMS
// from the practice carries the client's language; it is remembered on the device), else a choice
// the person made on this device (the language menu), else the browser's languages. Once a portal
// client is signed in, the language the practice or the client chose for them wins (the portal shell
// calls setLocale with GET /api/portal/me's locale). Not PHI: only "en" or "es" is kept on the device.
export const LOCALES = ['en', 'es'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'en';
/**
 * The BCP 47 tag numbers, dates and times are formatted with: the clients are in the United States
 * (es-US writes "1,234.50" and "10:00 a.m."; plain "es" is Spain's "1234,50" and "10:00"). The same
 * tags as the server's mail (src/server/i18n FORMAT_TAGS). The page's lang attribute stays "en"/"es".
 */
export const FORMAT_TAGS: Record<Locale, string> = { en: 'en-US', es: 'es-US' };
const KEY = 'hearth.locale';

export function isLocale(v: unknown): v is Locale {
  return typeof v === 'string' && (LOCALES as readonly string[]).includes(v);
}

/** The first of the browser's languages Hearth speaks ("es-MX" → "es"), else English. */
export function browserLocale(languages: readonly string[] = typeof navigator === 'undefined' ? [] : navigator.languages ?? [navigator.language]): Locale {
  for (const tag of languages) {
    const base = tag.toLowerCase().split('-')[0];
    if (isLocale(base)) return base;
  }
  return DEFAULT_LOCALE;
}

/** `?lang=es` on the address (links in mail and SMS), if it names a language Hearth speaks. */
export function urlLocale(search: string = typeof location === 'undefined' ? '' : location.search): Locale | null {
  const v = new URLSearchParams(search).get('lang')?.toLowerCase();
  return isLocale(v) ? v : null;
}

export function storedLocale(): Locale | null {
  try {
    const v = localStorage.getItem(KEY);
    return isLocale(v) ? v : null;
  } catch {
    return null;
  }
}

export function storeLocale(locale: Locale): void {
  try {
    localStorage.setItem(KEY, locale);
  } catch {
    // private mode: the choice lasts for this page only
  }
}

export function initialLocale(): Locale {
  const fromLink = urlLocale();
  if (fromLink) {
    storeLocale(fromLink);
    return fromLink;
  }
  return storedLocale() ?? browserLocale();
}

/** The language's own name, written in that language (the language menu). */
export const LOCALE_NAMES: Record<Locale, string> = { en: 'English', es: 'Español' };
