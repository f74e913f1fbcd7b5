// The scheduling module's public face: appointments (one-off and recurring), their services and
// settings, the calendar entries other modules read, and the local-time helpers they share.
import { defineModule } from '../contract.js';
import { SchedulingService } from './service.js';

export { SchedulingService, type AppointmentBillingFacts, type AppointmentState, type CalendarEntry } from './service.js';
export type { BillableAppointment, ClientBookingRequest } from './service.js';

declare module '../contract.js' {
  interface ServiceRegistry { scheduling: SchedulingService }
}

export const schedulingModule = defineModule({
  name: 'scheduling',
  needs: ['clients', 'practices', 'outbox'],
  build: (ctx, { clients, practices, outbox }) => new SchedulingService(ctx, clients, practices, outbox),
  routes: async (app, scheduling) => (await import('./routes.js')).schedulingRoutes(app, scheduling),
});
