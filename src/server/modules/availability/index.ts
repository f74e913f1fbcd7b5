// The availability module's public face: providers' working hours and blocked time, the practice's
// zone, and the open-slot arithmetic booking builds on.
import { defineModule } from '../contract.js';
import { AvailabilityService } from './service.js';

export { AvailabilityService, type SlotRequest } from './service.js';
export { openSlots, weekdayOf, type Interval, type SlotInput } from './slots.js';

declare module '../contract.js' {
  interface ServiceRegistry { availability: AvailabilityService }
}

export const availabilityModule = defineModule({
  name: 'availability',
  needs: ['scheduling'],
  build: (ctx, { scheduling }) => new AvailabilityService(ctx, scheduling),
  routes: async (app, availability) => (await import('./routes.js')).availabilityRoutes(app, availability),
});
