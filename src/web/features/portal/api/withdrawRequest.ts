// Withdraw an appointment request.
import { portalApi } from '../../../api/client.js';
import { portalBase } from './read.js';

export const withdrawRequest = (clientId: string, requestId: string) => portalApi.post(`${portalBase(clientId)}/appointment-requests/${encodeURIComponent(requestId)}/cancel`, {});
