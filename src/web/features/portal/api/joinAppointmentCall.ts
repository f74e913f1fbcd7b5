// Joining a video or audio visit from the portal.
import { CallSummary } from '../../../../shared/calls.js';
import { portalApi } from '../../../api/client.js';

/** Join a video or audio visit inside its join window: its call room (made if missing). */
export const joinAppointmentCall = (appointmentId: string) => portalApi.post(`/api/portal/appointments/${encodeURIComponent(appointmentId)}/call`, {}, CallSummary);
