// The staff SPA's API client: same origin, JSON, CSRF header on state-changing requests, and
// every response's idle-expiry header recorded so the idle warning is exact. It is one instance
// of the client in ./factory.ts; the portal has its own (../features/portal/client.ts).
import { createApiClient } from './factory.js';

export { ApiError, errorFromResponse, isApiError, type IdleState, type RequestOptions } from './factory.js';

const staff = createApiClient();

export const api = staff.api;
export const session = staff.session;
export const request = staff.request;
