// The status feature's public face: the banner in both shells, and the public status page with its
// mail subscription.
export { StatusBanner } from './components/StatusBanner.js';
export { PublicStatusPage, StatusSubscribePage } from './components/StatusPage.js';

// Loaded on first visit by the client entry (the light client path).
export const loadStatusPage = () => import('./components/StatusPage.js');
