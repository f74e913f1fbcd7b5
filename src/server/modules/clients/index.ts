// The clients module's public face: client records (encrypted), their providers, the practice's
// client list and directory, and phone normalisation other modules share.
import { defineModule } from '../contract.js';
import { ClientService } from './service.js';

export { ClientService, type ReminderContact } from './service.js';
export { nameWords, normalisePhone } from './normalise.js';
export type { ExportSection, ExportSectionSource } from './record.js';
export { withheldSection } from './record.js';

declare module '../contract.js' {
  interface ServiceRegistry { clients: ClientService }
}

export const clientsModule = defineModule({
  name: 'clients',
  needs: ['practices', 'unreadMessages'],
  build: (ctx, { practices, unreadMessages }) => new ClientService(ctx, practices, (practiceId) => unreadMessages.clientIds(practiceId)),
  routes: async (app, clients, { practices }) => (await import('./routes.js')).clientRoutes(app, clients, practices),
});
