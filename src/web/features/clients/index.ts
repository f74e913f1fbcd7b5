// The clients feature's public face: its pages (the list, a record, adding, importing).
export { ClientProfilePage } from './components/ClientProfilePage.js';
export { ClientsPage } from './components/ClientsPage.js';
export { ImportPage } from './components/ImportPage.js';
export { NewClientPage } from './components/NewClientPage.js';
