// The booking feature's public face: the staff page of clients' appointment requests.
export { RequestsPage } from './components/RequestsPage.js';

// The staff app's routes load this feature's pages on first visit (app/staff/routes.tsx).
export const loadRequestsPage = () => import('./components/RequestsPage.js');
