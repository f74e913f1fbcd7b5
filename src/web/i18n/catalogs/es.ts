// The SPA's Spanish: every es.json under src/web merged into ONE module, so Spanish costs one chunk
// (a few kB gzipped), fetched only when Spanish is wanted (I18nProvider imports this lazily), never
// dozens of tiny requests on a slow link. Only client-facing words have Spanish (the staff app is
// English for now), so no staff catalog rides along. Same merge as the coverage test
// (scripts/lib/i18n-messages.ts spanishCatalog), which fails on an id two files translate differently.
// zod's own Spanish is not here but with zod (../../zod-config.ts), which a first screen never loads.
type Catalog = Record<string, string>;

const parts = import.meta.glob<Catalog>('../../**/{es,*.es}.json', { eager: true, import: 'default' });

const spanish: Catalog = Object.assign({}, ...Object.values(parts)) as Catalog;
export default spanish;
