// Signing in to the portal: the password step, then (for an account with an authenticator app) the
// code step. Each answers {mfaRequired, csrfToken}; a bad password or code is not a lost session.
// The answers are typed, not checked: the sign-in pages are a first screen (the light client path,
// scripts/bundle-budget.ts), and a check would bring zod onto it to log a drift at most
// (../../../session/portal.ts says the same of the portal shell's reads).
import { portalApi } from '../../../api/client.js';

export interface PortalLoginResponse {
  mfaRequired: boolean;
  csrfToken: string;
}

export const signInToPortal = (body: { email: string; password: string }) => portalApi.post<PortalLoginResponse>('/api/portal/login', body, undefined, { expectAuthFailure: true });

export const verifyPortalCode = (body: { code: string }) => portalApi.post<PortalLoginResponse>('/api/portal/mfa', body, undefined, { expectAuthFailure: true });
