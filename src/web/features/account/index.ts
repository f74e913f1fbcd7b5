// The account feature's public face: the signed-in staff member's own security (password, second
// factor, recovery codes, sessions), calendar feeds, the MFA enrolment gate, and switching the role one works as.
export { EnrolmentPage, SecurityPage } from './components/SecurityPage.js';
export { useSwitchRole } from './api/switchRole.js';

// The staff app's routes load this feature's pages on first visit (app/staff/routes.tsx).
export const loadSecurityPage = () => import('./components/SecurityPage.js');
