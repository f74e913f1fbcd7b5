// The identity module's public face (folder name `auth`): accounts of both principals, staff
// (users) and clients (portal accounts), with their passwords, second factors, recovery codes,
// resets, sessions, throttling and the closing of their sockets. Other modules import only this.
import { defineModule } from '../contract.js';
import { AuthService } from './service.js';

export { AuthService, initialRole, type LoginOutcome } from './service.js';
export type { AuthService as IdentityService } from './service.js';
export { NEUTRAL_SENDER, portalMail, type ClientIdentity, type PortalLoginOutcome, type PortalPasswordWords } from './client.js';
export type { ResolvedPortalSession, ResolvedSession } from './sessions.js';
export { PRINCIPALS, sessionOfSocketKey, socketKey, type PrincipalKind } from './principal.js';
export { Throttle, type ThrottleKey } from './throttle.js';
export { checkPassword, passwordColumns, passwordRefused } from './passwords.js';
export type { PracticeSummary } from './routes.js';
export { portalSignedIn } from './http.js';
/** Staff accounts and roles as other modules may look them up (users, user_roles are this module's). */
export * as identity from './directory.js';

declare module '../contract.js' {
  interface ServiceRegistry { auth: AuthService }
}

export const authModule = defineModule({
  name: 'auth',
  needs: [],
  build: (ctx) => new AuthService(ctx),
  routeNeeds: ['practices', 'portal'],
  routes: async (app, auth, { practices, portal }, ctx) => {
    (await import('./routes.js')).authRoutes(app, ctx, auth, (practiceId) => practices.summary(practiceId));
    (await import('./client-routes.js')).clientAuthRoutes(app, ctx, auth.clients, portal.passwordWords);
  },
});
