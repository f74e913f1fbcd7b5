// The calendar module's public face: private ICS feeds of a colleague's appointments, and the
// calendar invitations mailed to clients when an appointment is made, moved or cancelled, and the
// base of such services mailing clients about their appointments (the waitlist's offers too).
import { defineModule } from '../contract.js';
import { CalendarFeedService } from './feeds.js';
import { ClientInvitations } from './invitations.js';

export { AppointmentMail, type AppointmentMailDeps } from './appointment-mail.js';
export { appointmentUid, CalendarFeedService, FEED_WINDOW, feedUrl, sequenceOf } from './feeds.js';
export { ClientInvitations, INVITATION_KIND, INVITATIONS_CONSUMER } from './invitations.js';

declare module '../contract.js' {
  interface ServiceRegistry {
    feeds: CalendarFeedService;
    calendarInvitations: ClientInvitations;
  }
}

export const feedsModule = defineModule({
  name: 'feeds',
  needs: ['scheduling'],
  build: (ctx, { scheduling }) => new CalendarFeedService(ctx, scheduling),
  routes: async (app, feeds) => (await import('./routes.js')).calendarRoutes(app, feeds),
});

export const calendarInvitationsModule = defineModule({
  name: 'calendarInvitations',
  needs: ['scheduling', 'clients', 'messages', 'notifications'],
  build: (ctx, { scheduling, clients, messages, notifications }) => new ClientInvitations(ctx, scheduling, clients, (practiceId) => messages.senderName(practiceId), notifications),
  consumers: (invitations) => [invitations.consumer()],
});
