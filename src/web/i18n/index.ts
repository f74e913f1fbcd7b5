export { I18nProvider, useLocale, type Catalogs } from './I18nProvider.js';
export { LOCALES, browserLocale, isLocale, type Locale } from './locale.js';
