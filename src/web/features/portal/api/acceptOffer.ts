// Take an earlier time offered from the waitlist.
import { OfferAccepted } from '../../../../shared/booking.js';
import { portalApi } from '../../../api/client.js';
import { portalBase } from './read.js';

export const acceptOffer = (clientId: string, offerId: string) => portalApi.post(`${portalBase(clientId)}/offers/${encodeURIComponent(offerId)}/accept`, {}, OfferAccepted);
