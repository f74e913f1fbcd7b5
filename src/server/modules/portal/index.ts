// The portal module's public face: what clients see (their sign-in, sessions, messages, documents).
import { defineModule } from '../contract.js';
import { PortalService } from './service.js';

export { portalSocketKey, PortalService, type PortalLoginOutcome, type ResolvedPortalSession } from './service.js';

declare module '../contract.js' {
  interface ServiceRegistry { portal: PortalService }
}

export const portalModule = defineModule({
  name: 'portal',
  needs: ['clients', 'messages', 'auth'],
  build: (ctx, { clients, messages, auth }) => {
    const portal = new PortalService(ctx, clients, (practiceId) => messages.senderName(practiceId));
    // The identity work of issue 15 removes this last setter (one identity module checks both principals).
    auth.setPortalCheck((email, password) => portal.passwordMatches(email, password));
    return portal;
  },
  routeNeeds: ['documents'],
  routes: async (app, portal, { messages, documents }, ctx) => {
    (await import('./routes.js')).portalRoutes(app, ctx, portal);
    (await import('./content-routes.js')).portalContentRoutes(app, portal, messages, documents);
  },
});
