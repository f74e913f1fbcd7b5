// Treatment plans over HTTP: staff (records.read to read, records.write to write; RecordAccess
// decides which clients) and the client portal (the signed-in client's own record).
import type { FastifyInstance } from 'fastify';
import { ClientPlanParams, PlanClose, PlanContentInput, PlanDueList, PlanList, PlanParams, PlanPatch, PlanReview, PlanSign, PortalPlan, PortalPlanList, PortalPlanQuery, PortalPlanSign, TreatmentPlan } from '../../../shared/plans.js';
import { routesOf } from '../../http/route.js';
import { portalSessionOf, sessionOf } from '../../plugins/auth.js';
import type { PortalService } from '../portal/index.js';
import type { PlanPortal } from './portal.js';
import type { PlanService } from './service.js';

export function planRoutes(app: FastifyInstance, plans: PlanService) {
  const route = routesOf(app, ['treatment plans']);
  route.get('/api/clients/:id/treatment-plans', { access: 'records.read', summary: "A client's treatment plans, newest first, each with its status and whether it is due for review (audited)", params: ClientPlanParams, response: PlanList }, async (req) =>
    plans.list(sessionOf(req), req.params.id, req.meta),
  );
  route.post(
    '/api/clients/:id/treatment-plans',
    { access: 'records.write', summary: 'Start a treatment plan (a draft): diagnoses (ICD-10-CM, on the practice’s list), problems, goals, objectives, interventions, review schedule (audited)', params: ClientPlanParams, body: PlanContentInput, status: 201, response: TreatmentPlan },
    async (req) => plans.create(sessionOf(req), req.params.id, req.body, req.meta),
  );
  route.get('/api/treatment-plans/due', { access: 'records.read', summary: 'Signed treatment plans due for review today or earlier, of the clients within reach (audited)', response: PlanDueList }, async (req) => plans.due(sessionOf(req), req.meta));
  route.get('/api/treatment-plans/:id', { access: 'records.read', summary: 'A treatment plan: current content, every version with its signatures, integrity of signed versions (audited)', params: PlanParams, response: TreatmentPlan }, async (req) =>
    plans.get(sessionOf(req), req.params.id, req.meta),
  );
  route.patch('/api/treatment-plans/:id', { access: 'records.write', summary: 'Edit a draft plan (a signed plan answers 409; review it instead) (audited)', params: PlanParams, body: PlanPatch, response: TreatmentPlan }, async (req) =>
    plans.patch(sessionOf(req), req.params.id, req.body, req.meta),
  );
  route.post('/api/treatment-plans/:id/sign', { access: 'records.write', summary: 'Sign the draft: it becomes active, immutable (content hash), and its first review is scheduled; signing twice answers 409 (audited)', params: PlanParams, body: PlanSign, response: TreatmentPlan }, async (req) =>
    plans.sign(sessionOf(req), req.params.id, req.body.version, req.meta),
  );
  route.post('/api/treatment-plans/:id/review', { access: 'records.write', summary: 'Review a signed plan: re-sign it as a new version (with changes, if given) and schedule the next review (audited)', params: PlanParams, body: PlanReview, response: TreatmentPlan }, async (req) =>
    plans.review(sessionOf(req), req.params.id, req.body, req.meta),
  );
  route.post('/api/treatment-plans/:id/close', { access: 'records.write', summary: 'Close a plan: no more reviews (audited)', params: PlanParams, body: PlanClose, response: TreatmentPlan }, async (req) =>
    plans.close(sessionOf(req), req.params.id, req.body.version, req.meta),
  );
}

export function planPortalRoutes(app: FastifyInstance, part: PlanPortal, portal: PortalService) {
  const route = routesOf(app, ['portal', 'treatment plans']);
  route.get('/api/portal/treatment-plans', { access: { portal: true }, summary: 'My signed treatment plans, with whether I have signed the current version (audited)', querystring: PortalPlanQuery, response: PortalPlanList }, async (req) => {
    const s = portalSessionOf(req);
    const { practiceId, clientId } = await portal.record(s, req.query.clientId);
    return part.list({ practiceId, clientId, accountId: s.accountId, meta: req.meta });
  });
  route.post(
    '/api/portal/treatment-plans/:id/sign',
    { access: { portal: true }, summary: 'Sign the current version of my treatment plan: typed name and agreement (and a drawing, if given); the time, IP and version are kept (audited)', params: PlanParams, body: PortalPlanSign, response: PortalPlan },
    async (req) => {
      const s = portalSessionOf(req);
      const { practiceId, clientId } = await portal.record(s, req.body.clientId);
      return part.sign({ practiceId, clientId, accountId: s.accountId, meta: req.meta }, req.params.id, req.body);
    },
  );
}
