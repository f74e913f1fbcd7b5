// The portal module's public face: what clients see of their records at practices (links to them,
// invitations, their own record, messages and documents through the owning modules). Accounts,
// sign-in and sessions of clients are the identity module's (modules/auth, the 'client' principal).
export { PortalService } from './service.js';
