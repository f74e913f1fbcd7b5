// The plans module's public face: treatment plans (issue 18): diagnoses, problems, goals,
// objectives, interventions, a review schedule; signed by the provider, reviewed, signed by the
// client in the portal. `exportSection` gives the client's record export its part.
import { defineModule } from '../contract.js';
import { PlanPortal } from './portal.js';
import { PlanService } from './service.js';

export { PlanService } from './service.js';
export { PlanPortal } from './portal.js';

export interface Plans {
  service: PlanService;
  /** The client portal's side: list and sign. */
  portal: PlanPortal;
}

declare module '../contract.js' {
  interface ServiceRegistry {
    /** Treatment plans: staff writing, signing, reviewing; the client's signature in the portal. */
    plans: Plans;
  }
}

const displayName = (c: { firstName: string; lastName: string; preferredName: string | null }) => `${c.preferredName || c.firstName} ${c.lastName}`;

export const plansModule = defineModule({
  name: 'plans',
  needs: ['records', 'billing', 'clients'],
  build: (ctx, { records, billing, clients }): Plans => {
    const service = new PlanService(ctx, records, (pid, codes) => billing.documents.diagnoses.describe(pid, codes), async (pid) => new Map([...(await clients.directory(pid)).values()].map((c) => [c.id, displayName(c)])));
    clients.exportSections.add('treatment_plans', (s, clientId, meta) => service.exportSection(s, clientId, meta));
    return { service, portal: new PlanPortal(ctx, service) };
  },
  routeNeeds: ['portal'],
  routes: async (app, plans, { portal }) => {
    const r = await import('./routes.js');
    r.planRoutes(app, plans.service);
    r.planPortalRoutes(app, plans.portal, portal);
  },
});
