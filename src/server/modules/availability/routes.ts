import type { FastifyInstance } from 'fastify';
import { Availability, AvailabilityInput, BlockedTime, BlockedTimeInput, BlockedTimeList, BlockedTimeParams, BlockedTimeQuery, ProviderParams } from '../../../shared/availability.js';
import { routesOf } from '../../http/route.js';
import { sessionOf } from '../../plugins/auth.js';
import type { AvailabilityService } from './service.js';

export function availabilityRoutes(app: FastifyInstance, availability: AvailabilityService) {
  const route = routesOf(app, ['availability']);

  route.get('/api/providers/:id/availability', { access: 'appointments.read', summary: "A provider's working hours (per ISO weekday, in their own zone) and buffer", params: ProviderParams, response: Availability }, async (req) =>
    availability.get(sessionOf(req), req.params.id),
  );
  route.put('/api/providers/:id/availability', { access: 'appointments.write', summary: 'Set working hours and buffer (providers their own; owners and front desk anyone’s)', params: ProviderParams, body: AvailabilityInput, response: Availability }, async (req) =>
    availability.save(sessionOf(req), req.params.id, req.body, req.meta),
  );
  route.get('/api/providers/:id/blocked-times', { access: 'appointments.read', summary: 'Blocked time overlapping [from, to) (default: from now on)', params: ProviderParams, querystring: BlockedTimeQuery, response: BlockedTimeList }, async (req) =>
    availability.listBlocked(sessionOf(req), req.params.id, req.query, req.meta),
  );
  route.post('/api/providers/:id/blocked-times', { access: 'appointments.write', summary: 'Block time (e.g. vacation); the optional label is stored encrypted', params: ProviderParams, body: BlockedTimeInput, status: 201, response: BlockedTime }, async (req) =>
    availability.addBlocked(sessionOf(req), req.params.id, req.body, req.meta),
  );
  route.delete('/api/providers/:id/blocked-times/:blockId', { access: 'appointments.write', summary: 'Remove blocked time', params: BlockedTimeParams, status: 204 }, async (req) =>
    availability.removeBlocked(sessionOf(req), req.params.id, req.params.blockId, req.meta),
  );
}
