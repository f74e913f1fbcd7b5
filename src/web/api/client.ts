// The SPA's API clients, one per principal, both from ./factory.ts: same origin, JSON, a CSRF
// header on state-changing requests, and every response's idle-expiry header recorded so the
// idle warning is exact. Each principal has its own CSRF token and idle expiry: a browser may
// hold both cookies, and a 401 on one ends that principal's session only. The portal's client
// re-reads its CSRF token from GET /api/portal/me once when a state-changing request is refused
// for it, and retries.
import { createApiClient } from './factory.js';

export { ApiError, errorFromResponse, fieldReason, isApiError, type IdleState, type RequestOptions } from './factory.js';

const staff = createApiClient();

/** The staff app's client (cookie of a staff session). */
export const api = staff.api;
export const session = staff.session;
export const request = staff.request;

const portal = createApiClient({ csrfRefreshPath: '/api/portal/me' });

/** The client portal's client (cookie of a portal session). */
export const portalApi = portal.api;
export const portalSession = portal.session;
export const portalRequest = portal.request;
