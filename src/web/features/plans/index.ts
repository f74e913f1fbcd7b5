// The plans feature's public face: the client page's Treatment plan section, the portal's
// Treatment plan page (read and sign), and the Today page's "due for review" card.
export { ClientPlanPanel } from './components/ClientPlanPanel.js';
export { PortalPlansPage } from './components/PortalPlansPage.js';
export { PlansDueCard } from './components/PlansDueCard.js';

// Loaded on first visit by the client entry (the light client path).
export const loadPortalPlansPage = () => import('./components/PortalPlansPage.js');
