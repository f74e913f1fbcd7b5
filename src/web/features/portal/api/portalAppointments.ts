// The client record's appointments (each visit asks again).
import { PortalAppointmentList } from '../../../../shared/booking.js';
import { portalBase, usePortalRead } from './read.js';
import { apptKeys } from './appointmentKeys.js';

export const usePortalAppointments = (clientId: string) => usePortalRead(apptKeys.appointments(clientId), `${portalBase(clientId)}/appointments`, PortalAppointmentList, 0);
