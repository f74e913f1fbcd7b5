// The availability feature's public face: its page, and the working hours the calendar opens at.
export { useWorkdayHours } from './api/workingHours.js';
export { AvailabilityPage } from './components/AvailabilityPage.js';

// The staff app's routes load this feature's pages on first visit (app/staff/routes.tsx).
export const loadAvailabilityPage = () => import('./components/AvailabilityPage.js');
