// The portal feature's public face: the pages a signed-in client sees (routed by ../../app/portal),
// the portal's sign-in pages, Billing (its page and menu entry), and the staff side's "invite to the portal" control.
import './components/portal.css';

export { InviteToPortal } from './components/InviteToPortal.js';
export { PortalAppointmentsPage } from './components/PortalAppointments.js';
export { PortalOfferPage } from './components/PortalOffers.js';
export { PortalAcceptPage, PortalForgotPage, PortalLoginPage, PortalRegisterPage, PortalResetPage, PortalVerifyPage } from './components/PortalAuthPages.js';
export { PortalIncomingCall } from './components/PortalCalls.js';
export { PortalClientLayout, PortalDetailsPage, PortalDocumentsPage, PortalHome, PortalMessagesPage } from './components/PortalPages.js';
export { PortalSecurityPage } from './components/PortalSecurity.js';
export { PortalBillingPage } from './components/PortalBilling.js';
export { PortalBillingChooser, PortalBillingNavLink } from './components/PortalBillingNav.js';

export { savePortalLocale } from './api/portalLocale.js';
