// The portal's API client: the same client as the staff SPA's (../../api/factory.ts), as a
// separate instance with its own CSRF token (from the portal's login/accept/verify answers and
// GET /api/portal/me) and its own idle expiry. A browser may hold both cookies; a 401 here ends
// the portal session only. A state-changing request refused for its CSRF token re-reads it from
// GET /api/portal/me once and retries.
import { createApiClient, type IdleState, type RequestOptions } from './factory.js';

export { errorFromResponse } from './factory.js';
export type PortalIdleState = IdleState;
export type PortalRequestOptions = RequestOptions;

const portal = createApiClient({ csrfRefreshPath: '/api/portal/me' });

export const portalApi = portal.api;
export const portalSession = portal.session;
export const portalRequest = portal.request;
