// The portal's appointment reads and changes for one client record: what may be booked, open
// slots, requests, appointments, the waitlist and offered earlier times. Reads retry with backoff
// as background requests (usePortalRead); changes go through the portal's own CSRF-carrying client.
import { useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import { OpenSlots } from '../../../../shared/availability.js';
import {
  AppointmentRequestResult,
  BookingOptions,
  OfferAccepted,
  PortalAppointment,
  PortalAppointmentList,
  PortalRequestList,
  WaitlistList,
  WaitlistOffer,
  WaitlistOfferList,
} from '../../../../shared/booking.js';
import { CallSummary } from '../../../../shared/calls.js';
import type { AppointmentType } from '../../../../shared/scheduling.js';
import { portalBase, usePortalRead } from './read.js';
import { portalApi, portalRequest } from '../../../api/client.js';

export const apptKeys = {
  all: (id: string) => ['portal', 'client', id, 'scheduling'] as const,
  options: (id: string) => ['portal', 'client', id, 'scheduling', 'options'] as const,
  appointments: (id: string) => ['portal', 'client', id, 'scheduling', 'appointments'] as const,
  requests: (id: string) => ['portal', 'client', id, 'scheduling', 'requests'] as const,
  waitlist: (id: string) => ['portal', 'client', id, 'scheduling', 'waitlist'] as const,
  offers: (id: string) => ['portal', 'client', id, 'scheduling', 'offers'] as const,
  slots: (id: string, providerId: string, serviceId: string, from: string) => ['portal', 'client', id, 'scheduling', 'slots', providerId, serviceId, from] as const,
  offer: (offerId: string) => ['portal', 'offer', offerId] as const,
};

export const usePortalBookingOptions = (clientId: string) => usePortalRead(apptKeys.options(clientId), `${portalBase(clientId)}/booking-options`, BookingOptions, 60_000);
export const usePortalAppointments = (clientId: string) => usePortalRead(apptKeys.appointments(clientId), `${portalBase(clientId)}/appointments`, PortalAppointmentList, 0);
export const usePortalRequests = (clientId: string) => usePortalRead(apptKeys.requests(clientId), `${portalBase(clientId)}/appointment-requests`, PortalRequestList, 0);
export const usePortalWaitlist = (clientId: string) => usePortalRead(apptKeys.waitlist(clientId), `${portalBase(clientId)}/waitlist`, WaitlistList, 0);
export const usePortalOffers = (clientId: string) => usePortalRead(apptKeys.offers(clientId), `${portalBase(clientId)}/offers`, WaitlistOfferList, 0);
export const usePortalOffer = (offerId: string) => usePortalRead(apptKeys.offer(offerId), `/api/portal/offers/${encodeURIComponent(offerId)}`, WaitlistOffer, 0);

export function usePortalSlots(clientId: string, providerId: string, serviceId: string, from: string, to: string) {
  const q = new URLSearchParams({ providerId, serviceId, from, to });
  return usePortalRead(apptKeys.slots(clientId, providerId, serviceId, from), `${portalBase(clientId)}/open-slots?${q.toString()}`, OpenSlots, 0);
}

export const requestAppointment = (clientId: string, body: { providerId: string; serviceId: string; start: string; type: AppointmentType }) =>
  portalApi.post(`${portalBase(clientId)}/appointment-requests`, body, AppointmentRequestResult);
export const withdrawRequest = (clientId: string, requestId: string) => portalApi.post(`${portalBase(clientId)}/appointment-requests/${encodeURIComponent(requestId)}/cancel`, {});
export const cancelAppointment = (clientId: string, appointmentId: string) =>
  portalApi.post(`${portalBase(clientId)}/appointments/${encodeURIComponent(appointmentId)}/cancel`, {}, PortalAppointment);
export const joinWaitlist = (clientId: string, body: { providerId: string; serviceId?: string }) => portalApi.post(`${portalBase(clientId)}/waitlist`, body, z.object({ id: z.string() }));
export const leaveWaitlist = (clientId: string, entryId: string) => portalRequest('DELETE', `${portalBase(clientId)}/waitlist/${encodeURIComponent(entryId)}`, {});
export const acceptOffer = (clientId: string, offerId: string) => portalApi.post(`${portalBase(clientId)}/offers/${encodeURIComponent(offerId)}/accept`, {}, OfferAccepted);
/** Join a video or audio visit inside its join window: its call room (made if missing). */
export const joinAppointmentCall = (appointmentId: string) => portalApi.post(`/api/portal/appointments/${encodeURIComponent(appointmentId)}/call`, {}, CallSummary);

/** After any change: every scheduling list of this client record is out of date. */
export function useRefreshScheduling(clientId: string) {
  const qc = useQueryClient();
  return () => qc.invalidateQueries({ queryKey: apptKeys.all(clientId) });
}
