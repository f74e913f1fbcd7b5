// The language menu of the client's pages (portal shell, sign-in pages, join link, status page):
// each language named in its own language, with its lang attribute (a screen reader says
// "Español" in Spanish). The choice is kept on this device; `onChosen` lets the signed-in portal
// also save it on the client's account (PUT /api/portal/me/locale).
import { useIntl } from 'react-intl';
import './language-menu.css';
import { useLocale } from './I18nProvider.js';
import { LOCALE_NAMES, LOCALES, type Locale } from './locale.js';

export function LanguageMenu({ onChosen }: { onChosen?: (locale: Locale) => void }) {
  const intl = useIntl();
  const { locale, setLocale } = useLocale();
  return (
    <div role="group" className="language-menu" aria-label={intl.formatMessage({ id: 'i18n.menu.label', defaultMessage: 'Language' })} data-testid="language-menu">
      {LOCALES.map((l) => (
        <button
          key={l}
          type="button"
          lang={l}
          className="btn link"
          aria-pressed={l === locale}
          data-testid={`language-${l}`}
          onClick={() => {
            if (l === locale) return;
            setLocale(l, { remember: true });
            onChosen?.(l);
          }}
        >
          {LOCALE_NAMES[l]}
        </button>
      ))}
    </div>
  );
}
