// The records module's public face: what every clinical-record module (notes, forms, measures,
// treatment plans) shares: who reaches which client's record (RecordAccess) and supervision.
import { defineModule } from '../contract.js';
import { RecordAccess } from './access.js';

export { RecordAccess } from './access.js';

declare module '../contract.js' {
  interface ServiceRegistry {
    /** Records: the access rule shared by notes, forms, measures and treatment plans; supervision. */
    records: RecordAccess;
  }
}

export const recordsModule = defineModule({
  name: 'records',
  needs: ['clients'],
  build: (ctx, { clients }) => new RecordAccess(ctx, clients),
  routes: async (app, records) => (await import('./routes.js')).recordRoutes(app, records),
});
