// A forgotten portal password: ask for a reset link, then set a new password with its token.
import { portalApi } from '../../../api/client.js';

export const requestPortalReset = (body: { email: string }) => portalApi.post<void>('/api/portal/password-reset', body, undefined, { expectAuthFailure: true });

export const completePortalReset = (body: { token: string; password: string }) => portalApi.post<void>('/api/portal/password-reset/complete', body, undefined, { expectAuthFailure: true });
