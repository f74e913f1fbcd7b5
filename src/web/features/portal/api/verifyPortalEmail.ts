// Confirm a new portal account's e-mail with the link's token (signs in, or asks for the code).
import type { z } from 'zod';
import type { PortalVerifyRequest } from '../../../../shared/portal.js';
import { portalApi } from '../../../api/client.js';
import type { PortalLoginResponse } from './signIn.js';

export const verifyPortalEmail = (body: z.infer<typeof PortalVerifyRequest>) => portalApi.post<PortalLoginResponse>('/api/portal/verify', body, undefined, { expectAuthFailure: true });
