// The client record's appointments (each visit asks again). The portal's home (a first screen: the
// light client path, scripts/bundle-budget.ts) shows the next one, so the answer is typed but not
// checked here: a check only logs a drift (../../../api/factory.ts) and would bring zod and the
// booking schemas onto that first download; the server's contract tests hold the answer to them.
import type { z } from 'zod';
import type { PortalAppointmentList } from '../../../../shared/booking.js';
import { portalBase, usePortalRead } from './read.js';
import { apptKeys } from './appointmentKeys.js';

export const usePortalAppointments = (clientId: string) => usePortalRead<z.infer<typeof PortalAppointmentList>>(apptKeys.appointments(clientId), `${portalBase(clientId)}/appointments`, undefined, 0);
