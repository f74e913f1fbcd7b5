// The account feature's public face: the signed-in staff member's own security (password, second
// factor, recovery codes, sessions), calendar feeds, and the MFA enrolment gate.
export { EnrolmentPage, SecurityPage } from './components/SecurityPage.js';
