// The SPA's Spanish for a client's first screens: the es.json files of everything but the pages
// further in (./es-more.ts), merged into ONE module, so Spanish costs one chunk fetched only when
// Spanish is wanted (I18nProvider imports it lazily), never dozens of tiny requests on a slow link.
// The rest of Spanish follows in the background (./es-more.ts); a page that needs it waits for it
// (AllWords, ../I18nProvider.tsx). Only client-facing words have Spanish (the staff app is English
// for now), so no staff catalog rides along. Same merge as the coverage test
// (scripts/lib/i18n-messages.ts spanishCatalog), which fails on an id two files translate differently;
// ./catalogs.test.ts holds the two halves to every es.json, each once.
// zod's own Spanish is not here but with zod (../../zod-config.ts), which a first screen never loads.
type Catalog = Record<string, string>;

// The folders of ./es-more.ts, excluded here (import.meta.glob takes literal patterns only).
const parts = import.meta.glob<Catalog>(['../../**/{es,*.es}.json', '!../../features/{forms,documents,plans,measures,reminders,messages}/**'], {
  eager: true,
  import: 'default',
});

const spanish: Catalog = Object.assign({}, ...Object.values(parts)) as Catalog;
export default spanish;
