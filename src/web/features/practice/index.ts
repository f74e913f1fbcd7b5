// The practice feature's public face: the practice settings page.
export { PracticePage } from './components/PracticePage.js';

// The staff app's routes load this feature's pages on first visit (app/staff/routes.tsx).
export const loadPracticePage = () => import('./components/PracticePage.js');
