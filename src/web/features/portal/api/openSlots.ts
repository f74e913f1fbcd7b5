// Open slots of one provider and service over a range.
import { OpenSlots } from '../../../../shared/availability.js';
import { portalBase, usePortalRead } from './read.js';
import { apptKeys } from './appointmentKeys.js';

export function usePortalSlots(clientId: string, providerId: string, serviceId: string, from: string, to: string) {
  const q = new URLSearchParams({ providerId, serviceId, from, to });
  return usePortalRead(apptKeys.slots(clientId, providerId, serviceId, from), `${portalBase(clientId)}/open-slots?${q.toString()}`, OpenSlots, 0);
}
