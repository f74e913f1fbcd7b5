// The booking module's public face: clients' appointment requests and self-booking (open slots as
// clients see them), and the waitlist with its offers.
import { defineModule } from '../contract.js';
import { BookingService } from './service.js';
import { WaitlistService } from './waitlist.js';

export { BookingService, toPortal, type BookingDeps, type ClientActor } from './service.js';
export { OFFER_KIND, OFFER_TTL_MS, WAITLIST_CONSUMER, WaitlistService } from './waitlist.js';

declare module '../contract.js' {
  interface ServiceRegistry {
    booking: BookingService;
    waitlist: WaitlistService;
  }
}

export const bookingModule = defineModule({
  name: 'booking',
  needs: ['scheduling', 'availability', 'clients', 'messages', 'notifications'],
  build: (ctx, { scheduling, availability, clients, messages, notifications }) =>
    new BookingService(ctx, scheduling, availability, clients, {
      alertStaff: (practiceId, userIds, what, path, ref, tx) => messages.alert(practiceId, userIds, what, path, ref, tx ? { tx } : {}),
      alertsCommitted: () => notifications.wake(),
      senderName: (practiceId) => messages.senderName(practiceId),
    }),
  routeNeeds: ['waitlist', 'portal'],
  routes: async (app, booking, { waitlist, portal }) => {
    (await import('./routes.js')).bookingRoutes(app, booking, waitlist);
    (await import('./portal-routes.js')).portalBookingRoutes(app, portal, booking, waitlist);
  },
});

export const waitlistModule = defineModule({
  name: 'waitlist',
  needs: ['scheduling', 'clients', 'messages', 'notifications'],
  build: (ctx, { scheduling, clients, messages, notifications }) => new WaitlistService(ctx, scheduling, clients, (practiceId) => messages.senderName(practiceId), notifications),
  consumers: (waitlist) => [waitlist.consumer()],
});
