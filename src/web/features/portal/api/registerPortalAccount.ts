// Create a portal account: the answer says nothing of whether the address is in use; a link to
// confirm it goes out by e-mail.
import type { z } from 'zod';
import type { PortalRegisterRequest } from '../../../../shared/portal.js';
import { portalApi } from '../../../api/client.js';

export const registerPortalAccount = (body: z.infer<typeof PortalRegisterRequest>) => portalApi.post('/api/portal/register', body, undefined, { expectAuthFailure: true });
