// What the client may book (providers, services, visit types).
import { BookingOptions } from '../../../../shared/booking.js';
import { portalBase, usePortalRead } from './read.js';
import { apptKeys } from './appointmentKeys.js';

export const usePortalBookingOptions = (clientId: string) => usePortalRead(apptKeys.options(clientId), `${portalBase(clientId)}/booking-options`, BookingOptions, 60_000);
