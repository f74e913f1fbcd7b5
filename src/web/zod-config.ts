// zod as the SPA sees it: vite.config.ts and the client entry's build alias the bare `zod` to this
// module (zodAlias, scripts/web-build/client-entry.ts), so its configuration runs before any schema
// is used, in whichever lazy chunk first needs zod — the client entry's first screen never
// downloads zod. It re-exports zod/v4, the same module instance as `zod` (not aliased).
// - jitless: zod probes `new Function` to decide on JIT, and the CSP (script-src 'self') forbids it.
// - the language of its messages follows the page's (../i18n/validation-locale.ts, set by the
//   I18nProvider); Spanish is ~2 kB compressed, in zod's own lazy chunk.
import { z } from 'zod/v4';
import zodEnglish from 'zod/v4/locales/en.js';
import zodSpanish from 'zod/v4/locales/es.js';
import { onValidationLocale } from './i18n/validation-locale.js';

z.config({ jitless: true });
onValidationLocale((locale) => z.config(locale === 'es' ? zodSpanish() : zodEnglish()));

export * from 'zod/v4';
export { z, z as default };
