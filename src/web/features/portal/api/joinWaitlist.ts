// Join a provider's waitlist (optionally for one service).
import { z } from 'zod';
import { portalApi } from '../../../api/client.js';
import { portalBase } from './read.js';

export const joinWaitlist = (clientId: string, body: { providerId: string; serviceId?: string }) => portalApi.post(`${portalBase(clientId)}/waitlist`, body, z.object({ id: z.string() }));
