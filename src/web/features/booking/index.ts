// The booking feature's public face: the staff page of clients' appointment requests.
export { RequestsPage } from './components/RequestsPage.js';
