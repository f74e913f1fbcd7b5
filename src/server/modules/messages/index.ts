// The messages module's public face: secure threads with clients, staff alerts, the practice's
// sender name for mail, and which clients have unread messages.
import { defineModule } from '../contract.js';
import { MessagingService } from './service.js';
import { UnreadMessages } from './unread.js';

export { ALERT_WHATS, CONTACT_LIMITS, DEFAULT_SENDER_NAME, MessagingService, portalMessage, REPLY_MAIL_KIND, type AlertWhat, type MessageContent } from './service.js';
export { UnreadMessages } from './unread.js';

declare module '../contract.js' {
  interface ServiceRegistry {
    messages: MessagingService;
    unreadMessages: UnreadMessages;
  }
}

export const messagesModule = defineModule({
  name: 'messages',
  needs: ['clients', 'practices', 'documents', 'notifications'],
  build: (ctx, { clients, practices, documents, notifications }) => new MessagingService(ctx, clients, practices, documents, notifications),
  routes: async (app, messages) => (await import('./routes.js')).messageRoutes(app, messages),
});

export const unreadMessagesModule = defineModule({ name: 'unreadMessages', needs: [], build: (ctx) => new UnreadMessages(ctx.db, ctx.dialect) });
