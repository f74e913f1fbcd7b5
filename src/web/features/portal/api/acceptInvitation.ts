// Accept a practice's portal invitation with a password (signs in, or asks for the code).
import type { z } from 'zod';
import type { PortalAcceptRequest } from '../../../../shared/portal.js';
import { portalApi } from '../../../api/client.js';
import type { PortalLoginResponse } from './signIn.js';

export const acceptPortalInvitation = (body: z.infer<typeof PortalAcceptRequest>) => portalApi.post<PortalLoginResponse>('/api/portal/invitations/accept', body, undefined, { expectAuthFailure: true });
