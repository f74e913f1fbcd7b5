// Staff side of client requests (the Requests list with an exact total, approve, decline) and of
// the waitlist (a provider's waiting clients with their offers; remove an entry).
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { IdParams } from '../../../shared/api.js';
import { OpenSlots, OpenSlotsQuery, ProviderParams } from '../../../shared/availability.js';
import { RequestApproved, RequestDecline, RequestList, RequestQuery, StaffAppointmentRequest, StaffWaitlist, StaffWaitlistQuery } from '../../../shared/booking.js';
import { routesOf } from '../../http/route.js';
import { sessionOf } from '../../plugins/auth.js';
import type { BookingService } from './service.js';
import type { WaitlistService } from './waitlist.js';

const Empty = z.strictObject({});

export function bookingRoutes(app: FastifyInstance, booking: BookingService, waitlist: WaitlistService) {
  const route = routesOf(app, ['booking']);
  // With the availability routes in the API document (registered right after them): open slots are booking's answer.
  route.get('/api/providers/:id/open-slots', { access: 'appointments.read', tags: ['availability'], summary: 'Open slots for a service, as clients see them (hours minus appointments with buffers, blocked time and the notice period)', params: ProviderParams, querystring: OpenSlotsQuery, response: OpenSlots }, async (req) =>
    booking.staffSlots(sessionOf(req), req.params.id, req.query),
  );
  route.get('/api/appointment-requests', { access: 'appointments.read', summary: "Clients' appointment requests (default: pending, oldest first), exact total", querystring: RequestQuery, response: RequestList }, async (req) =>
    booking.list(sessionOf(req), req.query, req.meta),
  );
  route.post('/api/appointment-requests/:id/approve', { access: 'appointments.write', summary: 'Approve: books the requested slot (409 when it is taken meanwhile)', params: IdParams, body: Empty.optional(), response: RequestApproved }, async (req) =>
    booking.approve(sessionOf(req), req.params.id, req.meta),
  );
  route.post('/api/appointment-requests/:id/decline', { access: 'appointments.write', summary: 'Decline, with an optional reason the client sees in the portal', params: IdParams, body: RequestDecline, response: StaffAppointmentRequest }, async (req) =>
    booking.decline(sessionOf(req), req.params.id, req.body.reason, req.meta),
  );
  route.get('/api/waitlist', { access: 'appointments.read', summary: "A provider's waitlist: waiting clients (first come first), their service, since when, and the offers made to them", querystring: StaffWaitlistQuery, response: StaffWaitlist }, async (req) =>
    waitlist.staffList(sessionOf(req), req.query.providerId, req.meta),
  );
  route.delete('/api/waitlist/:id', { access: 'appointments.write', summary: 'Take a client off a waitlist (their open offers can no longer be taken)', params: IdParams, status: 204 }, async (req) =>
    waitlist.staffRemove(sessionOf(req), req.params.id, req.meta),
  );
}
