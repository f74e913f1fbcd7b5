// The client record's appointment requests (each visit asks again).
import { PortalRequestList } from '../../../../shared/booking.js';
import { portalBase, usePortalRead } from './read.js';
import { apptKeys } from './appointmentKeys.js';

export const usePortalRequests = (clientId: string) => usePortalRead(apptKeys.requests(clientId), `${portalBase(clientId)}/appointment-requests`, PortalRequestList, 0);
