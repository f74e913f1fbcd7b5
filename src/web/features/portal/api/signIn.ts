// Signing in to the portal: the password step, then (for an account with an authenticator app) the
// code step. Each answers {mfaRequired, csrfToken}; a bad password or code is not a lost session.
import { z } from 'zod';
import { portalApi } from '../../../api/client.js';

export const PortalLoginResponse = z.object({ mfaRequired: z.boolean(), csrfToken: z.string() });
export type PortalLoginResponse = z.infer<typeof PortalLoginResponse>;

export const signInToPortal = (body: { email: string; password: string }) => portalApi.post('/api/portal/login', body, PortalLoginResponse, { expectAuthFailure: true });

export const verifyPortalCode = (body: { code: string }) => portalApi.post('/api/portal/mfa', body, PortalLoginResponse, { expectAuthFailure: true });
