// The measures module's public face: scored measures (PHQ-9, GAD-7, PCL-5): schedules, the
// questionnaires the portal shows, scores on the client's Measures tab, risk-answer flags.
import { defineModule } from '../contract.js';
import { MeasurePlanner, MeasureSweep } from './plan.js';
import { MeasureService } from './service.js';
import { measureWorkers } from './workers.js';

export { MeasureService } from './service.js';

/** How often the sweep makes the questionnaires of upcoming appointments. */
const SWEEP_MS = 60 * 1000;

declare module '../contract.js' {
  interface ServiceRegistry {
    /** Measures: scored questionnaires, their schedules, scores and risk flags; exportSection for the record export. */
    measures: MeasureService;
  }
}

export const measuresModule = defineModule({
  name: 'measures',
  needs: ['records', 'clients', 'scheduling', 'portal', 'messages', 'notifications'],
  build: (ctx, { records, clients, scheduling, portal, messages, notifications }) => {
    const measures = new MeasureService(ctx, records, clients, portal, messages, new MeasurePlanner(ctx, clients, scheduling, messages, notifications));
    clients.exportSections.add('measures', (s, clientId, meta) => measures.exportSection(s, clientId, meta));
    return measures;
  },
  consumers: (measures) => [measures.planner.consumer()],
  workers: (measures, _needs, ctx) => measureWorkers(new MeasureSweep(ctx, measures.planner, SWEEP_MS)),
  routes: async (app, measures) => (await import('./routes.js')).measureRoutes(app, measures),
});
