export { AllWords, I18nProvider, useLocale } from './I18nProvider.js';
export { LanguageMenu } from './LanguageMenu.js';
export { LOCALES, LOCALE_NAMES, browserLocale, isLocale, urlLocale, type Locale } from './locale.js';
