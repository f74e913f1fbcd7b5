// The Spanish catalogs the client entry may need (loaded only when Spanish is wanted): the portal
// shell, the shared components, the i18n menu and the features a client's pages come from, never
// a staff-only feature's words. A client feature's es.json that is not matched here shows English.
import type { Catalogs } from './i18n/index.js';

export const CLIENT_CATALOGS: Catalogs = import.meta.glob<Record<string, string>>(
  ['./app/portal/**/es.json', './components/**/es.json', './i18n/**/es.json', './features/{auth,calls,forms,measures,messages,plans,portal,reminders,status}/**/es.json'],
  { import: 'default' },
);
