// The practices module's public face: a practice, its staff and roles, its settings and its BAA.
import { defineModule } from '../contract.js';
import { PracticeService } from './service.js';

export { PracticeService } from './service.js';
export { CURRENT_BAA_VERSION, currentBaa } from './baa.js';

declare module '../contract.js' {
  interface ServiceRegistry { practices: PracticeService }
}

export const practicesModule = defineModule({
  name: 'practices',
  needs: ['auth'],
  build: (ctx, { auth }) => new PracticeService(ctx, auth),
  routes: async (app, practices, { auth }, ctx) => (await import('./routes.js')).practiceRoutes(app, ctx, practices, auth),
});
