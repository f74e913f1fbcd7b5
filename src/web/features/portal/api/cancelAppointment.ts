// Cancel an appointment from the portal.
import { PortalAppointment } from '../../../../shared/booking.js';
import { portalApi } from '../../../api/client.js';
import { portalBase } from './read.js';

export const cancelAppointment = (clientId: string, appointmentId: string) =>
  portalApi.post(`${portalBase(clientId)}/appointments/${encodeURIComponent(appointmentId)}/cancel`, {}, PortalAppointment);
