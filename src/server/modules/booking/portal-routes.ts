// What a signed-in client does about appointments in the portal, on one of their linked records:
// see what they may book and the open slots of their own providers, request or book a slot, see
// and cancel their own appointments and requests, join or leave the waitlist, and take an offered
// earlier time. Every route first checks the record is linked to this portal account (404 otherwise).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
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
import { portalSessionOf } from '../../plugins/auth.js';
import type { PortalService } from '../portal/index.js';
import type { BookingService, ClientActor } from './service.js';
import type { WaitlistService } from './waitlist.js';

const tags = ['portal'];
const Empty = z.strictObject({});
const Created = z.object({ id: z.string() });

export function portalBookingRoutes(app: FastifyInstance, portal: PortalService, booking: BookingService, waitlist: WaitlistService) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const cfg = { portal: true } as const;

  /** The signed-in client acting on one of their linked records. */
  async function actor(req: FastifyRequest, clientId: string): Promise<ClientActor> {
    const s = portalSessionOf(req);
    const link = await portal.linked(s, clientId);
    return { ...link, accountId: s.accountId, meta: req.meta };
  }

  r.get(
    '/api/portal/clients/:id/booking-options',
    { config: cfg, schema: { tags, summary: 'What I may book: the services offered and my own providers', params: IdParams, response: { 200: BookingOptions } } },
    async (req) => booking.options(await actor(req, req.params.id)),
  );
  r.get(
    '/api/portal/clients/:id/open-slots',
    { config: cfg, schema: { tags, summary: 'Open times of one of my providers for a service (open slots only, nothing about others)', params: IdParams, querystring: PortalOpenSlotsQuery, response: { 200: OpenSlots } } },
    async (req) => booking.portalSlots(await actor(req, req.params.id), req.query),
  );
  r.post(
    '/api/portal/clients/:id/appointment-requests',
    {
      config: cfg,
      schema: { tags, summary: 'Request an open slot: pending until the practice answers, or booked at once (per service); 409 when just taken', params: IdParams, body: AppointmentRequestInput, response: { 201: AppointmentRequestResult } },
    },
    async (req, reply) => reply.code(201).send(await booking.request(await actor(req, req.params.id), req.body)),
  );
  r.get(
    '/api/portal/clients/:id/appointment-requests',
    { config: cfg, schema: { tags, summary: 'My pending requests and those answered in the last 30 days', params: IdParams, response: { 200: PortalRequestList } } },
    async (req) => ({ items: await booking.clientRequests(await actor(req, req.params.id)) }),
  );
  r.post(
    '/api/portal/clients/:id/appointment-requests/:requestId/cancel',
    { config: cfg, schema: { tags, summary: 'Withdraw my pending request', params: ClientRequestParams, body: Empty.optional() } },
    async (req, reply) => {
      await booking.cancelRequest(await actor(req, req.params.id), req.params.requestId);
      return reply.code(204).send();
    },
  );
  r.get(
    '/api/portal/clients/:id/appointments',
    { config: cfg, schema: { tags, summary: 'My appointments from 30 days ago on (my own name only; no staff notes)', params: IdParams, response: { 200: PortalAppointmentList } } },
    async (req) => booking.clientAppointments(await actor(req, req.params.id)),
  );
  r.post(
    '/api/portal/clients/:id/appointments/:appointmentId/cancel',
    { config: cfg, schema: { tags, summary: 'Cancel my upcoming appointment (late inside the practice’s cancellation window)', params: ClientAppointmentParams, body: Empty.optional(), response: { 200: PortalAppointment } } },
    async (req) => booking.cancelAppointment(await actor(req, req.params.id), req.params.appointmentId),
  );
  r.get(
    '/api/portal/clients/:id/waitlist',
    { config: cfg, schema: { tags, summary: 'The waitlists I am on', params: IdParams, response: { 200: WaitlistList } } },
    async (req) => ({ items: await waitlist.entries(await actor(req, req.params.id)) }),
  );
  r.post(
    '/api/portal/clients/:id/waitlist',
    { config: cfg, schema: { tags, summary: 'Ask for an earlier time with one of my providers', params: IdParams, body: WaitlistInput, response: { 201: Created } } },
    async (req, reply) => reply.code(201).send(await waitlist.join(await actor(req, req.params.id), req.body)),
  );
  r.delete(
    '/api/portal/clients/:id/waitlist/:entryId',
    { config: cfg, schema: { tags, summary: 'Leave a waitlist', params: ClientWaitlistParams } },
    async (req, reply) => {
      await waitlist.leave(await actor(req, req.params.id), req.params.entryId);
      return reply.code(204).send();
    },
  );
  r.get(
    '/api/portal/clients/:id/offers',
    { config: cfg, schema: { tags, summary: 'Earlier times offered to me from the waitlist', params: IdParams, response: { 200: WaitlistOfferList } } },
    async (req) => ({ items: await waitlist.offersFor(await actor(req, req.params.id)) }),
  );
  r.post(
    '/api/portal/clients/:id/offers/:offerId/accept',
    { config: cfg, schema: { tags, summary: 'Take an offered time: the first to accept gets it (409 afterwards)', params: ClientOfferParams, body: Empty.optional(), response: { 200: OfferAccepted } } },
    async (req) => waitlist.accept(await actor(req, req.params.id), req.params.offerId),
  );
  r.get(
    '/api/portal/offers/:offerId',
    { config: cfg, schema: { tags, summary: "An offer from a waitlist mail's link, for whichever of my records it was made to", params: OfferParams, response: { 200: WaitlistOffer } } },
    async (req) => {
      for (const clientId of await waitlist.recipientClientIds(req.params.offerId)) {
        try {
          return await waitlist.offer(await actor(req, clientId), req.params.offerId);
        } catch (err) {
          if (!(err instanceof AppError && err.status === 404)) throw err;
        }
      }
      throw notFound('Offer');
    },
  );
}
