// Accept a staff invitation with a name and password (signs in, or sends to sign-in for the second factor).
import type { z } from 'zod';
import { type AcceptInvitationRequest, LoginResponse } from '../../../../shared/api.js';
import { api } from '../../../api/client.js';

export const acceptInvitation = (body: z.infer<typeof AcceptInvitationRequest>) => api.post('/api/invitations/accept', body, LoginResponse, { expectAuthFailure: true });
