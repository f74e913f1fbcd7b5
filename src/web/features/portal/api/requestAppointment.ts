// Ask for an appointment at an open slot.
import { AppointmentRequestResult } from '../../../../shared/booking.js';
import type { AppointmentType } from '../../../../shared/scheduling.js';
import { portalApi } from '../../../api/client.js';
import { portalBase } from './read.js';

export const requestAppointment = (clientId: string, body: { providerId: string; serviceId: string; start: string; type: AppointmentType }) =>
  portalApi.post(`${portalBase(clientId)}/appointment-requests`, body, AppointmentRequestResult);
