// The today module's public face: a read model of the signed-in colleague's day, built from other
// modules' services (never their tables).
import { defineModule } from '../contract.js';
import { TodayService } from './service.js';

export { TodayService, type TodayDeps } from './service.js';

declare module '../contract.js' {
  interface ServiceRegistry {
    /** Today: the signed-in colleague's day, read from the other modules' services. */
    today: TodayService;
  }
}

export const todayModule = defineModule({
  name: 'today',
  needs: ['scheduling', 'reminders', 'calls', 'messages', 'booking', 'notifications', 'clients', 'forms'],
  build: (ctx, { scheduling, reminders, calls, messages, booking, notifications, clients, forms }) =>
    new TodayService(ctx, { scheduling, reminders: reminders.service, calls: calls.service, messages, booking, notifications, clients, forms: forms.service }),
  routes: async (app, today) => (await import('./routes.js')).todayRoutes(app, today),
});
