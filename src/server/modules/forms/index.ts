// The forms module's public face (issue 18): intake and consent forms. The practice's templates
// (versions per family, built-in starters), requests sent by hand or with a new client's first
// booking (outbox consumer), one PHI-free mail per packet, the portal's fill / draft / sign, the
// PDF, the per-appointment status the day's list shows, the record export and the tamper check.
import { defineModule } from '../contract.js';
import { FirstBookingForms } from './auto.js';
import { FormsMail } from './mail.js';
import { FormsPortal } from './portal.js';
import { FormsService } from './service.js';

export { FormsService } from './service.js';
export { FormsPortal } from './portal.js';

export interface Forms {
  /** Templates, requests, answers, PDF, status per appointment, export, verify. */
  service: FormsService;
  /** The client portal's forms. */
  portal: FormsPortal;
  /** Sends the practice's first-booking forms with a new client's first appointment. */
  firstBooking: FirstBookingForms;
}

declare module '../contract.js' {
  interface ServiceRegistry {
    /** Forms: intake and consent forms with e-signature (issue 18). */
    forms: Forms;
  }
}

export const formsModule = defineModule({
  name: 'forms',
  needs: ['records', 'clients', 'scheduling', 'notifications', 'portal', 'messages'],
  build: (ctx, { records, clients, scheduling, notifications, portal, messages }): Forms => {
    const service = new FormsService(ctx, records, clients, scheduling, notifications);
    clients.exportSections.add('forms', (s, clientId, meta) => service.exportSection(s, clientId, meta));
    new FormsMail(ctx, clients, notifications, (pid) => messages.senderName(pid));
    return { service, portal: new FormsPortal(ctx, portal), firstBooking: new FirstBookingForms(service, scheduling) };
  },
  consumers: (forms) => [forms.firstBooking.consumer()],
  routes: async (app, forms) => {
    (await import('./routes.js')).formRoutes(app, forms.service);
    (await import('./routes-portal.js')).formPortalRoutes(app, forms.portal);
  },
});
