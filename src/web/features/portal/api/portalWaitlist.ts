// The client record's waitlist entries (each visit asks again).
import { WaitlistList } from '../../../../shared/booking.js';
import { portalBase, usePortalRead } from './read.js';
import { apptKeys } from './appointmentKeys.js';

export const usePortalWaitlist = (clientId: string) => usePortalRead(apptKeys.waitlist(clientId), `${portalBase(clientId)}/waitlist`, WaitlistList, 0);
