// Staff side of client requests (the Requests list with an exact total, approve, decline) and of
// the waitlist (a provider's waiting clients with their offers; remove an entry).
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { IdParams } from '../../../shared/api.js';
import { OpenSlots, OpenSlotsQuery, ProviderParams } from '../../../shared/availability.js';
import { RequestApproved, RequestDecline, RequestList, RequestQuery, StaffAppointmentRequest, StaffWaitlist, StaffWaitlistQuery } from '../../../shared/booking.js';
import { sessionOf } from '../../plugins/auth.js';
import type { BookingService } from './service.js';
import type { WaitlistService } from './waitlist.js';

const tags = ['booking'];
const Empty = z.strictObject({});

export function bookingRoutes(app: FastifyInstance, booking: BookingService, waitlist: WaitlistService) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  // With the availability routes in the API document (registered right after them): open slots are booking's answer.
  r.get(
    '/api/providers/:id/open-slots',
    {
      config: { permission: 'appointments.read' },
      schema: { tags: ['availability'], summary: 'Open slots for a service, as clients see them (hours minus appointments with buffers, blocked time and the notice period)', params: ProviderParams, querystring: OpenSlotsQuery, response: { 200: OpenSlots } },
    },
    async (req) => booking.staffSlots(sessionOf(req), req.params.id, req.query),
  );
  r.get(
    '/api/appointment-requests',
    { config: { permission: 'appointments.read' }, schema: { tags, summary: "Clients' appointment requests (default: pending, oldest first), exact total", querystring: RequestQuery, response: { 200: RequestList } } },
    async (req) => booking.list(sessionOf(req), req.query, req.meta),
  );
  r.post(
    '/api/appointment-requests/:id/approve',
    {
      config: { permission: 'appointments.write' },
      schema: { tags, summary: 'Approve: books the requested slot (409 when it is taken meanwhile)', params: IdParams, body: Empty.optional(), response: { 200: RequestApproved } },
    },
    async (req) => booking.approve(sessionOf(req), req.params.id, req.meta),
  );
  r.post(
    '/api/appointment-requests/:id/decline',
    { config: { permission: 'appointments.write' }, schema: { tags, summary: 'Decline, with an optional reason the client sees in the portal', params: IdParams, body: RequestDecline, response: { 200: StaffAppointmentRequest } } },
    async (req) => booking.decline(sessionOf(req), req.params.id, req.body.reason, req.meta),
  );
  r.get(
    '/api/waitlist',
    {
      config: { permission: 'appointments.read' },
      schema: { tags, summary: "A provider's waitlist: waiting clients (first come first), their service, since when, and the offers made to them", querystring: StaffWaitlistQuery, response: { 200: StaffWaitlist } },
    },
    async (req) => waitlist.staffList(sessionOf(req), req.query.providerId, req.meta),
  );
  r.delete(
    '/api/waitlist/:id',
    { config: { permission: 'appointments.write' }, schema: { tags, summary: 'Take a client off a waitlist (their open offers can no longer be taken)', params: IdParams } },
    async (req, reply) => {
      await waitlist.staffRemove(sessionOf(req), req.params.id, req.meta);
      return reply.code(204).send();
    },
  );
}
