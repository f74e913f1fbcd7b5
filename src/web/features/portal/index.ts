// The portal feature's public face: the pages a signed-in client sees (routed by ../../app/portal),
// the portal's sign-in pages, Billing (its page and menu entry), and the staff side's "invite to the portal" control.
import './components/portal.css';

export { InviteToPortal } from './components/InviteToPortal.js';
export { PortalAppointmentsPage } from './components/PortalAppointments.js';
export { PortalOfferPage } from './components/PortalOffers.js';
export { PortalAcceptPage, PortalForgotPage, PortalRegisterPage, PortalResetPage, PortalVerifyPage } from './components/PortalAuthPages.js';
export { PortalLoginPage } from './components/PortalSignIn.js';
export { PortalIncomingCall } from './components/PortalCalls.js';
export { PortalClientLayout, PortalDetailsPage, PortalDocumentsPage, PortalMessagesPage } from './components/PortalPages.js';
export { PortalHome } from './components/PortalHome.js';
export { PortalSecurityPage } from './components/PortalSecurity.js';
export { PortalBillingPage } from './components/PortalBilling.js';
export { PortalBillingChooser, PortalBillingNavLink } from './components/PortalBillingNav.js';


// The client entry (../../client.tsx) loads each page on first visit, so a client's first screen
// downloads only its own page (the light client path, issue 19).
export const loadPortalAuthPages = () => import('./components/PortalAuthPages.js');
/** The sign-in alone: a client's first screen, without the other account pages' React Aria. */
export const loadPortalSignIn = () => import('./components/PortalSignIn.js');
export const loadPortalHome = () => import('./components/PortalHome.js');
export const loadPortalPages = () => import('./components/PortalPages.js');
export const loadPortalAppointments = () => import('./components/PortalAppointments.js');
export const loadPortalOffers = () => import('./components/PortalOffers.js');
export const loadPortalSecurity = () => import('./components/PortalSecurity.js');
export const loadPortalBilling = () => import('./components/PortalBilling.js');
export const loadPortalBillingNav = () => import('./components/PortalBillingNav.js');
export { savePortalLocale } from './api/portalLocale.js';
