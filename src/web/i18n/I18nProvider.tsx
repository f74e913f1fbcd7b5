// The one i18n mechanism of the SPA (react-intl, ICU MessageFormat), for the portal, the public
// pages and the staff app alike. Components write their English in place, with an explicit id:
//   intl.formatMessage({ id: 'portal.home.title', defaultMessage: 'Your care' })
//   <FormattedMessage id="calls.join.cta" defaultMessage="Join the call" />
// and the Spanish beside them in their folder's es.json ({ "portal.home.title": "Su atención" }).
// English needs no catalog: the defaultMessage is the English text.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { IntlProvider } from 'react-intl';
import { DEFAULT_LOCALE, initialLocale, storeLocale, type Locale } from './locale.js';

type Catalog = Record<string, string>;
/** Spanish catalogs by file, each loaded on demand (an import.meta.glob). */
export type Catalogs = Record<string, () => Promise<Catalog>>;

// Every es.json under src/web, loaded only when Spanish is wanted. The client entry passes its own,
// narrower set (../client-catalogs.ts), so a client never downloads staff words.
const SPANISH: Catalogs = import.meta.glob<Catalog>('../**/es.json', { import: 'default' });

async function loadCatalog(locale: Locale, catalogs: Catalogs): Promise<Catalog> {
  if (locale === DEFAULT_LOCALE) return {};
  const parts = await Promise.all(Object.values(catalogs).map((load) => load()));
  return Object.assign({}, ...parts) as Catalog;
}

interface LocaleState {
  locale: Locale;
  /** chosen: the person picked it (kept on this device); otherwise it is applied for this page only. */
  setLocale: (locale: Locale, opts?: { remember?: boolean }) => void;
}

const LocaleContext = createContext<LocaleState>({ locale: DEFAULT_LOCALE, setLocale: () => {} });

export function useLocale(): LocaleState {
  return useContext(LocaleContext);
}

export function I18nProvider({ children, catalogs = SPANISH }: { children: ReactNode; catalogs?: Catalogs }) {
  const [locale, setLocaleState] = useState<Locale>(initialLocale);
  const [catalog, setCatalog] = useState<{ locale: Locale; messages: Catalog }>({ locale: DEFAULT_LOCALE, messages: {} });

  useEffect(() => {
    let live = true;
    void loadCatalog(locale, catalogs).then((messages) => live && setCatalog({ locale, messages }));
    document.documentElement.lang = locale;
    return () => void (live = false);
  }, [locale, catalogs]);

  const setLocale = useCallback((next: Locale, opts?: { remember?: boolean }) => {
    if (opts?.remember) storeLocale(next);
    setLocaleState(next);
  }, []);
  const value = useMemo(() => ({ locale, setLocale }), [locale, setLocale]);

  return (
    <LocaleContext.Provider value={value}>
      <IntlProvider locale={catalog.locale} messages={catalog.messages} defaultLocale={DEFAULT_LOCALE}>
        {children}
      </IntlProvider>
    </LocaleContext.Provider>
  );
}
