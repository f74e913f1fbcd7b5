// The client record's details, as the portal shows them.
import { PortalClient } from '../../../../shared/portal.js';
import { portalKeys } from '../../../session/portal.js';
import { portalBase, usePortalRead } from './read.js';

export const usePortalClient = (clientId: string) => usePortalRead(portalKeys.client(clientId), portalBase(clientId), PortalClient);
