import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { Availability, AvailabilityInput, BlockedTime, BlockedTimeInput, BlockedTimeList, BlockedTimeParams, BlockedTimeQuery, ProviderParams } from '../../../shared/availability.js';
import { sessionOf } from '../../plugins/auth.js';
import type { AvailabilityService } from './service.js';

const tags = ['availability'];

export function availabilityRoutes(app: FastifyInstance, availability: AvailabilityService) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/providers/:id/availability',
    { config: { permission: 'appointments.read' }, schema: { tags, summary: "A provider's working hours (per ISO weekday, in their own zone) and buffer", params: ProviderParams, response: { 200: Availability } } },
    async (req) => availability.get(sessionOf(req), req.params.id),
  );
  r.put(
    '/api/providers/:id/availability',
    {
      config: { permission: 'appointments.write' },
      schema: { tags, summary: 'Set working hours and buffer (providers their own; owners and front desk anyone’s)', params: ProviderParams, body: AvailabilityInput, response: { 200: Availability } },
    },
    async (req) => availability.save(sessionOf(req), req.params.id, req.body, req.meta),
  );
  r.get(
    '/api/providers/:id/blocked-times',
    { config: { permission: 'appointments.read' }, schema: { tags, summary: 'Blocked time overlapping [from, to) (default: from now on)', params: ProviderParams, querystring: BlockedTimeQuery, response: { 200: BlockedTimeList } } },
    async (req) => availability.listBlocked(sessionOf(req), req.params.id, req.query, req.meta),
  );
  r.post(
    '/api/providers/:id/blocked-times',
    { config: { permission: 'appointments.write' }, schema: { tags, summary: 'Block time (e.g. vacation); the optional label is stored encrypted', params: ProviderParams, body: BlockedTimeInput, response: { 201: BlockedTime } } },
    async (req, reply) => reply.code(201).send(await availability.addBlocked(sessionOf(req), req.params.id, req.body, req.meta)),
  );
  r.delete(
    '/api/providers/:id/blocked-times/:blockId',
    { config: { permission: 'appointments.write' }, schema: { tags, summary: 'Remove blocked time', params: BlockedTimeParams } },
    async (req, reply) => {
      await availability.removeBlocked(sessionOf(req), req.params.id, req.params.blockId, req.meta);
      return reply.code(204).send();
    },
  );
}
