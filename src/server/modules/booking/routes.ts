// Staff side of client requests: the Requests list (exact total), approve, decline.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { IdParams } from '../../../shared/api.js';
import { RequestApproved, RequestDecline, RequestList, RequestQuery, StaffAppointmentRequest } from '../../../shared/booking.js';
import { sessionOf } from '../../plugins/auth.js';
import type { BookingService } from './service.js';

const tags = ['booking'];
const Empty = z.strictObject({});

export function bookingRoutes(app: FastifyInstance, booking: BookingService) {
  const r = app.withTypeProvider<ZodTypeProvider>();
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
}
