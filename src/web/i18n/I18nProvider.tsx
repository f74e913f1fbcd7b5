// The one i18n mechanism of the SPA (react-intl, ICU MessageFormat), for the portal, the public
// pages and the staff app alike. Components write their English in place, with an explicit id:
//   intl.formatMessage({ id: 'portal.home.title', defaultMessage: 'Your care' })
//   <FormattedMessage id="calls.join.cta" defaultMessage="Join the call" />
// and the Spanish beside them in their folder's es.json ({ "portal.home.title": "Su atención" }).
// English needs no catalog: the defaultMessage is the English text. Spanish is two lazily loaded
// chunks: the first screens' words (./catalogs/es.ts), awaited before anything is drawn, then the
// rest (./catalogs/es-more.ts), fetched in the background; a page that needs the rest sits inside
// <AllWords> and waits for it, so it never shows English first. Dates and times follow the
// language and the time zone set here (the client's, once the portal knows it; the device's
// before), for react-intl and components/format.ts.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { IntlProvider } from 'react-intl';
import { setFormatting } from '../components/format.js';
import { loadOnce } from '../lib/load-once.js';
import { DEFAULT_LOCALE, FORMAT_TAGS, initialLocale, storeLocale, type Locale } from './locale.js';
import { setValidationLocale } from './validation-locale.js';

type Catalog = Record<string, string>;

/** The page's words, and a form's checks (zod's, once a page loads it) in the same language. */
async function loadCatalog(locale: Locale): Promise<Catalog> {
  if (locale === DEFAULT_LOCALE) {
    setValidationLocale(DEFAULT_LOCALE);
    return {};
  }
  const es = await import('./catalogs/es.js');
  setValidationLocale(locale);
  return es.default;
}

/** The rest of Spanish, fetched once; a fetch that failed (the link dropped) is made again on the next ask. */
const loadMoreWords = loadOnce(async (): Promise<Catalog> => (await import('./catalogs/es-more.js')).default);

/** The rest of the words: null when the catalog shown has them (English, or Spanish merged), else their arrival. */
const MoreWordsContext = createContext<Promise<unknown> | null>(null);

/**
 * Holds its children until the catalog shown has every word (a page further in than a first
 * screen: ./catalogs/es-more.ts); immediate in English. If the rest cannot load, the children
 * are drawn with the words there are (English where Spanish is missing) rather than not at all.
 */
export function AllWords({ children }: { children: ReactNode }) {
  const pending = useContext(MoreWordsContext);
  // Suspends to the nearest <Suspense> (the route's loading status) the way both React and the
  // client build's preact/compat understand: a thrown promise (React 19's use() is React's alone).
  if (pending) throw pending;
  return children;
}

interface LocaleState {
  locale: Locale;
  /** remember: the person picked it (kept on this device); otherwise it is applied for this page only. */
  setLocale: (locale: Locale, opts?: { remember?: boolean }) => void;
  /** The IANA zone dates and times are shown in (undefined: the device's). */
  timeZone: string | undefined;
  setTimeZone: (zone: string | undefined) => void;
}

const LocaleContext = createContext<LocaleState>({ locale: DEFAULT_LOCALE, setLocale: () => {}, timeZone: undefined, setTimeZone: () => {} });

export function useLocale(): LocaleState {
  return useContext(LocaleContext);
}

function validZone(zone: string | undefined): string | undefined {
  if (!zone) return undefined;
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return zone;
  } catch {
    return undefined;
  }
}

export function I18nProvider({ children }: { children: ReactNode }) {
  const [locale, setLocaleState] = useState<Locale>(initialLocale);
  const [timeZone, setZoneState] = useState<string | undefined>(undefined);
  // The catalog shown: while Spanish loads (one small chunk) nothing is drawn, rather than English
  // first and Spanish a moment later; English never waits.
  const [catalog, setCatalog] = useState<{ locale: Locale; messages: Catalog; more: Promise<unknown> | null } | null>(
    locale === DEFAULT_LOCALE ? { locale, messages: {}, more: null } : null,
  );

  useEffect(() => {
    let live = true;
    loadCatalog(locale).then(
      (messages) => {
        if (!live) return;
        if (locale === DEFAULT_LOCALE) return setCatalog({ locale, messages, more: null });
        // The rest of the words, merged when they come; <AllWords> waits on this (settled either way).
        const more: Promise<unknown> = loadMoreWords().then(
          (rest) => live && setCatalog({ locale, messages: { ...messages, ...rest }, more: null }),
          () => live && setCatalog({ locale, messages, more: null }),
        );
        setCatalog({ locale, messages, more });
      },
      // Spanish could not load (offline on a cold cache): the page in English beats no page.
      () => {
        setValidationLocale(DEFAULT_LOCALE);
        if (live) setCatalog({ locale: DEFAULT_LOCALE, messages: {}, more: null });
      },
    );
    return () => void (live = false);
  }, [locale]);

  const shown = catalog?.locale ?? DEFAULT_LOCALE;
  useEffect(() => {
    document.documentElement.lang = shown;
    setFormatting(FORMAT_TAGS[shown], timeZone);
  }, [shown, timeZone]);

  const setLocale = useCallback((next: Locale, opts?: { remember?: boolean }) => {
    if (opts?.remember) storeLocale(next);
    setLocaleState(next);
  }, []);
  const setTimeZone = useCallback((zone: string | undefined) => setZoneState(validZone(zone)), []);
  const value = useMemo(() => ({ locale, setLocale, timeZone, setTimeZone }), [locale, setLocale, timeZone, setTimeZone]);

  if (!catalog) return null;
  setFormatting(FORMAT_TAGS[catalog.locale], timeZone);
  return (
    <LocaleContext.Provider value={value}>
      <IntlProvider locale={FORMAT_TAGS[catalog.locale]} messages={catalog.messages} defaultLocale={DEFAULT_LOCALE} timeZone={timeZone}>
        <MoreWordsContext.Provider value={catalog.more}>{children}</MoreWordsContext.Provider>
      </IntlProvider>
    </LocaleContext.Provider>
  );
}
