// The notifications module's public face: the ledger of one-off messages (alerts, offers,
// invitations, join links) with each kind's composer registered by its owning module, the
// dispatcher that sends them, and the send loop and failure classification reminders share.
import { notificationWorkers } from './workers.js';
import { defineModule } from '../contract.js';
import { NotificationDispatcher } from './dispatcher.js';
import { NotificationService } from './service.js';

export { NotificationService, type NotificationRequest } from './service.js';
export { NotificationDispatcher, type Composed, type Composer, type Notification, type NotificationOptions } from './dispatcher.js';
export { backoff, classify, describeError, MAX_BACKOFF_MS, type Failure } from './classify.js';
export { sentAudit } from './sent-audit.js';

declare module '../contract.js' {
  interface ServiceRegistry {
    /** The notification ledger: enqueue, composers; its dispatcher runs beside the reminder dispatcher. */
    notifications: NotificationService;
  }
}

export const notificationsModule = defineModule({
  name: 'notifications',
  // Texts for notifications go through the same channel as reminders.
  needs: ['smsChannel'],
  build: (ctx, { smsChannel }) => new NotificationService(ctx, new NotificationDispatcher(ctx, () => smsChannel.channel)),
  workers: (notifications) => notificationWorkers(notifications.dispatcher),
  routes: async (app, notifications) => (await import('./routes.js')).notificationRoutes(app, notifications),
});
