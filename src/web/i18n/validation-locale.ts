// The language of a form's checks (zod's messages), kept apart from zod itself: the I18nProvider
// sets it on the client entry's first screen, which must not download zod (issue 19's budget,
// scripts/bundle-budget.ts); ../zod-config.ts, which every `import … from 'zod'` of the SPA goes
// through, follows it once a page that validates has loaded zod.
import { DEFAULT_LOCALE, type Locale } from './locale.js';

let current: Locale = DEFAULT_LOCALE;
const listeners = new Set<(locale: Locale) => void>();

export function setValidationLocale(locale: Locale): void {
  current = locale;
  for (const listener of listeners) listener(locale);
}

/** Calls `listener` now with the current language and again on every change. */
export function onValidationLocale(listener: (locale: Locale) => void): void {
  listeners.add(listener);
  listener(current);
}
