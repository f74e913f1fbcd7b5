// The portal module's public face: what clients see of their records at practices (links to them,
// invitations, their own record, messages and documents through the owning modules). Accounts,
// sign-in and sessions of clients are the identity module's (modules/auth, the 'client' principal).
import { defineModule } from '../contract.js';
import { PortalService } from './service.js';

export { PortalService } from './service.js';

declare module '../contract.js' {
  interface ServiceRegistry { portal: PortalService }
}

export const portalModule = defineModule({
  name: 'portal',
  needs: ['clients', 'messages', 'auth'],
  build: (ctx, { clients, messages, auth }) => new PortalService(ctx, auth, clients, (practiceId) => messages.senderName(practiceId)),
  routeNeeds: ['documents'],
  routes: async (app, portal, { messages, documents }, ctx) => {
    (await import('./routes.js')).portalRoutes(app, ctx, portal);
    (await import('./content-routes.js')).portalContentRoutes(app, portal, messages, documents);
  },
});
