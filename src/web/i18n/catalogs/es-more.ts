// The rest of the SPA's Spanish: the words of the pages a client reaches after a first screen (a
// form to fill, documents, a treatment plan, measures, a reminder's link, the message thread), in one
// chunk the I18nProvider fetches right after the first screens' (./es.ts), in the background. Its
// folders are excluded from ./es.ts by the same literal list.
type Catalog = Record<string, string>;

const parts = import.meta.glob<Catalog>('../../features/{forms,documents,plans,measures,reminders,messages}/**/{es,*.es}.json', { eager: true, import: 'default' });

const spanish: Catalog = Object.assign({}, ...Object.values(parts)) as Catalog;
export default spanish;
