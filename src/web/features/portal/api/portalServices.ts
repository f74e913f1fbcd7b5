// The message services a client may write to.
import { z } from 'zod';
import { portalKeys } from '../../../session/portal.js';
import { portalBase, usePortalRead } from './read.js';

export const PortalServices = z.object({ services: z.array(z.object({ id: z.string(), name: z.string() })) });

export const usePortalServices = (clientId: string) => usePortalRead(portalKeys.services(clientId), `${portalBase(clientId)}/message-services`, PortalServices);
