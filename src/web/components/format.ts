// Dates, times and devices as people read them, in the page's language and time zone. The i18n
// provider (src/web/i18n/I18nProvider.tsx) sets both: the language shown, and the client's time zone
// once the portal knows it (the device's before). React code may use intl.formatDate instead; these
// serve code that formats outside a component's intl (lists, facts, model helpers).
let current: { locale: string | undefined; timeZone: string | undefined } = { locale: undefined, timeZone: undefined };
let fmt = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** Called by the i18n provider when the language or the time zone changes. */
export function setFormatting(locale: string | undefined, timeZone: string | undefined): void {
  if (current.locale === locale && current.timeZone === timeZone) return;
  current = { locale, timeZone };
  fmt = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone });
}

/** The language and zone dates are shown in now (for Intl formatters built elsewhere). */
export const currentFormatting = () => current;

export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : fmt.format(d);
}

/** The browser and system of a user agent string (product names: the same in every language; never shown raw). */
export function describeAgent(ua: string): { browser: string | null; os: string | null } {
  const browser = /Edg\//.test(ua) ? 'Edge' : /Chrom(e|ium)\//.test(ua) ? 'Chrome' : /Firefox\//.test(ua) ? 'Firefox' : /Safari\//.test(ua) ? 'Safari' : null;
  const os = /Windows/.test(ua) ? 'Windows' : /Mac OS X/.test(ua) ? 'macOS' : /Android/.test(ua) ? 'Android' : /iPhone|iPad/.test(ua) ? 'iOS' : /Linux/.test(ua) ? 'Linux' : null;
  return { browser, os };
}

// Dates of birth are formatted the same in the SPA and the PDF export (src/shared/display.ts).
// Phone numbers: ./phone.ts (their library is loaded only where a number is shown).
export { formatDateOfBirth } from '../../shared/display.js';
