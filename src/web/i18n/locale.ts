// The language of the pages: one of LOCALES. Before sign-in it follows the browser
// (navigator.languages); a choice the person made on this device (the language menu) wins; once a
// portal client is signed in, the language the practice or the client chose for them wins
// (setLocale from the portal session). Not PHI: only "en" or "es" is kept on the device.
export const LOCALES = ['en', 'es'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'en';
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
  return storedLocale() ?? browserLocale();
}
