// The client record's message thread (each visit asks again).
import { PortalThread } from '../../../../shared/messages.js';
import { portalKeys } from '../../../session/portal.js';
import { portalBase, usePortalRead } from './read.js';

export const usePortalThread = (clientId: string) => usePortalRead(portalKeys.thread(clientId), `${portalBase(clientId)}/messages`, PortalThread, 0);
