// What a signed-in client does about appointments in the portal, on one of their linked records:
// see what they may book and the open slots of their own providers, request or book a slot, see
// and cancel their own appointments and requests, join or leave the waitlist, and take an offered
// earlier time. Every route first checks the record is linked to this portal account (404 otherwise).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { IdParams } from '../../../shared/api.js';
import { OpenSlots, PortalOpenSlotsQuery } from '../../../shared/availability.js';
import {
  AppointmentRequestInput,
  AppointmentRequestResult,
  BookingOptions,
  ClientAppointmentParams,
  ClientOfferParams,
  ClientRequestParams,
  ClientWaitlistParams,
  OfferAccepted,
  OfferParams,
  PortalAppointment,
  PortalAppointmentList,
  PortalRequestList,
  WaitlistInput,
  WaitlistList,
  WaitlistOffer,
  WaitlistOfferList,
} from '../../../shared/booking.js';
import { AppError, notFound } from '../../errors.js';
import { routesOf } from '../../http/route.js';
import { portalSessionOf } from '../../plugins/auth.js';
import type { PortalService } from '../portal/index.js';
import type { BookingService, ClientActor } from './service.js';
import type { WaitlistService } from './waitlist.js';

const Empty = z.strictObject({});
const Created = z.object({ id: z.string() });

export function portalBookingRoutes(app: FastifyInstance, portal: PortalService, booking: BookingService, waitlist: WaitlistService) {
  const route = routesOf(app, ['portal']);
  const cfg = { portal: true } as const;

  /** The signed-in client acting on one of their linked records. */
  async function actor(req: FastifyRequest, clientId: string): Promise<ClientActor> {
    const s = portalSessionOf(req);
    const link = await portal.linked(s, clientId);
    return { ...link, accountId: s.accountId, meta: req.meta };
  }

  route.get('/api/portal/clients/:id/booking-options', { access: cfg, summary: 'What I may book: the services offered and my own providers', params: IdParams, response: BookingOptions }, async (req) =>
    booking.options(await actor(req, req.params.id)),
  );
  route.get('/api/portal/clients/:id/open-slots', { access: cfg, summary: 'Open times of one of my providers for a service (open slots only, nothing about others)', params: IdParams, querystring: PortalOpenSlotsQuery, response: OpenSlots }, async (req) =>
    booking.portalSlots(await actor(req, req.params.id), req.query),
  );
  route.post('/api/portal/clients/:id/appointment-requests', { access: cfg, summary: 'Request an open slot: pending until the practice answers, or booked at once (per service); 409 when just taken', params: IdParams, body: AppointmentRequestInput, status: 201, response: AppointmentRequestResult }, async (req) =>
    booking.request(await actor(req, req.params.id), req.body),
  );
  route.get('/api/portal/clients/:id/appointment-requests', { access: cfg, summary: 'My pending requests and those answered in the last 30 days', params: IdParams, response: PortalRequestList }, async (req) => ({
    items: await booking.clientRequests(await actor(req, req.params.id)),
  }));
  route.post('/api/portal/clients/:id/appointment-requests/:requestId/cancel', { access: cfg, summary: 'Withdraw my pending request', params: ClientRequestParams, body: Empty.optional(), status: 204 }, async (req) =>
    booking.cancelRequest(await actor(req, req.params.id), req.params.requestId),
  );
  route.get('/api/portal/clients/:id/appointments', { access: cfg, summary: 'My appointments from 30 days ago on (my own name only; no staff notes)', params: IdParams, response: PortalAppointmentList }, async (req) =>
    booking.clientAppointments(await actor(req, req.params.id)),
  );
  route.post('/api/portal/clients/:id/appointments/:appointmentId/cancel', { access: cfg, summary: 'Cancel my upcoming appointment (late inside the practice’s cancellation window)', params: ClientAppointmentParams, body: Empty.optional(), response: PortalAppointment }, async (req) =>
    booking.cancelAppointment(await actor(req, req.params.id), req.params.appointmentId),
  );
  route.get('/api/portal/clients/:id/waitlist', { access: cfg, summary: 'The waitlists I am on', params: IdParams, response: WaitlistList }, async (req) => ({
    items: await waitlist.entries(await actor(req, req.params.id)),
  }));
  route.post('/api/portal/clients/:id/waitlist', { access: cfg, summary: 'Ask for an earlier time with one of my providers', params: IdParams, body: WaitlistInput, status: 201, response: Created }, async (req) =>
    waitlist.join(await actor(req, req.params.id), req.body),
  );
  route.delete('/api/portal/clients/:id/waitlist/:entryId', { access: cfg, summary: 'Leave a waitlist', params: ClientWaitlistParams, status: 204 }, async (req) =>
    waitlist.leave(await actor(req, req.params.id), req.params.entryId),
  );
  route.get('/api/portal/clients/:id/offers', { access: cfg, summary: 'Earlier times offered to me from the waitlist', params: IdParams, response: WaitlistOfferList }, async (req) => ({
    items: await waitlist.offersFor(await actor(req, req.params.id)),
  }));
  route.post('/api/portal/clients/:id/offers/:offerId/accept', { access: cfg, summary: 'Take an offered time: the first to accept gets it (409 afterwards)', params: ClientOfferParams, body: Empty.optional(), response: OfferAccepted }, async (req) =>
    waitlist.accept(await actor(req, req.params.id), req.params.offerId),
  );
  route.get('/api/portal/offers/:offerId', { access: cfg, summary: "An offer from a waitlist mail's link, for whichever of my records it was made to", params: OfferParams, response: WaitlistOffer }, async (req) => {
    for (const clientId of await waitlist.recipientClientIds(req.params.offerId)) {
      try {
        return await waitlist.offer(await actor(req, clientId), req.params.offerId);
      } catch (err) {
        if (!(err instanceof AppError && err.status === 404)) throw err;
      }
    }
    throw notFound('Offer');
  });
}
