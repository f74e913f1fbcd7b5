// Scored measures: the client's Measures tab and schedules (staff), the flags of risk answers, and
// the portal's questionnaires. Every answer is PHI: /api answers are `no-store` (plugins/security.ts).
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  ClientMeasures,
  MeasureClientParams,
  MeasureFlags,
  MeasureRequestParams,
  MeasureSchedule,
  MeasureScheduleInput,
  MeasureScheduleParams,
  MeasureSchedulePatch,
  MeasureSubmit,
  MeasureSubmitted,
  PortalMeasure,
  PortalMeasureList,
  PortalMeasureQuery,
} from '../../../shared/measures.js';
import { routesOf } from '../../http/route.js';
import { portalSessionOf, sessionOf } from '../../plugins/auth.js';
import type { MeasureService } from './service.js';

export function measureRoutes(app: FastifyInstance, measures: MeasureService) {
  const route = routesOf(app, ['measures']);
  route.get('/api/clients/:id/measures', { access: 'records.read', summary: "A client's completed measures (score, band, answers, risk flag), schedules and what is due (audited)", params: MeasureClientParams, response: ClientMeasures }, async (req) =>
    measures.forClient(sessionOf(req), req.params.id, req.meta),
  );
  route.post(
    '/api/clients/:id/measure-schedules',
    { access: 'records.write', summary: 'Schedule a measure for a client: once, before every appointment or every other one (409 when one is active)', params: MeasureClientParams, body: MeasureScheduleInput, status: 201, response: MeasureSchedule },
    async (req) => measures.addSchedule(sessionOf(req), req.params.id, req.body, req.meta),
  );
  route.patch(
    '/api/clients/:id/measure-schedules/:scheduleId',
    { access: 'records.write', summary: 'Stop a measure schedule ({active: false}); its open questionnaires close', params: MeasureScheduleParams, body: MeasureSchedulePatch, response: MeasureSchedule },
    async (req) => measures.stopSchedule(sessionOf(req), req.params.id, req.params.scheduleId, req.meta),
  );
  route.get('/api/measure-flags', { access: 'records.read', summary: 'Risk answers (PHQ-9 item 9 above zero) not yet reviewed: a provider’s own, every one for the owner', response: MeasureFlags }, async (req) =>
    measures.flags(sessionOf(req), req.meta),
  );
  route.post('/api/measure-flags/:id/review', { access: 'records.write', summary: 'Mark a risk answer reviewed (409 when it already is)', params: MeasureRequestParams, body: z.strictObject({}).optional(), status: 204 }, async (req) =>
    measures.reviewFlag(sessionOf(req), req.params.id, req.meta),
  );

  const portal = routesOf(app, ['portal', 'measures']);
  portal.get('/api/portal/measures', { access: { portal: true }, summary: 'Questionnaires waiting for me', querystring: PortalMeasureQuery, response: PortalMeasureList }, async (req) =>
    measures.portalList(portalSessionOf(req), req.query.clientId, req.meta),
  );
  portal.get('/api/portal/measures/:id', { access: { portal: true }, summary: 'One questionnaire waiting for me: its items and response options (409 once answered)', params: MeasureRequestParams, response: PortalMeasure }, async (req) =>
    measures.portalGet(portalSessionOf(req), req.params.id, req.meta),
  );
  portal.post(
    '/api/portal/measures/:id/submit',
    { access: { portal: true }, summary: 'Answer a questionnaire: every item, each a whole number in range (400 naming answers.<index>; 409 when answered twice)', params: MeasureRequestParams, body: MeasureSubmit, status: 201, response: MeasureSubmitted },
    async (req) => measures.submit(portalSessionOf(req), req.params.id, req.body, req.meta),
  );
}
