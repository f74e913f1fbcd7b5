// Earlier times offered from the waitlist: the list, and one offer.
import { WaitlistOffer, WaitlistOfferList } from '../../../../shared/booking.js';
import { portalBase, usePortalRead } from './read.js';
import { apptKeys } from './appointmentKeys.js';

export const usePortalOffers = (clientId: string) => usePortalRead(apptKeys.offers(clientId), `${portalBase(clientId)}/offers`, WaitlistOfferList, 0);
export const usePortalOffer = (offerId: string) => usePortalRead(apptKeys.offer(offerId), `/api/portal/offers/${encodeURIComponent(offerId)}`, WaitlistOffer, 0);
