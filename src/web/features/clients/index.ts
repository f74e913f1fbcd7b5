// The clients feature's public face: its pages (the list, a record, adding, importing).
export { ClientProfilePage } from './components/ClientProfilePage.js';
export { ClientsPage } from './components/ClientsPage.js';
export { ImportPage } from './components/ImportPage.js';
export { NewClientPage } from './components/NewClientPage.js';

// The staff app's routes load this feature's pages on first visit (app/staff/routes.tsx).
export const loadClientProfilePage = () => import('./components/ClientProfilePage.js');
export const loadClientsPage = () => import('./components/ClientsPage.js');
export const loadImportPage = () => import('./components/ImportPage.js');
export const loadNewClientPage = () => import('./components/NewClientPage.js');
